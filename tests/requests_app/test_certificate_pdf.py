"""The certificate PDF: what it says, on which page, and the QR code that points to its verification."""

import dataclasses
import io
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from PIL import Image, ImageChops
from pypdf import PdfReader

from requests_app.certificates import CertificateData, ServiceRecordLine
from requests_app.certificates import pdf as certificate_pdf
from requests_app.certificates.pdf import (
    build_qr,
    qr_png,
    render_certificate_html,
    render_certificate_pdf,
    signature_boxes,
)
from requests_app.certificates.sample import sample_certificate_data

TWO_PAGE_LINES = 14


def page_texts(pdf_bytes: bytes) -> list[str]:
    """Each page's text with whitespace collapsed (table cells wrap their lines).

    WinAnsiEncoding, which the base-14 fonts use, also puts the bullet at code
    0x7F; ReportLab writes "•" there and pypdf reads it back as "\\x7f".
    """
    reader = PdfReader(io.BytesIO(pdf_bytes))
    return [" ".join(page.extract_text().replace("\x7f", "•").split()) for page in reader.pages]


@pytest.fixture(scope="module")
def data() -> CertificateData:
    return sample_certificate_data(TWO_PAGE_LINES)


@pytest.fixture(scope="module")
def pages(data) -> list[str]:
    return page_texts(render_certificate_pdf(data))


def test_the_sample_takes_two_pages_and_numbers_them(pages):
    assert len(pages) == 2
    assert "Página 1 de 2" in pages[0]
    assert "Página 2 de 2" in pages[1]


def test_every_page_has_the_institution_header(pages):
    for text in pages:
        assert "Oficina Nacional de Servicio Civil" in text
        assert "Departamento de Registro y Verificación de Acciones de Recursos Humanos" in text


def test_the_first_page_identifies_the_certificate_and_the_person(data, pages):
    first = pages[0]
    assert f"CERTIFICACIÓN DE SERVICIOS No. {data.request_number}" in first
    assert data.subject_name in first
    assert "DPI (CUI): 2345 67890 0101" in first  # in full: an official document for a pension file
    assert "•" not in first
    assert f"{data.applicant_name} ({data.relationship})" in first
    assert "Guatemala, 20 de mayo de 2026" in first


def test_every_service_line_is_listed_with_its_salary_columns(data, pages):
    text = " ".join(pages)
    for line in data.lines:
        assert line.position_title in text
    first = data.lines[0]
    assert "01/01/1988" in text and "31/12/1988" in text
    assert f"Q{first.base_salary:,.2f}" in text
    assert f"Q{first.total:,.2f}" in text
    assert "A la fecha" in text  # the last period has no end date
    for heading in ("Salario base", "Complementos", "Bonificaciones", "Total mensual", "Renglón"):
        assert heading in pages[0]
        assert heading in pages[1]  # the table's header repeats on the second page


def test_the_legal_text_cites_the_law_of_civil_pensions(data, pages):
    text = " ".join(pages)
    assert "Ley de Clases Pasivas Civiles del Estado, Decreto 63-88" in text
    for paragraph in data.legal_paragraphs:
        assert " ".join(paragraph.split()) in text


def test_the_signature_blocks_and_the_verification_code_close_the_last_page(data, pages):
    for order in (1, 2, 3):
        assert f"Firma {order} de 3" in pages[-1]
        assert f"Firma {order} de 3" not in pages[0]
    assert data.verification_url in pages[-1]
    assert f"Código de verificación: {data.verification_code}" in pages[-1]


def test_the_qr_code_carries_the_verification_url():
    url = "https://portal.example.gob.gt/verificar/abc_DEF-123/"
    qr = build_qr(url)
    assert [segment.data for segment in qr.data_list] == [url.encode()]
    assert qr.error_correction == 0  # ERROR_CORRECT_M, readable when printed and scanned


