"""``{% per_request %}…{% endper_request %}``: a part of a page rendered for each request.

Rendered like any template part, except when ``cms.kept_pages`` keeps the page: then it leaves
a stand-in in the kept rendering and is rendered on its own for each request.
``{% pagination page %}``: a list's summary and page links, drawn from a kept rendering.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.pagination import PAGINATION_TEMPLATE, localized_counts, page_link

from ..kept_pages import BLOCKS, fill, kept_row, stand_in

register = template.Library()


class PerRequestNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        blocks = context.get(BLOCKS)
        if blocks is None:
            return self.nodelist.render(context)
        blocks.append(self)
        return stand_in(len(blocks) - 1)


@register.tag
def per_request(parser, token):
    nodelist = parser.parse(("endper_request",))
    parser.delete_first_token()
    return PerRequestNode(nodelist)


@register.simple_tag(takes_context=True)
def pagination(context, page):
    """``core/pagination.html`` for ``page`` (a Django Page), its numbers and links put in a kept rendering."""
    paginator = page.paginator
    has_previous, has_next = page.has_previous(), page.has_next()
    query = context["request"].GET
    start, end, total, number, pages = localized_counts(
        page.start_index(), page.end_index(), paginator.count, page.number, paginator.num_pages
    )
    values = {
        "start": start,
        "end": end,
        "total": total,
        "number": number,
        "pages": pages,
        "previous_url": escape(page_link(query, page.previous_page_number())) if has_previous else "",
        "next_url": escape(page_link(query, page.next_page_number())) if has_next else "",
    }
    markup = kept_row(
        context,
        PAGINATION_TEMPLATE,
        values,
        rows=bool(paginator.count),
        pages=paginator.num_pages > 1,
        previous=has_previous,
        next=has_next,
    )
    return mark_safe(fill(markup, values))  # noqa: S308 (the template's markup and escaped values)
