"""One rule per Guatemalan identifier, the same on every form that asks for it."""

import pytest
from django.core.exceptions import ValidationError

from accounts import services as account_services
from accounts.models import Profile
from cms.models import AssistanceSubmission, TermsOfUsePage
from core.identifiers import validate_nit, validate_phone
from tests.accounts.test_personal_data_and_mailbox import personal_data
from tests.factories import UserFactory

SAME_NUMBER = ["+502 5555 1234", "5555 1234", "5555-1234", "502 5555-1234", "55551234"]
NOT_A_GUATEMALAN_LINE = ["0000 0000", "1234 5678", "123", "+1 202 555 0143", "teléfono", "²²²²-²²²²"]


@pytest.mark.parametrize("typed", SAME_NUMBER)
def test_a_guatemalan_number_is_stored_one_way_however_it_is_typed(typed):
    assert validate_phone(typed) == "5555-1234"


@pytest.mark.parametrize("typed", NOT_A_GUATEMALAN_LINE)
def test_numbers_no_guatemalan_line_has_are_refused_in_spanish(typed):
    with pytest.raises(ValidationError) as refused:
        validate_phone(typed)
    assert refused.value.messages == [
        "Escriba un número de teléfono de Guatemala de 8 dígitos, por ejemplo 5555-1234 o +502 2321-4800."
    ]


def test_an_empty_phone_or_nit_stays_empty():
    assert validate_phone("  ") == "" and validate_nit("") == ""


def test_the_nit_is_checked_by_its_check_digit_and_stored_compact():
    assert validate_nit(" 576937-k ") == "576937K"
    with pytest.raises(ValidationError, match="dígito verificador"):
        validate_nit("1234567-1")


@pytest.fixture
def person(client, catalogs, portal_pages):
    """Signed in, with the published terms accepted (the assistance pages publish them)."""
    user = UserFactory(first_name="", last_name="")
    account_services.accept_terms(user=user, revision=TermsOfUsePage.current().live_revision)
    client.force_login(user)
    return user


def save_personal_data(client, phone):
    return client.post("/cuenta/datos-personales/", personal_data(phone=phone))


def send_assistance(client, page, answers, phone, capture):
    with capture(execute=True):
        return client.post(page.url, {**answers, "telefono_de_contacto": phone})


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["+502 5555 1234", "5555 1234"])
def test_mis_datos_and_the_assistance_form_accept_and_store_the_same_number(
    client, person, technical, answers, typed, django_capture_on_commit_callbacks
):
    assert save_personal_data(client, typed).status_code == 302
    assert Profile.objects.get(user=person).phone == "5555-1234"
    assert send_assistance(client, technical, answers, typed, django_capture_on_commit_callbacks).status_code == 302
    assert AssistanceSubmission.objects.get().phone == "5555-1234"


@pytest.mark.django_db
def test_mis_datos_and_the_assistance_form_refuse_the_same_number(
    client, person, technical, answers, django_capture_on_commit_callbacks
):
    profile_page = save_personal_data(client, "0000 0000")
    assistance_page = send_assistance(client, technical, answers, "0000 0000", django_capture_on_commit_callbacks)
    assert profile_page.status_code == assistance_page.status_code == 200
    message = "Escriba un número de teléfono de Guatemala de 8 dígitos, por ejemplo 5555-1234 o +502 2321-4800."
    assert profile_page.context["form"].errors["phone"] == [message]
    assert assistance_page.context["form"].errors["telefono_de_contacto"] == [message]
    assert not Profile.objects.filter(user=person).exclude(phone="").exists()
    assert not AssistanceSubmission.objects.exists()
