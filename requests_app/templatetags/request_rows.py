"""*Mis Solicitudes*' rows, drawn from a row rendered once rather than a template loop per row.

``requests_app/includes/request_row.html`` is rendered once per process, site, language and
content version for each kind of row (still editable or not), with a stand-in for each value;
each row then puts its values, escaped, where the stand-ins are, in one pass (so no value is
read as a stand-in). The delete dialog is rendered the same way once per page
(``confirm.html``). The row markup stays in the template.
"""

import re

from django import template
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cms import content_version

from ..constants import STAND_IN_NUMBER, RequestState

register = template.Library()

DATE_FORMAT = "d/m/Y h:i A"
ROW_VALUES = ("number", "resume_url", "detail_url", "history_url", "subject", "updated", "state", "state_label", "kind")
STAND_INS = re.compile(r"§§(\w+)§§")


@register.simple_tag(takes_context=True)
def request_rows(context, page):
    """The page's rows as HTML ("" when there are none)."""
    request = context["request"]
    stand_in = str(STAND_IN_NUMBER)
    urls = {name: reverse(f"requests_app:{name}", args=[STAND_IN_NUMBER]) for name in ("resume", "detail", "history")}
    states = {value: str(label) for value, label in RequestState.choices}
    kinds = {True: _("Para un Tercero"), False: _("Electrónica")}
    dialog = None
    rows = []
    for item in page:
        if item.applicant_id == request.user.pk:
            item.applicant = request.user
        number = str(item.number)
        values = {
            "number": number,
            "subject": escape(item.subject_name),
            "updated": escape(dateformat.format(timezone.localtime(item.updated_at), DATE_FORMAT)),
            "state": escape(item.state),
            "state_label": escape(states.get(item.state, item.state)),
            "kind": escape(kinds[item.is_for_third_party]),
            "delete_dialog": "",
            **{f"{name}_url": escape(url.replace(stand_in, number)) for name, url in urls.items()},
        }
        if item.state == RequestState.DRAFT:
            if dialog is None:
                dialog = _delete_dialog(context, STAND_IN_NUMBER)
            values["delete_dialog"] = dialog.replace(stand_in, number)
        row = _row_markup(context, editable=item.is_editable)
        rows.append(STAND_INS.sub(lambda match, values=values: values[match.group(1)], row))
    return mark_safe("".join(rows))  # noqa: S308 (the row template's markup and escaped values)


def _row_markup(context, *, editable: bool) -> str:
    """``request_row.html`` with ``§§name§§`` where each value of a row goes."""
    request = context["request"]
    key = ("fragment", request.get_host(), get_language(), "request-row", editable)

    def render():
        stand_ins = {name: mark_safe(f"§§{name}§§") for name in (*ROW_VALUES, "delete_dialog")}  # noqa: S308
        row_template = context.template.engine.get_template("requests_app/includes/request_row.html")
        with context.push(row=stand_ins, editable=editable):
            return row_template.render(context)

    return content_version.remembered(request, key, render)


def _delete_dialog(context, number) -> str:
    question = _("¿Está seguro de eliminar la solicitud No. %(number)s? Esta acción no se puede deshacer.") % {
        "number": number
    }
    values = {
        "label": _("Eliminar"),
        "question": question,
        "action": reverse("requests_app:delete", args=[number]),
        "form": None,
        "summary_class": "button--small button--danger",
        "danger": True,
    }
    confirm = context.template.engine.get_template("requests_app/includes/confirm.html")
    with context.push(**values):
        return confirm.render(context)
