"""Mis Solicitudes' rows with what the template would otherwise compute row by row done once per page.

The URLs are reversed once and the delete dialog is rendered once (``confirm.html``), both for
a stand-in number that each row's number then replaces; dates, state labels and kinds are
plain strings. The row markup stays in the template.
"""

from django import template
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..constants import RequestState

register = template.Library()

STAND_IN = 987654321  # a request number no page shows; replaced by each row's number
DATE_FORMAT = "d/m/Y h:i A"


@register.simple_tag(takes_context=True)
def request_rows(context, page):
    """``[{item, number, resume_url, detail_url, history_url, updated, state_label, kind, delete_dialog}]``."""
    stand_in = str(STAND_IN)
    urls = {name: reverse(f"requests_app:{name}", args=[STAND_IN]) for name in ("resume", "detail", "history")}
    states = {value: str(label) for value, label in RequestState.choices}
    kinds = {True: _("Para un Tercero"), False: _("Electrónica")}
    dialog = None
    rows = []
    user = context["request"].user
    for item in page:
        if item.applicant_id == user.pk:
            item.applicant = user
        number = str(item.number)
        row = {
            "item": item,
            "number": number,
            "updated": dateformat.format(timezone.localtime(item.updated_at), DATE_FORMAT),
            "state_label": states.get(item.state, item.state),
            "kind": kinds[item.is_for_third_party],
            **{f"{name}_url": url.replace(stand_in, number) for name, url in urls.items()},
        }
        if item.state == RequestState.DRAFT:
            if dialog is None:
                dialog = _delete_dialog(context, STAND_IN)
            row["delete_dialog"] = mark_safe(dialog.replace(stand_in, number))  # noqa: S308 (rendered by confirm.html)
        rows.append(row)
    return rows


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
