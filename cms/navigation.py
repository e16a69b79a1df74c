"""The pages under the site's home page, for the main menu and the footer.

Read once and cached (every page of the portal shows them); any change to a page,
a site or a view restriction clears the cache.
"""

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction, Site

CACHE_KEY = "cms:navigation"
CACHE_SECONDS = 60 * 60


def _load(site: Site) -> list[dict]:
    """One query: the live children of the site's root, minus those a view restriction covers."""
    root = Page.objects.filter(pk=site.root_page_id)
    # A restriction on a page covers it and its descendants: its path is a prefix of theirs.
    restricted = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
    children = (
        Page.objects.filter(
            path__startswith=Subquery(root.values("path")[:1]),
            depth=Subquery(root.values("depth")[:1]) + 1,
            live=True,
        )
        .exclude(Exists(restricted))
        .order_by("path")
        .values("title", "slug", "show_in_menus")
    )
    return [{"title": row["title"], "url": f"/{row['slug']}/", "in_menu": row["show_in_menus"]} for row in children]


def site_pages(request) -> list[dict]:
    """``[{"title", "url", "in_menu"}]`` for the request's site; no query once cached."""
    if request is None:
        return []
    memo = getattr(request, "_cms_navigation", None)
    if memo is not None:
        return memo
    site = Site.find_for_request(request)
    items = []
    if site is not None:
        navigation = cache.get(CACHE_KEY) or {}
        items = navigation.get(site.pk)
        if items is None:
            items = navigation[site.pk] = _load(site)
            cache.set(CACHE_KEY, navigation, CACHE_SECONDS)
    request._cms_navigation = items
    return items


def clear(**kwargs) -> None:
    cache.delete(CACHE_KEY)


def clear_on_change(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page | Site | PageViewRestriction):
        clear()
