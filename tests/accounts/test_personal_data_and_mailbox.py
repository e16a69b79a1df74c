"""Mis datos personales, the Tablero warning, the casillero and changing the password."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import Notification, Profile
from catalogs.models import Department, EthnicGroup, LinguisticCommunity, Municipality
from tests.factories import PASSWORD, UserFactory, complete_applicant

pytestmark = pytest.mark.django_db
URL = "/cuenta/datos-personales/"


@pytest.fixture
def person(client, catalogs):
    user = UserFactory(first_name="", last_name="")
    client.force_login(user)
    return user


def personal_data(**changes):
    data = {
        "first_name": "Luis",
        "second_name": "Arnoldo",
        "last_name": "Coguox",
        "second_surname": "Gómez",
        "birth_date": "20/05/1986",
        "nit": "576937K",
        "igss_number": "186257028",
        "gender": "M",
        "ethnic_group": EthnicGroup.objects.get(code="LADINA").pk,
        "linguistic_community": LinguisticCommunity.objects.get(code="ESPANOL").pk,
        "nationality": "Guatemalteca",
        "phone": "5555 1234",
        "department": Department.objects.get(code="09").pk,
        "municipality": Municipality.objects.get(code="0901").pk,
        "zone": "3",
        "address": "4a. calle 10-20",
        "notification_address": "4a. calle 10-20",
    }
    data.update(changes)
    return data


def test_saving_personal_data_congratulates_and_keeps_the_dpi(client, person):
    response = client.post(URL, personal_data(cui="9999999999999"), follow=True)
    body = response.content.decode()
    assert "<dialog" in body and "¡Felicidades!" in body and "Ha actualizado sus datos personales." in body
    assert "¡Felicidades!" not in client.get(URL).content.decode()  # once, not on every visit
    person.refresh_from_db()
    profile = Profile.objects.get(user=person)
    assert person.get_full_name() == "Luis Arnoldo Coguox Gómez"
    assert profile.municipality.code == "0901"
    assert profile.phone == "5555-1234"
    assert profile.nit == "576937K"
    assert person.cui != "9999999999999"


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"nit": "1234567-1"}, "nit", "NIT no es válido"),
        ({"municipality": "__guatemala__"}, "municipality", ""),
        ({"phone": "123"}, "phone", "8 dígitos"),
        ({"igss_number": "abc"}, "igss_number", "solo números"),
        ({"address": ""}, "address", "necesario"),
    ],
)
def test_bad_personal_data_gets_a_message_next_to_the_field(client, person, changes, field, fragment):
    if changes.get("municipality") == "__guatemala__":
        changes["municipality"] = Municipality.objects.get(code="0101").pk  # not in Quetzaltenango
    response = client.post(URL, personal_data(**changes))
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(fragment in error for error in errors), errors


def test_municipality_options_follow_the_department(client, catalogs):
    department = Department.objects.get(code="18")
    body = client.get(reverse("catalogs:municipality_options"), {"department": department.pk}).content.decode()
    assert body.count("<option") == 6  # the empty choice and Izabal's 5
    assert "Livingston" in body
    assert client.get(reverse("catalogs:municipality_options"), {"department": "x"}).status_code == 200


def test_the_department_select_refreshes_municipalities_without_reloading(client, person):
    body = client.get(URL).content.decode()
    assert 'hx-get="/cuenta/municipios/"' in body
    assert 'hx-target="#id_municipality"' in body
    assert "/static/vendor/htmx/htmx.min.js" in body


def test_tablero_warns_until_personal_data_is_complete_and_services_redirect(client, person):
    body = client.get("/tablero/").content.decode()
    assert "<h2>¡Se detectaron algunos errores que debe atender!</h2>" in body
    response = client.get("/certificaciones/")
    assert response.status_code == 302
    assert response["Location"] == URL
    client.post(URL, personal_data())
    assert "<h2>¡Se detectaron algunos errores" not in client.get("/tablero/").content.decode()
    # The service also asks for a verified identity: the tablero and Mis Solicitudes say so
    # (with the state of the verification and a way forward) before anyone clicks.
    tablero = client.get("/tablero/").content.decode()
    assert "La Certificación de Servicios requiere verificar su identidad" in tablero
    assert "Requiere identidad verificada (la suya: Sin verificar)." in tablero
    listing = client.get("/certificaciones/")
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "requiere verificar su identidad" in body and "<strong>Sin verificar</strong>" in body
    assert 'href="/cuenta/verificar-identidad/"' in body
    assert "Crear Solicitud" not in body  # its place says what to do instead
    gated = client.get("/certificaciones/terceros/")
    assert gated.status_code == 200  # an ordinary page with a way forward, not an error
    assert "Antes de solicitar, verifique su identidad" in gated.content.decode()
    assert 'href="/cuenta/verificar-identidad/"' in gated.content.decode()
    type(person).objects.filter(pk=person.pk).update(identity_verified_at=timezone.now())
    assert "Crear Solicitud" in client.get("/certificaciones/").content.decode()
    assert "requiere verificar su identidad" not in client.get("/tablero/").content.decode()


def test_casillero_shows_unread_counts_and_marks_read(client, catalogs, django_capture_on_commit_callbacks):
    user = complete_applicant()
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notify(
            recipient=user, title="Solicitud No. 483: Solicitada", body="Detalle confidencial", link="/certificaciones/"
        )
    email = mail.outbox[-1]
    assert email.to == [user.email]
    assert "Tiene una nueva notificación en su casillero electrónico" in email.subject
    assert "Detalle confidencial" not in email.body
    client.force_login(user)
    header = client.get("/casillero/").content.decode()
    assert '<span class="count"' in header
    detail = client.get(reverse("accounts:notification", args=[notification.pk])).content.decode()
    assert "Detalle confidencial" in detail
    notification.refresh_from_db()
    assert notification.is_read
    assert '<span class="count"' not in client.get("/casillero/").content.decode()


def test_nobody_reads_another_persons_notifications(client, catalogs):
    owner, intruder = complete_applicant(), complete_applicant()
    notification = Notification.objects.create(recipient=owner, title="Privada")
    client.force_login(intruder)
    assert client.get(reverse("accounts:notification", args=[notification.pk])).status_code == 404
    client.post(reverse("accounts:mark_all_read"))
    notification.refresh_from_db()
    assert not notification.is_read


def test_private_pages_need_a_signed_in_person(client):
    for url in (URL, "/tablero/", "/casillero/", "/cuenta/contrasena/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/cuenta/ingresar/")


def test_changing_the_password_asks_for_the_current_one(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    client.force_login(user)
    wrong = client.post(
        "/cuenta/contrasena/",
        {"old_password": "x", "new_password1": "Otra.Clave.2030", "new_password2": "Otra.Clave.2030"},
    )
    assert "old_password" in wrong.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        ok = client.post(
            "/cuenta/contrasena/",
            {"old_password": PASSWORD, "new_password1": "Otra.Clave.2030", "new_password2": "Otra.Clave.2030"},
        )
    assert ok.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Otra.Clave.2030")
    assert client.get("/tablero/").status_code == 200  # this session stays signed in
    assert "Su contraseña fue cambiada" in mail.outbox[-1].subject
