"""*Mis Solicitudes*' and the reloj's rows, drawn from a row rendered once rather than a template loop per row.

``request_row.html`` and ``history_row.html`` are rendered once per process, site, language and
content version for each kind of row (still editable or not; the current state or not), with a
stand-in for each value (``cms.kept_pages.kept_row``); each row then puts its values, escaped,
where the stand-ins are, in one pass (so no value is read as a stand-in). The delete dialog is
rendered once per page (``confirm.html``). The row markup stays in the templates.
"""

from functools import lru_cache

from django import template
from django.template.defaultfilters import linebreaksbr
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from cms.content_version import remembered
from cms.kept_pages import KeptRows

from ..constants import STAND_IN_NUMBER, RequestState, state_labels
from .wizard_steps import day_month_year

register = template.Library()

REQUEST_ROW = "requests_app/includes/request_row.html"
HISTORY_ROW = "requests_app/includes/history_row.html"


@register.simple_tag(takes_context=True)
def request_rows(context, page):
    """The page's rows as HTML ("" when there are none)."""
    request = context["request"]
    stand_in = str(STAND_IN_NUMBER)
    language = get_language()
    urls, states, kinds = remembered(request, ("request-row-words", get_script_prefix(), language), _row_words)
    own_name = escape(request.user.get_full_name() or str(request.user))
    updated = UpdatedFormat(language)
    drawn = KeptRows(context, REQUEST_ROW)
    dialog = None
    rows = []
    for item in page:
        number = str(item.number)
        values = {
            "number": number,
            "subject": escape(item.subject_name) if item.third_party_id else own_name,
            "updated": updated(item.updated_at),
            "state": item.state if item.state in states else escape(item.state),
            "state_label": states.get(item.state) or escape(item.state),
            "kind": kinds[item.is_for_third_party],
            "delete_dialog": "",
            **{f"{name}_url": url.replace(stand_in, number) for name, url in urls.items()},
        }
        if item.state == RequestState.DRAFT:
            if dialog is None:
                dialog = _delete_dialog(context, STAND_IN_NUMBER)
            values["delete_dialog"] = dialog.replace(stand_in, number)
        rows.append(drawn.draw(values, editable=item.is_editable))
    return mark_safe("".join(rows))  # noqa: S308 (the row template's markup and escaped values)


def _row_words() -> tuple[dict, dict, dict]:
    """The rows' links (a stand-in for the number, which digits replace), state names and kinds, escaped: the same
    on every page."""
    names = ("resume", "detail", "history")
    urls = {name: escape(reverse(f"requests_app:{name}", args=[STAND_IN_NUMBER])) for name in names}
    states = {value: escape(label) for value, label in state_labels().items()}
    kinds = {True: escape(_("Para un Tercero")), False: escape(_("Electrónica"))}
    return urls, states, kinds


class UpdatedFormat:
    """``date:"d/m/Y h:i A"`` in the current time zone, escaped: its AM/PM translated and escaped once per process and
    language (``language``: the current one, when the caller has it at hand)."""

    def __init__(self, language: str | None = None):
        self.zone = timezone.get_current_timezone()
        self.halves = _halves(language or get_language())

    def __call__(self, moment) -> str:
        local = moment.astimezone(self.zone)
        hour, half = local.hour % 12 or 12, self.halves[local.hour > 11]  # %I: 12 at midnight and at noon
        return f"{day_month_year(local)} {hour:02d}:{local.minute:02d} {half}"


@lru_cache(maxsize=16)
def _halves(language: str) -> tuple[str, str]:
    with override(language):
        return escape(_("AM")), escape(_("PM"))


def _delete_dialog(context, number) -> str:
    question = _("¿Está seguro de eliminar la solicitud No. %(number)s? Esta acción no se puede deshacer.") % {
        "number": number
    }
    values = {
        "label": _("Eliminar"),
        "question": question,
        "action": reverse("requests_app:delete", args=[number]),
        "summary_class": "button--small button--danger",
        "danger": True,
    }
    confirm = context.template.engine.get_template("requests_app/includes/confirm.html")
    with context.push(**values):
        return confirm.render(context)


@register.simple_tag(takes_context=True)
def history_rows(context, rows):
    """The reloj's rows as HTML, drawn like Mis Solicitudes' from ``history_row.html`` kept with stand-ins."""
    created = UpdatedFormat()
    drawn = KeptRows(context, HISTORY_ROW)
    html = []
    for row in rows:
        values = {
            "number": str(row.number),
            "created": created(row.created_at),
            "state_label": escape(row.state_label),
            "observation": linebreaksbr(row.observation),
            "duration": escape(row.duration_label),
            "working_days": escape(row.working_days_label),
        }
        html.append(drawn.draw(values, current=row.is_current, working_days=bool(values["working_days"])))
    return mark_safe("".join(html))  # noqa: S308 (the row template's markup and escaped values)
