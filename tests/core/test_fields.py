"""The shared form fields give the same answer on every form: the phone rule on Mis datos and the assistance form."""

import pytest

from accounts import services as account_services
from accounts.forms import PersonalDataForm
from accounts.models import Profile
from cms.forms import AssistanceFormBuilder
from cms.models import AssistanceSubmission, TermsOfUsePage
from core.fields import NitField, PhoneField
from requests_app.forms import ThirdPartyForm
from tests.accounts.test_personal_data_and_mailbox import personal_data
from tests.factories import UserFactory


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


@pytest.mark.django_db
def test_every_form_asking_for_a_phone_or_a_nit_uses_the_shared_fields(catalogs):
    owner = UserFactory()
    for form in (PersonalDataForm(user=owner), ThirdPartyForm(owner=owner)):
        assert isinstance(form.fields["phone"], PhoneField), form
        assert isinstance(form.fields["nit"], NitField), form
    assistance = AssistanceFormBuilder([]).create_phone_field(None, {"label": "Teléfono", "required": True})
    assert isinstance(assistance, PhoneField)
