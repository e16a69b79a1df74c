"""Searching the portal, the Spanish error pages and the accessible layout every page shares."""

import pytest
from django.test import Client, RequestFactory
from django.views import defaults

from cms.models import GuidePage

from .markup import html, text_of

pytestmark = pytest.mark.django_db

NO_RESULTS = (
    "No encontramos páginas con esas palabras. Pruebe con otras palabras o revise los instructivos y las "
    "preguntas frecuentes."
)


def add_guide(index, title, word, *, live=True):
    page = index.add_child(
        instance=GuidePage(
            title=title,
            slug=title.lower().replace(" ", "-"),
            live=live,
            body=[{"type": "section", "value": {"heading": "Detalle", "body": f"<p>Se explica {word} aquí.</p>"}}],
        )
    )
    if live:
        page.save_revision().publish()
    return page


def results(response) -> list[str]:
    return [text_of(link) for link in html(response).select("ol.search-results > li > a")]


def status(response) -> str:
    return text_of(html(response).select_one("[role=status]"))


# -- Search ---------------------------------------------------------------------------------------------


def test_search_finds_a_guide_by_a_word_in_its_body(client, portal_pages):
    guide = add_guide(portal_pages["guide_index"], "Guía de prueba", "zarzamora")

    response = client.get("/buscar/", {"q": "zarzamora"})

    assert response.status_code == 200
    assert results(response) == ["Guía de prueba"]
    assert html(response).select_one("ol.search-results a")["href"] == guide.url
    assert status(response) == "1 resultado para «zarzamora»."


def test_search_finds_the_seeded_guides_by_what_they_explain(client, portal_pages):
    response = client.get("/buscar/", {"q": "boleta"})

    assert portal_pages["certification_guide"].title in results(response)


def test_search_ignores_unpublished_pages(client, portal_pages):
    add_guide(portal_pages["guide_index"], "Borrador secreto", "zarzamora", live=False)

    response = client.get("/buscar/", {"q": "zarzamora"})

    assert results(response) == []


def test_search_without_results_says_so_in_spanish(client, portal_pages):
    response = client.get("/buscar/", {"q": "xilófono"})

    assert response.status_code == 200
    assert status(response) == "0 resultados para «xilófono»."
    assert NO_RESULTS in text_of(html(response).select_one(".search-page"))


def test_an_empty_search_shows_only_the_form(client, portal_pages):
    for query in ("", "   "):
        response = client.get("/buscar/", {"q": query})
        assert response.status_code == 200
        page = html(response)
        assert page.select_one("form[role=search] input[name=q]") is not None
        assert page.select_one(".search-page [role=status]") is None


def test_search_results_come_ten_per_page(client, portal_pages):
    for n in range(12):
        add_guide(portal_pages["guide_index"], f"Guía {n:02d}", "pagineo")

    first = client.get("/buscar/", {"q": "pagineo"})
    second = client.get("/buscar/", {"q": "pagineo", "pagina": "2"})

    assert status(first) == "12 resultados para «pagineo»."
    assert len(results(first)) == 10
    assert len(results(second)) == 2
    assert not set(results(first)) & set(results(second))
    pagination = html(first).select_one("nav.pagination")
    assert "Página 1 de 2" in text_of(pagination)
    assert pagination.select_one("a")["href"] == "?q=pagineo&pagina=2"
    assert text_of(pagination.select_one("a")) == "Siguiente"
    assert html(second).select_one("ol.search-results")["start"] == "11"


@pytest.mark.parametrize("page_number", ["abc", "0", "-1", "999", "1.5", "9" * 30])
def test_a_wrong_page_number_shows_a_valid_page(client, portal_pages, page_number):
    for n in range(12):
        add_guide(portal_pages["guide_index"], f"Guía {n:02d}", "pagineo")

    response = client.get("/buscar/", {"q": "pagineo", "pagina": page_number})

    assert response.status_code == 200
    assert len(results(response)) in (10, 2)


