"""Sessions: a new key at sign-in, nothing left at sign-out, cookies out of scripts' reach,
a password change that ends the other sessions, and sign-in throttling that tells nothing."""

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/cuenta/ingresar/"
CAPTCHA = {"captcha_0": "prueba", "captcha_1": "PASSED"}
NEW_PASSWORD = "Otra.Clave.Segura.2027"


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **CAPTCHA}, **extra)


def session_key(client):
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def is_signed_in(session_key_value):
    visitor = Client()
    visitor.cookies[settings.SESSION_COOKIE_NAME] = session_key_value
    return visitor.get("/tablero/").status_code == 200


@pytest.fixture
def citizen(db):
    return UserFactory()


def test_signing_in_gives_a_new_session_key(client, citizen):
    planted = client.session  # a session that exists before signing in, as an attacker could plant one
    planted["visto"] = True
    planted.save()
    before = session_key(client)
    assert before == planted.session_key
    assert sign_in(client, citizen.cui).status_code == 302
    after = session_key(client)
    assert after != before
    assert not SessionStore().exists(before)
    assert is_signed_in(after)
    assert not is_signed_in(before)


def test_signing_out_ends_the_session_on_the_server(client, citizen):
    sign_in(client, citizen.cui)
    key = session_key(client)
    assert is_signed_in(key)
    assert client.post("/cuenta/salir/").status_code == 302
    assert not SessionStore().exists(key)
    assert not is_signed_in(key)


def test_session_and_csrf_cookies_are_out_of_reach_of_scripts_and_other_sites(client, citizen):
    client.get(LOGIN)
    response = sign_in(client, citizen.cui)
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
        cookie = response.cookies.get(name) or client.cookies[name]
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] == "Lax", name
    assert int(response.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == 8 * 60 * 60


def test_changing_the_password_keeps_this_session_and_ends_the_others(client, citizen):
    elsewhere = Client()
    sign_in(elsewhere, citizen.cui)
    sign_in(client, citizen.cui)
    assert is_signed_in(session_key(elsewhere))
    response = client.post(
        "/cuenta/contrasena/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/tablero/").status_code == 200
    assert elsewhere.get("/tablero/").status_code == 302
    assert not is_signed_in(session_key(elsewhere))


def test_sign_in_does_not_send_people_to_another_site(client, citizen):
    response = client.post(
        f"{LOGIN}?next=https://portal-falso.example/tablero/",
        {"username": citizen.cui, "password": PASSWORD, **CAPTCHA},
    )
    assert response.status_code == 302
    assert response["Location"] == settings.LOGIN_REDIRECT_URL


def test_a_wrong_password_and_an_unknown_cui_get_the_same_answer(client, citizen):
    from core.identifiers import make_cui

    wrong = sign_in(client, citizen.cui, "Incorrecta.1")
    unknown = sign_in(client, make_cui(87_654_321, "0101"), "Incorrecta.1")
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    assert wrong.context["form"].non_field_errors() == [
        "El usuario o la contraseña no son correctos. Revise e intente de nuevo."
    ]


def locked_out_answer(client, username, address):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, username, "Incorrecta.1", REMOTE_ADDR=address)
    return sign_in(client, username, PASSWORD, REMOTE_ADDR=address)


def test_repeated_failures_lock_with_a_spanish_message_whether_or_not_the_cui_exists(client, citizen):
    from core.identifiers import make_cui

    known = locked_out_answer(client, citizen.cui, "10.1.0.1")
    unknown = locked_out_answer(client, make_cui(87_654_321, "0101"), "10.1.0.2")
    assert known.status_code == unknown.status_code == 429
    assert known.content == unknown.content
    assert "Acceso bloqueado temporalmente" in known.content.decode()
    assert "bloqueado durante 30 minutos" in known.content.decode()
    assert "_auth_user_id" not in client.session
