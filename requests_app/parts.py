"""A request's periods and documents, with SQL built once per process (``core.prepared``).

The wizard lists them (steps 2 and 4) and the review checks them (step 5 and the submit service,
``validation``). The models are reached through the ``models`` module when a query is first
built, not when this module is imported: ``validation`` imports it, and the models import
``validation``.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import F

from core.prepared import PreparedQuery

from . import models


@dataclass(slots=True)
class PeriodRow:
    """A service period as the wizard's second step lists it: its columns and the names of its institution, budget
    line, municipality and department, read as plain values (no model built for the period or the four it names)."""

    id: int
    dependency: str
    position_title: str
    start_date: date
    end_date: date
    institution_name: str
    budget_line_code: str
    municipality_name: str
    department_name: str

    @property
    def pk(self) -> int:
        return self.id


_request_periods = PreparedQuery(
    lambda request: models.ServicePeriod.objects.filter(request=request).annotate(
        institution_name=F("institution__name"),
        budget_line_code=F("budget_line__code"),
        municipality_name=F("municipality__name"),
        department_name=F("municipality__department__name"),
    ),
    fields=("id", "dependency", "position_title", "start_date", "end_date"),
    annotations=("institution_name", "budget_line_code", "municipality_name", "department_name"),
    row=PeriodRow,
)

_request_documents = PreparedQuery(lambda request: models.SupportingDocument.objects.filter(request=request))


def request_periods(certification) -> list[PeriodRow]:
    """The periods of a request, in their order (``ServicePeriod.Meta``): its pages check first that it is the
    person's."""
    return _request_periods.rows(certification.pk)


def request_documents(certification) -> list["models.SupportingDocument"]:
    """The documents of a request, in their order (``SupportingDocument.Meta``): what step 4 lists and step 5 checks."""
    return _request_documents.rows(certification.pk)
