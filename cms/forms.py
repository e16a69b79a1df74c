"""The assistance forms that editors build, with the portal's own field types and rules.

Editors choose a *type* for each field; the type brings its validation with it, so
renaming "Edad" to "Su edad" keeps the 18–120 range and "Confirmar correo" keeps
matching the contact email.
"""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from core.fields import CuiField, PhoneField, captcha_field

MIN_AGE, MAX_AGE = 18, 120
NAME_MAX_LENGTH = 100
MESSAGE_MAX_LENGTH = 3000

# Field types of the portal, then Wagtail's generic ones.
FIELD_TYPE_CHOICES = [
    ("person_name", _("Nombre o apellido de persona")),
    ("cui", _("DPI (CUI)")),
    ("age", _("Edad (18 a 120 años)")),
    ("phone", _("Teléfono de Guatemala")),
    ("email", _("Correo electrónico")),
    ("email_confirmation", _("Confirmación del correo electrónico")),
    ("singleline", _("Texto de una línea")),
    ("multiline", _("Texto de varias líneas")),
    ("number", _("Número")),
    ("dropdown", _("Lista desplegable")),
    ("radio", _("Opciones (una)")),
    ("checkboxes", _("Casillas (varias)")),
    ("checkbox", _("Casilla (sí/no)")),
    ("date", _("Fecha")),
]

NAME_PATTERN = r"^[^\W\d_]+(?:[ '’.\-]+[^\W\d_]+)*\.?$"
CAPTCHA_FIELD = "captcha"


class PersonNameField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", NAME_MAX_LENGTH)
        super().__init__(**kwargs)
        self.validators.append(
            RegexValidator(
                NAME_PATTERN,
                _("Escriba solo letras, espacios, apóstrofos o guiones."),
                code="name",
            )
        )

    def to_python(self, value):
        return " ".join(super().to_python(value).split())


def name_autocomplete(label: str) -> str:
    """What the browser may fill in: surnames in «Apellidos», given names in «Nombres», else the full name."""
    label = label.lower()
    if "apellido" in label:
        return "family-name"
    if "nombre" in label and "completo" not in label:
        return "given-name"
    return "name"


class AssistanceBaseForm(BaseForm):
    """Cross-field rules: the confirmation email must match the contact email."""

    field_types: dict[str, str] = {}

    def fields_of_type(self, field_type: str) -> list[str]:
        return [name for name, kind in self.field_types.items() if kind == field_type]

    def clean(self):
        cleaned = super().clean()
        emails = self.fields_of_type("email")
        for name in self.fields_of_type("email_confirmation"):
            confirmation = cleaned.get(name)
            original = cleaned.get(emails[0]) if emails else None
            if confirmation and original and confirmation.lower() != original.lower():
                self.add_error(
                    name, _("Los correos electrónicos no coinciden. Escriba el mismo correo en ambos campos.")
                )
        return cleaned

    @property
    def submission_data(self) -> dict:
        """What is stored: every answer but the captcha."""
        return {name: value for name, value in self.cleaned_data.items() if name != CAPTCHA_FIELD}


class AssistanceFormBuilder(FormBuilder):
    """Wagtail's form builder plus the portal's field types, blank choices and the captcha."""

    def create_person_name_field(self, field, options):
        options.setdefault("widget", forms.TextInput(attrs={"autocomplete": name_autocomplete(field.label)}))
        return PersonNameField(**options)

    def create_cui_field(self, field, options):
        return CuiField(**options)

    def create_age_field(self, field, options):
        options["initial"] = options.get("initial") or None
        return forms.IntegerField(
            min_value=MIN_AGE,
            max_value=MAX_AGE,
            error_messages={
                "invalid": _("Escriba la edad en años, solo con números."),
                "min_value": _("Debe tener al menos %(limit_value)s años para usar este servicio."),
                "max_value": _("Escriba una edad válida (hasta %(limit_value)s años)."),
            },
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            **options,
        )

    def create_phone_field(self, field, options):
        options.setdefault("widget", forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
        return PhoneField(**options)

    def create_email_field(self, field, options):
        options.setdefault("widget", forms.EmailInput(attrs={"autocomplete": "email"}))
        return forms.EmailField(max_length=254, **options)

    def create_email_confirmation_field(self, field, options):
        options.setdefault("widget", forms.EmailInput(attrs={"autocomplete": "off"}))
        return forms.EmailField(max_length=254, **options)

    def create_multiline_field(self, field, options):
        options.setdefault("widget", forms.Textarea(attrs={"rows": 6}))
        return forms.CharField(max_length=MESSAGE_MAX_LENGTH, **options)

    def create_dropdown_field(self, field, options):
        options["choices"] = [("", _("-Seleccione una opción-")), *self.get_formatted_field_choices(field)]
        return forms.ChoiceField(**options)

    def create_number_field(self, field, options):
        options["initial"] = options.get("initial") or None
        return forms.DecimalField(max_digits=15, decimal_places=4, **options)

    def create_date_field(self, field, options):
        options["initial"] = options.get("initial") or None
        # Like every date of the portal: typed as dd/mm/aaaa, with the calendar button of static/js/portal.js.
        attrs = {"placeholder": "dd/mm/aaaa", "inputmode": "numeric", "data-datepicker": _("Elegir en el calendario")}
        options.setdefault("widget", forms.DateInput(attrs=attrs, format="%d/%m/%Y"))
        return forms.DateField(input_formats=["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"], **options)

    def get_form_class(self):
        attrs = dict(self.formfields)
        attrs["field_types"] = {
            field.clean_name or field.get_field_clean_name(): field.field_type for field in self.fields
        }
        attrs[CAPTCHA_FIELD] = captcha_field()
        return type("AssistanceForm", (AssistanceBaseForm,), attrs)
