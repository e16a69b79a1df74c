"""Being signed in costs one session read and one user query, nothing more.

Counted on the bare view (``/salud/vivo/``), the benchmark's baseline: queries, cache calls,
and nothing written back (no session save, no cookie), with the database sessions of the
tests and with the production store (``config.sessions``, Redis in production; here two
local-memory aliases sharing one store, as the two Redis aliases share one server).
"""

from contextlib import ExitStack
from datetime import date, datetime, time
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Notification
from accounts.services import accept_terms
from cms import content_version
from cms.models import TermsOfUsePage
from cms.setup import ensure_portal_content
from config import sessions
from requests_app.constants import RequestState
from requests_app.models import OfficeClosure, RequestEvent
from tests.factories import CertificationRequestFactory, UserFactory, complete_applicant

pytestmark = pytest.mark.django_db

BARE_VIEW = "/salud/vivo/"


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9)))


CACHE_CALLS = ("get", "get_many", "set", "add", "delete", "set_many", "delete_many", "incr", "touch")


@pytest.fixture
def signed_in(client):
    ensure_portal_content()
    user = UserFactory()
    accept_terms(user=user, revision=TermsOfUsePage.objects.live().get().live_revision)
    client.force_login(user)
    return client


@pytest.fixture
def redis_like_sessions(settings):
    """``config.sessions`` over two cache aliases that share one store, like the production pair."""
    store = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "compartida"}
    settings.CACHES = {"default": store, "sessions": store}
    settings.SESSION_ENGINE = "config.sessions"
    settings.SESSION_CACHE_ALIAS = "sessions"
    sessions._pending.clear()
    yield
    caches["default"].clear()


def cost_of(client, path=BARE_VIEW):
    """Queries run and cache calls made (alias, method) by one GET, and its response.

    Only outermost calls count: a local-memory ``get_many`` calls ``get`` for each key, where
    Redis answers one MGET.
    """
    calls, depth = [], [0]

    def spy(method, call):
        def counted(*args, **kwargs):
            if not depth[0]:
                calls.append(call)
            depth[0] += 1
            try:
                return method(*args, **kwargs)
            finally:
                depth[0] -= 1

        return counted

    with ExitStack() as stack:
        for alias in ("default", "sessions"):
            if alias not in caches:
                continue
            cache = caches[alias]
            for name in CACHE_CALLS:
                stack.enter_context(mock.patch.object(cache, name, spy(getattr(cache, name), (alias, name))))
        captured = stack.enter_context(CaptureQueriesContext(connection))
        response = client.get(path)
    return [query["sql"] for query in captured], calls, response


def test_with_database_sessions_a_signed_in_request_reads_the_session_and_the_user_once(signed_in):
    signed_in.get(BARE_VIEW)
    queries, calls, response = cost_of(signed_in)
    assert response.status_code == 200
    assert len(queries) == 2, queries
    assert '"django_session"' in queries[0] and queries[0].startswith("SELECT")
    assert '"accounts_user"' in queries[1] and queries[1].startswith("SELECT")
    assert calls == [("default", "get")]  # the content version: the terms revision is this process's copy
    assert not response.cookies  # the session is not saved again


def test_with_the_production_session_store_it_is_one_cache_read_and_the_user_query(signed_in, redis_like_sessions):
    signed_in.get(BARE_VIEW)  # copies the session into the cache
    queries, calls, response = cost_of(signed_in)
    assert response.status_code == 200
    assert len(queries) == 1 and '"accounts_user"' in queries[0], queries
    assert calls == [("sessions", "get_many")]  # the session and the content version in one round trip
    assert not response.cookies


def test_a_sessions_cache_of_its_own_is_read_alone_once_the_settings_say_so(signed_in, redis_like_sessions, settings):
    """Whether the sessions' cache shares its keys with the default one is decided once per process, and decided
    again when the cache settings change: a sessions cache of its own is not asked for the shared versions."""
    signed_in.get(BARE_VIEW)
    assert cost_of(signed_in)[1] == [("sessions", "get_many")]
    settings.CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
        for alias in ("default", "sessions")
    }
    signed_in.get(BARE_VIEW)  # copies the session into its own cache
    _queries, calls, response = cost_of(signed_in)
    assert response.status_code == 200
    assert calls[0] == ("sessions", "get") and ("sessions", "get_many") not in calls, calls
    assert ("default", "get") in calls  # the content version, from the default cache


def test_a_visitor_without_a_session_costs_no_query_and_no_cache_read(client, redis_like_sessions):
    """The user is read at once on every request (``accounts.middleware.AuthenticationMiddleware``): without a
    session cookie that is the anonymous user, found without asking anything."""
    ensure_portal_content()
    client.get(BARE_VIEW)
    queries, calls, response = cost_of(client)
    assert response.status_code == 200
    assert queries == [] and calls == []
    assert not response.cookies


def test_the_content_version_read_with_the_session_still_shows_new_terms_at_once(signed_in, redis_like_sessions):
    assert signed_in.get("/tablero/").status_code == 200
    terms = TermsOfUsePage.objects.live().get()
    terms.intro = "Nueva versión de los términos."
    terms.save_revision().publish()
    response = signed_in.get("/tablero/")
    assert response.status_code == 302 and "/cuenta/terminos/" in response["Location"]


