"""The public home page is a Wagtail page at the site root."""

import pytest
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase

from cms.models import HomePage
from cms.setup import ensure_home_page


@pytest.mark.django_db
def test_home_page_is_served_at_the_root(client):
    ensure_home_page()
    response = client.get("/")
    assert response.status_code == 200
    assert "Portal de Servicios Electrónicos" in response.content.decode()
    assert 'lang="es-GT"' in response.content.decode()


@pytest.mark.django_db
def test_ensure_home_page_replaces_the_wagtail_placeholder_once():
    first = ensure_home_page()
    second = ensure_home_page()
    assert first.pk == second.pk
    assert HomePage.objects.count() == 1
    assert Site.objects.get(is_default_site=True).root_page_id == first.pk
    assert not Page.objects.filter(title__startswith="Welcome").exists()


class HomePageRulesTests(WagtailPageTestCase):
    def test_home_page_can_only_live_under_the_root(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)

    def test_home_page_renders(self):
        home = ensure_home_page()
        self.assertPageIsRenderable(home)


@pytest.mark.django_db
def test_terms_page_is_published_once_and_its_live_revision_is_the_version(client):
    from cms.models import TermsOfUsePage
    from cms.setup import ensure_terms_page

    terms = ensure_terms_page()
    assert ensure_terms_page().pk == terms.pk
    assert TermsOfUsePage.current().live_revision == terms.live_revision
    response = client.get(terms.url)
    assert response.status_code == 200
    assert "Casillero electrónico" in response.content.decode()

    first_version = terms.live_revision
    terms.body += "<p>Nueva cláusula.</p>"
    terms.save_revision().publish()
    assert TermsOfUsePage.current().live_revision != first_version
