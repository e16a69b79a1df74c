"""An applicant who uses only the keyboard creates a request and sends it through the five steps.

Only ``page.keyboard`` moves and types (Tab, Shift+Tab, Enter, Space, typing): nothing is
clicked and no field is filled that was not reached by Tab. One exception, because a
browser cannot do it: headless Chromium opens no file chooser from the keyboard, so the
document is given with ``set_input_files`` to the file input that has the focus after Tab
reached it (a person would press Enter or Space there and pick the file in the dialog).
Along the way the focus must be visible (outline or box-shadow) and the skip link must be
the first Tab stop and move the focus to the main content.
"""

import datetime
import re

from django.utils import timezone

from catalogs.loader import load_catalogs
from cms.setup import ensure_portal_content
from requests_app.models import CertificationRequest, DocumentRequirement
from requests_app.setup import ensure_document_requirements
from tests.e2e.test_accessibility import sign_in_by_cookie
from tests.factories import complete_applicant, pdf_upload

FOCUSED_NAME = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return "";
    const label = el.getAttribute("aria-label")
        || (el.labels && el.labels.length ? el.labels[0].innerText : "")
        || el.innerText || el.value || "";
    return label.replace(/\\s+/g, " ").trim();
}"""

FOCUS_IS_VISIBLE = """() => {
    const style = getComputedStyle(document.activeElement);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    return outline || (style.boxShadow && style.boxShadow !== "none");
}"""


def tab_to(page, name, *, backwards=False, limit=120):
    """Press Tab (or Shift+Tab) until the focused element's label or text matches ``name``."""
    pattern = re.compile(name) if isinstance(name, str) else name
    seen = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        focused = page.evaluate(FOCUSED_NAME)
        if pattern.search(focused):
            return focused
        seen.append(focused)
    raise AssertionError(f"El teclado no llega a «{pattern.pattern}»; pasó por: {seen}")


def assert_focus_visible(page, what):
    assert page.evaluate(FOCUS_IS_VISIBLE), f"{what}: el foco no se ve (sin outline ni box-shadow)"


def press_and_wait(page, key="Enter"):
    with page.expect_navigation():
        page.keyboard.press(key)


def type_date(page, value: datetime.date):
    """Type a date into the focused field as every date of the portal is written: dd/mm/aaaa."""
    page.keyboard.type(value.strftime("%d/%m/%Y"))
    assert focused_value(page) == value.strftime("%d/%m/%Y")


def dialog_open(page, name):
    return page.get_by_role("dialog", name=name).is_visible()


def focused_in_dialog(page):
    return page.evaluate("!!(document.activeElement && document.activeElement.closest('dialog[open]'))")


def focused_value(page):
    return page.evaluate("document.activeElement.value")


def focused_option_text(page):
    return page.evaluate("(s => s.options[s.selectedIndex] && s.options[s.selectedIndex].text)(document.activeElement)")


