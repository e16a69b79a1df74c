"""Lists are paged with ``?pagina=``; ``core/pagination.html`` draws the links, keeping the rest of the query."""

from functools import lru_cache

from django.core.paginator import Page, Paginator
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.formats import localize
from django.utils.translation import get_language

from .prepared import CountedList

PAGE_PARAMETER = "pagina"
PAGINATION_TEMPLATE = "core/pagination.html"


def page_of(request, items, per_page: int) -> Page:
    """The page of ``items`` the request asks for (the last one when past the end, the first when unreadable);
    a ``CountedList`` reads that page with its count, in one query."""
    asked = request.GET.get(PAGE_PARAMETER)
    if isinstance(items, CountedList):
        items.showing(first_row(asked, per_page), per_page)
    return Paginator(items, per_page).get_page(asked)


def first_row(asked, per_page: int) -> int:
    """Where the page ``asked`` (a query-string value) starts, when it exists; 0 when it cannot be read."""
    try:
        number = max(int(asked), 1)
    except (TypeError, ValueError):
        number = 1
    return (number - 1) * per_page


def page_link(query, number: int) -> str:
    """The query string of page ``number``, keeping the rest of ``query`` (as ``{% querystring pagina=n %}``)."""
    if not query:
        return f"?{PAGE_PARAMETER}={number}"
    params = query.copy()
    params[PAGE_PARAMETER] = number
    return f"?{params.urlencode()}"


def localized_counts(*numbers: int) -> list[str]:
    """``localize(number)`` of each of ``numbers``, a list's counts and page numbers: each written once per number and
    language (a page writes five; each ``localize`` looks its formats up again), the language looked up once."""
    language = get_language()
    return [_localized(number, language) for number in numbers]


@lru_cache(maxsize=2048)
def _localized(number: int, language: str) -> str:
    return localize(number)


@receiver(setting_changed)
def forget_localized_counts(*, setting, **kwargs):
    if setting in {"USE_THOUSAND_SEPARATOR", "THOUSAND_SEPARATOR", "NUMBER_GROUPING", "FORMAT_MODULE_PATH"}:
        _localized.cache_clear()
