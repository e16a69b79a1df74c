"""A newcomer signs in as the first demo citizen and downloads the signed certificate seed_demo issued.

The file's stamps show the three signers; typing its code from paper, or opening its
QR address, says Auténtico.
"""

import re
from concurrent.futures import ThreadPoolExecutor

from django.core.management import call_command

from requests_app import demo
from requests_app.models import CertificationRequest
from tests.requests_app.pdf_text import flattened_pages, needs_pdf_tools


def seed_demo_with_a_certificate(settings):
    call_command("make_dev_signers", "--dir", str(settings.SIGNING_DIR), verbosity=0)
    call_command("seed_demo", users=1, certificates=1, allow_demo_accounts=True, verbosity=0)
    return CertificationRequest.objects.select_related("certificate").get(state="emitida")


@needs_pdf_tools
def test_the_demo_citizen_downloads_a_signed_certificate_and_verifies_it(page, screenshot, tmp_path, settings):
    # Playwright keeps an event loop in this thread; pyHanko signs with its own, as the worker would.
    with ThreadPoolExecutor(max_workers=1) as worker:
        request = worker.submit(seed_demo_with_a_certificate, settings).result()

    page.goto("/cuenta/ingresar/")
    page.get_by_label(re.compile("Correo electrónico o CUI", re.I)).first.fill(demo.applicant_email(1))
    page.get_by_label(re.compile("Contraseña", re.I)).first.fill(demo.DEMO_PASSWORD)
    page.locator("input[name=captcha_1]").fill("PASSED")
    page.get_by_role("button", name=re.compile("Ingresar", re.I)).click()
    page.wait_for_load_state()
    page.goto("/certificaciones/emitidas/")
    screenshot("mi-certificacion")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Descargar").first.click()
    target = tmp_path / "certificado.pdf"
    download_info.value.save_as(target)
    pdf = target.read_bytes()
    last_page = flattened_pages(pdf)[-1]
    assert last_page.count("Firmado electrónicamente por") == 3
    for name in ("Ana Lucía Analista", "Julio Jefatura", "Dora Directora"):
        assert name in last_page
    assert "Pendiente" not in last_page
    assert request.applicant.cui[:4] in " ".join(flattened_pages(pdf))

    page.goto("/")
    page.get_by_role("link", name=re.compile("Verificar una certificación")).first.click()
    page.get_by_label("Código de verificación").fill(request.certificate.verification_code.lower().replace("-", " "))
    screenshot("verificar-codigo")
    page.get_by_role("button", name="Verificar").click()
    assert page.get_by_text("AUTÉNTICO").is_visible()
    assert page.get_by_text("Válida").count() == 3
    screenshot("verificacion-autentico")
