"""The custom user: unique email (any case) and CUI, sign-in by either."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import RequestFactory

from core.identifiers import make_cui
from tests.factories import PASSWORD, UserFactory

User = get_user_model()


def login_request():
    """django-axes needs the request to throttle by IP and username."""
    return RequestFactory().post("/cuenta/ingresar/")


@pytest.mark.django_db
def test_email_is_stored_in_lower_case_and_cui_without_separators():
    cui = make_cui(12_345_678, "0101")
    user = User.objects.create_user(email="Ana.Lopez@Correo.GT", cui=f"{cui[:4]} {cui[4:9]}-{cui[9:]}", password="x")
    user.refresh_from_db()
    assert user.email == "ana.lopez@correo.gt"
    assert user.cui == cui


@pytest.mark.django_db
def test_email_is_unique_whatever_its_case_even_in_bulk_writes():
    UserFactory(email="ana@correo.gt")
    duplicate = User(email="ANA@correo.gt", cui=make_cui(22_222_222, "0101"))
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([duplicate])  # bulk_create bypasses save(): the constraint still holds


@pytest.mark.django_db
def test_cui_is_unique():
    existing = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="otra@correo.gt", cui=existing.cui, password="x")


@pytest.mark.django_db
@pytest.mark.parametrize("identifier", ["ana@correo.gt", "ANA@Correo.gt", "cui", "cui-dashed"])
def test_people_sign_in_with_email_or_cui(identifier):
    user = UserFactory(email="ana@correo.gt")
    if identifier == "cui":
        identifier = user.cui
    elif identifier == "cui-dashed":
        identifier = f"{user.cui[:4]}-{user.cui[4:9]}-{user.cui[9:]}"
    assert authenticate(request=login_request(), username=identifier, password=PASSWORD) == user


@pytest.mark.django_db
def test_wrong_password_unknown_identifier_and_inactive_accounts_do_not_sign_in():
    user = UserFactory()
    assert authenticate(request=login_request(), username=user.email, password="incorrecta") is None
    assert authenticate(request=login_request(), username="nadie@correo.gt", password=PASSWORD) is None
    assert authenticate(request=login_request(), username="1234567890101", password=PASSWORD) is None
    user.is_active = False
    user.save()
    assert authenticate(request=login_request(), username=user.email, password=PASSWORD) is None


@pytest.mark.django_db
def test_createsuperuser_asks_for_the_cui(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Otra.Clave.2026")
    cui = make_cui(45_454_545, "0301")
    call_command("createsuperuser", "--noinput", email="jefa@onsec.gob.gt", cui=cui, verbosity=0)
    admin = User.objects.get(cui=cui)
    assert admin.is_superuser and admin.is_staff and admin.email_confirmed


@pytest.mark.django_db
def test_full_name_follows_the_dpi_order():
    user = UserFactory(
        first_name="María",
        second_name="José",
        last_name="Pérez",
        second_surname="López",
        married_surname="García",
    )
    assert user.get_full_name() == "María José Pérez López de García"
    assert str(user) == "María José Pérez López de García"


@pytest.mark.django_db
def test_changes_to_a_user_are_kept_in_history_without_the_password():
    user = UserFactory()
    user.first_name = "Cambiado"
    user.save()
    assert user.history.count() >= 2
    assert not hasattr(user.history.first(), "password")
