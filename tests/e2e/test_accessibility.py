"""axe-core on every public and applicant screen, with and without form errors.

Each screen is its own test (its id names it). Every screen is checked on a desktop window;
the key ones also on a 390×844 phone screen, where nothing may scroll sideways. Data is made
with factories and the applicant's session cookie is made on the server, so no test clicks
through sign-in or the wizard to reach its screen (tests/e2e/test_keyboard_wizard.py does).
Forms with errors must link each error to its field (aria-describedby), mark the field
aria-invalid and show a summary whose links move focus to the fields.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from accounts import services as account_services
from accounts.models import Notification
from catalogs.loader import load_catalogs
from cms.models import TermsOfUsePage
from cms.setup import ensure_portal_content
from requests_app import services
from requests_app.setup import ensure_document_requirements
from tests.factories import (
    CertificationRequestFactory,
    StaffFactory,
    ThirdPartyFactory,
    complete_applicant,
    complete_draft,
    pdf_upload,
)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@dataclass
class World:
    """What a screen needs: the live server's page, the seeded portal and (lazily) a signed-in applicant."""

    page: object
    tmp_path: object
    base_url: str
    _applicant: object = None
    made: dict = field(default_factory=dict)

    @property
    def applicant(self):
        if self._applicant is None:
            self._applicant = complete_applicant()
            sign_in_by_cookie(self.page, self.base_url, self._applicant)
        return self._applicant

    def draft(self, **kwargs):
        return services.request_create(applicant=self.applicant, **kwargs)

    def complete_draft(self):
        return complete_draft(self.draft())

    def submitted(self):
        request = self.complete_draft()
        services.request_submit(request=request, user=self.applicant)
        request.refresh_from_db()
        return request

    def issued_certificate(self, applicant=None):
        """An issued certificate made directly in the database (the signing itself is tested elsewhere)."""
        from requests_app.models import Certificate, CertificateSigner

        request = CertificationRequestFactory(applicant=applicant or self.applicant, state="emitida")
        certificate = Certificate.objects.create(request=request, issued_at=timezone.now(), sha256="ab" * 32)
        signer = CertificateSigner.objects.create(
            user=StaffFactory(), order=1, key_role=CertificateSigner.KeyRole.choices[0][0], title="Director General"
        )
        certificate.signatures.create(order=1, signer=signer, signer_name="Marta Pérez", signer_title=signer.title)
        return certificate

    def pdf(self):
        path = self.tmp_path / "documento.pdf"
        path.write_bytes(pdf_upload().read())
        return path


