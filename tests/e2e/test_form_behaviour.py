"""What the applicant sees change as they fill the forms: step 3's labels follow the payment
type, the calendar writes dd/mm/aaaa, and saving personal data opens the ¡Felicidades! dialog."""

from tests.e2e.test_accessibility import make_world, sign_in_by_cookie
from tests.factories import complete_applicant


def label_texts(page):
    return page.locator("label[for=id_reference]").inner_text(), page.locator("label[for=id_payment_date]").inner_text()


def test_step_3_labels_follow_the_payment_type(page, live_server, tmp_path, transactional_db, screenshot):
    world = make_world(page, tmp_path, live_server)
    page.goto(f"/certificaciones/{world.draft().pk}/boleta/")
    method = page.get_by_label("Modalidad de Pago")
    method.select_option(label="Transferencia Electrónica Banrural")
    assert label_texts(page) == ("Número de referencia", "Fecha de transferencia")
    screenshot("transferencia")
    method.select_option(label="Boleta Banrural")
    assert label_texts(page) == ("Número de boleta", "Fecha de depósito")
    screenshot("boleta")
    page.get_by_label("Número de boleta").fill("12")  # too short: the page comes back with errors
    page.get_by_role("button", name="Continuar").click()
    page.locator(".error-summary").wait_for()
    assert label_texts(page) == ("Número de boleta", "Fecha de depósito")  # the server keeps them


def test_the_calendar_button_writes_the_day_as_dd_mm_aaaa(page, live_server, tmp_path, transactional_db, screenshot):
    world = make_world(page, tmp_path, live_server)
    page.goto(f"/certificaciones/{world.draft().pk}/periodos/")
    start = page.get_by_label("Inicio", exact=True)
    assert start.get_attribute("type") == "text" and start.get_attribute("placeholder") == "dd/mm/aaaa"
    button = page.get_by_role("button", name="Elegir en el calendario: Inicio")
    assert button.is_visible()
    # Headless Chromium draws no calendar; choosing a day there sets the hidden date input.
    page.locator(".date-input", has=start).locator("input[type=date]").evaluate(
        "input => { input.value = '1990-02-01'; input.dispatchEvent(new Event('change')); }"
    )
    assert start.input_value() == "01/02/1990"
    assert page.evaluate("document.activeElement.id") == start.get_attribute("id")
    screenshot("fecha-elegida")


def test_saving_personal_data_opens_the_congratulations_dialog(page, live_server, tmp_path, transactional_db):
    make_world(page, tmp_path, live_server)
    applicant = complete_applicant()
    sign_in_by_cookie(page, live_server.url, applicant)
    page.goto("/cuenta/datos-personales/")
    page.get_by_role("button", name="Guardar Datos Personales").click()
    dialog = page.get_by_role("dialog", name="¡Felicidades!")
    dialog.wait_for()
    assert page.evaluate("document.activeElement.textContent.trim()") == "Continuar"
    assert page.evaluate("document.querySelector('dialog[open]').matches(':modal')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tablero/")
