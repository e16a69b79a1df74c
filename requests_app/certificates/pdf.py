"""The certificate as a PDF: xhtml2pdf over a Django template fed by ``CertificateData``.

Everything the template shows is prepared here as plain strings (amounts, dates,
the QR image), so the template only lays it out. Only the PDF base-14 fonts are
used, so the output does not depend on the fonts installed on the machine.
"""

import base64
import functools
import io
from datetime import date, datetime
from decimal import Decimal

import qrcode
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format, time_format
from pypdf import PdfReader
from qrcode.image.pil import PilImage
from xhtml2pdf import pisa

from .data import CertificateData, ServiceRecordLine
from .signing import SignatureBox, add_signature_fields

TEMPLATE_NAME = "requests_app/certificates/certificate.html"
INSTITUTION = "Oficina Nacional de Servicio Civil"
DEPARTMENT = "Departamento de Registro y Verificación de Acciones de Recursos Humanos"


def in_portal_language(function):
    """Month names and number formats of the portal's language, whatever language the caller has active."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return wrapper


class CertificateRenderError(RuntimeError):
    """xhtml2pdf reported errors while laying out the certificate."""


def build_qr(payload: str) -> qrcode.QRCode:
    """The QR code that carries ``payload`` (the public verification URL)."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=4, border=2)
    qr.add_data(payload)
    qr.make(fit=True)
    return qr


def qr_png(payload: str) -> bytes:
    buffer = io.BytesIO()
    build_qr(payload).make_image(image_factory=PilImage).save(buffer, format="PNG")
    return buffer.getvalue()


def qr_data_uri(payload: str) -> str:
    return "data:image/png;base64," + base64.b64encode(qr_png(payload)).decode("ascii")


def money(value: Decimal) -> str:
    """Q1,250.50"""
    return "Q" + number_format(value, 2, use_l10n=True, force_grouping=True)


def short_date(value: date | None) -> str:
    """20/05/2026"""
    return date_format(value, "SHORT_DATE_FORMAT", use_l10n=True) if value else ""


def long_date(value: date) -> str:
    """20 de mayo de 2026"""
    return date_format(value, "DATE_FORMAT", use_l10n=True)


@in_portal_language
def stamp_time(value: datetime) -> str:
    """02/12/2026 10:15:03 (hora de Guatemala): when a signature was made, as its stamp prints it."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{short_date(local)} {time_format(local, 'H:i:s')} (hora de Guatemala)"


def _line_context(number: int, line: ServiceRecordLine) -> dict:
    return {
        "number": number,
        "institution": line.institution,
        "dependency": line.dependency,
        "position_title": line.position_title,
        "budget_line": line.budget_line,
        "start_date": short_date(line.start_date),
        "end_date": short_date(line.end_date) or "A la fecha",
        "base_salary": money(line.base_salary),
        "complements": money(line.complements),
        "bonuses": money(line.bonuses),
        "total": money(line.total),
    }


def cui_display(cui: str) -> str:
    """2345 67890 0101, as printed on the DPI."""
    return f"{cui[:4]} {cui[4:9]} {cui[9:]}" if len(cui) == 13 else cui


def signature_caption(order: int, count: int) -> str:
    return f"Firma {order} de {count}"


@in_portal_language
def certificate_context(data: CertificateData) -> dict:
    """What the template shows, already formatted (config/formats/es_GT: Q1,250.50, 20/05/2026)."""
    return {
        "institution": INSTITUTION,
        "department": DEPARTMENT,
        "title": f"CERTIFICACIÓN DE SERVICIOS No. {data.request_number}",
        "request_number": data.request_number,
        "subject_name": data.subject_name,
        "subject_cui": cui_display(data.subject_cui),
        "applicant_name": data.applicant_name,
        "relationship": data.relationship,
        "issue_line": f"{data.issue_place}, {long_date(data.issue_date)}",
        "lines": [_line_context(number, line) for number, line in enumerate(data.lines, start=1)],
        "line_count": len(data.lines),
        "legal_paragraphs": data.legal_paragraphs,
        "signature_captions": [signature_caption(n, data.signature_count) for n in range(1, data.signature_count + 1)],
        "verification_code": data.verification_code,
        "verification_url": data.verification_url,
        "qr_data_uri": qr_data_uri(data.verification_url),
    }


def render_certificate_html(data: CertificateData, *, page_count: int = 1) -> str:
    return render_to_string(TEMPLATE_NAME, {**certificate_context(data), "page_count": page_count})


#: Pages the last certificate with this many service lines had: the first guess for the next one.
_pages_by_line_count: dict[int, int] = {}


def _render(context: dict) -> bytes:
    output = io.BytesIO()
    status = pisa.CreatePDF(render_to_string(TEMPLATE_NAME, context), dest=output, encoding="utf-8")
    if status.err:
        raise CertificateRenderError(f"xhtml2pdf no pudo generar la certificación ({status.err} errores).")
    return output.getvalue()


def page_count(pdf_bytes: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf_bytes)).pages)


#: The signature blocks sit in the content frame (left 1.8 cm, 17.9 cm wide), in equal columns.
CONTENT_LEFT_PT = 1.8 * 72 / 2.54
CONTENT_WIDTH_PT = 17.9 * 72 / 2.54
#: The stamp's box: from just above the signature line up to the height of the blank cell above it.
STAMP_HEIGHT_PT = 72
STAMP_MARGIN_PT = 8
CAPTION_CLEARANCE_PT = 12


def _caption_positions(page, captions: list[str]) -> dict[str, tuple[float, float]]:
    """Where each caption's text starts on ``page``, in PDF points."""
    found = {}

    def visit(text, cm, tm, _font, _size):
        caption = text.strip()
        if caption in captions and caption not in found:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found[caption] = (x, y)

    page.extract_text(visitor_text=visit)
    return found


