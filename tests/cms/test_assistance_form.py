"""The two assistance services: the OJ form, its Spanish validation, the stored case and the emails."""

import pytest
from django.core import mail

from cms.models import AssistanceSubmission
from core.identifiers import make_cui

from .markup import html, text_of

pytestmark = pytest.mark.django_db

SERVICES = ["technical", "inquiries"]
FIELD_LABELS = [
    "Nombres",
    "Apellidos",
    "DPI",
    "Género",
    "Edad",
    "Teléfono de contacto",
    "Correo electrónico de contacto",
    "Confirmar correo electrónico de contacto",
    "Consulta/Sugerencia/Reclamo",
    "No soy un robot",
]
VALID_CUI = make_cui(24_567_890, "0101")


@pytest.fixture
def technical(portal_pages):
    return portal_pages["technical"]


@pytest.fixture
def answers(captcha):
    """What a person fills in, correctly."""
    return {
        "nombres": "Ana María",
        "apellidos": "López Chávez",
        "dpi": f"{VALID_CUI[:4]} {VALID_CUI[4:9]} {VALID_CUI[9:]}",
        "genero": "Femenino",
        "edad": "34",
        "telefono_de_contacto": "+502 5555 1234",
        "correo_electronico_de_contacto": "ana.lopez@correo.gt",
        "confirmar_correo_electronico_de_contacto": "Ana.Lopez@correo.gt",
        "consultasugerenciareclamo": "No me llega el correo para confirmar mi cuenta.",
        **captcha,
    }


def field_errors(response, name) -> list[str]:
    """The messages shown next to field ``name``."""
    errors = html(response).select_one(f"#id_{name}_error")
    return [text_of(item) for item in errors.select("li")] if errors else []


# -- What the page shows -----------------------------------------------------------------------------


@pytest.mark.parametrize("service", SERVICES)
def test_each_assistance_service_shows_the_oj_form_with_labelled_fields(client, portal_pages, service):
    page = html(client.get(portal_pages[service].url))

    form = page.select_one("form.form")
    labels = [text_of(label) for label in form.select("label")]
    assert labels == FIELD_LABELS
    for label in form.select("label"):
        assert form.find(id=label["for"]) is not None, f"{text_of(label)} has no input"
    genders = [text_of(option) for option in form.select("select[name=genero] option")]
    assert genders == ["-Seleccione una opción-", "Femenino", "Masculino", "Prefiero no indicarlo"]
    assert text_of(form.select_one("button[type=submit]")) == "Enviar Formulario"
    assert form.select_one("img.captcha") is not None


def test_the_browser_may_fill_given_names_and_surnames_in_their_own_fields(client, technical):
    form = html(client.get(technical.url)).select_one("form.form")

    assert form.select_one("#id_nombres")["autocomplete"] == "given-name"
    assert form.select_one("#id_apellidos")["autocomplete"] == "family-name"
    assert form.select_one("#id_correo_electronico_de_contacto")["autocomplete"] == "email"
    assert form.select_one("#id_telefono_de_contacto")["type"] == "tel"


@pytest.mark.parametrize("service", SERVICES)
def test_each_assistance_service_says_what_is_not_answered_here(client, portal_pages, service):
    page = html(client.get(portal_pages[service].url))

    notice = page.select_one("aside.assistance__notice")
    assert text_of(notice.find("h2")) == "Tomar nota: no se responderán consultas relativas a:"
    topics = [text_of(item) for item in notice.select("li")]
    assert "Asesoría legal." in topics
    assert "Consulta y revisión de estado de expedientes y resoluciones." in topics


@pytest.mark.parametrize("service", SERVICES)
def test_each_assistance_service_shows_the_four_feature_cards(client, portal_pages, service):
    page = html(client.get(portal_pages[service].url))

    cards = [text_of(card.find("h3")) for card in page.select("ul.features .feature")]
    assert cards == ["Agentes expertos", "De donde sea", "Ahorre tiempo", "A cualquier hora"]


# -- Bad input ----------------------------------------------------------------------------------------


