"""A visitor asks for help through an assistance form in the browser: mistakes are explained, then it is sent."""

import re

from django.core import mail

from cms.models import AssistanceSubmission
from cms.setup import ensure_portal_content
from core.identifiers import make_cui


def test_ask_for_technical_assistance(page, screenshot, assert_accessible):
    ensure_portal_content()
    cui = make_cui(27_182_818, "0101")

    page.goto("/")
    page.get_by_role("link", name=re.compile("Asistencia técnica del portal")).first.click()
    page.wait_for_url("**/asistencia-tecnica/")
    assert page.locator("h1").inner_text() == "Asistencia técnica del portal"
    assert page.get_by_text("Tomar nota: no se responderán consultas relativas a:").is_visible()
    assert_accessible()
    screenshot("formulario")

    page.get_by_label("Nombres").fill("Juana Isabel")
    page.get_by_label("Apellidos").fill("Xoc Caal")
    page.get_by_label("DPI").fill(f"{cui[:4]} {cui[4:9]} {cui[9:]}")
    page.get_by_label("Género").select_option(label="Femenino")
    page.get_by_label("Edad").fill("41")
    page.get_by_label("Teléfono de contacto").fill("5555-1234")
    page.get_by_label("Correo electrónico de contacto", exact=True).fill("juana.xoc@correo.gt")
    page.get_by_label("Confirmar correo electrónico de contacto").fill("juana.xoc@correo.gt.com")
    page.get_by_label("Consulta/Sugerencia/Reclamo").fill("No puedo subir el video de mi verificación de identidad.")
    page.get_by_label("No soy un robot").fill("PASSED")
    page.get_by_role("button", name="Enviar Formulario").click()

    summary = page.locator(".error-summary")
    summary.wait_for()
    assert "Revise los siguientes datos" in summary.inner_text()
    confirmation = page.get_by_label("Confirmar correo electrónico de contacto")
    assert confirmation.get_attribute("aria-invalid") == "true"
    assert (
        "Los correos electrónicos no coinciden"
        in page.locator("#id_confirmar_correo_electronico_de_contacto_error").inner_text()
    )
    assert page.get_by_label("Nombres").input_value() == "Juana Isabel"  # what was typed is kept
    assert AssistanceSubmission.objects.count() == 0
    assert_accessible()
    screenshot("correos-distintos")

    confirmation.fill("juana.xoc@correo.gt")
    page.get_by_label("No soy un robot").fill("PASSED")  # a new image is shown after an error
    page.get_by_role("button", name="Enviar Formulario").click()
    page.wait_for_url("**/asistencia-tecnica/gracias/")

    submission = AssistanceSubmission.objects.get()
    assert page.locator("h1").inner_text() == "¡Gracias! Recibimos su solicitud"
    assert f"Su número de caso es {submission.number}." in page.locator(".thank-you__number").inner_text()
    assert submission.status == "nueva"
    assert submission.contact_email == "juana.xoc@correo.gt"
    assert submission.cui == cui
    sent_to_her = [message for message in mail.outbox if message.to == ["juana.xoc@correo.gt"]]
    assert len(sent_to_her) == 1
    assert submission.number in sent_to_her[0].subject
    assert_accessible()
    screenshot("gracias")
