"""The wizard's stepper, its unbound forms, its rows (periods, document cards, step 5's checks) and its links to a
request's pages, rendered once per process, language and version.

The stepper's markup depends on nothing but the current step, which steps are done and the request's
number: it is rendered (``stepper.html``) for a stand-in number that each request's number
then replaces, as *Mis Solicitudes*' rows do.
"""

from functools import lru_cache

from django import template
from django.forms.widgets import Input
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from cms import content_version
from cms.kept_pages import VALUE_STAND_INS, KeptRows, fill, value_stand_in

from .. import reference_data
from ..constants import STAND_IN_NUMBER, DocumentType

register = template.Library()

TEMPLATE = "requests_app/includes/stepper.html"
FORM_TEMPLATE = "includes/form.html"
PERIOD_ROW = "requests_app/includes/period_row.html"
DOCUMENT_CARD = "requests_app/includes/document_card.html"
DOCUMENT_ITEM = "requests_app/includes/document_item.html"
CHECK_SECTION = "requests_app/includes/check_section.html"
NOT_TYPED = ("checkbox", "radio", "file")  # inputs whose value is not written in a value attribute as typed


@register.simple_tag(takes_context=True)
def wizard_stepper(context, stepper):
    key = ("wizard-stepper", get_language(), stepper.current, stepper.done)
    html = content_version.remembered(
        context.get("request"), key, lambda: render_to_string(TEMPLATE, {"stepper": stepper.items(STAND_IN_NUMBER)})
    )
    return mark_safe(html.replace(str(STAND_IN_NUMBER), str(stepper.pk)))  # noqa: S308 (rendered by stepper.html)


@register.simple_tag(takes_context=True)
def unbound_form(context, form, initial=None):
    """``includes/form.html`` for an unbound form, kept per process, language, content version and reference version
    (``requests_app.reference_data``): what is saved is the rendering, option by option through the widgets'
    templates, of selects that offer reference data (the period form's institutions, budget lines and departments).

    The values the form starts with (its ``initial``, the applicant's own payment data, say) are put in for each
    request: a text box's value where the kept rendering holds a stand-in for it (``cms.kept_pages.fill``), a
    select's value as part of the key (for selects of a few choices, such as the payment type). A change to one of
    the catalogs renews the reference version on every node, so it shows on the next request. When either version
    cannot be read the form is rendered. A bound form (with values or errors) is rendered. Only for forms whose
    markup follows from their class and starting values (``kept_form_markup`` renders a twin made from them).
    Given the form's class instead (which sets ``do_not_call_in_templates``) and the values it starts with
    (``initial``), the form is made only when its markup must be rendered: a page that shows it unbound does not
    build it.
    """
    if isinstance(form, type):  # its class (``do_not_call_in_templates``): the form is made only to be rendered
        form_class, options = form, {}
        typed, chosen = starting_values(form.base_fields, initial or {})
    elif form.is_bound:
        return render_to_string(FORM_TEMPLATE, {"form": form})
    else:
        form_class, options = type(form), {"prefix": form.prefix, "auto_id": form.auto_id}
        typed, chosen = starting_values(form.fields, {name: form[name].initial for name in form.fields})
    request = context.get("request")
    versions = (content_version.for_request(request), reference_data.version(request))
    key = (
        "unbound-form",
        form_class.__module__,
        form_class.__qualname__,
        get_language(),
        tuple(typed),  # which text boxes show a value: an empty one has no value attribute
        tuple((name, repr(value)) for name, value in chosen.items()),
    )
    markup = content_version.memo.get(
        key, None if None in versions else versions, lambda: kept_form_markup(form_class, typed, chosen, **options)
    )
    return mark_safe(fill(markup, typed))  # noqa: S308 (the form template's markup and escaped values)


