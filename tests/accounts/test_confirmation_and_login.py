"""Email confirmation, sign-in by email or CUI, lockout, sign-out and new terms."""

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import services
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/cuenta/ingresar/"


def sign_in(client, username, password=PASSWORD, captcha_answer="PASSED", **extra):
    return client.post(
        LOGIN, {"username": username, "password": password, "captcha_0": "x", "captcha_1": captcha_answer}, **extra
    )


def test_the_confirmation_link_works_once(client, email_link, django_capture_on_commit_callbacks):
    user = UserFactory(email_confirmed_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_confirmation(user)
    link = email_link("/cuenta/confirmar/")
    response = client.get(link)
    assert response.status_code == 200
    assert "¡Su correo fue confirmado!" in response.content.decode()
    user.refresh_from_db()
    assert user.email_confirmed_at is not None
    again = client.get(link)
    assert again.status_code == 400
    assert "El enlace no es válido" in again.content.decode()


def test_the_confirmation_link_expires_after_24_hours(client, monkeypatch):
    user = UserFactory(email_confirmed_at=None)
    link = f"/cuenta/confirmar/{services.confirmation_token(user)}/"
    later = time.time() + 25 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert client.get(link).status_code == 400
    user.refresh_from_db()
    assert user.email_confirmed_at is None


def test_a_tampered_link_is_refused(client):
    assert client.get("/cuenta/confirmar/abc:def/").status_code == 400


def test_unconfirmed_accounts_cannot_sign_in_and_can_ask_again(client, captcha, django_capture_on_commit_callbacks):
    user = UserFactory(email_confirmed_at=None)
    response = sign_in(client, user.email)
    assert response.status_code == 200
    assert "Aún no ha confirmado su correo electrónico" in response.content.decode()
    assert "_auth_user_id" not in client.session
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:resend_confirmation"), {"identifier": user.cui, **captcha})
    assert "/cuenta/confirmar/" in mail.outbox[-1].body


@pytest.mark.parametrize("how", ["email", "EMAIL", "cui", "cui-dashes"])
def test_people_sign_in_with_email_or_cui_and_get_a_new_session(client, terms, how):
    user = UserFactory(email="ana@correo.gt")
    services.accept_terms(user=user, revision=terms.live_revision)
    username = {
        "email": user.email,
        "EMAIL": user.email.upper(),
        "cui": user.cui,
        "cui-dashes": f"{user.cui[:4]}-{user.cui[4:9]}-{user.cui[9:]}",
    }[how]
    client.get(LOGIN)
    before = client.session.session_key
    response = sign_in(client, username)
    assert response.status_code == 302
    assert response["Location"] == "/tablero/"
    assert client.session.session_key != before
    assert int(client.session["_auth_user_id"]) == user.pk


def test_wrong_password_and_unknown_user_get_the_same_message(client):
    user = UserFactory()
    wrong = sign_in(client, user.email, "Incorrecta.1").content.decode()
    unknown = sign_in(client, "nadie@correo.gt", "Incorrecta.1").content.decode()
    message = "El usuario o la contraseña no son correctos"
    assert message in wrong and message in unknown


def test_the_captcha_is_required(client):
    user = UserFactory()
    response = sign_in(client, user.email, captcha_answer="NOPE")
    assert "no coinciden con la imagen" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_ten_failures_lock_that_username_from_that_address_only(client):
    user, other = UserFactory(), UserFactory()
    for _attempt in range(10):
        sign_in(client, user.cui, "Incorrecta.1", REMOTE_ADDR="10.0.0.5")
    locked = sign_in(client, user.cui, REMOTE_ADDR="10.0.0.5")
    assert locked.status_code == 429
    assert "Acceso bloqueado temporalmente" in locked.content.decode()
    assert "¿Olvidó su contraseña?" in locked.content.decode()
    # Typing the same person differently does not get around the lock.
    dashed = f"{user.cui[:4]}-{user.cui[4:9]}-{user.cui[9:]}"
    assert sign_in(client, dashed, REMOTE_ADDR="10.0.0.5").status_code == 429
    # Other people, and the same person from elsewhere, are not locked out.
    assert sign_in(client, other.email, REMOTE_ADDR="10.0.0.5").status_code == 302
    client.post("/cuenta/salir/")
    assert sign_in(client, user.cui, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_the_lock_expires_after_the_cool_off(client):
    user = UserFactory()
    for _attempt in range(10):
        sign_in(client, user.email, "Incorrecta.1", REMOTE_ADDR="10.0.0.7")
    assert sign_in(client, user.email, REMOTE_ADDR="10.0.0.7").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert sign_in(client, user.email, REMOTE_ADDR="10.0.0.7").status_code == 302


def test_sign_out_is_post_only(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/cuenta/salir/").status_code == 405
    assert client.post("/cuenta/salir/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_new_terms_version_must_be_accepted_at_next_sign_in(client, terms):
    user = UserFactory()
    services.accept_terms(user=user, revision=terms.live_revision)
    terms.body += "<p>Cláusula nueva.</p>"
    terms.save_revision().publish()
    sign_in(client, user.email)
    response = client.get("/tablero/")
    assert response.status_code == 302
    assert response["Location"].startswith("/cuenta/terminos/")
    page = client.get(response["Location"])
    assert "Nueva versión de los términos y condiciones" in page.content.decode()
    accepted = client.post(response["Location"], {"accept_terms": "on"})
    assert accepted.status_code == 302
    assert client.get("/tablero/").status_code == 200
    assert user.terms_acceptances.count() == 2
