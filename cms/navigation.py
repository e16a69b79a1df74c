"""The pages under the site's home page, for the main menu and the footer.

Read once per process and content version (every page of the portal shows them);
publishing, moving or deleting a page, or changing a site or a view restriction,
changes the version (``cms.content_version``).
"""

from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction, Site

from . import content_version
from .settings_helpers import site_for


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
    """``[{"title", "url", "in_menu"}]`` for the request's site; no query while the content is unchanged."""
    if request is None:
        return []
    site = site_for(request)
    if site is None:
        return []
    return content_version.remembered(request, ("navigation", site.pk), lambda: _load(site))
