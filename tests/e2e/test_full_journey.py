"""The whole journey in one browser session, as the people who live it.

A citizen registers, confirms, signs in with the CUI, completes the personal data and proves
the identity; staff approve it; the citizen asks for two certifications (one for a relative);
a reviewer asks for a correction, the citizen corrects, the reviewer approves, three signers
sign; the citizen reads the casillero, downloads the PDF, and the URL inside its QR code says
Auténtico. Every screen is checked with axe-core and photographed under
tests/e2e/screenshots/test_citizen_to_verified_certificate/.
On a 390-pixel phone screen no page may scroll sideways.
"""

import io
import re

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from accounts.models import IdentityVerification
from catalogs.loader import load_catalogs
from cms.setup import ensure_home_page, ensure_terms_page
from core.identifiers import make_cui
from requests_app.demo import DEMO_PASSWORD, ensure_staff
from requests_app.models import CertificationRequest
from requests_app.roles import sync_roles
from requests_app.setup import ensure_document_requirements
from tests.e2e.journeys import add_service_period, confirm_email_from_last_message, register
from tests.factories import jpeg_bytes, mp4_bytes, pdf_upload

CUI = make_cui(27_182_818, "0901")
EMAIL = "ana.xiloj@correo.gt"
PASSWORD = "Certificar.Servicio.2026"
CORRECTION = "La boleta de depósito no es legible; súbala de nuevo, por favor."


@pytest.fixture
def portal(settings, transactional_db):
    load_catalogs()
    ensure_document_requirements()
    ensure_home_page()
    ensure_terms_page()
    ensure_staff(sync_roles())
    call_command("make_dev_signers", "--dir", str(settings.SIGNING_DIR), verbosity=0)


@pytest.fixture
def files(tmp_path):
    paths = {"front": tmp_path / "dpi-frente.jpg", "back": tmp_path / "dpi-reverso.jpg"}
    for path in paths.values():
        path.write_bytes(jpeg_bytes())
    paths["video"] = tmp_path / "video.mp4"
    paths["video"].write_bytes(mp4_bytes(12))
    paths["pdf"] = tmp_path / "documento.pdf"
    paths["pdf"].write_bytes(pdf_upload().read())
    return paths


@pytest.fixture
def step(page, screenshot, assert_accessible, assert_fits_screen):
    """Each screen of the journey: checked by axe-core and for sideways scrolling, then photographed."""

    def take(name, accessible=True):
        if accessible:
            assert_accessible()
        assert_fits_screen(page, name)
        screenshot(name)

    return take


