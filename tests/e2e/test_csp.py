"""Under the strict Content-Security-Policy the pages run without a single violation, and their scripts still work."""

import pytest

from accounts import services as accounts_services
from catalogs.loader import load_catalogs
from cms.models import TermsOfUsePage
from cms.setup import ensure_portal_content
from requests_app import services
from requests_app.constants import DocumentType
from requests_app.setup import ensure_document_requirements
from tests.factories import PASSWORD, ServicePeriodFactory, StaffFactory, complete_applicant, pdf_upload

from .test_request_wizard import sign_in

LISTEN_FOR_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
    var where = event.blockedURI || "inline";
    window.__cspViolations.push(event.violatedDirective + " " + where + " " + event.sourceFile);
});
"""


@pytest.fixture
def watched(page):
    """The page, with every CSP violation and console error collected; ``watched.visit(url)`` checks there were none."""
    console = []
    page.add_init_script(LISTEN_FOR_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            message.location.get("url", "").endswith("/favicon.ico")  # the admins have no icon
            or console.append(f"{message.type}: {message.text} {message.location.get('url', '')}")
        ),
    )
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))

    class Watched:
        def __init__(self):
            self.page = page

        def visit(self, url):
            page.goto(url)
            page.wait_for_load_state("networkidle")
            self.assert_clean()

        def assert_clean(self):
            violations = page.evaluate("window.__cspViolations")
            problems = [line for line in console if line.startswith(("error", "warning", "pageerror"))]
            assert not violations, f"{page.url}: {violations}"
            assert not problems, f"{page.url}: {problems}"

    return Watched()


@pytest.fixture
def portal(transactional_db):
    load_catalogs()
    ensure_document_requirements()
    return ensure_portal_content()


def test_public_pages_have_no_violations(watched, portal):
    watched.visit("/")
    watched.visit(portal["registration_guide"].url)
    watched.visit(portal["technical"].url)
    watched.page.get_by_role("button", name="Mostrar otra imagen").click()
    watched.page.wait_for_load_state("networkidle")
    watched.assert_clean()
    watched.visit("/cuenta/ingresar/")
    watched.visit("/cuenta/registro/")
    key = watched.page.locator("input[name=captcha_0]")
    first = key.input_value()
    watched.page.get_by_role("button", name="Mostrar otra imagen").click()
    changed = "first => document.querySelector('input[name=captcha_0]').value !== first"
    watched.page.wait_for_function(changed, arg=first)
    watched.assert_clean()
    assert key.input_value() != first


def test_applicant_pages_have_no_violations_and_their_scripts_work(watched, portal, tmp_path):
    applicant = complete_applicant()
    accounts_services.accept_terms(user=applicant, revision=TermsOfUsePage.current().live_revision, ip_address=None)
    sign_in(watched.page, applicant)
    page = watched.page

    watched.visit("/tablero/")
    watched.visit("/cuenta/datos-personales/")
    page.get_by_label("Departamento").select_option(label="Quetzaltenango")
    page.locator("#id_municipality option").nth(20).wait_for(state="attached")  # no eval: the page's CSP forbids it
    assert page.locator("#id_municipality option", has_text="Salcajá").count() == 1
    watched.assert_clean()

    draft = services.request_create(applicant=applicant)
    watched.visit(f"/certificaciones/{draft.pk}/periodos/")
    page.get_by_placeholder("Buscar institución por nombre").fill("servicio civil")
    assert page.get_by_label("Institución", exact=True).input_value() != ""
    page.get_by_label("Departamento").select_option(label="Quetzaltenango")
    page.locator("#id_municipality option").nth(20).wait_for(state="attached")  # no eval: the page's CSP forbids it
    watched.assert_clean()
    watched.visit(f"/certificaciones/{draft.pk}/documentos/")
    sample = tmp_path / "dpi.pdf"
    sample.write_bytes(pdf_upload().read())
    card = page.locator("section.upload-card", has_text="DPI de ambos lados")
    card.locator("input[type=file]").set_input_files(str(sample))
    with page.expect_navigation():
        card.get_by_role("button", name="Cargar documento").click()  # sent by uploads.js with a progress bar
    assert page.locator(".message--success").inner_text() == "Se cargó el documento."
    watched.assert_clean()
    watched.visit("/certificaciones/terceros/nuevo/")
    watched.visit("/casillero/")

    applicant.identity_verified_at = None
    applicant.save(update_fields=["identity_verified_at"])
    watched.visit("/cuenta/verificar-identidad/")
    assert page.locator("[data-recorder]").count() == 1


def test_admin_pages_work_under_their_relaxed_policy(watched, portal):
    admin = StaffFactory(is_superuser=True)
    draft = services.request_create(applicant=complete_applicant())
    ServicePeriodFactory(request=draft)
    services.document_upload(request=draft, user=draft.applicant, document_type=DocumentType.DPI, upload=pdf_upload())
    page = watched.page
    page.goto("/admin/login/")
    page.fill("input[name=username]", admin.cui)
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")

    watched.visit("/admin/")
    watched.visit("/admin/requests_app/certificationrequest/")
    watched.visit(f"/admin/requests_app/certificationrequest/{draft.pk}/change/")
    watched.visit("/cms/")
    watched.visit(f"/cms/pages/{portal['registration_guide'].pk}/edit/")
