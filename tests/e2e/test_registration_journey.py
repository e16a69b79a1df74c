"""A new person registers, confirms by the emailed link, signs in with the CUI and fills in the profile."""

from catalogs.loader import load_catalogs
from cms.setup import ensure_terms_page
from core.identifiers import make_cui
from tests.e2e.journeys import confirm_email_from_last_message, register

PASSWORD = "Tiempo.Servicio.2026"


def test_register_confirm_sign_in_and_complete_personal_data(page, screenshot):
    load_catalogs()
    ensure_terms_page()
    cui = make_cui(31_415_926, "0901")

    page.goto("/cuenta/registro/")
    register(
        page,
        cui=f"{cui[:4]} {cui[4:9]} {cui[9:]}",
        birth_date="20/05/1986",
        email="maria.tzoc@correo.gt",
        shot=screenshot,
        password=PASSWORD,
    )
    confirm_email_from_last_message(page)

    page.goto("/cuenta/ingresar/")
    page.get_by_label("Correo electrónico o CUI").fill(cui)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_label("No soy un robot").fill("PASSED")
    page.get_by_role("button", name="Ingresar").click()
    page.wait_for_url("**/tablero/")
    assert "¡Se detectaron algunos errores que debe atender!" in page.content()
    screenshot("tablero-incompleto")

    page.get_by_role("link", name="haciendo clic aquí").click()
    page.get_by_label("Primer Nombre").fill("María")
    page.get_by_label("Primer Apellido").fill("Tzoc")
    page.get_by_label("Afiliación IGSS").fill("186257028")
    page.get_by_label("Género").select_option(label="Femenino")
    page.get_by_label("Etnia").select_option(label="Maya")
    page.get_by_label("Comunidad Sociolingüística").select_option(label="K'iche'")
    page.get_by_label("Departamento de Residencia").select_option(label="Quetzaltenango")
    municipality = page.get_by_label("Municipio de Residencia")
    municipality.locator("option", has_text="Salcajá").wait_for(state="attached")  # filled without reloading
    municipality.select_option(label="Salcajá")
    page.get_by_label("Dirección", exact=True).fill("3a. calle 2-15 zona 1")
    page.get_by_label("Dirección para Recibir Notificaciones").fill("3a. calle 2-15 zona 1")
    page.get_by_role("button", name="Guardar Datos Personales").click()
    congratulations = page.get_by_role("dialog", name="¡Felicidades!")
    congratulations.wait_for()
    assert "Ha actualizado sus datos personales." in congratulations.inner_text()
    screenshot("datos-personales")

    page.goto("/tablero/")
    assert "¡Se detectaron algunos errores" not in page.locator("main").inner_text()
