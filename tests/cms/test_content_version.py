"""Content every page shows is read once per process, and a change shows on the next request, on every node."""

import pytest
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.services import accept_terms
from cms import content_version
from cms.models import HomePage, TermsOfUsePage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return len(captured), response


def test_an_anonymous_visitor_gets_the_home_page_without_a_query_after_the_first(client, portal_pages):
    first_count, first = queries_for(client, "/")
    again_count, again = queries_for(client, "/")
    assert first.status_code == again.status_code == 200
    assert first_count > 0 and again_count == 0
    assert again.content == first.content
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert again.has_header(header), header


def test_a_published_edit_shows_at_the_next_request(client, portal_pages):
    client.get("/")
    page = HomePage.objects.get()
    page.intro = "Bienvenida revisada por el equipo editorial."
    page.save_revision().publish()
    assert "Bienvenida revisada por el equipo editorial." in client.get("/").content.decode()


def test_portal_settings_show_in_the_footer_at_the_next_request(client, portal, portal_pages):
    client.get("/")
    portal.office_phone = "2299-0000"
    portal.save()
    assert "2299-0000" in client.get("/").content.decode()


def test_another_node_changing_content_is_seen_here(client, portal_pages):
    """A node's change bumps the shared version (the cache): this process reads its copies again."""
    client.get("/")
    HomePage.objects.update(intro="Texto cambiado directamente en la base de datos.")  # no signal here...
    assert "Texto cambiado directamente" not in client.get("/").content.decode()
    content_version.bump()  # ...as another web node's signal handler would do through Redis
    assert "Texto cambiado directamente" in client.get("/").content.decode()


def test_signed_in_people_and_pages_with_messages_are_never_served_a_shared_page(client, portal_pages):
    client.get("/")
    user = UserFactory()
    accept_terms(user=user, revision=TermsOfUsePage.objects.live().get().live_revision)
    client.force_login(user)
    body = client.get("/").content.decode()
    assert "Salir" in body and "Ingresar" not in body  # their own header, not the visitors' copy
    client.post("/cuenta/salir/")
    assert "Ingresar" in client.get("/").content.decode()


def test_a_query_string_is_not_shared(client, portal_pages):
    client.get("/")
    count, _response = queries_for(client, "/?utm=1")
    assert count > 0


def test_signed_in_requests_read_the_terms_revision_once_per_process(client, portal_pages):
    user = UserFactory()
    accept_terms(user=user, revision=TermsOfUsePage.objects.live().get().live_revision)
    client.force_login(user)
    client.get("/salud/vivo/")
    count, response = queries_for(client, "/salud/vivo/")
    assert response.status_code == 200
    assert count <= 2  # the session and the user: the terms revision comes from this process's copy


def test_publishing_new_terms_asks_signed_in_people_to_accept_them_at_the_next_request(client, portal_pages):
    user = UserFactory()
    client.force_login(user)
    terms = TermsOfUsePage.objects.live().get()
    session = client.session
    session["accepted_terms_revision"] = terms.live_revision_id
    session.save()
    assert client.get("/tablero/").status_code == 200
    terms.intro = "Nueva versión de los términos."
    terms.save_revision().publish()
    response = client.get("/tablero/")
    assert response.status_code == 302 and "/cuenta/terminos/" in response["Location"]


def test_only_saves_of_shared_content_change_the_version(portal, portal_pages):
    """post_save is connected per sender: saving a person or a notice leaves every process's copies valid."""
    version = content_version.current()
    user = UserFactory()
    user.first_name = "Otro"
    user.save()
    notice = user.notifications.create(title="Aviso", body="Sin relación con el contenido.")
    notice.save()
    assert content_version.current() == version
    portal.save()
    assert content_version.current() != version


def test_a_request_names_its_host_once_and_only_an_allowed_one(rf, settings):
    """The keys of a page's kept copies name the request's host: checked against ALLOWED_HOSTS, once a request."""
    settings.ALLOWED_HOSTS = ["portal.example"]
    request = rf.get("/", HTTP_HOST="portal.example")
    assert content_version.host(request) == "portal.example"
    request.META["HTTP_HOST"] = "otro.example"
    assert content_version.host(request) == "portal.example"
    with pytest.raises(DisallowedHost):
        content_version.host(rf.get("/", HTTP_HOST="otro.example"))


def test_a_signed_in_page_asked_for_another_host_is_refused(client, portal_pages, settings):
    settings.ALLOWED_HOSTS = ["portal.example"]
    client.force_login(UserFactory())
    assert client.get("/certificaciones/", HTTP_HOST="otro.example").status_code == 400
