"""The admin queue's rows, built without the admin's per-cell machinery.

Django's ``result_list`` looks each cell up (``lookup_field``), formats it and reverses and
re-encodes the change link once per linked cell: most of the queue's CPU. Here the change
link (with the preserved filters) is built once per page for a stand-in id that each row's id
replaces, and each cell calls the admin's display method or reads the field directly. The
markup is the admin's own ``change_list_results.html`` and the cells are those Django would
write (tests/requests_app/test_admin_queue_rows.py compares them).
"""

from functools import cache
from html import escape

from django.contrib.admin.templatetags.admin_list import result_headers, result_hidden_fields
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import display_for_field, display_for_value
from django.db import models
from django.urls import reverse
from django.utils.safestring import mark_safe

from ..constants import STAND_IN_NUMBER


def result_list(cl) -> dict:
    """The context of ``admin/change_list_results.html``, as Django's ``result_list`` makes it, but each row's cells
    joined in one string (``queue_results.html``).

    The headers are callables, which the template calls only when it renders the table head
    (kept per query string by ``queue_results.html``).
    """
    headers = cache(lambda: list(result_headers(cl)))
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": lambda: sum(1 for header in headers() if header["sortable"] and header["sorted"]),
        "results": [mark_safe("".join(row)) for row in queue_rows(cl)],  # noqa: S308 (cells escaped by queue_rows)
    }


def queue_rows(cl) -> list[list[str]]:
    """Each row's cells as HTML, escaped as ``format_html`` would escape them."""
    model_admin, opts = cl.model_admin, cl.opts
    empty = model_admin.get_empty_value_display()
    url = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_change",
        args=[STAND_IN_NUMBER],
        current_app=model_admin.admin_site.name,
    )
    change_url = _html(add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": opts}, url))
    stand_in = f"/{STAND_IN_NUMBER}/"
    links = set(cl.list_display_links or ())
    columns = []
    first_link = True
    for name in cl.list_display:
        name, classes, shown = _column(model_admin, opts, name, empty)
        tag = None
        if name in links:
            tag, first_link = ("th" if first_link else "td"), False
        columns.append((tag, _html(classes), shown))
    rows = []
    for obj in cl.result_list:
        link = change_url.replace(stand_in, f"/{obj.pk}/", 1)
        row = []
        for tag, classes, shown in columns:
            if tag:
                row.append(f'<{tag} class="{classes}"><a href="{link}">{_html(shown(obj))}</a></{tag}>')
            else:
                row.append(f'<td class="{classes}">{_html(shown(obj))}</td>')
        rows.append(row)
    return rows


def _html(value) -> str:
    """``conditional_escape(value)``, without the lazy-text check it makes on every call (175 cells a page)."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


def _column(model_admin, opts, name, empty):
    """``(name, classes, shown(obj))`` for one entry of ``list_display``, shown as Django shows it."""
    if name == "action_checkbox" or hasattr(model_admin, name):
        method = getattr(model_admin, name)

        def shown(obj):
            value = method(obj)
            if isinstance(value, str):  # what display_for_value makes of text, without its other checks
                return value if value.strip() else empty
            return display_for_value(value, empty)

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
