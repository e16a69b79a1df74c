"""The dependent Departamento → Municipio select, shared by every form that asks where."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Department, Municipality


def municipalities_of(department):
    """The municipalities of ``department`` (a key as it came in a request, an id or a
    ``Department``), by name; none when it names no department."""
    try:
        department = forms.ModelChoiceField(queryset=Department.objects.all()).clean(department)
    except ValidationError:
        return Municipality.objects.none()
    return department.municipalities.order_by("name")


def dependent_municipality_attrs() -> dict:
    """htmx attributes that refill the Municipio select when the Departamento changes."""
    return {
        "hx-get": reverse("catalogs:municipality_options"),
        "hx-target": "#id_municipality",
        "hx-trigger": "change",
        "hx-swap": "innerHTML",
    }


def department_field(label=None):
    """The form's ``department`` field; its choices are set by ``setup_geography``."""
    return forms.ModelChoiceField(
        label=label or _("Departamento"),
        queryset=Department.objects.none(),
        empty_label=_("-Seleccione un Departamento-"),
    )


class DepartmentMunicipalityMixin:
    """Departamento → Municipio: the municipality must belong to the chosen department.

    The form declares ``department = department_field()`` next to its ``municipality``, calls
    ``setup_geography()`` at the end of ``__init__`` and ``clean_geography(cleaned)`` in ``clean``.
    """

    def setup_geography(self, initial_municipality=None):
        self.fields["department"].queryset = Department.objects.order_by("code")
        self.fields["department"].widget.attrs.update(dependent_municipality_attrs())
        initial_department = initial_municipality.department_id if initial_municipality else None
        if initial_department and not self.is_bound:
            self.initial.setdefault("department", initial_department)
        department = self.data.get(self.add_prefix("department")) or initial_department
        self.fields["municipality"].queryset = municipalities_of(department)

    def clean_geography(self, cleaned):
        department, municipality = cleaned.get("department"), cleaned.get("municipality")
        if department and municipality and municipality.department_id != department.pk:
            self.add_error("municipality", _("El municipio no pertenece al departamento seleccionado."))