def test_different_emails_are_refused_next_to_the_confirmation_and_what_was_typed_is_kept(client, technical, answers):
    answers["confirmar_correo_electronico_de_contacto"] = "otra.persona@correo.gt"

    response = client.post(technical.url, answers)

    assert response.status_code == 200
    assert field_errors(response, "confirmar_correo_electronico_de_contacto") == [
        "Los correos electrónicos no coinciden. Escriba el mismo correo en ambos campos."
    ]
    page = html(response)
    assert page.select_one("#id_nombres")["value"] == "Ana María"
    assert text_of(page.select_one("#id_consultasugerenciareclamo")) == answers["consultasugerenciareclamo"]
    assert "Revise los siguientes datos" in text_of(page.select_one(".error-summary"))
    assert text_of(page.find("title")).startswith("Error:")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "dpi",
            VALID_CUI[:8] + str((int(VALID_CUI[8]) + 1) % 10) + VALID_CUI[9:],
            "El CUI no es válido: el dígito verificador no corresponde. Revise el número de su DPI.",
        ),
        ("dpi", "12345", "El CUI debe tener 13 dígitos (puede escribirlo con espacios o guiones)."),
        ("edad", "17", "Debe tener al menos 18 años para usar este servicio."),
        ("edad", "121", "Escriba una edad válida (hasta 120 años)."),
        ("edad", "treinta", "Escriba la edad en años, solo con números."),
        (
            "telefono_de_contacto",
            "123",
            "Escriba un número de teléfono de Guatemala de 8 dígitos, por ejemplo 5555-1234 o +502 2321-4800.",
        ),
        ("nombres", "Ana 2", "Escriba solo letras, espacios, apóstrofos o guiones."),
        ("genero", "Otro valor inventado", None),
        ("correo_electronico_de_contacto", "ana.lopez", None),
        ("consultasugerenciareclamo", "", "Este campo es necesario."),
        ("consultasugerenciareclamo", "x" * 3001, None),
    ],
)
def test_a_wrong_answer_is_explained_in_spanish_next_to_its_field(client, technical, answers, field, value, message):
    answers[field] = value

    response = client.post(technical.url, answers)

    assert response.status_code == 200
    errors = field_errors(response, field)
    assert errors, f"no error shown for {field}"
    if message:
        assert errors == [message]
    assert not AssistanceSubmission.objects.exists()


def test_the_captcha_must_be_answered(client, technical, answers):
    answers.pop("captcha_1")

    response = client.post(technical.url, answers)

    assert field_errors(response, "captcha") == ["Escriba las letras que ve en la imagen."]
    assert not AssistanceSubmission.objects.exists()


def test_a_wrong_captcha_answer_is_refused(client, technical, answers):
    answers["captcha_1"] = "XXXXX"

    response = client.post(technical.url, answers)

    assert field_errors(response, "captcha") == ["Las letras no coinciden con la imagen. Intente de nuevo."]
    assert not AssistanceSubmission.objects.exists()


def test_a_bad_post_stores_nothing_and_sends_no_email(client, technical, answers, django_capture_on_commit_callbacks):
    answers["edad"] = "5"
    answers["confirmar_correo_electronico_de_contacto"] = "otra@correo.gt"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(technical.url, answers)

    assert response.status_code == 200
    assert AssistanceSubmission.objects.count() == 0
    assert mail.outbox == []


def test_an_empty_post_shows_every_required_field_and_no_server_error(client, technical):
    response = client.post(technical.url, {})

    assert response.status_code == 200
    summary = [text_of(item) for item in html(response).select(".error-summary li")]
    assert len(summary) == len(FIELD_LABELS)
    assert "Nombres: Este campo es necesario." in summary


# -- A valid submission --------------------------------------------------------------------------------


def send(client, page, answers, capture):
    with capture(execute=True):
        return client.post(page.url, answers)


