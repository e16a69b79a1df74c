"""``{% queue_result_list cl %}``: the admin queue's result table (see ``requests_app.admin.request_queue_rows``);
``{% queue_filters_once %}…{% endqueue_filters_once %}``: its filter sidebar (``requests_app.admin.queue_filters``).
"""

from django import template

from ..admin import queue_filters
from ..admin.request_queue_rows import result_list

register = template.Library()


@register.inclusion_tag("admin/change_list_results.html")
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