def signature_boxes(pdf_bytes: bytes, count: int) -> list[SignatureBox]:
    """One box per signature block on the last page, above the line that carries its caption."""
    reader = PdfReader(io.BytesIO(pdf_bytes))
    last = len(reader.pages) - 1
    captions = [signature_caption(n, count) for n in range(1, count + 1)]
    positions = _caption_positions(reader.pages[last], captions)
    missing = [caption for caption in captions if caption not in positions]
    if missing:
        raise CertificateRenderError(f"No se encontraron los bloques de firma en la última página: {missing}.")
    column = CONTENT_WIDTH_PT / count
    boxes = []
    for order, caption in enumerate(captions, start=1):
        _x, y = positions[caption]
        left = CONTENT_LEFT_PT + column * (order - 1) + STAMP_MARGIN_PT
        bottom = y + CAPTION_CLEARANCE_PT
        box = (round(left), round(bottom), round(left + column - 2 * STAMP_MARGIN_PT), round(bottom + STAMP_HEIGHT_PT))
        boxes.append(SignatureBox(field_name=f"Firma{order}", page=last, box=box))
    return boxes


def render_certificate_pdf(data: CertificateData) -> bytes:
    """The certificate PDF, with one empty signature field over each signer's block."""
    pdf = render_unsigned_pdf(data)
    return add_signature_fields(pdf, signature_boxes(pdf, data.signature_count))


def render_unsigned_pdf(data: CertificateData) -> bytes:
    """The certificate's pages as xhtml2pdf lays them out, without signature fields.

    The footer's "Página X de Y" takes Y from the context rather than from
    ``<pdf:pagecount>``, which makes xhtml2pdf lay the whole document out twice.
    The footer is a static frame, so Y never changes the layout: the document is
    rendered with the expected count and, only when that guess was wrong, once
    more with the real one.
    """
    context = certificate_context(data)
    guess = _pages_by_line_count.get(len(data.lines), 1)
    for _attempt in range(3):
        pdf = _render({**context, "page_count": guess})
        pages = page_count(pdf)
        _pages_by_line_count[len(data.lines)] = pages
        if pages == guess:
            return pdf
        guess = pages
    raise CertificateRenderError("El número de páginas de la certificación no se estabilizó.")
