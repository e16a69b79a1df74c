"""The wizard's stepper and its unbound period form, rendered once per process, language and version.

The stepper's markup depends on nothing but the current step, which steps are done and the request's
number: it is rendered (``stepper.html``) for a stand-in number that each request's number
then replaces, as *Mis Solicitudes*' rows do.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from cms import content_version

from .. import reference_data
from ..constants import STAND_IN_NUMBER

register = template.Library()

TEMPLATE = "requests_app/includes/stepper.html"
FORM_TEMPLATE = "includes/form.html"


@register.simple_tag(takes_context=True)
def wizard_stepper(context, stepper):
    key = ("wizard-stepper", get_language(), stepper.current, stepper.done)
    html = content_version.remembered(
        context.get("request"), key, lambda: render_to_string(TEMPLATE, {"stepper": stepper.items(STAND_IN_NUMBER)})
    )
    return mark_safe(html.replace(str(STAND_IN_NUMBER), str(stepper.pk)))  # noqa: S308 (rendered by stepper.html)


@register.simple_tag(takes_context=True)
def unbound_form(context, form):
    """``includes/form.html`` for an unbound form whose selects offer reference data (the period form's
    institutions, budget lines and departments), kept per process, language, content version and reference
    version (``requests_app.reference_data``).

    A change to one of those catalogs renews the reference version on every node, so it shows on the next
    request; only the rendering, option by option through the widgets' templates, is saved. When either version
    cannot be read the form is rendered. A bound form (with values or errors) is rendered.
    """
    if form.is_bound:
        return render_to_string(FORM_TEMPLATE, {"form": form})
    request = context.get("request")
    versions = (content_version.for_request(request), reference_data.version(request))
    key = ("unbound-form", type(form).__module__, type(form).__qualname__, get_language())
    return content_version.memo.get(
        key, None if None in versions else versions, lambda: render_to_string(FORM_TEMPLATE, {"form": form})
    )
