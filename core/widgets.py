"""Widgets every app shares."""

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class HiddenInput(forms.HiddenInput):
    """Django's hidden input drawn without the form renderer's templates, for the forms drawn on every page
    (a one-click token): the markup of ``django/forms/widgets/hidden.html`` and ``attrs.html``, attributes in
    their order, written at once instead of through two templates (``tests/core/test_widgets.py`` compares)."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        markup = [format_html('<input type="{}" name="{}"', self.input_type, name)]
        if value is not None:
            markup.append(format_html(' value="{}"', value))
        for attribute, setting in self.build_attrs(self.attrs, attrs).items():
            if setting is True:
                markup.append(format_html(" {}", attribute))
            elif setting is not False:
                markup.append(format_html(' {}="{}"', attribute, setting))
        markup.append(">")
        return mark_safe("".join(markup))  # noqa: S308 (each part escaped by format_html)
