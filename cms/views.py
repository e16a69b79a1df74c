"""The public search over the portal's pages."""

import re

from django.shortcuts import render
from wagtail.models import Page, Site

from core.pagination import page_of

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")  # NUL would make PostgreSQL fail the query
WORD = re.compile(r"\w+")


def search_terms(query: str) -> str:
    """Only the words of ``query``: quotes, ``*``, parentheses... mean something to the database's
    full-text syntax (an unclosed quote is an error in SQLite), and visitors mean none of it."""
    return " ".join(WORD.findall(query))


def search(request):
    """``/buscar/?q=boleta``: live, public pages of this site that match, ten per page."""
    query = " ".join(CONTROL_CHARACTERS.sub(" ", request.GET.get("q", "")).split())[:MAX_QUERY_LENGTH]
    results_page = None
    if query:
        terms = search_terms(query)
        results = []
        if terms:
            site = Site.find_for_request(request)
            pages = Page.objects.live().public()
            if site is not None:
                pages = pages.descendant_of(site.root_page, inclusive=True)
            results = pages.search(terms, operator="and")
        results_page = page_of(request, results, RESULTS_PER_PAGE)
        specific = {page.pk: page for page in Page.objects.filter(pk__in=[p.pk for p in results_page]).specific()}
        results_page.object_list = [specific.get(page.pk, page) for page in results_page]
    return render(request, "cms/search.html", {"search_query": query, "results": results_page})
