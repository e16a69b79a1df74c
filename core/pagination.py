"""Lists are paged with ``?pagina=``; ``core/pagination.html`` draws the links, keeping the rest of the query."""

from django.core.paginator import Page, Paginator

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
    params = query.copy()
    params[PAGE_PARAMETER] = number
    return f"?{params.urlencode()}"
