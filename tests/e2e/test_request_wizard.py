"""An applicant on a phone goes from *Crear Solicitud* to *Solicitud enviada*."""

import re

from catalogs.loader import load_catalogs
from requests_app.models import CertificationRequest
from requests_app.setup import ensure_document_requirements
from tests.e2e.journeys import add_service_period
from tests.factories import PASSWORD, complete_applicant, pdf_upload


def sign_in(page, user):
    page.goto("/cuenta/ingresar/")
    page.get_by_label(re.compile("Correo electrónico o CUI|Usuario|CUI", re.I)).first.fill(user.cui)
    page.get_by_label(re.compile("Contraseña", re.I)).first.fill(PASSWORD)
    captcha = page.locator("input[name=captcha_1]")
    if captcha.count():
        captcha.fill("PASSED")
    page.get_by_role("button", name=re.compile("Ingresar", re.I)).click()
    page.wait_for_load_state()


def test_applicant_completes_the_five_steps_and_submits(page, screenshot, tmp_path):
    load_catalogs()
    ensure_document_requirements()
    applicant = complete_applicant()
    sign_in(page, applicant)

    page.goto("/certificaciones/")
    assert "Q16.50" in page.content()
    page.get_by_role("button", name="Crear Solicitud").click()
    page.get_by_role("dialog", name="Crear Solicitud").get_by_role("button", name="Sí").click()
    page.wait_for_url(re.compile(r"/certificaciones/\d+/datos-generales/"))
    assert applicant.cui in page.content()
    screenshot("paso-1-datos-generales")
    page.get_by_role("link", name=re.compile("Continuar")).click()

    add_service_period(page)
    screenshot("paso-2-periodos")
    page.get_by_role("link", name=re.compile("Continuar")).click()

    page.get_by_label("Modalidad de Pago").select_option(label="Boleta Banrural")
    page.get_by_label(re.compile("Número de boleta")).fill("3884 0001")
    page.get_by_label(re.compile("Fecha de depósito")).fill("20/11/2026")
    screenshot("paso-3-boleta")
    page.get_by_role("button", name=re.compile("Continuar")).click()

    sample = tmp_path / "documento.pdf"
    sample.write_bytes(pdf_upload().read())
    for label in ("DPI de ambos lados", "Afiliación al IGSS", "Depósito Monetario"):
        card = page.locator("section.upload-card", has_text=label)
        card.locator("input[type=file]").set_input_files(str(sample))
        with page.expect_navigation():
            card.get_by_role("button", name="Cargar documento").click()
        assert page.locator(".message--success").inner_text() == "Se cargó el documento."
        assert page.locator("section.upload-card", has_text=label).get_by_text("Ver Documento").count() == 1
    screenshot("paso-4-documentos")
    page.get_by_role("link", name=re.compile("Continuar")).click()

    screenshot("paso-5-revision")
    assert page.get_by_text("No se detectaron inconsistencias.").count() == 4, page.locator(".checks").inner_text()
    screenshot("paso-5-solicitar")
    page.get_by_role("button", name="Solicitar CS").click()
    page.get_by_role("dialog", name="Solicitar CS").get_by_role("button", name="Sí").click()
    page.wait_for_url(re.compile(r"/enviada/"))
    assert "Solicitud enviada" in page.content()
    screenshot("solicitud-enviada")
    assert CertificationRequest.objects.get(applicant=applicant).state == "solicitada"
