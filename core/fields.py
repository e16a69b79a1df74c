"""Form fields every app shares, with their Spanish messages: Guatemalan identifiers, dates
typed as dd/mm/aaaa, the captcha and the new-password pair."""

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .identifiers import validate_cui, validate_nit, validate_phone

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
MAX_PASSWORD_LENGTH = 128
IDENTIFIER_MAX_LENGTH = 20  # room for the spaces and dashes people type


class CuiField(forms.CharField):
    """The 13 digits of the DPI, typed with or without spaces and dashes; cleaned to the 13 digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", IDENTIFIER_MAX_LENGTH)
        kwargs.setdefault("help_text", _("13 dígitos; puede escribirlo con espacios o guiones."))
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return validate_cui(value) if value else value


class NitField(forms.CharField):
    """The NIT with its check digit, cleaned to its compact form (``576937K``); optional where asked."""

    def clean(self, value):
        return validate_nit(super().clean(value))


class PhoneField(forms.CharField):
    """A Guatemalan telephone number (``+502 5555 1234``, ``5555-1234``), cleaned to ``5555-1234``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", IDENTIFIER_MAX_LENGTH)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
        super().__init__(**kwargs)

    def clean(self, value):
        return validate_phone(super().clean(value))


class DayMonthYearInput(forms.DateInput):
    """Every date of the portal is typed and shown as dd/mm/aaaa. static/js/portal.js adds a
    calendar button ([data-datepicker]) that opens the browser's own calendar and writes the
    chosen day back as dd/mm/aaaa, so the field never shows the browser's locale format."""

    def __init__(self, attrs=None):
        base = {
            "placeholder": "dd/mm/aaaa",
            "inputmode": "numeric",
            "autocomplete": "off",
            "data-datepicker": _("Elegir en el calendario"),
        }
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


class DayMonthYearField(forms.DateField):
    """A date typed as dd/mm/aaaa (also accepted: dd-mm-aaaa and aaaa-mm-dd)."""

    widget = DayMonthYearInput
    input_formats = DATE_FORMATS
    default_error_messages = {"invalid": _("Escriba la fecha como dd/mm/aaaa, por ejemplo 20/05/1986.")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", _("dd/mm/aaaa"))
        super().__init__(*args, **kwargs)


class BirthDateField(DayMonthYearField):
    """A birth date: before today and not before 1900."""

    default_error_messages = {"birth_date": _("Escriba una fecha de nacimiento válida.")}

    def validate(self, value):
        super().validate(value)
        if value and (value >= timezone.localdate() or value.year < 1900):
            raise forms.ValidationError(self.error_messages["birth_date"], code="birth_date")


def own_birth_date_field(label=None) -> BirthDateField:
    """The signed-in person's own birth date, which the browser may fill in."""
    return BirthDateField(
        label=label or _("Fecha de nacimiento"), widget=DayMonthYearInput(attrs={"autocomplete": "bday"})
    )


class CaptchaInput(CaptchaTextInput):
    """The captcha image and its text box, labelled as one field (not a fieldset)."""

    use_fieldset = False
    template_name = "core/captcha_widget.html"


def captcha_field() -> CaptchaField:
    """«No soy un robot»: the letters of an image made by django-simple-captcha."""
    return CaptchaField(
        widget=CaptchaInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
        label=_("No soy un robot"),
        help_text=_("Escriba las letras que ve en la imagen."),
        error_messages={
            "invalid": _("Las letras no coinciden con la imagen. Intente de nuevo."),
            "required": _("Escriba las letras que ve en la imagen."),
        },
    )


def password_pair(label, confirmation_label) -> tuple[forms.CharField, forms.CharField]:
    """A new password and its confirmation, as every form that sets a password asks them."""

    help_text = _("8 o más caracteres con letras mayúsculas y minúsculas, números y símbolos.")

    def password_field(field_label, **kwargs):
        return forms.CharField(
            label=field_label,
            strip=False,
            max_length=MAX_PASSWORD_LENGTH,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            **kwargs,
        )

    return (
        password_field(label, help_text=help_text),
        password_field(confirmation_label),
    )
