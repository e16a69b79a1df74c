"""Where each page type may live, that every one renders, and what the guides and home page show."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import override_settings
from wagtail.models import Page

from accounts.services import accept_terms
from cms.models import AssistanceFormPage, FAQPage, GuideIndexPage, GuidePage, HomePage, TermsOfUsePage
from cms.setup import ensure_portal_content
from tests.factories import UserFactory

from .base import PortalPageTestCase
from .markup import html, text_of

PORTAL_PAGE_TYPES = [HomePage, GuideIndexPage, GuidePage, FAQPage, TermsOfUsePage, AssistanceFormPage]

# The only parents each page type accepts; every other pairing must be refused in the admin.
ALLOWED_PARENTS = {
    HomePage: {Page},
    GuideIndexPage: {HomePage},
    GuidePage: {GuideIndexPage},
    FAQPage: {HomePage},
    TermsOfUsePage: {HomePage},
    AssistanceFormPage: {HomePage},
}


class PageTreeRulesTests(PortalPageTestCase):
    def test_each_page_type_can_be_created_only_under_its_parents(self):
        for child in PORTAL_PAGE_TYPES:
            for parent in [Page, *PORTAL_PAGE_TYPES]:
                with self.subTest(child=child.__name__, parent=parent.__name__):
                    if parent in ALLOWED_PARENTS[child]:
                        self.assertCanCreateAt(parent, child)
                    else:
                        self.assertCanNotCreateAt(parent, child)

    def test_home_page_accepts_the_portal_sections_and_guides_live_in_the_index(self):
        self.assertAllowedSubpageTypes(HomePage, {GuideIndexPage, FAQPage, TermsOfUsePage, AssistanceFormPage})
        self.assertAllowedSubpageTypes(GuideIndexPage, {GuidePage})
        for leaf in (GuidePage, FAQPage, TermsOfUsePage, AssistanceFormPage):
            with self.subTest(leaf=leaf.__name__):
                self.assertAllowedSubpageTypes(leaf, set())

    def test_there_is_one_home_page_and_one_terms_page(self):
        pages = ensure_portal_content()
        home = pages["guide_index"].get_parent()
        self.assertFalse(HomePage.can_create_at(home.get_parent()))
        self.assertFalse(TermsOfUsePage.can_create_at(home))
        self.assertTrue(AssistanceFormPage.can_create_at(home))  # editors may add more assistance services
        self.assertTrue(GuidePage.can_create_at(pages["guide_index"]))  # ... and more guides


class PageRenderingTests(PortalPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.pages = ensure_portal_content()

    def test_every_seeded_page_renders(self):
        for name, page in self.pages.items():
            with self.subTest(page=name):
                self.assertPageIsRenderable(page)
        self.assertPageIsRenderable(self.pages["guide_index"].get_parent())  # home
        self.assertPageIsRenderable(TermsOfUsePage.current())

    def test_every_page_type_renders_for_a_signed_in_applicant_too(self):
        applicant = UserFactory()
        accept_terms(user=applicant, revision=TermsOfUsePage.current().live_revision)
        for page_type in PORTAL_PAGE_TYPES:
            with self.subTest(page_type=page_type.__name__):
                self.assertPageIsRenderable(page_type.objects.live().first(), user=applicant)

    def test_the_thank_you_page_of_an_assistance_form_renders_without_a_submission(self):
        self.assertPageIsRenderable(self.pages["technical"], route_path="/gracias/")

    def test_editors_can_preview_each_page_type_in_every_mode(self):
        # (assertPageIsPreviewable cannot build StreamField form data, so the preview is served directly.)
        for page_type in PORTAL_PAGE_TYPES:
            page = page_type.objects.live().first()
            for mode, _label in page.preview_modes:
                with self.subTest(page_type=page_type.__name__, mode=mode):
                    response = page.make_preview_request(preview_mode=mode)
                    self.assertEqual(response.status_code, 200)
                    self.assertIn(page.title, response.rendered_content)


# -- Guides ---------------------------------------------------------------------------------------


def section(heading, body="<p>Texto de la sección.</p>"):
    return {"type": "section", "value": {"heading": heading, "body": body}}


def step(heading, body="<p>Haga esto.</p>"):
    return {
        "type": "step",
        "value": {
            "heading": heading,
            "body": body,
            "image": None,
            "image_caption": "",
            "fields": [],
            "callout": {"kind": "info", "title": "", "text": ""},
        },
    }


def note(text):
    return {"type": "callout", "value": {"kind": "importante", "title": "Importante", "text": f"<p>{text}</p>"}}


@pytest.fixture
def guide(portal_pages):
    index = portal_pages["guide_index"]
    page = index.add_child(
        instance=GuidePage(
            title="Cómo cambiar su contraseña",
            slug="cambiar-contrasena",
            intro="Siga estos pasos.",
            body=[
                section("Antes de empezar"),
                step("Ingrese al portal"),
                note("Tenga a mano su DPI."),
                step("Abra Mi cuenta"),
                step("Ingrese al portal", "<p>Otra vez, desde otro dispositivo.</p>"),
            ],
        )
    )
    page.save_revision().publish()
    return page


def test_a_guide_lists_its_sections_and_numbered_steps_in_a_table_of_contents(client, guide):
    page = html(client.get(guide.url))

    toc = page.select_one("nav.toc")
    assert text_of(toc.find("h2")) == "Contenido"
    entries = [(text_of(link), link["href"]) for link in toc.select("a")]
    assert entries == [
        ("Antes de empezar", "#antes-de-empezar"),
        ("Paso 1: Ingrese al portal", "#paso-1-ingrese-al-portal"),
        ("Paso 2: Abra Mi cuenta", "#paso-2-abra-mi-cuenta"),
        ("Paso 3: Ingrese al portal", "#paso-3-ingrese-al-portal"),
    ]


def test_every_table_of_contents_link_leads_to_its_heading_in_the_guide(client, guide):
    page = html(client.get(guide.url))

    for link in page.select("nav.toc a"):
        target = page.find(id=link["href"].removeprefix("#"))
        assert target is not None, link["href"]
        assert target.name == "section"
        assert text_of(link).split(": ", 1)[-1] in text_of(target.find("h2"))
    anchors = [node["id"] for node in page.select(".guide__body [id]")]
    assert len(anchors) == len(set(anchors)), "anchors must be unique"
    assert [text_of(h) for h in page.select(".step__number")] == ["Paso 1", "Paso 2", "Paso 3"]


def test_notes_and_images_are_not_listed_in_the_table_of_contents(client, guide):
    page = html(client.get(guide.url))

    assert "Tenga a mano su DPI." in text_of(page.select_one(".guide__body"))
    assert "Importante" not in text_of(page.select_one("nav.toc"))


def test_a_seeded_guide_has_a_table_of_contents_with_its_steps(client, portal_pages):
    page = html(client.get(portal_pages["certification_guide"].url))

    steps = [text_of(link) for link in page.select("nav.toc li.toc__step a")]
    assert len(steps) >= 5
    assert steps[0].startswith("Paso 1: ")
    assert any("boleta" in entry for entry in steps)


def test_a_guide_is_print_friendly(client, guide):
    page = html(client.get(guide.url))

    button = page.select_one("button.js-print")
    assert text_of(button) == "Imprimir o guardar como PDF"
    assert button.has_attr("hidden"), "shown by cms.js only where printing works"
    assert page.select_one('script[src$="js/cms.js"]') is not None
    stylesheet = page.select_one('link[rel="stylesheet"][href$="css/portal.css"]')
    assert stylesheet is not None

    css = Path(finders.find("css/portal.css")).read_text(encoding="utf-8")
    print_rules = css.split("@media print", 1)[1]
    for hidden_when_printed in (".site-header", ".site-footer", ".toc", ".js-print", ".breadcrumb"):
        assert hidden_when_printed in print_rules.split("display: none")[0]
    assert "break-inside: avoid" in print_rules  # a step is not split across sheets


def test_the_guide_index_lists_the_published_guides_only(client, portal_pages, guide):
    draft = portal_pages["guide_index"].add_child(
        instance=GuidePage(title="Borrador sin publicar", slug="borrador", body=[section("Uno")], live=False)
    )
    page = html(client.get(portal_pages["guide_index"].url))

    titles = [text_of(tile.find("strong")) for tile in page.select("ul.tiles li.tile")]
    assert "Cómo cambiar su contraseña" in titles
    assert portal_pages["registration_guide"].title in titles
    assert portal_pages["certification_guide"].title in titles
    assert draft.title not in titles


# -- Home page ------------------------------------------------------------------------------------


def test_home_page_shows_the_hero_and_the_register_and_sign_in_buttons(client, portal_pages):
    page = html(client.get("/"))

    hero = page.select_one("section.hero")
    assert text_of(hero.find("h1")) == "Portal de Servicios Electrónicos"
    assert "Certificación de Servicios" in text_of(hero.select_one(".hero__intro"))
    buttons = {text_of(link): link["href"] for link in hero.select(".hero__actions a")}
    assert buttons == {"REGISTRARSE": "/cuenta/registro/", "INGRESAR": "/cuenta/ingresar/"}
    assert "Registrarse es el primer paso" in text_of(hero)


def test_a_signed_in_person_sees_a_link_to_their_dashboard_instead(client, portal_pages, user):
    accept_terms(user=user, revision=TermsOfUsePage.current().live_revision)
    client.force_login(user)
    hero = html(client.get("/")).select_one("section.hero")

    buttons = {text_of(link): link["href"] for link in hero.select(".hero__actions a")}
    assert buttons == {"IR A MI TABLERO": "/tablero/"}


def test_home_page_shows_the_electronic_services_as_tiles(client, portal_pages):
    page = html(client.get("/"))

    services = page.select_one("section[aria-labelledby=titulo-servicios]")
    assert text_of(services.find("h2")) == "Servicios electrónicos"
    tiles = {text_of(tile.find("strong")): tile.find("a")["href"] for tile in services.select("li.tile")}
    assert tiles["Certificación de Servicios"] == "/certificaciones/"
    assert tiles["Verificación de identidad"] == "/cuenta/verificar-identidad/"
    assert tiles["Asistencia técnica del portal"] == portal_pages["technical"].url
    assert tiles["Consultas, sugerencias y reclamos"] == portal_pages["inquiries"].url
    assert tiles["Instructivo de registro"] == portal_pages["registration_guide"].url
    assert tiles["Verificar una certificación"]


def test_home_page_links_the_other_authorised_systems(client, portal_pages):
    page = html(client.get("/"))

    systems = page.select_one("section[aria-labelledby=titulo-sistemas]")
    assert text_of(systems.find("h2")) == "Sistemas autorizados"
    links = {text_of(link.find("strong")): link["href"] for link in systems.select("a.system-link")}
    assert links["Organismo Judicial"] == "https://www.oj.gob.gt/"
    assert links["Registro Nacional de las Personas (RENAP)"] == "https://www.renap.gob.gt/"
    assert "(sitio externo)" in text_of(systems.select_one("a.system-link"))


def test_home_page_footer_shows_the_office_from_the_portal_settings(client, portal):
    portal.office_address = "7a. Avenida 3-33 Zona 9, Guatemala"
    portal.office_phone = "2222-3333"
    portal.save()

    footer = html(client.get("/")).select_one("footer address")

    assert "7a. Avenida 3-33 Zona 9, Guatemala" in text_of(footer)
    assert footer.select_one('a[href="tel:+50222223333"]') is not None
    assert "Teléfono: 2222-3333" in text_of(footer)


def test_a_tile_that_points_to_an_unpublished_page_does_not_link_to_it(client, portal_pages):
    portal_pages["inquiries"].unpublish()

    page = html(client.get("/"))

    tiles = {text_of(tile.find("strong")): tile.find("a")["href"] for tile in page.select("li.tile")}
    assert tiles["Consultas, sugerencias y reclamos"] == ""
    assert client.get(portal_pages["inquiries"].url).status_code == 404


@override_settings(DEBUG=False)
def test_an_unknown_page_under_the_home_page_is_a_404(client, portal_pages):
    assert client.get("/instructivos/no-existe/").status_code == 404
