"""``{% queue_result_list cl %}``: the admin queue's result table (see ``requests_app.admin.queue``)."""

from django import template

from ..admin.queue import result_list

register = template.Library()


@register.inclusion_tag("admin/change_list_results.html")
def queue_result_list(cl):
    return result_list(cl)
