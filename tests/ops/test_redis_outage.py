"""A Redis outage slows nothing that matters and loses nothing (a redis-server of the test's
own on another loopback port, stopped or frozen on purpose; never the shared one).

Signed-in people stay signed in and their wizard posts are saved; sign-in and sign-out work;
/salud/ answers 503 naming the cache, and 200 again once Redis is back; the forms that send
email to strangers refuse with a clear Spanish message instead of sending unthrottled.
"""

import signal
import time

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from catalogs.models import Department, Municipality
from config import redis as breaker
from config import sessions
from config.settings.base import redis_caches
from core.identifiers import make_cui
from requests_app import services
from requests_app.setup import ensure_document_requirements
from tests.factories import PASSWORD, _catalog, complete_applicant

pytestmark = pytest.mark.django_db

LOGIN = "/cuenta/ingresar/"
CAPTCHA = {"captcha_0": "prueba", "captcha_1": "PASSED"}
UNAVAILABLE = "Por una falla temporal no podemos atender este formulario en este momento."


@pytest.fixture
def on_redis(settings, redis_server):
    """The production settings for REDIS_URL, pointed at the test's own Redis."""
    settings.CACHES = redis_caches(redis_server.url, timeout=0.3)
    settings.SESSION_ENGINE = "config.sessions"
    settings.SESSION_CACHE_ALIAS = "sessions"
    settings.REDIS_RETRY_AFTER = 1
    sessions._pending.clear()
    breaker.reset()
    yield redis_server
    sessions._pending.clear()
    breaker.reset()


def redis_back(server):
    """Redis answers again, and the breaker has let this process try it again."""
    if server.process is None:
        server.start()
    deadline = time.monotonic() + 5
    while breaker.is_open(("127.0.0.1", server.port)) and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.fixture
def applicant(catalogs, home_page):
    ensure_document_requirements()
    return complete_applicant()


def sign_in(client, user):
    response = client.post(LOGIN, {"username": user.cui, "password": PASSWORD, **CAPTCHA})
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == reverse("accounts:dashboard")


def signed_in(client):
    return client.get("/tablero/").status_code == 200


def session_key(client):
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def period_form():
    return {
        "institution": _catalog("Institution", "ONSEC").pk,
        "dependency": "Dirección de Recursos Humanos",
        "position_title": "Oficinista I",
        "start_date": "01/02/1990",
        "end_date": "31/10/1999",
        "budget_line": _catalog("BudgetLine", "011").pk,
        "department": Department.objects.get(code="01").pk,
        "municipality": Municipality.objects.get(code="0101").pk,
    }


def test_a_signed_in_person_stays_signed_in_and_the_wizard_post_is_saved(client, on_redis, applicant):
    sign_in(client, applicant)
    assert caches["sessions"].get(sessions.KEY_PREFIX + session_key(client)) is not None  # copy in Redis
    draft = services.request_create(applicant=applicant)
    on_redis.stop()
    assert signed_in(client)
    response = client.post(reverse("requests_app:step_periods", args=[draft.pk]), period_form(), follow=True)
    assert response.status_code == 200
    assert "Se cargó el tiempo de servicio a la solicitud." in response.content.decode()
    assert draft.periods.get().position_title == "Oficinista I"
    redis_back(on_redis)
    assert signed_in(client)
    assert client.get(reverse("requests_app:step_periods", args=[draft.pk])).status_code == 200


def test_sign_in_and_sign_out_work_while_redis_is_down(client, on_redis, applicant):
    on_redis.stop()
    assert client.get(LOGIN).status_code == 200
    sign_in(client, applicant)
    assert signed_in(client)
    key = session_key(client)
    assert client.post("/cuenta/salir/").status_code == 302
    visitor = Client()
    visitor.cookies[settings.SESSION_COOKIE_NAME] = key
    assert visitor.get("/tablero/").status_code == 302  # sent to sign in: the session is over


def test_a_session_ended_during_the_outage_is_not_revived_by_redis_coming_back(client, on_redis, applicant):
    """Redis frozen (not restarted, so it keeps its data): sign-out cannot drop Redis's copy; the
    copy is dropped as soon as Redis answers again."""
    sign_in(client, applicant)
    key = session_key(client)
    on_redis.process.send_signal(signal.SIGSTOP)
    try:
        assert client.post("/cuenta/salir/").status_code == 302
    finally:
        on_redis.process.send_signal(signal.SIGCONT)
    redis_back(on_redis)
    assert sessions.stale_keys() == {sessions.KEY_PREFIX + key}
    assert caches["sessions"].get(sessions.KEY_PREFIX + key) is not None  # the old copy is still there
    visitor = Client()
    visitor.cookies[settings.SESSION_COOKIE_NAME] = key
    assert visitor.get("/tablero/").status_code == 302
    assert caches["sessions"].get(sessions.KEY_PREFIX + key) is None
    assert sessions.stale_keys() == set()


