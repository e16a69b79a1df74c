"""The admin queue's rows, built without the admin's per-cell machinery.

Django's ``result_list`` looks each cell up (``lookup_field``), formats it and reverses and
re-encodes the change link once per linked cell: most of the queue's CPU. Here the change
link (with the preserved filters) is built once per process and query string for a stand-in id
that each row's id replaces, and each cell is the HTML the ModelAdmin's ``queue_cells()`` gives
for it (the page's words, today and time zone worked out once a page), else calls the admin's
display method or reads the field directly. The markup is the admin's own
``change_list_results.html`` and the cells are those Django would write
(tests/requests_app/test_admin_queue_rows.py compares them).
"""

from functools import cache, lru_cache
from html import escape

from django.contrib.admin.templatetags.admin_list import result_headers, result_hidden_fields
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import display_for_field, display_for_value
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString

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
        "results": [SafeString("".join(row)) for row in queue_rows(cl)],  # cells escaped by queue_rows
    }


def queue_rows(cl) -> list[list[str]]:
    """Each row's cells as HTML, escaped as ``format_html`` would escape them."""
    model_admin, opts = cl.model_admin, cl.opts
    empty = model_admin.get_empty_value_display()
    site, preserved = model_admin.admin_site.name, cl.preserved_filters
    change_url = _change_url(opts, site, preserved, get_urlconf(), get_script_prefix())
    stand_in = f"/{STAND_IN_NUMBER}/"
    links = set(cl.list_display_links or ())
    page_cells = getattr(model_admin, "queue_cells", None)  # {name: the cell's HTML for obj}, worked out per page
    fast = page_cells() if page_cells else {}
    columns = []
    first_link = True
    for name in cl.list_display:
        html = fast.get(name)
        name, classes, shown = _column(model_admin, opts, name, empty)
        tag = None
        if name in links:
            tag, first_link = ("th" if first_link else "td"), False
        columns.append((tag, _html(classes), html or (lambda obj, shown=shown: _html(shown(obj)))))
    rows = []
    for obj in cl.result_list:
        link = change_url.replace(stand_in, f"/{obj.pk}/", 1)
        row = []
        for tag, classes, html in columns:
            if tag:
                row.append(f'<{tag} class="{classes}"><a href="{link}">{html(obj)}</a></{tag}>')
            else:
                row.append(f'<td class="{classes}">{html(obj)}</td>')
        rows.append(row)
    return rows


@lru_cache(maxsize=256)
def _change_url(opts, site, preserved_filters, urlconf, script_prefix) -> str:
    """The change link of the object ``STAND_IN_NUMBER`` with the preserved filters, escaped: a function of the URLs
    (the URLconf and the script prefix in force are in the key) and the filters, worked out once per query string."""
    viewname = f"admin:{opts.app_label}_{opts.model_name}_change"
    url = reverse(viewname, urlconf, args=[STAND_IN_NUMBER], current_app=site)
    return _html(add_preserved_filters({"preserved_filters": preserved_filters, "opts": opts}, url))


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
