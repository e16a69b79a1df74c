"""The public search over the portal's pages."""

import re

from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Page, Site

MAX_QUERY_LENGTH = 200
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")  # NUL would make PostgreSQL fail the query
# Quotes, *, ^, parentheses... are the search engine's syntax: a lone " made SQLite FTS5 fail.
SEARCH_SYNTAX = re.compile(r"[^\w\s]+")
RESULTS_PER_PAGE = 10


def search(request):
    """``/buscar/?q=boleta``: live, public pages of this site that match, ten per page."""
    query = " ".join(CONTROL_CHARACTERS.sub(" ", request.GET.get("q", "")).split())[:MAX_QUERY_LENGTH]
    results_page = None
    if query:
        site = Site.find_for_request(request)
        pages = Page.objects.live().public()
        if site is not None:
            pages = pages.descendant_of(site.root_page, inclusive=True)
        terms = " ".join(SEARCH_SYNTAX.sub(" ", query).split())
        results = pages.search(terms, operator="and") if terms else Page.objects.none()
        results_page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("pagina"))
        specific = {page.pk: page for page in Page.objects.filter(pk__in=[p.pk for p in results_page]).specific()}
        results_page.object_list = [specific.get(page.pk, page) for page in results_page]
    return render(request, "cms/search.html", {"search_query": query, "results": results_page})
