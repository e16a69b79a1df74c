"""The wizard's stepper and its unbound period form, rendered once per process, language and content version.

The stepper's markup depends on nothing but the current step, which steps are done and the request's
number: it is rendered (``stepper.html``) for a stand-in number that each request's number
then replaces, as *Mis Solicitudes*' rows do.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from cms import content_version

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
    """``includes/form.html`` for an unbound form, kept per process, language, content version and what the form's
    ``markup_key()`` says its markup is made of (the rows its selects offer).

    That key is read on every request, so a changed catalog shows at once; only the rendering, option by
    option through the widgets' templates, is saved. A bound form (with values or errors) is rendered.
    """
    if form.is_bound:
        return render_to_string(FORM_TEMPLATE, {"form": form})
    key = ("unbound-form", type(form).__module__, type(form).__qualname__, get_language(), form.markup_key())
    return content_version.remembered(
        context.get("request"), key, lambda: render_to_string(FORM_TEMPLATE, {"form": form})
    )
