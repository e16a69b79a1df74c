"""Navigation and icons of the public layout."""

from django import template

from ..navigation import site_pages

register = template.Library()


def _mark_current(request, items):
    path = getattr(request, "path", "")
    return [{**item, "current": path.startswith(item["url"])} for item in items]


@register.inclusion_tag("cms/includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The main menu: the home page's children marked *show in menus*."""
    request = context.get("request")
    return {"items": _mark_current(request, [item for item in site_pages(request) if item["in_menu"]])}


@register.simple_tag(takes_context=True)
def footer_links(context):
    """Every public page under the home page, for the footer."""
    return site_pages(context.get("request"))


@register.inclusion_tag("cms/includes/icon.html")
def icon(name, size=32):
    return {"name": name, "size": size}