def test_another_node_bumping_the_version_is_seen_through_the_session_read(signed_in, redis_like_sessions):
    signed_in.get(BARE_VIEW)
    before = content_version.current()
    content_version.bump()  # as another node's signal handler would, in the shared store
    request = signed_in.get(BARE_VIEW).wsgi_request
    assert content_version.for_request(request) not in (None, before)


def test_the_user_is_still_checked_on_every_request(signed_in):
    """The per-process SQL changes nothing about who may stay signed in."""
    person = get_user_model().objects.get(pk=signed_in.session["_auth_user_id"])
    assert signed_in.get("/tablero/").status_code == 200
    person.is_active = False
    person.save(update_fields=["is_active"])
    assert signed_in.get("/tablero/").status_code == 302


def test_the_user_read_for_each_request_is_the_user_the_orm_reads(signed_in):
    from accounts.backends import EmailOrCuiBackend

    person = get_user_model().objects.get(pk=signed_in.session["_auth_user_id"])
    loaded = EmailOrCuiBackend().get_user(str(person.pk))
    for field in get_user_model()._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(person, field.attname), field.name
    assert loaded._state.adding is False and loaded._state.db == "default"
    assert EmailOrCuiBackend().get_user("999999999") is None
    assert EmailOrCuiBackend().get_user("no es un número") is None


@pytest.fixture
def applicant_in(client, catalogs):
    """A signed-in applicant with complete personal data and one request."""
    ensure_portal_content()
    applicant = complete_applicant()
    accept_terms(user=applicant, revision=TermsOfUsePage.objects.live().get().live_revision)
    client.force_login(applicant)
    return client, CertificationRequestFactory(applicant=applicant, state=RequestState.SUBMITTED)


def test_the_reloj_pays_no_cache_round_trip_beyond_the_session_read(applicant_in, redis_like_sessions):
    """The reference version (office closures, catalogs) comes with the session: no GET of its own."""
    client, request = applicant_in
    path = f"/certificaciones/{request.pk}/historial/"
    client.get(path)
    _queries, calls, response = cost_of(client, path)
    assert response.status_code == 200
    assert calls == [("sessions", "get_many")]


def test_the_reloj_reads_the_request_and_its_state_changes_in_one_query(applicant_in, redis_like_sessions):
    client, request = applicant_in
    for day, state in ((16, RequestState.SUBMITTED), (17, RequestState.IN_REVIEW)):
        RequestEvent.objects.create(request=request, to_state=state, created_at=at(date(2026, 11, day)))
    path = f"/certificaciones/{request.pk}/historial/"
    client.get(path)
    queries, _calls, response = cost_of(client, path)
    page = response.content.decode()
    assert response.status_code == 200
    assert len(queries) == 2, queries  # the user, then the request with its events
    assert page.index("16/11/2026") < page.index("17/11/2026")


def test_an_office_closure_saved_on_another_node_shows_in_the_next_reloj(applicant_in, redis_like_sessions):
    client, request = applicant_in
    RequestEvent.objects.create(request=request, to_state=RequestState.SUBMITTED, created_at=at(date(2026, 11, 16)))
    path = f"/certificaciones/{request.pk}/historial/"
    with mock.patch("django.utils.timezone.now", return_value=at(date(2026, 11, 20))):
        assert "(4 días hábiles)" in client.get(path).content.decode()
        OfficeClosure.objects.create(date=date(2026, 11, 18), reason="Asueto")
        assert "(3 días hábiles)" in client.get(path).content.decode()
        OfficeClosure.objects.all().delete()
        assert "(4 días hábiles)" in client.get(path).content.decode()


def test_the_unread_count_in_the_header_follows_the_casillero(signed_in):
    person = get_user_model().objects.get(pk=signed_in.session["_auth_user_id"])
    Notification.objects.create(recipient=person, title="Leída", read_at=timezone.now())
    Notification.objects.create(recipient=UserFactory(), title="De otra persona")
    assert 'class="count"' not in signed_in.get("/tablero/").content.decode()
    for title in ("Uno", "Dos"):
        Notification.objects.create(recipient=person, title=title)
    assert '<span class="count" aria-label="2 sin leer">2</span>' in signed_in.get("/tablero/").content.decode()
    assert Notification.objects.unread_count(person) == 2


def test_the_unread_count_comes_with_the_user_row_not_a_query_of_its_own(signed_in):
    person = get_user_model().objects.get(pk=signed_in.session["_auth_user_id"])
    Notification.objects.create(recipient=person, title="Uno")
    signed_in.get("/tablero/")
    queries, _calls, response = cost_of(signed_in, "/tablero/")
    assert '<span class="count" aria-label="1 sin leer">1</span>' in response.content.decode()
    assert not [sql for sql in queries if '"accounts_notification"' in sql and '"accounts_user"' not in sql], queries


def test_opening_the_last_unread_message_clears_the_badge_on_the_same_page(signed_in):
    person = get_user_model().objects.get(pk=signed_in.session["_auth_user_id"])
    message = Notification.objects.create(recipient=person, title="Solicitud No. 7: Emitida")
    page = signed_in.get(f"/casillero/{message.pk}/").content.decode()
    assert "Solicitud No. 7: Emitida" in page
    assert 'class="count"' not in page
    message.refresh_from_db()
    assert message.is_read
