"""Every list pages with {% pagination page %} (core/pagination.html), whose links keep the rest of the query."""

import pytest
from bs4 import BeautifulSoup
from django.core.paginator import Paginator
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import Notification
from tests.factories import ThirdPartyFactory

pytestmark = pytest.mark.django_db

PAGINATION = engines["django"].from_string("{% load kept_pages %}{% pagination page %}")


def page_links(body: str) -> dict[str, str]:
    """``{"Siguiente": href, "Anterior": href}`` of the page's pagination."""
    nav = BeautifulSoup(body, "html.parser").select_one(".pagination nav")
    return {link.get_text(strip=True): link["href"] for link in nav.select("a")} if nav else {}


def test_the_links_keep_every_other_parameter_and_replace_the_page():
    request = RequestFactory().get("/lista/", {"buscar": "Pérez & hijos", "estado": "borrador", "pagina": "2"})
    page = Paginator(range(30), 10).get_page(2)
    links = page_links(PAGINATION.render({"page": page}, request))
    assert links == {
        "Anterior": "?buscar=P%C3%A9rez+%26+hijos&estado=borrador&pagina=1",
        "Siguiente": "?buscar=P%C3%A9rez+%26+hijos&estado=borrador&pagina=3",
    }


def test_third_parties_page_two_keeps_the_search(client, applicant):
    """The list used to drop ``buscar`` from its page links, so page 2 showed everyone."""
    for number in range(12):
        ThirdPartyFactory(owner=applicant, last_name="Hernández", first_name=f"Persona {number:02d}")
    ThirdPartyFactory.create_batch(5, owner=applicant, last_name="Pérez")
    client.force_login(applicant)
    url = reverse("requests_app:third_parties")

    first = client.get(url, {"buscar": "Hernández"})
    second = client.get(url + page_links(first.content.decode())["Siguiente"])

    assert second.context["search"].data["buscar"] == "Hernández"
    assert second.context["page"].number == 2
    assert [person.last_name for person in second.context["page"]] == ["Hernández", "Hernández"]


def test_the_mailbox_pages_with_the_same_include(client, applicant):
    Notification.objects.bulk_create(Notification(recipient=applicant, title=f"Aviso {n}") for n in range(25))
    client.force_login(applicant)
    body = client.get(reverse("accounts:mailbox")).content.decode()
    assert "Mostrando 1 al 20 de 25 registros" in body
    assert page_links(body) == {"Siguiente": "?pagina=2"}


@pytest.mark.parametrize(
    ("count", "number", "summary", "links"),
    [
        (0, 1, "Mostrando 0 al 0 de 0 registros", {}),
        (7, 1, "Mostrando 1 al 7 de 7 registros", {}),
        (25, 1, "Mostrando 1 al 10 de 25 registros", {"Siguiente": "?pagina=2"}),
        (25, 2, "Mostrando 11 al 20 de 25 registros", {"Anterior": "?pagina=1", "Siguiente": "?pagina=3"}),
        (25, 3, "Mostrando 21 al 25 de 25 registros", {"Anterior": "?pagina=2"}),
    ],
)
def test_each_page_gets_its_own_numbers_and_links_from_the_kept_rendering(count, number, summary, links):
    request = RequestFactory().get("/lista/")
    body = PAGINATION.render({"page": Paginator(range(count), 10).get_page(number)}, request)
    assert summary in body
    assert page_links(body) == links
    if count > 10:
        assert f"Página {number} de 3" in body


def test_counts_read_as_djangos_localize_and_follow_the_separator_setting(settings):
    request = RequestFactory().get("/lista/")
    page = Paginator(range(12_345), 10).get_page(2)
    assert "Mostrando 11 al 20 de 12345 registros" in PAGINATION.render({"page": page}, request)
    settings.USE_THOUSAND_SEPARATOR = True
    assert "Mostrando 11 al 20 de 12,345 registros" in PAGINATION.render({"page": page}, request)
    assert "Página 2 de 1,235" in PAGINATION.render({"page": page}, request)
