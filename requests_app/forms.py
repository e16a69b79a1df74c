import json
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import select_prompts
from catalogs.forms import DepartmentMunicipalityMixin, department_field
from catalogs.models import BudgetLine, Institution
from core.fields import BirthDateField, DayMonthYearField, NitField, PhoneField
from core.identifiers import normalize_cui, validate_cui

from .constants import PAYMENT_REFERENCE_LABELS, DocumentType, PaymentMethod, RequestState
from .models import ServicePeriod, ThirdParty
from .validation import period_date_problems

PAGE_SIZES = (10, 25, 50)
REFERENCE_PATTERN = re.compile(r"[A-Z0-9\-]{4,30}")


class ListSearchForm(forms.Form):
    """Search and page size, done on the server (Mi Certificación de Servicios; base of Mis Solicitudes)."""

    buscar = forms.CharField(
        label=_("Buscar"),
        required=False,
        max_length=80,
        help_text=_("Número de solicitud, apellido o DPI del interesado."),
    )
    mostrar = forms.TypedChoiceField(
        label=_("Mostrar registros"),
        required=False,
        coerce=int,
        choices=[(size, size) for size in PAGE_SIZES],
        empty_value=PAGE_SIZES[0],
    )

    def page_size(self) -> int:
        if self.is_valid() and self.cleaned_data.get("mostrar"):
            return self.cleaned_data["mostrar"]
        return PAGE_SIZES[0]


class RequestListFilterForm(ListSearchForm):
    """Mis Solicitudes: filter by state, search and page size, all done on the server."""

    estado = forms.ChoiceField(
        label=_("Filtrar por Estado"),
        required=False,
        choices=[("", _("-Seleccione un Estado-")), *RequestState.choices],
    )
    field_order = ["estado", "buscar", "mostrar"]


class CreateRequestForm(forms.Form):
    """What the "¿Está seguro?" confirmation sends (``confirm.html`` draws its hidden input): the token makes a double
    click harmless."""

    token = forms.UUIDField()