def sign_in_by_cookie(page, base_url, user, accept_terms=True):
    """The session a sign-in would make, put straight into the browser (sign-in itself is tested elsewhere)."""
    from django.conf import settings
    from django.test import Client

    if accept_terms:
        account_services.accept_terms(user=user, revision=TermsOfUsePage.current().live_revision)
    client = Client()
    client.force_login(user, backend="accounts.backends.EmailOrCuiBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def submit_empty(page, button):
    """Send the main form as it is, without the browser's own checks, so the server's errors show."""
    target = page.locator("main").get_by_role("button", name=button)
    target.evaluate("button => { if (button.form) button.form.noValidate = true; }")
    with page.expect_navigation():
        target.click()


@dataclass
class Screen:
    name: str
    open: Callable  # open(world) → leaves world.page on the screen
    phone: bool = False  # also checked on a phone screen
    errors: bool = False  # the screen shows a form with errors: its markup is checked too


def goto(path):
    def open_(world):
        world.page.goto(path)

    return open_


def signed_in(path_of):
    """A screen of the signed-in applicant; ``path_of(world)`` may create data first."""

    def open_(world):
        world.applicant  # noqa: B018 — signs in
        world.page.goto(path_of(world) if callable(path_of) else path_of)

    return open_


def with_errors(open_, button, clear=False):
    """The screen after sending its form empty (``clear`` empties what the form already shows)."""

    def open_errors(world):
        open_(world)
        if clear:
            world.page.locator("main form:has([type=submit])").last.evaluate(
                """form => form.querySelectorAll("input:not([type=hidden]):not([readonly]), select, textarea")
                    .forEach(control => { control.value = ""; })"""
            )
        submit_empty(world.page, button)

    return open_errors


def thank_you(world):
    page = world.page
    page.goto("/asistencia-tecnica/")
    page.get_by_label("Nombres").fill("Ana")
    page.get_by_label("Apellidos").fill("Xiloj")
    page.get_by_label("DPI").fill(world.made.setdefault("cui", complete_cui()))
    page.get_by_label("Género").select_option(label="Femenino")
    page.get_by_label("Edad").fill("35")
    page.get_by_label("Teléfono de contacto").fill("5555-1234")
    page.get_by_label("Correo electrónico de contacto", exact=True).fill("ana@correo.gt")
    page.get_by_label("Confirmar correo electrónico de contacto").fill("ana@correo.gt")
    page.get_by_label("Consulta/Sugerencia/Reclamo").fill("No puedo cargar mi boleta.")
    captcha = page.locator("input[name=captcha_1]")
    if captcha.count():
        captcha.fill("PASSED")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Enviar", re.I)).click()
    assert page.locator("h1").count() and not page.locator(".error-summary").count(), page.content()[:2000]


def complete_cui():
    from core.identifiers import make_cui

    return make_cui(27_182_818, "0901")


def verify_valid(world):
    certificate = world.issued_certificate(applicant=complete_applicant())
    world.page.goto(f"/verificar/{certificate.verification_code}/")
    assert "AUTÉNTICO" in world.page.content()


def document_error(world):
    """An upload the server refuses (not a PDF nor an image): the card shows the error."""
    request = world.draft()
    page = world.page
    page.goto(f"/certificaciones/{request.pk}/documentos/")
    bad = world.tmp_path / "boleta.pdf"
    bad.write_text("esto no es un PDF")
    card = page.locator("section.upload-card").first
    card.locator("input[type=file]").set_input_files(str(bad))
    card.get_by_role("button", name="Cargar documento").click()  # sent by uploads.js; the answer replaces the page
    page.locator(".error-summary").wait_for()


def mailbox_notification(world):
    notification = Notification.objects.create(
        recipient=world.applicant, title="Su solicitud fue recibida", body="La revisaremos pronto."
    )
    return f"/casillero/{notification.pk}/"


def notifications(world):
    Notification.objects.create(recipient=world.applicant, title="Bienvenida", body="Su casillero está listo.")
    return "/casillero/"


def issued(world):
    world.issued_certificate()
    return "/certificaciones/emitidas/"


def request_list(world):
    world.draft()
    world.submitted()
    ThirdPartyFactory(owner=world.applicant)
    return "/certificaciones/"


def third_parties(world):
    ThirdPartyFactory(owner=world.applicant)
    return "/certificaciones/terceros/"


def step(name):
    def path(world):
        request = world.complete_draft() if name == "solicitar" else world.draft()
        return f"/certificaciones/{request.pk}/{name}/"

    return path


def submitted_page(world):
    return f"/certificaciones/{world.submitted().pk}/enviada/"


def detail(world):
    return f"/certificaciones/{world.submitted().pk}/ver/"


def history(world):
    return f"/certificaciones/{world.submitted().pk}/historial/"


def accept_terms(world):
    """An applicant who has not accepted the current terms is asked to first."""
    sign_in_by_cookie(world.page, world.base_url, complete_applicant(), accept_terms=False)
    world.page.goto("/tablero/")
    assert "/cuenta/terminos/" in world.page.url


def authorised_system(scopes=("openid", "email", "profile", "cui")):
    from oidc.services import register_system

    system, _secret = register_system(
        name="Sistema de Gestión de Tribunales",
        redirect_uris=["https://sgt.oj.gob.gt/callback"],
        scopes=list(scopes),
        home_url="https://sgt.oj.gob.gt/",
    )
    return system


def with_systems(path):
    def path_of(world):
        authorised_system()
        return path

    return path_of


def consent_screen(world):
    """What a system's sign-in shows the first time: the data it will receive, Acepto / No acepto."""
    from urllib.parse import urlencode

    from authlib.oauth2.rfc7636 import create_s256_code_challenge

    system = authorised_system()
    query = {
        "response_type": "code",
        "client_id": system.client_id,
        "redirect_uri": "https://sgt.oj.gob.gt/callback",
        "scope": "openid email profile cui",
        "state": "estado-de-prueba",
        "nonce": "nonce-de-prueba",
        "code_challenge": create_s256_code_challenge("v" * 50),
        "code_challenge_method": "S256",
    }
    return f"/oidc/autorizar/?{urlencode(query)}"


def connected_systems(world):
    from oidc.services import grant_consent

    grant_consent(user=world.applicant, system=authorised_system(), scopes=["openid", "email", "cui"])
    return "/cuenta/sistemas-conectados/"


def create_dialog(world):
    """Mis Solicitudes with the "¿Está seguro?" dialog of Crear Solicitud open."""
    world.applicant  # noqa: B018 — signs in
    world.page.goto("/certificaciones/")
    world.page.get_by_role("button", name="Crear Solicitud").click()
    world.page.get_by_role("dialog", name="Crear Solicitud").wait_for()


def without_identity(path):
    """A new applicant (complete data, identity not verified) on ``path``."""

    def open_(world):
        sign_in_by_cookie(world.page, world.base_url, complete_applicant(identity_verified_at=None))
        world.page.goto(path)

    return open_


def congratulations(world):
    world.applicant  # noqa: B018 — signs in
    world.page.goto("/cuenta/datos-personales/")
    world.page.get_by_role("button", name="Guardar Datos Personales").click()
    world.page.get_by_role("dialog", name="¡Felicidades!").wait_for()


SCREENS = [
    # Public
    Screen("inicio", goto("/"), phone=True),
    Screen("instructivos", goto("/instructivos/")),
    Screen("instructivo-registro", goto("/instructivos/registro-y-verificacion-de-identidad/"), phone=True),
    Screen("instructivo-certificacion", goto("/instructivos/solicitud-de-certificacion-de-servicios/")),
    Screen("preguntas-frecuentes", goto("/preguntas-frecuentes/"), phone=True),
    Screen("terminos", goto("/terminos/")),
    Screen("asistencia-tecnica", goto("/asistencia-tecnica/"), phone=True),
    Screen("consultas", goto("/consultas-sugerencias-y-reclamos/")),
    Screen(
        "asistencia-con-errores", with_errors(goto("/asistencia-tecnica/"), re.compile("Enviar", re.I)), errors=True
    ),
    Screen("asistencia-gracias", thank_you),
    Screen("buscar-con-resultados", goto("/buscar/?q=certificaci%C3%B3n")),
    Screen("buscar-sin-resultados", goto("/buscar/?q=xilofonista")),
    Screen("buscar-vacio", goto("/buscar/")),
    Screen("pagina-no-encontrada", goto("/no-existe-esta-pagina/"), phone=True),
    Screen("ingresar", goto("/cuenta/ingresar/"), phone=True),
    Screen("ingresar-con-errores", with_errors(goto("/cuenta/ingresar/"), "Ingresar"), phone=True, errors=True),
    Screen("registro", goto("/cuenta/registro/"), phone=True),
    Screen("registro-con-errores", with_errors(goto("/cuenta/registro/"), "Registrarse"), phone=True, errors=True),
    Screen("registro-enviado", goto("/cuenta/registro/enviado/")),
    Screen("reenviar-confirmacion", goto("/cuenta/confirmar/reenviar/")),
    Screen("confirmar-enlace-invalido", goto("/cuenta/confirmar/enlace-vencido/")),
    Screen("recuperar-contrasena", goto("/cuenta/recuperar/")),
    Screen(
        "recuperar-contrasena-con-errores",
        with_errors(goto("/cuenta/recuperar/"), re.compile("Enviar|Recuperar|Solicitar", re.I)),
        errors=True,
    ),
    Screen("recuperar-correo", goto("/cuenta/recuperar/sin-correo/")),
    Screen("verificar-autentico", verify_valid, phone=True),
    Screen("verificar-codigo-invalido", goto("/verificar/codigo-que-no-existe/")),
    # Applicant
    Screen("aceptar-terminos", accept_terms),
    Screen("tablero", signed_in("/tablero/"), phone=True),
    Screen("casillero", signed_in(notifications), phone=True),
    Screen("notificacion", signed_in(mailbox_notification)),
    Screen("datos-personales", signed_in("/cuenta/datos-personales/"), phone=True),
    Screen(
        "datos-personales-con-errores",
        with_errors(signed_in("/cuenta/datos-personales/"), "Guardar Datos Personales", clear=True),
        errors=True,
    ),
    Screen("verificar-identidad", signed_in("/cuenta/verificar-identidad/")),
    Screen("cambiar-contrasena", signed_in("/cuenta/contrasena/")),
    Screen(
        "cambiar-contrasena-con-errores",
        with_errors(signed_in("/cuenta/contrasena/"), re.compile("Cambiar|Guardar", re.I)),
        errors=True,
    ),
    Screen("mis-solicitudes", signed_in(request_list), phone=True),
    Screen("crear-solicitud-dialogo", create_dialog, phone=True),
    Screen("tablero-sin-identidad", without_identity("/tablero/"), phone=True),
    Screen("mis-solicitudes-sin-identidad", without_identity("/certificaciones/"), phone=True),
    Screen("identidad-requerida", without_identity("/certificaciones/terceros/"), phone=True),
    Screen("datos-personales-felicidades", congratulations, phone=True),
    Screen("mis-certificaciones", signed_in(issued), phone=True),
    Screen("terceros", signed_in(third_parties), phone=True),
    Screen("tercero-formulario", signed_in("/certificaciones/terceros/nuevo/"), phone=True),
    Screen(
        "tercero-con-errores",
        with_errors(signed_in("/certificaciones/terceros/nuevo/"), "Enviar"),
        errors=True,
    ),
    Screen("paso-1-datos-generales", signed_in(step("datos-generales")), phone=True),
    Screen("paso-2-periodos", signed_in(step("periodos")), phone=True),
    Screen(
        "paso-2-periodos-con-errores",
        with_errors(signed_in(step("periodos")), "Cargar Tiempo de Servicio a la Solicitud"),
        phone=True,
        errors=True,
    ),
    Screen("paso-3-boleta", signed_in(step("boleta")), phone=True),
    Screen("paso-3-boleta-con-errores", with_errors(signed_in(step("boleta")), re.compile("Continuar")), errors=True),
    Screen("paso-4-documentos", signed_in(step("documentos")), phone=True),
    Screen("paso-4-documento-rechazado", lambda world: (world.applicant, document_error(world)), errors=True),
    Screen("paso-5-solicitar", signed_in(step("solicitar")), phone=True),
    Screen("solicitud-enviada", signed_in(submitted_page), phone=True),
    Screen("ver-solicitud", signed_in(detail), phone=True),
    Screen("historial", signed_in(history), phone=True),
    # Authorised systems (OpenID Connect)
    Screen("inicio-con-sistemas", lambda world: world.page.goto(with_systems("/")(world)), phone=True),
    Screen("tablero-con-sistemas", signed_in(with_systems("/tablero/")), phone=True),
    Screen("sistema-consentimiento", signed_in(consent_screen), phone=True),
    Screen("sistemas-conectados", signed_in(connected_systems), phone=True),
    Screen("sistemas-conectados-vacio", signed_in("/cuenta/sistemas-conectados/")),
    Screen("bienvenida-cape", signed_in("/cuenta/bienvenida/")),
]

CASES = [pytest.param(screen, DESKTOP, id=screen.name) for screen in SCREENS] + [
    pytest.param(screen, PHONE, id=f"{screen.name}-telefono") for screen in SCREENS if screen.phone
]


def make_world(page, tmp_path, live_server) -> World:
    """The seeded portal (catalogs, documents, CMS pages) and a World on ``page``."""
    load_catalogs()
    ensure_document_requirements()
    ensure_portal_content()
    return World(page=page, tmp_path=tmp_path, base_url=live_server.url)


@pytest.fixture
def world(page, tmp_path, live_server, transactional_db):
    return make_world(page, tmp_path, live_server)


def assert_error_markup(page):
    """Errors are told once at the top, with links that take focus to each field, and next to each field."""
    summary = page.locator(".error-summary")
    assert summary.count() == 1, "No se muestra el resumen de errores"
    assert summary.get_attribute("role") == "alert"
    assert page.evaluate("document.activeElement.classList.contains('error-summary')"), (
        "El foco no empieza en el resumen de errores"
    )
    links = summary.locator("a[href^='#']")
    for index in range(links.count()):
        link = links.nth(index)
        target_id = link.get_attribute("href")[1:]
        target = page.locator(f"[id='{target_id}']")
        assert target.count() == 1, f"El enlace «{link.inner_text()}» apunta a #{target_id}, que no existe"
        link.focus()
        page.keyboard.press("Enter")
        focused = page.evaluate("document.activeElement && document.activeElement.id")
        assert focused == target_id, f"El enlace «{link.inner_text()}» no lleva el foco a #{target_id} ({focused})"
    invalid = page.locator("main [aria-invalid='true']")
    assert invalid.count() >= 1, "Ningún campo está marcado aria-invalid"
    for index in range(invalid.count()):
        control = invalid.nth(index)
        name = control.get_attribute("name")
        described = (control.get_attribute("aria-describedby") or "").split()
        texts = [
            page.locator(f"[id='{ref}']").inner_text() for ref in described if page.locator(f"[id='{ref}']").count()
        ]
        assert any(
            page.locator(f"[id='{ref}']").evaluate("e => e.matches('.errorlist, .field-error, [class*=error]')")
            for ref in described
            if page.locator(f"[id='{ref}']").count()
        ), f"El error del campo {name} no está enlazado con aria-describedby ({described}: {texts})"


@pytest.mark.parametrize(("screen", "viewport"), CASES)
def test_screen_is_accessible(screen, viewport, world, assert_accessible, assert_fits_screen):
    page = world.page
    page.set_viewport_size(viewport)
    screen.open(world)
    assert page.locator("h1").count() >= 1, f"{screen.name}: la página no tiene título h1"
    assert_accessible()
    if screen.errors:
        assert_error_markup(page)
    if viewport == PHONE:
        assert_fits_screen(page, screen.name)
