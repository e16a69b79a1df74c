"""Real client addresses behind the proxy: lockouts and throttling are per citizen, not per proxy,
and a client that talks to the portal directly cannot choose its address with X-Forwarded-For."""

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings

from accounts.client_ip import client_ip
from config.settings.base import client_ip_settings
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/cuenta/ingresar/"
RECOVERY = "/cuenta/recuperar/sin-correo/"
CAPTCHA = {"captcha_0": "prueba", "captcha_1": "PASSED"}
PROXY = "10.0.0.2"  # the proxy's own address, the REMOTE_ADDR of every proxied request
behind_one_proxy = override_settings(**client_ip_settings(1))
direct = override_settings(**client_ip_settings(0))


def via_proxy(citizen_address, forged=""):
    """What the proxy sends: it appends the address it saw to whatever the client wrote."""
    chain = f"{forged}, {citizen_address}" if forged else citizen_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": chain}


def sign_in(client, username, password, **meta):
    return client.post(LOGIN, {"username": username, "password": password, **CAPTCHA}, **meta)


def fail_until_locked(client, username, **meta):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, username, "Incorrecta.1", **meta)


@behind_one_proxy
def test_behind_the_proxy_one_citizen_locked_out_does_not_lock_another_with_the_same_username(client):
    citizen = UserFactory()
    fail_until_locked(client, citizen.email, **via_proxy("190.56.1.20"))
    assert sign_in(client, citizen.email, PASSWORD, **via_proxy("190.56.1.20")).status_code == 429
    # The real owner, elsewhere in the country but behind the same proxy, still signs in.
    assert sign_in(client, citizen.email, PASSWORD, **via_proxy("181.114.7.9")).status_code == 302


@behind_one_proxy
def test_behind_the_proxy_an_attacker_cannot_escape_the_lockout_with_a_forged_header(client):
    citizen = UserFactory()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, citizen.email, "Incorrecta.1", **via_proxy("190.56.1.20", forged=f"1.1.1.{attempt}"))
    assert sign_in(client, citizen.email, PASSWORD, **via_proxy("190.56.1.20", forged="8.8.8.8")).status_code == 429


@behind_one_proxy
def test_behind_the_proxy_each_citizen_has_their_own_throttling_bucket(client):
    user = UserFactory()
    data = {"cui": user.cui, "birth_date": "01/01/1950", "new_email": "x@correo.gt", "new_email2": "x@correo.gt"}
    for _attempt in range(5):
        assert client.post(RECOVERY, {**data, **CAPTCHA}, **via_proxy("190.56.1.20")).status_code == 200
    limited = client.post(RECOVERY, {**data, **CAPTCHA}, **via_proxy("190.56.1.20"))
    assert limited.status_code == 429
    assert "Hizo demasiadas solicitudes" in limited.content.decode()
    # Another citizen behind the same proxy is not throttled...
    assert client.post(RECOVERY, {**data, **CAPTCHA}, **via_proxy("181.114.7.9")).status_code == 200
    # ...and the throttled one cannot get a fresh bucket by writing another address in the header.
    forged = client.post(RECOVERY, {**data, **CAPTCHA}, **via_proxy("190.56.1.20", forged="5.5.5.5"))
    assert forged.status_code == 429


@direct
def test_a_direct_client_cannot_pick_its_address_with_x_forwarded_for(client):
    citizen = UserFactory()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(
            client, citizen.email, "Incorrecta.1", REMOTE_ADDR="190.56.1.20", HTTP_X_FORWARDED_FOR=f"1.1.1.{attempt}"
        )
    answer = sign_in(client, citizen.email, PASSWORD, REMOTE_ADDR="190.56.1.20", HTTP_X_FORWARDED_FOR="9.9.9.9")
    assert answer.status_code == 429


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": "190.56.1.20", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "190.56.1.20"),
        (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "1.2.3.4, 190.56.1.20"}, "190.56.1.20"),
        (1, {"REMOTE_ADDR": PROXY}, PROXY),  # a request the proxy did not forward (a health check)
        (2, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "1.2.3.4, 190.56.1.20, 10.0.0.3"}, "190.56.1.20"),
    ],
)
def test_the_address_recorded_is_the_one_the_first_trusted_proxy_saw(proxies, meta, expected):
    with override_settings(**client_ip_settings(proxies)):
        assert client_ip(RequestFactory().get("/", **meta)) == expected
