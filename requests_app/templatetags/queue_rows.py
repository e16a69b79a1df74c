"""``{% queue_result_list cl %}``: the admin queue's result table (see ``requests_app.admin.request_queue_rows``);
``{% queue_filters_once %}…{% endqueue_filters_once %}``: its filter sidebar (``requests_app.admin.queue_filters``);
``{% queue_once "name" value… %}…{% endqueue_once %}``: a part of the queue rendered once per process, reference
version, language and the values named (never a CSRF token, a count or a request's data inside).
"""

from django import template
from django.utils.translation import get_language

from cms.templatetags.content_cache import OnceNode, parse_once

from .. import reference_data
from ..admin import queue_filters
from ..admin.request_queue_rows import result_list

register = template.Library()


@register.inclusion_tag("admin/requests_app/certificationrequest/queue_results.html")
def queue_result_list(cl):
    return result_list(cl)


class QueueFiltersNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        return queue_filters.sidebar(context["request"], context["cl"], lambda: self.nodelist.render(context))


@register.tag
def queue_filters_once(parser, token):
    nodelist = parser.parse(("endqueue_filters_once",))
    parser.delete_first_token()
    return QueueFiltersNode(nodelist)


class QueueOnceNode(OnceNode):
    def render(self, context):
        key = ("once", get_language(), *(_hashable(value.resolve(context)) for value in self.vary))
        return reference_data.remembered(getattr(context, "request", None), key, lambda: self.nodelist.render(context))


def _hashable(value):
    return tuple(_hashable(item) for item in value) if isinstance(value, (list, tuple)) else value


@register.tag
def queue_once(parser, token):
    return parse_once(parser, token, QueueOnceNode)