def starting_values(fields: dict, initial: dict) -> tuple[dict, dict]:
    """Of an unbound form with ``fields`` that starts with ``initial`` (each field's own initial otherwise), as its
    bound fields' ``value()`` gives them: ``typed``, each text box's starting value as its widget writes it, escaped
    (only those that show one); ``chosen``, every other field's starting value."""
    typed, chosen = {}, {}
    for name, field in fields.items():
        value = initial.get(name, field.initial)
        value = field.prepare_value(value() if callable(value) else value)
        widget = field.widget
        if isinstance(widget, Input) and widget.input_type not in NOT_TYPED:
            shown = widget.format_value(value)
            if shown is not None:
                typed[name] = escape(shown)
        else:
            chosen[name] = value
    return typed, chosen


def kept_form_markup(form_class, typed: dict, chosen: dict, **options) -> list[str]:
    """The form rendered with a stand-in for each text box's value, split around them."""
    stand_ins = {name: value_stand_in(name) for name in typed}
    twin = form_class(initial={**chosen, **stand_ins}, **options)
    return VALUE_STAND_INS.split(render_to_string(FORM_TEMPLATE, {"form": twin}))


@register.simple_tag(takes_context=True)
def period_rows(context, periods, certification):
    """Step 2's rows (``parts.PeriodRow``) as HTML, drawn like Mis Solicitudes' from ``period_row.html`` kept with
    stand-ins: no template loop, ``{% url %}`` or translation per row; what each period names from the reference data
    (``reference_data.period_names``)."""
    if not periods:
        return ""
    remove_url = numbered_link("requests_app:period_remove", certification)
    token = page_token(context)
    names = reference_data.period_names(periods, context["request"])
    drawn = KeptRows(context, PERIOD_ROW)
    rows = []
    for number, period in enumerate(periods, start=1):
        values = {
            "number": str(number),
            "institution": names.institutions[period.institution_id],
            "dependency": escape(period.dependency),
            "place": names.places[period.municipality_id],
            "position": escape(period.position_title),
            "start": day_month_year(period.start_date),
            "end": day_month_year(period.end_date),
            "budget_line": names.budget_lines[period.budget_line_id],
            "remove_url": remove_url(period.pk),
            "csrf_token": token,
        }
        rows.append(drawn.draw(values))
    return mark_safe("".join(rows))  # noqa: S308 (the row template's markup and escaped values)


@register.simple_tag(takes_context=True)
def document_cards(context, cards, certification, form):
    """Step 4's cards (``views.wizard.requirement_cards``) as HTML, each requirement's card and each document in it
    drawn from ``document_card.html`` and ``document_item.html`` kept with stand-ins."""
    token = page_token(context)
    items = DocumentItems(context, certification, token)
    drawn = KeptRows(context, DOCUMENT_CARD)
    requirements = [card["requirement"] for card in cards]
    words = reference_data.remembered(
        context["request"], "requirement-card-words", lambda: requirement_card_words(requirements)
    )
    html = []
    for card in cards:
        requirement = card["requirement"]
        values = {
            **words[requirement.pk],
            "documents": "".join(items.render(document) for document in card["documents"]),
            "file_errors": error_items(card["file_errors"]),
            "specification_errors": error_items(card["specification_errors"]),
            "specification": escape(form["specification"].value() or "") if card["failed"] else "",
            "csrf_token": token,
        }
        variant = {
            "required": requirement.is_required,
            "documents": bool(card["documents"]),
            "replace": bool(card["documents"]) and requirement.max_files == 1,
            "help_text": bool(requirement.help_text),
            "file_errors": bool(card["file_errors"]),
            "specification": requirement.document_type == DocumentType.OTHER,
            "specification_errors": bool(card["specification_errors"]),
        }
        html.append(drawn.draw(values, **variant))
    return mark_safe("".join(html))  # noqa: S308 (the card templates' markup and escaped values)