def test_session_copies_in_redis_are_short_lived(client, on_redis, applicant):
    import redis

    sign_in(client, applicant)
    connection = redis.Redis.from_url(on_redis.url)
    [stored] = [name for name in connection.keys("*") if sessions.KEY_PREFIX.encode() in name]
    assert 0 < connection.ttl(stored) <= settings.SESSION_CACHE_TIMEOUT < settings.SESSION_COOKIE_AGE


def test_health_names_the_cache_during_the_outage_and_recovers(client, on_redis):
    assert client.get("/salud/").status_code == 200
    on_redis.stop()
    response = client.get("/salud/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["fallan"] == ["cache"]
    assert client.get("/salud/vivo/").status_code == 200  # the process itself is fine
    redis_back(on_redis)
    response = client.get("/salud/")
    assert response.status_code == 200
    assert response.json()["estado"] == "ok"


def test_public_pages_answer_while_redis_is_down(client, on_redis, home_page):
    on_redis.stop()
    assert client.get("/").status_code == 200
    assert client.get("/verificar/no-existe/").status_code == 404  # verification stays open (nothing sent)


def test_registration_is_refused_with_a_clear_message_while_it_cannot_be_throttled(client, on_redis, home_page):
    cui = make_cui(24_567_890, "0101")
    form = {
        "cui": cui,
        "birth_date": "20/05/1986",
        "email": "luis.coguox@correo.gt",
        "email2": "luis.coguox@correo.gt",
        "password1": "Tiempo.Servicio.2026",
        "password2": "Tiempo.Servicio.2026",
        "accept_terms": "on",
        **CAPTCHA,
    }
    on_redis.stop()
    response = client.post("/cuenta/registro/", form)
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    page = response.content.decode()
    assert UNAVAILABLE in page
    assert "No se guardó ni se envió nada" in page
    assert 'value="luis.coguox@correo.gt"' in page  # what the person typed is kept
    assert not get_user_model().objects.filter(cui=cui).exists()
    assert mail.outbox == []
    redis_back(on_redis)
    response = client.post("/cuenta/registro/", form)
    assert response.status_code == 302
    assert get_user_model().objects.filter(cui=cui).exists()


def test_a_frozen_redis_costs_one_timeout_then_pages_answer_at_once(client, on_redis, applicant, settings):
    """A Redis that accepts connections but never answers: the first call waits REDIS_TIMEOUT,
    then the breaker keeps this process away from Redis for REDIS_RETRY_AFTER seconds."""
    sign_in(client, applicant)
    settings.REDIS_RETRY_AFTER = 30  # the whole measurement inside one pause
    on_redis.process.send_signal(signal.SIGSTOP)
    try:
        durations = []
        for _ in range(6):
            started = time.perf_counter()
            assert signed_in(client)
            durations.append(time.perf_counter() - started)
    finally:
        on_redis.process.send_signal(signal.SIGCONT)
    assert durations[0] >= 0.3  # one timeout
    assert max(durations[1:]) < 0.25, durations  # no more waiting on Redis
    assert client.get("/salud/").json()["fallan"] == ["cache"]
    breaker.reset()
    assert client.get("/salud/").status_code == 200


def test_redis_url_turns_on_the_fail_safe_configuration_in_production():
    import json
    import os
    import subprocess
    import sys

    code = (
        "import django, json; django.setup(); from django.conf import settings as s\n"
        "print(json.dumps([s.SESSION_ENGINE, s.SESSION_CACHE_ALIAS, s.CACHES['default']['BACKEND'],"
        " s.CACHES['default']['OPTIONS']['IGNORE_EXCEPTIONS'], s.CACHES['sessions']['OPTIONS']['IGNORE_EXCEPTIONS'],"
        " s.CACHES['default']['OPTIONS']['SOCKET_TIMEOUT'], s.RATELIMIT_FAIL_OPEN, s.AXES_HANDLER]))\n"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "portal.gob.gt",
        "REDIS_URL": "redis://redis.interno:6379/0",
        "REDIS_TIMEOUT": "0.25",
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "config.sessions",
        "sessions",
        "django_redis.cache.RedisCache",
        True,
        False,
        0.25,
        True,
        "axes.handlers.database.AxesDatabaseHandler",  # sign-in throttling never depends on Redis
    ]