@pytest.mark.parametrize(
    "query",
    [
        "a" * 5000,
        "boleta " * 500,
        "' OR 1=1 --",
        '"comillas sin cerrar',
        "<script>alert(1)</script>",
        "%_\\",
        "* ( ) : ^ - + ~ NEAR AND OR NOT",
        "!!!",
        "cuenta\x00nula",
        "😀 ñandú",
    ],
)
def test_bad_search_input_never_breaks_the_page(client, portal_pages, query):
    response = client.get("/buscar/", {"q": query, "page": "abc"})

    assert response.status_code == 200
    page = html(response)
    typed = page.select_one(".search-page input[name=q]")["value"]
    assert len(typed) <= 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_quotes_and_symbols_are_ignored_and_the_words_still_found(client, portal_pages):
    add_guide(portal_pages["guide_index"], "Guía de prueba", "zarzamora")

    for query in ('"zarzamora', "zarzamora*", "(zarzamora)", "¿zarzamora?"):
        response = client.get("/buscar/", {"q": query})
        assert response.status_code == 200, query
        assert results(response) == ["Guía de prueba"], query


def test_a_search_of_only_symbols_finds_nothing_and_says_so(client, portal_pages):
    response = client.get("/buscar/", {"q": "!!! ***"})

    assert status(response) == "0 resultados para «!!! ***»."
    assert NO_RESULTS in text_of(html(response).select_one(".search-page"))


# -- Error pages ----------------------------------------------------------------------------------------


def test_an_unknown_address_shows_the_spanish_404_page(client, portal_pages, settings):
    settings.DEBUG = False

    for url in ("/no-existe/", "/instructivos/no-existe/", "/asistencia-tecnica/no-existe/"):
        response = client.get(url)
        assert response.status_code == 404, url
        page = html(response)
        assert text_of(page.find("h1")) == "Página no encontrada", url
        assert page.find("html")["lang"] == "es-GT"
        assert "La dirección que buscó no existe o usted no tiene acceso a ella." in text_of(page)
        assert page.select_one('main form[action="/buscar/"] input[name=q]') is not None
        assert page.select_one('main a[href="/"]') is not None


def test_the_404_handler_renders_the_portal_layout(rf, portal_pages):
    from django.http import Http404

    response = defaults.page_not_found(rf.get("/perdida/"), Http404())

    assert response.status_code == 404
    body = response.content.decode()
    assert "Página no encontrada" in body
    assert "Saltar al contenido" in body


def test_a_server_error_shows_the_spanish_500_page(portal_pages, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("fallo simulado")

    monkeypatch.setattr("cms.views.page_of", broken)
    client = Client(raise_request_exception=False)

    response = client.get("/buscar/", {"q": "boleta"})

    assert response.status_code == 500
    page = html(response)
    assert page.find("html")["lang"] == "es-GT"
    assert text_of(page.find("h1")) == "Ocurrió un error en el servidor"
    assert "Sus datos no se perdieron" in text_of(page)
    assert "fallo simulado" not in response.content.decode()


def test_the_500_page_renders_without_a_database_or_request_context(django_assert_num_queries):
    request = RequestFactory().get("/")

    with django_assert_num_queries(0):
        response = defaults.server_error(request)

    assert response.status_code == 500
    assert "Ocurrió un error en el servidor" in response.content.decode()


# -- The layout every page shares ------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["home", "guide_index", "certification_guide", "faq", "technical", "search"])
def test_every_page_has_a_skip_link_spanish_language_and_landmarks(client, portal_pages, key):
    url = {"home": "/", "search": "/buscar/?q=cuenta"}.get(key) or portal_pages[key].url

    page = html(client.get(url))

    assert page.find("html")["lang"] == "es-GT"
    skip = page.find("body").find("a")
    assert text_of(skip) == "Saltar al contenido"
    assert skip["href"] == "#contenido"
    assert page.select_one("main#contenido") is not None
    assert len(page.find_all("main")) == 1
    assert len(page.find_all("h1")) == 1
    navs = {nav.get("aria-label") or nav.get("aria-labelledby") for nav in page.find_all("nav")}
    assert {"Navegación principal", "Enlaces del portal"} <= navs
    assert page.select_one("header.site-header form[role=search] label") is not None
    assert page.find("footer") is not None
    main_menu = [text_of(a) for a in page.select("nav.site-nav a")]
    assert main_menu[0] == "Inicio"
    assert "Instructivos" in main_menu


def test_the_current_section_is_marked_in_the_main_menu(client, portal_pages):
    page = html(client.get(portal_pages["registration_guide"].url))

    current = page.select("nav.site-nav a[aria-current=page]")
    assert [text_of(a) for a in current] == ["Instructivos"]
    crumbs = [text_of(item) for item in page.select("nav.breadcrumb li")]
    assert crumbs == ["Inicio", "Instructivos", portal_pages["registration_guide"].title]
