"""Pages drawn from a rendering kept per process, with each request's own parts put in.

Most of a signed-in page is the same for everyone who sees it: the layout, the headings, the
table heads, the links. ``render_kept()`` renders such a page's template once per process,
site, language, content version and *shape* (the facts the template branches on outside its
per-request parts, given by the view), leaving a stand-in where each ``{% per_request %}`` block
goes; each request then renders only those blocks, with the page's full context (context
processors included), and joins them with the kept pieces. The template stays the one place
the markup lives and reads the same with or without keeping: ``render()`` of the same template
and context gives the same page (the tests compare both).

Only what is outside every ``{% per_request %}`` block is kept, so everything there must depend
on nothing but the content, the language and the shape: a CSRF token there is refused (the
kept render is given one that cannot pass for a real token, and finding it fails loudly). A
block reads the page's context only, not variables of an enclosing ``{% for %}`` or ``{% with %}``.
"""

import re

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.template import RequestContext
from django.template.loader import get_template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from . import content_version

BLOCKS = "kept_page_blocks"  # in a kept render's context: the list the per-request blocks join
FOREIGN_TOKEN = "csrf-outside-a-per-request-block"  # noqa: S105 (a marker, never a secret)
VALUE_STAND_INS = re.compile(r"§§value:(\w+)§§")


class KeptPage:
    """A page's template, its kept pieces and, between them, the per-request blocks in order.

    Each piece is split once, when kept, around its value stand-ins (see ``fill``).
    """

    __slots__ = ("blocks", "pieces", "template")

    def __init__(self, template, pieces: list[str], blocks: list):
        self.template = template
        self.pieces = [VALUE_STAND_INS.split(piece) for piece in pieces]
        self.blocks = blocks

    def fill(self, parts: list[str], shown: dict[str, str]) -> str:
        """The pieces, with ``shown[name]`` for each value, and ``parts`` between them."""
        page = []
        for index, piece in enumerate(self.pieces):
            if index:
                page.append(parts[index - 1])
            page.append(fill(piece, shown))
        return "".join(page)


def fill(segments: list[str], values: dict[str, str]) -> str:
    """Kept markup split once around its stand-ins (``pattern.split``: markup at even positions, a value's name at
    odd ones), with ``values[name]`` (already HTML) for each: a value that looks like a stand-in stays as written."""
    return "".join([values[segment] if position % 2 else segment for position, segment in enumerate(segments)])


def stand_in(index: int) -> str:
    return f"§§kept:{index}§§"


def value_stand_in(name: str) -> str:
    """What a kept rendering holds where the value ``name`` goes (``VALUE_STAND_INS`` finds it)."""
    return f"§§value:{name}§§"


def render_kept(request, template_name: str, context: dict, *, shape: tuple = (), values: tuple = ()) -> HttpResponse:
    """The page as ``render(request, template_name, context)`` would give it, drawing on a kept rendering.

    ``values`` names the context's per-request words and numbers that the kept parts show (a
    request's number in a heading, say): the kept rendering holds a stand-in for each, and each
    request puts its own in, escaped.
    """
    key = (
        "kept-page",
        content_version.host(request),
        get_language(),
        template_name,
        request.user.is_authenticated,
        *shape,
    )
    kept = content_version.remembered(
        request, key, lambda: keep(request, get_template(template_name).template, context, values)
    )
    template = kept.template
    page_context = RequestContext(request, context)
    with page_context.render_context.push_state(template), page_context.bind_template(template):
        parts = [block.nodelist.render(page_context) for block in kept.blocks]
    shown = {name: escape(str(context[name])) for name in values}
    return HttpResponse(kept.fill(parts, shown))


def keep(request, template, context: dict, values: tuple = ()) -> KeptPage:
    blocks = []
    kept_context = RequestContext(request, context)
    stand_ins = {name: mark_safe(value_stand_in(name)) for name in values}  # noqa: S308 (markers, no input)
    kept_context.push({BLOCKS: blocks, "csrf_token": FOREIGN_TOKEN, **stand_ins})
    html = template.render(kept_context)
    if FOREIGN_TOKEN in html:
        raise ImproperlyConfigured(f"{template.name}: un token CSRF fuera de un bloque {{% per_request %}}")
    pieces, rest = [], html
    for index in range(len(blocks)):
        piece, rest = rest.split(stand_in(index), 1)
        pieces.append(piece)
    pieces.append(rest)
    return KeptPage(template, pieces, blocks)


STAND_INS = re.compile(r"§§(\w+)§§")


def kept_row(context, template_name: str, names, **variant) -> list[str]:
    """``template_name`` rendered once per process, site, language, content version and ``variant``
    (the yes/no facts the row's template branches on, given to it as ``row_variant``), with a
    stand-in where each of ``names`` goes, split around them; ``fill()`` puts a row's values in.

    A row with a form names ``csrf_token`` among its values (the page's token, escaped): its
    ``{% csrf_token %}`` is kept as a stand-in. A token in a row that does not name it is refused."""
    request = context["request"]
    key = ("kept-row", content_version.host(request), get_language(), template_name, *sorted(variant.items()))

    def render():
        stand_ins = {name: mark_safe(f"§§{name}§§") for name in names}  # noqa: S308 (markers, no input)
        token = stand_ins.get("csrf_token", FOREIGN_TOKEN)
        with context.push(row=stand_ins, row_variant=variant, csrf_token=token):
            markup = context.template.engine.get_template(template_name).render(context)
        if FOREIGN_TOKEN in markup:
            raise ImproperlyConfigured(f"{template_name}: un token CSRF en una fila que no lo nombra entre sus valores")
        return STAND_INS.split(markup)

    return content_version.remembered(request, key, render)


class KeptRows:
    """A page's rows of one template (``kept_row``): its kept markup looked up once per variant for all of them, then
    each row's values put in (``fill``)."""

    def __init__(self, context, template_name: str):
        self.context = context
        self.template_name = template_name
        self.markup = {}

    def draw(self, values: dict[str, str], **variant) -> str:
        key = tuple(variant.items())
        markup = self.markup.get(key)
        if markup is None:
            markup = self.markup[key] = kept_row(self.context, self.template_name, values, **variant)
        return fill(markup, values)
