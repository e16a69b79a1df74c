"""Lists are paged with ``?pagina=``; ``core/pagination.html`` draws the links, keeping the rest of the query."""

from django.core.paginator import Page, Paginator

PAGE_PARAMETER = "pagina"
PAGINATION_TEMPLATE = "core/pagination.html"


def page_of(request, items, per_page: int) -> Page:
    """The page of ``items`` the request asks for (the last one when past the end, the first when unreadable)."""
    return Paginator(items, per_page).get_page(request.GET.get(PAGE_PARAMETER))


def page_link(query, number: int) -> str:
    """The query string of page ``number``, keeping the rest of ``query`` (as ``{% querystring pagina=n %}``)."""
    params = query.copy()
    params[PAGE_PARAMETER] = number
    return f"?{params.urlencode()}"
