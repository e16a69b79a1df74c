"""The admin queue's rows, built without the admin's per-cell machinery.

Django's ``result_list`` looks each cell up (``lookup_field``), formats it and reverses and
re-encodes the change link once per linked cell: most of the queue's CPU. Here the change
link (with the preserved filters) is built once per page for a stand-in id that each row's id
replaces, and each cell calls the admin's display method or reads the field directly. The
markup is the admin's own ``change_list_results.html`` and the cells are those Django would
write (tests/requests_app/test_admin_queue_rows.py compares them).
"""

from django.contrib.admin.templatetags.admin_list import result_headers, result_hidden_fields
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import display_for_field, display_for_value
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

STAND_IN = 987654321  # an id no row has; replaced by each row's id in the change link


def result_list(cl) -> dict:
    """The context of ``admin/change_list_results.html``, as Django's ``result_list`` makes it."""
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for header in headers if header["sortable"] and header["sorted"]),
        "results": [[mark_safe("".join(row))] for row in queue_rows(cl)],  # noqa: S308 (cells from format_html)
    }


def queue_rows(cl) -> list[list[str]]:
    model_admin, opts = cl.model_admin, cl.opts
    empty = model_admin.get_empty_value_display()
    url = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_change", args=[STAND_IN], current_app=model_admin.admin_site.name
    )
    path, mark, query = add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": opts}, url).partition(
        "?"
    )
    links = set(cl.list_display_links or ())
    columns = [_column(model_admin, opts, name, empty) for name in cl.list_display]
    rows = []
    for obj in cl.result_list:
        change_url = path.replace(str(STAND_IN), str(obj.pk)) + mark + query
        row, first_link = [], True
        for name, classes, shown in columns:
            if name in links:
                tag, first_link = ("th" if first_link else "td"), False
                row.append(
                    format_html('<{} class="{}"><a href="{}">{}</a></{}>', tag, classes, change_url, shown(obj), tag)
                )
            else:
                row.append(format_html('<td class="{}">{}</td>', classes, shown(obj)))
        rows.append(row)
    return rows


def _column(model_admin, opts, name, empty):
    """``(name, classes, shown(obj))`` for one entry of ``list_display``, shown as Django shows it."""
    if name == "action_checkbox" or hasattr(model_admin, name):
        method = getattr(model_admin, name)

        def shown(obj):
            value = method(obj)
            return display_for_value("" if isinstance(value, str) and not value.strip() else value, empty)

        return name, "action-checkbox" if name == "action_checkbox" else f"field-{name}", shown
    field = opts.get_field(name)
    nowrap = " nowrap" if isinstance(field, (models.DateField, models.TimeField, models.ForeignKey)) else ""
    if isinstance(field.remote_field, models.ManyToOneRel):

        def shown(obj):
            related = getattr(obj, field.name)
            return empty if related is None else related

    else:

        def shown(obj):
            return display_for_field(getattr(obj, field.attname), field, empty)

    return name, f"field-{name}{nowrap}", shown
