"""``{% queue_result_list cl %}``: the admin queue's result table (see ``requests_app.admin.request_queue_rows``)."""

from django import template

from ..admin.request_queue_rows import result_list

register = template.Library()


@register.inclusion_tag("admin/change_list_results.html")
def queue_result_list(cl):
    return result_list(cl)
