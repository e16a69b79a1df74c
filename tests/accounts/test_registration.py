"""Registration: every field rule, the terms of use, and no account enumeration."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from accounts.models import TermsAcceptance
from core.identifiers import cui_check_digit, make_cui
from tests.factories import UserFactory

User = get_user_model()
pytestmark = pytest.mark.django_db
URL = "/cuenta/registro/"
GOOD_PASSWORD = "Tiempo.Servicio.2026"


@pytest.fixture
def data(terms, captcha):
    cui = make_cui(24_567_890, "0101")
    return {
        "cui": f"{cui[:4]} {cui[4:9]} {cui[9:]}",
        "birth_date": "20/05/1986",
        "email": "Luis.Coguox@Correo.gt",
        "email2": "luis.coguox@correo.gt",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        "accept_terms": "on",
        **captcha,
    }


def errors(response, field):
    return response.context["form"].errors.get(field, [])


def test_the_form_has_the_manuals_labels(client, terms):
    body = client.get(URL).content.decode()
    for label in (
        "CUI (número de DPI)",
        "Fecha de nacimiento",
        "Correo electrónico",
        "Confirmar correo electrónico",
        "Contraseña",
        "Confirmar contraseña",
        "No soy un robot",
        "He leído, comprendido y acepto los términos y condiciones",
    ):
        assert f">{label}" in body, label
    assert 'for="id_cui"' in body


def test_a_valid_registration_creates_an_unconfirmed_account_and_records_the_terms(
    client, data, terms, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data, REMOTE_ADDR="190.56.1.20")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:registration_sent")
    user = User.objects.get(email="luis.coguox@correo.gt")
    assert user.cui == data["cui"].replace(" ", "")
    assert user.email_confirmed_at is None
    assert user.check_password(GOOD_PASSWORD)
    acceptance = TermsAcceptance.objects.get(user=user)
    assert acceptance.revision_id == terms.live_revision_id
    assert acceptance.ip_address == "190.56.1.20"
    assert len(mail.outbox) == 1
    assert "/cuenta/confirmar/" in mail.outbox[0].body
    assert mail.outbox[0].to == ["luis.coguox@correo.gt"]


def bad_check_digit(cui):
    return cui[:8] + str((int(cui[8]) + 1) % 10) + cui[9:]


@pytest.mark.parametrize(
    ("cui", "fragment"),
    [
        (bad_check_digit(make_cui(24_567_890, "0101")), "dígito verificador"),
        ("24567890" + str(cui_check_digit("24567890")) + "2301", "departamento"),
        ("24567890" + str(cui_check_digit("24567890")) + "0118", "municipio"),
        ("245678901010", "13 dígitos"),
        ("2456789O10101", "13 dígitos"),
    ],
)
def test_invalid_cuis_are_refused_next_to_the_field(client, data, cui, fragment):
    response = client.post(URL, {**data, "cui": cui})
    assert response.status_code == 200
    assert any(fragment in error for error in errors(response, "cui"))
    assert 'value="Luis.Coguox@Correo.gt"' in response.content.decode()  # what was typed is kept
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("Ab1.", "demasiado corta"),
        ("tiempo.servicio.2026", "mayúscula"),
        ("Tiempo.Servicio.", "número"),
        ("TiempoServicio2026", "símbolo"),
        ("P@ssw0rd", "demasiado común"),
        ("Luis.Coguox@Correo1", "demasiado similar"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(client, data, password, fragment):
    response = client.post(URL, {**data, "password1": password, "password2": password})
    assert response.status_code == 200
    messages = " ".join(errors(response, "password1"))
    assert fragment in messages, messages
    assert "Tiempo" not in response.content.decode().split('name="password1"')[1][:80]  # never echoed back


def test_long_passwords_are_allowed(client, data):
    long_password = "Una frase muy larga de mas de sesenta y cuatro caracteres 2026 !!" + "x" * 6
    assert len(long_password) > 64
    response = client.post(URL, {**data, "password1": long_password, "password2": long_password})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"email2": "otro@correo.gt"}, "email2", "no coinciden"),
        ({"password2": "Otra.Clave.2026"}, "password2", "no coinciden"),
        ({"birth_date": "20/05/2015"}, "birth_date", "mayor de edad"),
        ({"birth_date": "31/02/1990"}, "birth_date", "dd/mm/aaaa"),
        ({"birth_date": "20/05/2090"}, "birth_date", "válida"),
        ({"captcha_1": "XXXX"}, "captcha", "no coinciden con la imagen"),
        ({"accept_terms": ""}, "accept_terms", "necesario"),
    ],
)
def test_each_rule_has_its_own_message(client, data, changes, field, fragment):
    response = client.post(URL, {**data, **changes})
    assert response.status_code == 200
    assert any(fragment in error for error in errors(response, field)), errors(response, field)
    assert "Revise los siguientes datos" in response.content.decode()


@pytest.mark.parametrize("duplicate", ["email", "cui"])
def test_existing_email_or_cui_gets_the_same_answer_and_warns_the_owner(
    client, data, duplicate, django_capture_on_commit_callbacks
):
    owner = UserFactory(email="luis.coguox@correo.gt" if duplicate == "email" else "otro@correo.gt")
    if duplicate == "cui":
        owner.cui = data["cui"].replace(" ", "")
        owner.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:registration_sent")
    assert User.objects.count() == 1
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert "Alguien intentó crear una cuenta" in mail.outbox[0].body


def test_the_answer_page_is_identical_for_new_and_existing_people(client, data):
    first = client.get(reverse("accounts:registration_sent")).content
    client.post(URL, data)
    client.post(URL, data)  # second time: already registered
    assert client.get(reverse("accounts:registration_sent")).content == first
