"""A kept page is the page a plain render gives, for whoever asks, with nothing shown late.

``cms.kept_pages.render_kept`` renders a page's template once per process and shape and then
only its ``{% per_request %}`` blocks for each request. Mis Solicitudes is drawn that way.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render
from django.template import RequestContext, engines
from django.test import RequestFactory

from accounts.models import Notification, Profile
from accounts.services import accept_terms
from cms import content_version
from cms.kept_pages import fill, kept_row, render_kept
from cms.models import TermsOfUsePage
from cms.setup import ensure_portal_content
from requests_app import services
from requests_app.models import CertificationRequest
from requests_app.views import requests as request_views
from tests.factories import ThirdPartyFactory, UserFactory, complete_applicant, complete_draft

pytestmark = pytest.mark.django_db

LIST = "/certificaciones/"
PER_REQUEST_VALUES = [
    re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"'),
    re.compile(r'(name="token" value=")[^"]+"'),
]


def page_of(client, url=LIST) -> str:
    return masked(client.get(url))


def masked(response) -> str:
    """The page of a 200 response with its per-request tokens blanked out, so two renders can be compared."""
    assert response.status_code == 200
    html = response.content.decode()
    for value in PER_REQUEST_VALUES:
        html = value.sub(r'\1…"', html)
    return html


def plain(request, template_name, context, *, shape=(), values=()):
    return render(request, template_name, context)


def kept_then_plain(client, monkeypatch, views, pages):
    """Each (applicant, url) page drawn from the kept rendering, in turn, then asserted equal to a plain render."""
    kept = []
    for applicant, url in pages:  # the second is drawn from what the first one's request kept
        client.force_login(applicant)
        kept.append(page_of(client, url))
    monkeypatch.setattr(views, "render_kept", plain)
    for (applicant, url), page in zip(pages, kept, strict=True):
        client.force_login(applicant)
        assert page == page_of(client, url)
    return kept


@pytest.fixture
def applicants(catalogs, client):
    ensure_portal_content()
    content_version.memo.clear()
    first, second = complete_applicant(), complete_applicant()
    terms = TermsOfUsePage.objects.live().get().live_revision
    for applicant in (first, second):
        accept_terms(user=applicant, revision=terms)
    services.request_create(applicant=first)
    for _ in range(3):
        services.request_create(applicant=second)
    Notification.objects.create(recipient=second, title="Aviso", body="Su solicitud cambió.")
    return first, second


def test_mis_solicitudes_drawn_from_the_kept_page_is_the_plain_page_for_each_applicant(client, applicants, monkeypatch):
    first, second = kept_then_plain(client, monkeypatch, request_views, [(applicant, LIST) for applicant in applicants])
    assert first != second
    assert 'aria-label="1 sin leer">1</span>' in second and "sin leer" not in first


def test_each_kept_page_gets_its_own_tokens(client, applicants):
    client.force_login(applicants[0])
    pages = [client.get(LIST).content.decode() for _ in range(2)]
    tokens = [re.findall(r'name="(?:csrfmiddlewaretoken|token)" value="([^"]+)"', page) for page in pages]
    assert len(tokens[0]) == 4  # sign out, create (token and its form's token), delete
    assert not set(tokens[0]) & set(tokens[1])  # masked anew / a new create token each time


def test_a_message_and_a_new_notification_show_on_the_next_kept_page(client, applicants):
    first, _ = applicants
    client.force_login(first)
    page_of(client)
    draft = CertificationRequest.objects.get(applicant=first)
    response = client.post(f"/certificaciones/{draft.pk}/eliminar/", follow=True)
    assert "Se eliminó la solicitud" in response.content.decode()
    Notification.objects.create(recipient=first, title="Nuevo", body="Tiene un mensaje.")
    page = page_of(client)
    assert 'aria-label="1 sin leer">1</span>' in page
    assert "Se eliminó la solicitud" not in page  # a message shows once


def test_an_edited_menu_shows_on_the_next_kept_page(client, applicants):
    from wagtail.models import Page

    client.force_login(applicants[0])
    page_of(client)
    guide = Page.objects.live().filter(show_in_menus=True).first().specific
    guide.title = "Guía renovada del portal"
    guide.save_revision().publish()
    assert "Guía renovada del portal" in page_of(client)


def test_a_csrf_token_outside_a_per_request_block_is_refused(settings, tmp_path):
    (tmp_path / "pagina.html").write_text("<form>{% csrf_token %}</form>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    request = RequestFactory().get("/")
    request.user, request.session = AnonymousUser(), SessionStore()
    content_version.memo.clear()
    with pytest.raises(ImproperlyConfigured, match="token CSRF fuera"):
        render_kept(request, "pagina.html", {})


def test_a_csrf_token_in_a_kept_row_that_does_not_name_it_is_refused(settings, tmp_path, rf):
    (tmp_path / "fila.html").write_text("<tr><td>{{ row.name }}<form>{% csrf_token %}</form></td></tr>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    content_version.memo.clear()
    request = rf.get("/")
    context = RequestContext(request, {"request": request, "csrf_token": "secreto-de-esta-persona"})
    context.template = engines["django"].from_string("").template
    with pytest.raises(ImproperlyConfigured, match="token CSRF en una fila"):
        kept_row(context, "fila.html", {"name": "Ana"})
    markup = kept_row(context, "fila.html", {"name": "Ana", "csrf_token": "x"})
    assert "secreto-de-esta-persona" not in "".join(markup)
    assert fill(markup, {"name": "Luis", "csrf_token": "otro"}) == (
        '<tr><td>Luis<form><input type="hidden" name="csrfmiddlewaretoken" value="otro"></form></td></tr>'
    )


def test_a_per_request_block_renders_each_time_and_the_rest_once(settings, tmp_path):
    (tmp_path / "pagina.html").write_text(
        "{% load kept_pages %}<h1>{{ title }}</h1>{% per_request %}<p>{{ user.email }}</p>{% endper_request %}"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    content_version.memo.clear()
    pages = []
    people = (("Primero", UserFactory(email="ana@ejemplo.gt")), ("Segundo", UserFactory(email="luis@ejemplo.gt")))
    for title, user in people:
        request = RequestFactory().get("/")
        request.user, request.session = user, SessionStore()
        pages.append(render_kept(request, "pagina.html", {"title": title}).content.decode())
    assert pages == ["<h1>Primero</h1><p>ana@ejemplo.gt</p>", "<h1>Primero</h1><p>luis@ejemplo.gt</p>"]


def test_the_reloj_drawn_from_the_kept_page_is_the_plain_page_for_each_request(client, applicants, monkeypatch):
    first = applicants[0]
    numbers = [CertificationRequest.objects.filter(applicant=applicant).first().pk for applicant in applicants]
    urls = [f"/certificaciones/{number}/historial/" for number in numbers]
    kept = kept_then_plain(client, monkeypatch, request_views, list(zip(applicants, urls, strict=True)))
    assert f"Historial de la solicitud No. {numbers[1]}" in kept[1]
    client.force_login(first)
    assert client.get(urls[1]).status_code == 404  # nobody reaches another person's request


def test_the_wizards_first_step_drawn_from_the_kept_page_is_the_plain_page_for_each_request(
    client, applicants, monkeypatch
):
    from requests_app.views import wizard as wizard_views

    drafts = [CertificationRequest.objects.filter(applicant=applicant).first() for applicant in applicants]
    urls = [f"/certificaciones/{draft.pk}/datos-generales/" for draft in drafts]
    kept = kept_then_plain(client, monkeypatch, wizard_views, list(zip(applicants, urls, strict=True)))
    for applicant, draft, page in zip(applicants, drafts, kept, strict=True):
        assert f"Solicitud No. {draft.pk}" in page and applicant.cui in page


def test_the_first_step_for_a_third_party_writes_each_ones_data_escaped_with_a_dash_for_what_is_missing(
    client, applicants, monkeypatch
):
    from requests_app.views import wizard as wizard_views

    people = (
        {"first_name": "Ana <b>", "second_name": "", "is_alive": False, "birth_date": datetime.date(1950, 3, 7)},
        {"first_name": "Pedro", "second_name": "José", "is_alive": True, "birth_date": datetime.date(1948, 11, 30)},
    )
    drafts = [
        services.request_create(applicant=applicant, third_party=ThirdPartyFactory(owner=applicant, **person))
        for applicant, person in zip(applicants, people, strict=True)
    ]
    urls = [f"/certificaciones/{draft.pk}/datos-generales/" for draft in drafts]
    first, second = kept_then_plain(client, monkeypatch, wizard_views, list(zip(applicants, urls, strict=True)))
    assert "<dd>Ana &lt;b&gt;</dd>" in first and "<dd>07/03/1950</dd>" in first and "<dd>No</dd>" in first
    assert "<dt>Segundo Nombre</dt><dd>—</dd>" in first
    assert "<dt>Segundo Nombre</dt><dd>José</dd>" in second and "<dd>30/11/1948</dd>" in second
    assert "<dd>Sí</dd>" in second and "<dd>Padre o madre</dd>" in second
    assert "Ana" not in second and drafts[1].third_party.cui in second


def test_the_first_step_for_oneself_writes_the_profile_with_a_dash_for_what_is_missing(client, applicants):
    first = applicants[0]
    Profile.objects.filter(user=first).update(nit="1234567-8", id_card_order="A-01")
    for applicant in applicants:
        client.force_login(applicant)
        draft = CertificationRequest.objects.filter(applicant=applicant).first()
        page = page_of(client, f"/certificaciones/{draft.pk}/datos-generales/")
        assert f"<dd>{applicant.email}</dd>" in page and "<dd>Ladina/Mestiza</dd>" in page
        assert f"<dd>{applicant.birth_date:%d/%m/%Y}</dd>" in page
        if applicant == first:
            assert "<dt>NIT</dt><dd>1234567-8</dd>" in page and "<dt>Nro. Orden</dt><dd>A-01</dd>" in page
        else:
            assert "<dt>NIT</dt><dd>—</dd>" in page and "<dt>Nro. Orden</dt><dd>—</dd>" in page


@pytest.mark.parametrize("step", ["periodos", "boleta", "documentos", "solicitar"])
def test_every_other_wizard_step_drawn_from_the_kept_page_is_the_plain_page_for_each_request(
    client, applicants, monkeypatch, step
):
    from requests_app.views import wizard as wizard_views

    drafts = [CertificationRequest.objects.filter(applicant=applicant).first() for applicant in applicants]
    urls = [f"/certificaciones/{draft.pk}/{step}/" for draft in drafts]
    kept = kept_then_plain(client, monkeypatch, wizard_views, list(zip(applicants, urls, strict=True)))
    for draft, page in zip(drafts, kept, strict=True):
        assert f"Solicitud No. {draft.pk}" in page and f"/certificaciones/{draft.pk}/" in page


def test_step_5_of_complete_requests_drawn_from_the_kept_page_is_the_plain_page_and_sends_each_its_own(
    client, applicants, monkeypatch
):
    from requests_app.views import wizard as wizard_views

    drafts = [complete_draft(CertificationRequest.objects.filter(applicant=person).first()) for person in applicants]
    urls = [f"/certificaciones/{draft.pk}/solicitar/" for draft in drafts]
    kept = kept_then_plain(client, monkeypatch, wizard_views, list(zip(applicants, urls, strict=True)))
    for draft, page in zip(drafts, kept, strict=True):
        # only Solicitar CS's form posts under /certificaciones/
        assert page.count('<form method="post" action="/certificaciones/') == 1
        assert f'<form method="post" action="/certificaciones/{draft.pk}/solicitar/">' in page
        assert 'commandfor="solicitar-confirmar"' in page and 'id="solicitar-confirmar"' in page


def test_a_wizard_form_sent_with_errors_shows_them_on_the_kept_page_as_on_the_plain_page(
    client, applicants, monkeypatch
):
    from requests_app.views import wizard as wizard_views

    applicant = applicants[0]
    draft = CertificationRequest.objects.filter(applicant=applicant).first()
    url = f"/certificaciones/{draft.pk}/boleta/"
    client.force_login(applicant)
    client.get(url)  # keeps the page

    def sent_with_errors() -> str:
        return masked(client.post(url, {"method": "", "reference": "", "payment_date": "31/02/2026"}))

    kept = sent_with_errors()
    monkeypatch.setattr(wizard_views, "render_kept", plain)
    assert kept == sent_with_errors()
    assert 'aria-invalid="true"' in kept and "Revise los siguientes datos" in kept


def test_values_are_put_in_escaped_and_a_value_that_looks_like_a_stand_in_stays_as_written(settings, tmp_path):
    (tmp_path / "pagina.html").write_text("<h1>{{ number }}</h1><p>{{ name }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    content_version.memo.clear()
    pages = []
    for number, name in ((7, "Ana"), (8, "<b>§§value:number§§</b>")):
        request = RequestFactory().get("/")
        request.user, request.session = UserFactory(), SessionStore()
        context = {"number": number, "name": name}
        pages.append(render_kept(request, "pagina.html", context, values=("number", "name")).content.decode())
    assert pages == ["<h1>7</h1><p>Ana</p>", "<h1>8</h1><p>&lt;b&gt;§§value:number§§&lt;/b&gt;</p>"]