def test_the_pdf_embeds_that_qr_image(data):
    reader = PdfReader(io.BytesIO(render_certificate_pdf(data)))
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 1
    embedded = images[0].image.convert("L")
    expected = Image.open(io.BytesIO(qr_png(data.verification_url))).convert("L")
    assert embedded.size == expected.size
    assert ImageChops.difference(embedded, expected).getbbox() is None


def test_a_subject_who_applies_for_themselves_on_one_page():
    data = dataclasses.replace(sample_certificate_data(2), applicant_name="", relationship="")
    (text,) = page_texts(render_certificate_pdf(data))
    assert "Página 1 de 1" in text
    assert "Pendiente" not in text
    assert "Solicitado por" not in text


def test_an_empty_signature_field_sits_over_each_block_of_the_last_page(data):
    pdf = render_certificate_pdf(data)
    reader = PdfReader(io.BytesIO(pdf))
    last = reader.pages[-1]
    fields = {
        annotation.get_object()["/T"]: [float(v) for v in annotation.get_object()["/Rect"]]
        for annotation in last.get("/Annots", [])
        if annotation.get_object().get("/FT") == "/Sig"
    }
    assert sorted(fields) == ["Firma1", "Firma2", "Firma3"]
    assert not any(page.get("/Annots") for page in reader.pages[:-1])
    lefts = [fields[f"Firma{n}"][0] for n in (1, 2, 3)]
    assert lefts == sorted(lefts)  # left to right, in signing order
    for x1, y1, x2, y2 in fields.values():
        assert x2 - x1 > 140 and y2 - y1 > 50  # room for name, title and date
    (caption_y,) = {round(box.box[1]) for box in signature_boxes(pdf, 3)}
    assert all(round(rect[1]) == caption_y for rect in fields.values())  # one row, above the captions


@pytest.mark.parametrize("guess", [None, 1, 9])
def test_page_numbers_are_right_whatever_the_previous_guess(monkeypatch, guess):
    """The page count is guessed from earlier certificates; a wrong guess is rendered again."""
    monkeypatch.setattr(certificate_pdf, "_pages_by_line_count", {} if guess is None else {30: guess})
    texts = page_texts(render_certificate_pdf(sample_certificate_data(30)))
    total = len(texts)
    assert total >= 3
    for number, text in enumerate(texts, start=1):
        assert f"Página {number} de {total}" in text
    assert certificate_pdf._pages_by_line_count[30] == total


def test_text_is_escaped_not_interpreted():
    line = ServiceRecordLine(
        institution="Ministerio <b>de</b> Prueba",
        dependency="Unidad & Sección",
        position_title="Analista <script>",
        budget_line="011",
        base_salary=Decimal("1000.00"),
        complements=Decimal("0.00"),
        bonuses=Decimal("250.00"),
        total=Decimal("1250.00"),
        start_date=date(2020, 1, 1),
    )
    data = dataclasses.replace(sample_certificate_data(1), lines=(line,), subject_name="Ana <i>Pérez</i>")
    html = render_certificate_html(data)
    assert "Ministerio &lt;b&gt;de&lt;/b&gt; Prueba" in html
    assert "Analista &lt;script&gt;" in html
    assert "<i>Pérez</i>" not in html
    assert "Ministerio <b>de</b> Prueba" in page_texts(render_certificate_pdf(data))[0]


def test_certificate_data_is_immutable(data):
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.subject_name = "Otra persona"


def test_dates_and_amounts_use_the_portal_formats_whatever_language_is_active(data):
    """config/formats/es_GT through django.utils.formats: Q12,345.67 and 20 de mayo de 2026, even under English."""
    line = dataclasses.replace(data.lines[0], base_salary=Decimal("12345.67"), end_date=date(1988, 12, 31))
    with translation.override("en"):
        context = certificate_pdf.certificate_context(dataclasses.replace(data, lines=(line,)))
    assert context["issue_line"].endswith(", 20 de mayo de 2026")
    assert context["lines"][0]["base_salary"] == "Q12,345.67"
    assert context["lines"][0]["end_date"] == "31/12/1988"