def test_keyboard_only_applicant_sends_a_request(page, live_server, tmp_path):
    load_catalogs()
    ensure_document_requirements()
    ensure_portal_content()
    applicant = complete_applicant()
    sign_in_by_cookie(page, live_server.url, applicant)
    sample = tmp_path / "documento.pdf"
    sample.write_bytes(pdf_upload().read())
    required = list(
        DocumentRequirement.objects.filter(is_active=True, is_required=True).values_list("label", flat=True)
    )
    assert required

    # Mis Solicitudes: the skip link is the first stop and takes the focus to the content.
    page.goto("/certificaciones/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')"), page.evaluate(FOCUSED_NAME)
    assert page.evaluate(FOCUSED_NAME) == "Saltar al contenido"
    assert page.locator(".skip-link").is_visible()
    assert_focus_visible(page, "enlace Saltar al contenido")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenido"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"

    # Crear Solicitud opens a modal dialog with the focus on "No, cancelar"; Escape closes it and
    # gives the focus back to the button; "No, cancelar" closes it too; Sí creates the request.
    tab_to(page, "^Crear Solicitud$")
    assert_focus_visible(page, "Crear Solicitud")
    page.keyboard.press("Enter")
    assert dialog_open(page, "Crear Solicitud")
    assert page.evaluate(FOCUSED_NAME) == "No, cancelar"
    assert_focus_visible(page, "botón No, cancelar")
    page.keyboard.press("Escape")
    assert not dialog_open(page, "Crear Solicitud")
    assert page.evaluate(FOCUSED_NAME) == "Crear Solicitud"
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # on "No, cancelar"
    assert not dialog_open(page, "Crear Solicitud")
    assert page.evaluate(FOCUSED_NAME) == "Crear Solicitud"
    page.keyboard.press("Space")
    assert dialog_open(page, "Crear Solicitud")
    tab_to(page, "^Sí$")
    assert focused_in_dialog(page), "El foco salió del diálogo"
    assert_focus_visible(page, "botón Sí")
    press_and_wait(page)
    page.wait_for_url(re.compile(r"/certificaciones/\d+/datos-generales/"))
    request = CertificationRequest.objects.get(applicant=applicant)

    # 1. Datos Generales: read only; Continuar.
    assert applicant.cui in page.content()
    tab_to(page, "^Continuar")
    assert_focus_visible(page, "enlace Continuar")
    press_and_wait(page)

    # 2. A period, every field reached by Tab.
    tab_to(page, "Buscar institución por nombre")
    page.keyboard.type("servicio civil")
    tab_to(page, "^Institución$")
    assert_focus_visible(page, "lista Institución")
    assert focused_option_text(page) == "Oficina Nacional de Servicio Civil"
    tab_to(page, "^Dependencia")
    page.keyboard.type("Departamento de administración de puestos")
    tab_to(page, "^Título del puesto")
    page.keyboard.type("Asistente Profesional IV")
    tab_to(page, "^Inicio")
    assert_focus_visible(page, "fecha Inicio")
    type_date(page, datetime.date(1990, 2, 1))
    tab_to(page, "^Fin")
    type_date(page, datetime.date(1999, 10, 31))
    tab_to(page, "^Renglón")
    page.keyboard.type("011")
    assert focused_option_text(page).startswith("011")
    tab_to(page, "^Departamento")
    page.keyboard.type("Guatemala")
    assert focused_option_text(page) == "Guatemala"
    municipality = page.get_by_label("Municipio")
    municipality.locator("option", has_text="Mixco").wait_for(state="attached")  # loaded for the department
    tab_to(page, "^Municipio")
    page.keyboard.type("Guatemala")
    assert focused_option_text(page) == "Guatemala"
    tab_to(page, "Cargar Tiempo de Servicio")
    assert_focus_visible(page, "botón Cargar Tiempo de Servicio")
    press_and_wait(page)
    assert "Asistente Profesional IV" in page.locator("table").inner_text()
    assert request.periods.count() == 1
    tab_to(page, "^Continuar")
    press_and_wait(page)

    # 3. Información de Boleta.
    tab_to(page, "^Modalidad de Pago")
    page.keyboard.type("Boleta")
    assert focused_option_text(page) == "Boleta Banrural"
    tab_to(page, "Número de boleta")
    page.keyboard.type(f"3884{request.pk:04d}")
    tab_to(page, "Fecha de depósito")
    type_date(page, timezone.localdate() - datetime.timedelta(days=2))
    tab_to(page, "^Continuar")
    press_and_wait(page)
    page.wait_for_url(re.compile(r"/documentos/"))

    # 4. Documentos de Respaldo: each required document, card by card.
    for label in required:
        tab_to(page, f"Seleccionar archivo ?: {re.escape(label)}$")
        assert_focus_visible(page, f"archivo {label}")
        page.locator(":focus").set_input_files(str(sample))  # no file chooser from the keyboard in headless Chromium
        tab_to(page, f"Cargar documento ?: {re.escape(label)}$")
        press_and_wait(page)
        assert page.locator(".message--success").inner_text() == "Se cargó el documento.", label
    assert request.documents.count() == len(required)
    tab_to(page, "^Continuar")
    press_and_wait(page)

    # 5. Solicitar CS: Space opens the dialog; Tab and Shift+Tab stay inside it; Enter on Sí sends it.
    assert page.get_by_text("No se detectaron inconsistencias.").count() == 4, page.locator(".checks").inner_text()
    tab_to(page, "^Solicitar CS$")
    assert_focus_visible(page, "Solicitar CS")
    page.keyboard.press("Space")
    assert dialog_open(page, "Solicitar CS")
    tab_to(page, "^Sí$")
    tab_to(page, "^No, cancelar$", backwards=True)
    assert focused_in_dialog(page), "Shift+Tab sacó el foco del diálogo"
    tab_to(page, "^Sí$")
    press_and_wait(page)
    page.wait_for_url(re.compile(r"/enviada/"))
    assert "Solicitud enviada" in page.content()
    request.refresh_from_db()
    assert request.state == "solicitada"