@pytest.fixture
def staff_page(browser, live_server):
    """A second browser for the staff, so the citizen's session stays as it is."""
    context = browser.new_context(base_url=live_server.url, locale="es-GT", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def staff_sign_in(page, email):
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    captcha = page.locator("input[name=captcha_1]")
    if captcha.count():
        captcha.fill("PASSED")
    page.locator("[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def register_and_confirm(page, step):
    page.goto("/")
    step("inicio")
    page.get_by_role("link", name=re.compile("REGISTRARSE", re.I)).first.click()
    register(page, cui=CUI, birth_date="14/03/1961", email=EMAIL, shot=step, password=PASSWORD)
    confirm_email_from_last_message(page)
    step("correo-confirmado")


def sign_in_with_cui(page, step):
    page.goto("/cuenta/ingresar/")
    page.get_by_label("Correo electrónico o CUI").fill(CUI)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_label("No soy un robot").fill("PASSED")
    step("ingresar")
    page.get_by_role("button", name="Ingresar").click()
    page.wait_for_url("**/tablero/")
    step("tablero")


def complete_personal_data(page, step):
    page.get_by_role("link", name="haciendo clic aquí").click()
    page.get_by_label("Primer Nombre").fill("Ana")
    page.get_by_label("Primer Apellido").fill("Xiloj")
    page.get_by_label("Segundo Apellido").fill("Coyoy")
    page.get_by_label("Afiliación IGSS").fill("186257028")
    page.get_by_label("Género").select_option(label="Femenino")
    page.get_by_label("Etnia").select_option(label="Maya")
    page.get_by_label("Comunidad Sociolingüística").select_option(label="K'iche'")
    page.get_by_label("Departamento de Residencia").select_option(label="Quetzaltenango")
    municipality = page.get_by_label("Municipio de Residencia")
    municipality.locator("option", has_text="Cantel").wait_for(state="attached")
    municipality.select_option(label="Cantel")
    page.get_by_label("Dirección", exact=True).fill("Cantón Xecam, casa 14")
    page.get_by_label("Dirección para Recibir Notificaciones").fill("Cantón Xecam, casa 14")
    page.get_by_role("button", name="Guardar Datos Personales").click()
    congratulations = page.get_by_role("dialog", name="¡Felicidades!")
    congratulations.wait_for()
    assert "Ha actualizado sus datos personales." in congratulations.inner_text()
    step("datos-personales")


def send_identity_evidence(page, step, files):
    page.goto("/cuenta/verificar-identidad/")
    page.get_by_label("CUI").fill(CUI)
    page.get_by_label("Adjuntar DPI (anverso)").set_input_files(str(files["front"]))
    page.get_by_label("Adjuntar DPI (reverso)").set_input_files(str(files["back"]))
    page.get_by_label("Adjuntar video de confirmación").set_input_files(str(files["video"]))
    step("identidad-formulario")
    page.get_by_role("button", name="SOLICITAR").click()
    page.get_by_text("SOLICITUD ENVIADA - PENDIENTE DE CONFIRMAR").first.wait_for()
    step("identidad-pendiente")


def staff_approves_identity(staff, step_staff):
    staff_sign_in(staff, "identidad@demo.gob.gt")
    verification = IdentityVerification.objects.get(user__cui=CUI)
    staff.goto(f"/admin/accounts/identityverification/{verification.pk}/change/")
    assert CUI not in staff.locator("#content").inner_text()  # the reviewer reads the CUI on the DPI
    step_staff("staff-identidad-revision")
    staff.get_by_role("button", name="Aprobar identidad").click()
    staff.get_by_label(re.compile("CUI")).fill(CUI)
    step_staff("staff-identidad-cui-leido")
    staff.get_by_role("button", name="Confirmar").click()
    staff.get_by_text("Verificación de identidad resuelta.").wait_for()
    verification.refresh_from_db()
    assert verification.state == "verificada"


def fill_wizard(page, step, files, prefix):
    page.wait_for_url(re.compile(r"/certificaciones/\d+/datos-generales/"))
    number = int(re.search(r"/certificaciones/(\d+)/", page.url).group(1))
    step(f"{prefix}-paso-1")
    page.get_by_role("link", name=re.compile("Continuar")).click()

    add_service_period(page)
    step(f"{prefix}-paso-2")
    page.get_by_role("link", name=re.compile("Continuar")).click()

    page.get_by_label("Modalidad de Pago").select_option(label="Boleta Banrural")
    page.get_by_label(re.compile("Número de boleta")).fill(f"3884{number:04d}")
    page.get_by_label(re.compile("Fecha de depósito")).fill("20/11/2026")
    step(f"{prefix}-paso-3")
    page.get_by_role("button", name=re.compile("Continuar")).click()

    for card in page.locator("section.upload-card").all():
        label = card.locator("h3, h2").first.inner_text()
        if card.get_by_text("Ver Documento").count() or "opcional" in card.inner_text().lower():
            continue
        card.locator("input[type=file]").set_input_files(str(files["pdf"]))
        with page.expect_navigation():
            card.get_by_role("button", name="Cargar documento").click()
        assert page.locator(".message--success").inner_text() == "Se cargó el documento.", label
    step(f"{prefix}-paso-4")
    page.get_by_role("link", name=re.compile("Continuar")).click()
    submit(page, step, prefix)
    return number


def submit(page, step, prefix):
    checks = page.locator(".checks").inner_text()
    assert "No se detectaron inconsistencias." in checks and "Solicitar CS" in page.content(), checks
    step(f"{prefix}-paso-5")
    page.get_by_role("button", name="Solicitar CS").click()
    page.get_by_role("dialog", name="Solicitar CS").get_by_role("button", name="Sí").click()
    page.wait_for_url(re.compile(r"/enviada/"))
    step(f"{prefix}-enviada")


def request_for_self(page, step, files):
    page.goto("/certificaciones/")
    step("mis-solicitudes")
    page.get_by_role("button", name="Crear Solicitud").click()
    page.get_by_role("dialog", name="Crear Solicitud").get_by_role("button", name="Sí").click()
    return fill_wizard(page, step, files, "propia")


def request_for_relative(page, step, files):
    page.goto("/certificaciones/terceros/")
    step("terceros")
    page.get_by_role("link", name="Crear Registro").click()
    page.get_by_label("Primer Nombre").fill("Tomás")
    page.get_by_label("Primer Apellido").fill("Xiloj")
    page.get_by_label("DPI").fill(make_cui(11_235_813, "0901"))
    page.get_by_label("Fecha de nacimiento").fill("02/08/1934")  # typed as dd/mm/aaaa
    page.get_by_label("Género").select_option(label="Masculino")
    page.get_by_label("Parentesco").select_option(index=1)
    page.get_by_label("Departamento").select_option(label="Quetzaltenango")
    municipality = page.get_by_label("Municipio")
    municipality.locator("option", has_text="Cantel").wait_for(state="attached")
    municipality.select_option(label="Cantel")
    page.get_by_label("Dirección", exact=True).fill("Cantón Xecam, casa 14")
    page.get_by_label("Dirección para Recibir Notificaciones").fill("Cantón Xecam, casa 14")
    step("tercero-formulario")
    page.get_by_role("button", name="Enviar").click()
    assert "Se guardaron los datos de" in page.content(), page.locator(
        ".field-error, .errorlist, .error-summary"
    ).all_inner_texts()
    row = page.locator("tr", has_text="Tomás")
    row.get_by_role("button", name=re.compile("Solicitud para Tomás")).click()
    page.get_by_role("dialog").get_by_role("button", name="Solicitar").click()
    return fill_wizard(page, step, files, "tercero")


def staff_transition(staff, number, label, observation=None):
    staff.goto(f"/admin/requests_app/certificationrequest/{number}/change/")
    staff.get_by_role("button", name=label).click()
    if observation:
        staff.get_by_label(re.compile("Observación", re.I)).fill(observation)
        staff.locator("[type=submit]").last.click()
    staff.locator(".messagelist .success").first.wait_for()


def add_certified_record(staff, number):
    """What the certificate will print, typed by the reviewer from the institution's records."""
    staff.goto(f"/admin/requests_app/certificationrequest/{number}/change/")
    staff.get_by_role("button", name=re.compile("Agregar Registro certificado")).click()
    row = staff.locator("#certified_records-0")
    row.locator(".select2-selection").click()
    staff.locator(".select2-search__field").fill("Servicio Civil")
    staff.locator(".select2-results__option", has_text="Oficina Nacional de Servicio Civil").click()
    row.locator("input[name$=position_title]").fill("Asistente Profesional IV")
    row.locator("select[name$=budget_line]").select_option(index=1)
    row.locator("input[name$=base_salary]").fill("4100.00")
    row.locator("input[name$=start_date]").fill("01/02/1990")
    row.locator("input[name$=end_date]").fill("31/10/1999")
    staff.locator("input[name=_continue]").click()
    staff.locator(".messagelist .success").first.wait_for()
    assert staff.locator("input[name$=position_title]").first.input_value() == "Asistente Profesional IV"


def qr_url(pdf_bytes: bytes) -> str:
    import zxingcpp
    from PIL import Image

    for image in PdfReader(io.BytesIO(pdf_bytes)).pages[0].images:
        codes = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data)).convert("L"))
        if codes:
            return codes[0].text
    raise AssertionError("El PDF no tiene un código QR legible")