class ServicePeriodForm(DepartmentMunicipalityMixin, forms.ModelForm):
    do_not_call_in_templates = True  # step 2 passes the class itself to {% unbound_form %} when the form is empty

    department = department_field()
    start_date = DayMonthYearField(label=_("Inicio"))
    end_date = DayMonthYearField(label=_("Fin"))

    class Meta:
        model = ServicePeriod
        fields = [
            "institution",
            "dependency",
            "position_title",
            "start_date",
            "end_date",
            "budget_line",
            "department",
            "municipality",
        ]
        labels = {
            "institution": _("Institución"),
            "dependency": _("Dependencia"),
            "position_title": _("Título del puesto"),
            "budget_line": _("Renglón"),
            "municipality": _("Municipio"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.order_by("name")
        self.fields["institution"].empty_label = _("-Seleccione una Institución-")
        self.fields["institution"].widget.attrs["data-filterable"] = _("Buscar institución por nombre")
        self.fields["budget_line"].queryset = BudgetLine.objects.filter(is_active=True).order_by("code")
        self.fields["budget_line"].empty_label = _("-Seleccione un Renglón-")
        self.fields["municipality"].empty_label = _("-Seleccione un Municipio-")
        self.fields["dependency"].widget.attrs["placeholder"] = _("Especifique el lugar donde prestó sus servicios")
        self.setup_geography()

    def clean(self):
        cleaned = super().clean()
        self.clean_geography(cleaned)
        for field_name, problem in period_date_problems(cleaned.get("start_date"), cleaned.get("end_date")):
            self.add_error(field_name, problem)
        return cleaned

    def period_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "department"}


class PaymentForm(forms.Form):
    do_not_call_in_templates = True  # step 3 passes the class itself to {% unbound_form %} when the form is unbound
    method = forms.ChoiceField(
        label=_("Modalidad de Pago"),
        choices=[("", _("-Seleccione una Modalidad de Pago-")), *PaymentMethod.choices],
    )
    reference = forms.CharField(
        label=_("Número de boleta o de referencia de la transferencia"),
        max_length=30,
        help_text=_("Escríbalo tal como aparece en su comprobante de Banrural."),
    )
    payment_date = DayMonthYearField(label=_("Fecha de depósito o de transferencia"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The labels name what the chosen payment type asks for; static/js/portal.js changes them
        # when the applicant picks another type (data-payment-labels), the server when it renders.
        method = self.data.get(self.add_prefix("method")) if self.is_bound else self.initial.get("method")
        if method in PAYMENT_REFERENCE_LABELS:
            reference_label, date_label = PAYMENT_REFERENCE_LABELS[method]
            self.fields["reference"].label = reference_label
            self.fields["payment_date"].label = date_label
        labels = {"": [str(self.base_fields["reference"].label), str(self.base_fields["payment_date"].label)]}
        labels.update({key: [str(text) for text in value] for key, value in PAYMENT_REFERENCE_LABELS.items()})
        self.fields["method"].widget.attrs["data-payment-labels"] = json.dumps(labels, ensure_ascii=False)

    def clean_reference(self):
        reference = "".join(self.cleaned_data["reference"].split()).upper()
        # ASCII only: upper() makes "ß" "SS" (longer than the column) and bank references are plain A-Z 0-9.
        if not REFERENCE_PATTERN.fullmatch(reference) or not any(ch.isalnum() for ch in reference):
            raise forms.ValidationError(_("Escriba solo letras y números (al menos 4)."))
        return reference

    def clean_payment_date(self):
        value = self.cleaned_data["payment_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("La fecha del pago no puede ser futura."))
        return value


class DocumentUploadForm(forms.Form):
    document_type = forms.ChoiceField(choices=DocumentType.choices, widget=forms.HiddenInput)
    file = forms.FileField(label=_("Archivo"))
    specification = forms.CharField(label=_("Especificar"), required=False, max_length=120)


class ThirdPartyForm(DepartmentMunicipalityMixin, forms.ModelForm):
    department = department_field()
    birth_date = BirthDateField(label=_("Fecha de nacimiento"))

    class Meta:
        model = ThirdParty
        fields = [
            "first_name",
            "second_name",
            "other_names",
            "last_name",
            "second_surname",
            "married_surname",
            "cui",
            "nit",
            "birth_date",
            "gender",
            "relationship",
            "is_alive",
            "email",
            "phone",
            "nationality",
            "department",
            "municipality",
            "zone",
            "address",
            "notification_address",
        ]
        field_classes = {"nit": NitField, "phone": PhoneField}
        labels = {
            "first_name": _("Primer Nombre"),
            "second_name": _("Segundo Nombre"),
            "other_names": _("Otros Nombres"),
            "last_name": _("Primer Apellido"),
            "second_surname": _("Segundo Apellido"),
            "married_surname": _("Apellido de Casada"),
            "cui": _("DPI"),
            "nit": _("NIT"),
            "gender": _("Género"),
            "relationship": _("Parentesco"),
            "is_alive": _("¿Aún vive?"),
            "email": _("Correo electrónico"),
            "phone": _("Teléfono"),
            "nationality": _("Nacionalidad"),
            "municipality": _("Municipio"),
            "zone": _("Zona"),
            "address": _("Dirección"),
            "notification_address": _("Dirección para Recibir Notificaciones"),
        }

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        select_prompts(
            self,
            {
                "gender": _("-Seleccione un Género-"),
                "relationship": _("-Seleccione un Parentesco-"),
                "municipality": _("-Seleccione un Municipio-"),
            },
        )
        self.fields["zone"].widget.attrs.update({"min": 0, "max": 25})
        self.fields["cui"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.setup_geography(self.instance.municipality if self.instance.municipality_id else None)

    def clean_cui(self):
        cui = validate_cui(self.cleaned_data["cui"])
        if cui == normalize_cui(self.owner.cui):
            raise forms.ValidationError(_("Ese es su propio DPI: para usted cree la solicitud desde Mis Solicitudes."))
        duplicates = ThirdParty.objects.filter(owner=self.owner, cui=cui).exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise forms.ValidationError(_("Ya registró a una persona con este DPI."))
        return cui

    def clean_zone(self):
        value = self.cleaned_data["zone"]
        if value is not None and value > 25:
            raise forms.ValidationError(_("La zona debe estar entre 0 y 25."))
        return value

    def clean(self):
        cleaned = super().clean()
        self.clean_geography(cleaned)
        return cleaned

    def save(self, commit=True):
        self.instance.owner = self.owner
        return super().save(commit)


class ThirdPartySearchForm(forms.Form):
    buscar = forms.CharField(label=_("Buscar: Nombre, DPI, NIT"), required=False, max_length=80)
