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


class OncePerContentNode(template.Node):
    def __init__(self, nodelist, vary):
        self.nodelist = nodelist
        self.vary = vary

    def render(self, context):
        request = context.get("request")
        host = request.get_host() if request is not None else ""
        key = ("fragment", host, get_language(), *(value.resolve(context) for value in self.vary))
        return content_version.remembered(request, key, lambda: self.nodelist.render(context))


@register.tag
def once_per_content(parser, token):
    vary = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    if not vary:
        raise template.TemplateSyntaxError("once_per_content necesita un nombre")
    nodelist = parser.parse(("endonce_per_content",))
    parser.delete_first_token()
    return OncePerContentNode(nodelist, vary)