def test_citizen_to_verified_certificate(
    page, staff_page, step, screenshot, files, portal, live_server, assert_fits_screen
):
    def step_staff(name):
        assert_fits_screen(staff_page, name)
        screenshot(name, target=staff_page)

    register_and_confirm(page, step)
    sign_in_with_cui(page, step)
    complete_personal_data(page, step)
    send_identity_evidence(page, step, files)
    staff_approves_identity(staff_page, step_staff)

    own = request_for_self(page, step, files)
    relative = request_for_relative(page, step, files)
    assert CertificationRequest.objects.filter(applicant__cui=CUI, state="solicitada").count() == 2

    staff_sign_in(staff_page, "revisor@demo.gob.gt")
    staff_transition(staff_page, own, "Tomar para revisión")
    staff_transition(staff_page, own, "Solicitar correcciones", CORRECTION)
    step_staff("revisor-pide-correccion")

    page.goto(f"/certificaciones/{own}/")
    assert CORRECTION in page.content()
    step("con-observaciones")
    page.goto(f"/certificaciones/{own}/documentos/")
    card = page.locator("section.upload-card", has_text="Depósito Monetario")
    card.locator("input[type=file]").set_input_files(str(files["pdf"]))
    with page.expect_navigation():
        card.get_by_role("button", name="Cargar documento").click()
    page.get_by_role("link", name=re.compile("Continuar")).click()
    submit(page, step, "correccion")

    staff_transition(staff_page, own, "Tomar para revisión")
    add_certified_record(staff_page, own)
    staff_transition(staff_page, own, "Aprobar")
    step_staff("revisor-aprueba")
    for signer in ("firmante1", "firmante2", "firmante3"):
        staff_sign_in(staff_page, f"{signer}@demo.gob.gt")
        staff_transition(staff_page, own, "Firmar certificación")
    assert CertificationRequest.objects.get(pk=own).state == "emitida"
    assert CertificationRequest.objects.get(pk=relative).state == "solicitada"

    page.goto("/casillero/")
    assert page.get_by_text(re.compile("emitida", re.I)).count()
    step("casillero")
    page.goto("/certificaciones/emitidas/")
    step("mis-certificaciones")
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar").click()
    pdf_bytes = download.value.path().read_bytes()
    assert pdf_bytes.startswith(b"%PDF")

    url = qr_url(pdf_bytes)
    assert re.search(r"/verificar/[\w-]+/$", url), url
    page.goto(url.replace(re.match(r"https?://[^/]+", url).group(0), live_server.url))
    assert page.get_by_text("AUTÉNTICO").is_visible()
    step("verificacion-autentico")