def requirement_card_words(requirements) -> dict[int, dict[str, str]]:
    """What each requirement's card says of it, escaped, by the requirement's id: kept per process while the
    requirements stay the same (``reference_data``; the cards are one per active requirement of that version)."""
    return {
        requirement.pk: {
            "kind": escape(requirement.document_type),
            "label": escape(requirement.label),
            "types": escape(requirement.extensions_label),
            "max_mb": str(requirement.max_size_mb),
            "help_text": escape(requirement.help_text),
            "accept": escape(requirement.accept),
        }
        for requirement in requirements
    }


@register.simple_tag(takes_context=True)
def check_sections(context, sections):
    """Step 5's checks (``(SectionCheck, url)`` pairs) as HTML, each drawn from ``check_section.html`` kept with
    stand-ins, one rendering for a section that passes and one for a section with problems."""
    drawn = KeptRows(context, CHECK_SECTION)
    html = []
    for section, url in sections:
        values = {"url": url, "title": escape(section.title), "problems": error_items(section.problems)}
        html.append(drawn.draw(values, ok=section.ok))
    return mark_safe("".join(html))  # noqa: S308 (the section template's markup and escaped values)


def day_month_year(day) -> str:
    """``day`` as the ``date:"d/m/Y"`` filter writes it, without the filter's per-call set-up."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def page_token(context) -> str:
    """The page's CSRF token, escaped, for the kept rows that carry a form."""
    return escape(str(context.get("csrf_token", "")))


class DocumentItems:
    """The documents listed in step 4's cards, from one kept ``document_item.html``."""

    def __init__(self, context, certification, token: str):
        self.certification = certification
        self.token = token
        self.drawn = KeptRows(context, DOCUMENT_ITEM)

    @cached_property
    def links(self) -> tuple:
        """Each document's links (made once, for the first document)."""
        return tuple(
            numbered_link(name, self.certification)
            for name in ("requests_app:document", "requests_app:document_remove")
        )

    def render(self, document) -> str:
        view_url, remove_url = self.links
        values = {
            "title": escape(str(document)),
            "name": escape(document.original_name),
            "size": escape(filesizeformat(document.size)),
            "view_url": view_url(document.pk),
            "remove_url": remove_url(document.pk),
            "csrf_token": self.token,
        }
        return self.drawn.draw(values)


@register.simple_tag
def request_url(url_name: str, pk) -> str:
    """``{% url url_name pk %}`` for one of a request's pages, reversed once per process for a stand-in number.

    On a kept page (``cms.kept_pages.render_kept``) ``pk`` is a shown value: outside the per-request blocks it is
    the kept rendering's stand-in, which each request's own number replaces, so the link needs no block of its own.
    """
    head, tail = url_around_numbers(url_name, 1)
    return mark_safe(f"{head}{conditional_escape(pk)}{tail}")  # noqa: S308 (an escaped URL around an escaped number)


def numbered_link(url_name: str, certification):
    """The link ``url_name`` of one of the request's rows (a period, a document) for the row's number, escaped."""
    head, middle, tail = url_around_numbers(url_name, 2)
    return lambda number: f"{head}{certification.pk}{middle}{number}{tail}"


def url_around_numbers(url_name: str, count: int) -> tuple[str, ...]:
    """``url_name``'s URL for ``count`` numbers, escaped and split where the numbers go: reversed once per process
    and script prefix, for stand-in numbers, so no number of a request or a row can be taken for one."""
    return _url_around_numbers(url_name, count, get_script_prefix())


@lru_cache(maxsize=64)
def _url_around_numbers(url_name: str, count: int, script_prefix: str) -> tuple[str, ...]:
    pieces = tuple(escape(reverse(url_name, args=[STAND_IN_NUMBER] * count)).split(str(STAND_IN_NUMBER)))
    if len(pieces) != count + 1:
        raise ValueError(f"{url_name}: la dirección no lleva sus {count} números donde se esperan")
    return pieces


def error_items(errors) -> str:
    return "".join(f"<li>{conditional_escape(error)}</li>" for error in errors)
