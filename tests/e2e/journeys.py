"""Steps that several browser tests take the same way: registering and adding a service period."""

import re

from django.core import mail

from tests.factories import PASSWORD


def register(page, *, cui: str, birth_date: str, email: str, shot, password: str = PASSWORD) -> None:
    """Fill the open registration form, send it and reach "revise su correo"; ``shot`` takes screenshots."""
    page.get_by_label("CUI (número de DPI)").fill(cui)
    page.get_by_label("Fecha de nacimiento").fill(birth_date)
    page.get_by_label("Correo electrónico", exact=True).fill(email)
    page.get_by_label("Confirmar correo electrónico").fill(email)
    page.get_by_label("Contraseña", exact=True).fill(password)
    page.get_by_label("Confirmar contraseña").fill(password)
    page.get_by_label("No soy un robot").fill("PASSED")
    page.get_by_label(re.compile("He leído, comprendido y acepto")).check()
    shot("registro")
    page.get_by_role("button", name="Registrarse").click()
    page.wait_for_url("**/cuenta/registro/enviado/")
    shot("revise-su-correo")


def confirm_email_from_last_message(page) -> None:
    """Open the confirmation link of the last email sent, as the applicant would."""
    link = re.search(r"https?://\S+/cuenta/confirmar/\S+", mail.outbox[-1].body).group(0)
    page.goto("/cuenta/confirmar/" + link.split("/cuenta/confirmar/", 1)[1])
    assert "¡Su correo fue confirmado!" in page.content()


def add_service_period(page) -> None:
    """On step 2, add one period at the Oficina Nacional de Servicio Civil and see it listed."""
    page.get_by_placeholder("Buscar institución por nombre").fill("servicio civil")
    assert page.get_by_label("Institución", exact=True).input_value() != ""  # narrowed to the match and chosen
    page.get_by_label("Institución", exact=True).select_option(label="Oficina Nacional de Servicio Civil")
    page.get_by_label("Dependencia").fill("Departamento de administración de puestos")
    page.get_by_label("Título del puesto").fill("Asistente Profesional IV")
    page.get_by_label("Inicio").fill("01/02/1990")
    page.get_by_label("Fin", exact=True).fill("31/10/1999")
    page.get_by_label("Renglón").select_option(label="011 - Personal permanente")
    page.get_by_label("Departamento").select_option(label="Guatemala")
    page.get_by_label("Municipio").select_option(label="Guatemala")
    page.get_by_role("button", name="Cargar Tiempo de Servicio a la Solicitud").click()
    assert "Asistente Profesional IV" in page.locator("table").inner_text()