def test_a_valid_submission_is_stored_as_new_with_the_contact_columns(
    client, technical, answers, django_capture_on_commit_callbacks
):
    response = send(client, technical, answers, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response.url == technical.url + "gracias/"
    submission = AssistanceSubmission.objects.get()
    assert submission.page_id == technical.pk
    assert submission.status == "nueva"
    assert submission.contact_name == "Ana María López Chávez"
    assert submission.contact_email == "ana.lopez@correo.gt"
    assert submission.cui == VALID_CUI  # stored without the spaces typed
    assert submission.phone == "5555-1234"
    assert submission.message == "No me llega el correo para confirmar mi cuenta."
    assert submission.form_data["edad"] == 34
    assert "captcha" not in submission.form_data


def test_after_sending_the_person_sees_the_thank_you_page_with_the_case_number(
    client, technical, answers, django_capture_on_commit_callbacks
):
    response = send(client, technical, answers, django_capture_on_commit_callbacks)
    thank_you = client.get(response.url)

    assert thank_you.status_code == 200
    page = html(thank_you)
    submission = AssistanceSubmission.objects.get()
    assert text_of(page.find("h1")) == "¡Gracias! Recibimos su solicitud"
    assert text_of(page.select_one(".thank-you__number")) == f"Su número de caso es {submission.number}."
    assert "Enviamos una confirmación a ana.lopez@correo.gt." in text_of(page.select_one(".thank-you"))

    client.get(response.url)  # reloading the thank-you page sends nothing again
    assert AssistanceSubmission.objects.count() == 1


def test_the_thank_you_page_does_not_show_someone_elses_case(
    client, technical, answers, django_capture_on_commit_callbacks
):
    send(client, technical, answers, django_capture_on_commit_callbacks)

    from django.test import Client

    stranger = html(Client().get(technical.url + "gracias/"))

    assert text_of(stranger.find("h1")) == "¡Gracias! Recibimos su solicitud"
    assert stranger.select_one(".thank-you__number") is None
    assert "ana.lopez@correo.gt" not in text_of(stranger)


def test_the_sender_receives_a_confirmation_and_staff_a_notice(
    client, technical, answers, portal, django_capture_on_commit_callbacks
):
    send(client, technical, answers, django_capture_on_commit_callbacks)
    submission = AssistanceSubmission.objects.get()

    confirmation, notice = mail.outbox
    assert confirmation.to == ["ana.lopez@correo.gt"]
    assert confirmation.subject == f"Recibimos su solicitud No. {submission.number}: Asistencia técnica del portal"
    assert "Estimado(a) Ana María López Chávez:" in confirmation.body
    assert f"Su número de caso es {submission.number}." in confirmation.body
    assert "- Consulta/Sugerencia/Reclamo: No me llega el correo para confirmar mi cuenta." in confirmation.body
    assert "PASSED" not in confirmation.body
    assert confirmation.from_email == f"Portal de Servicios Electrónicos <{portal.sender_email}>"
    assert confirmation.reply_to == [portal.support_email]

    assert notice.to == [portal.support_email]
    assert notice.reply_to == ["ana.lopez@correo.gt"]
    assert f"/cms/asistencia/edit/{submission.pk}/" in notice.body


@pytest.mark.parametrize("service", SERVICES)
def test_both_services_accept_a_valid_submission(
    client, portal_pages, answers, service, django_capture_on_commit_callbacks
):
    page = portal_pages[service]

    response = send(client, page, answers, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert AssistanceSubmission.objects.get().page_id == page.pk
    assert mail.outbox[0].subject.endswith(page.title)


def test_a_page_with_its_own_recipients_notifies_them_instead_of_support(
    client, technical, answers, django_capture_on_commit_callbacks
):
    technical.to_address = "mesa@portal.gob.gt, jefa@portal.gob.gt"
    technical.subject = "Nuevo caso de asistencia técnica"
    technical.save_revision().publish()

    send(client, technical, answers, django_capture_on_commit_callbacks)

    notice = mail.outbox[1]
    assert notice.to == ["mesa@portal.gob.gt", "jefa@portal.gob.gt"]
    assert notice.subject == "Nuevo caso de asistencia técnica"
