"""Template fragments that are the same for everyone, rendered once per process and content version.

``{% once_per_content "name" [vary …] %}…{% endonce_per_content %}`` keeps the fragment's HTML
per process, host (the site), language and the given values, and renders it again when the shared content
version changes (``cms.content_version``: publishing a page, saving the portal settings…),
so an edit shows on the next request on every node. Only for markup that depends on nothing
but content, the language and the vary values: never a CSRF token, a user's data or a count.
"""

from django import template
from django.utils.translation import get_language

from .. import content_version

register = template.Library()


class OnceNode(template.Node):
    """A fragment kept once per process and shared version, varying with the values of its tag."""

    def __init__(self, nodelist, vary):
        self.nodelist = nodelist
        self.vary = vary


def parse_once(parser, token, node_class) -> OnceNode:
    """``node_class(nodelist, vary)`` for ``{% tag "name" [vary …] %}…{% endtag %}``."""
    tag, *bits = token.split_contents()
    vary = [parser.compile_filter(bit) for bit in bits]
    if not vary:
        raise template.TemplateSyntaxError(f"{tag} necesita un nombre")
    nodelist = parser.parse((f"end{tag}",))
    parser.delete_first_token()
    return node_class(nodelist, vary)


class OncePerContentNode(OnceNode):
    def render(self, context):
        request = context.get("request")
        host = content_version.host(request) if request is not None else ""
        key = ("fragment", host, get_language(), *(value.resolve(context) for value in self.vary))
        return content_version.remembered(request, key, lambda: self.nodelist.render(context))


@register.tag
def once_per_content(parser, token):
    return parse_once(parser, token, OncePerContentNode)
