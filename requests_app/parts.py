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
    """A service period as the wizard's second step lists it and the checks read it: its columns, with the ids of
    the institution, budget line and municipality it names, read as plain values (no model built for the period or
    the three it names; their names come from the reference data, ``reference_data.period_names``)."""

    id: int
    dependency: str
    position_title: str
    start_date: date
    end_date: date
    institution_id: int
    budget_line_id: int
    municipality_id: int

    @property
    def pk(self) -> int:
        return self.id


PERIOD_FIELDS = (
    "id",
    "dependency",
    "position_title",
    "start_date",
    "end_date",
    "institution_id",
    "budget_line_id",
    "municipality_id",
)

_request_periods = PreparedQuery(
    lambda request: models.ServicePeriod.objects.filter(request=request), fields=PERIOD_FIELDS, row=PeriodRow
)


PERIOD_COLUMNS = tuple(f"period_{name}" for name in PERIOD_FIELDS)
DOCUMENT_FIELDS = (  # every column of SupportingDocument (tests/requests_app/test_wizard_stepper.py holds them to it)
    "id",
    "request_id",
    "document_type",
    "specification",
    "file",
    "original_name",
    "content_type",
    "size",
    "sha256",
    "uploaded_at",
    "uploaded_by_id",
)
DOCUMENT_COLUMNS = tuple(f"document_{attname}" for attname in DOCUMENT_FIELDS)


def _joined(requests, relation: str, columns: tuple, paths, ordering):
    """``requests`` with a row per child reached by ``relation`` (one row, with no child, for a request without any),
    in the children's order, and the children's values (``paths``, from the child) as the annotations ``columns``."""
    return requests.annotate(
        **{column: F(f"{relation}__{path}") for column, path in zip(columns, paths, strict=True)}
    ).order_by(*(f"{relation}__{field}" for field in ordering))


def periods_joined(requests):
    """``requests`` with their periods as ``PeriodRow``'s values (``PERIOD_COLUMNS``), a row per period."""
    return _joined(requests, "periods", PERIOD_COLUMNS, PERIOD_FIELDS, models.ServicePeriod._meta.ordering)


def documents_joined(requests):
    """``requests`` with their documents' columns (``DOCUMENT_COLUMNS``), a row per document."""
    return _joined(requests, "documents", DOCUMENT_COLUMNS, DOCUMENT_FIELDS, models.SupportingDocument._meta.ordering)


def period_row(values: tuple, db: str) -> PeriodRow:
    """A period from its values in ``periods_joined``'s row (``PreparedQuery.first_with_children``)."""
    return PeriodRow(*values)


def document_row(values: tuple, db: str) -> "models.SupportingDocument":
    """A document from its columns in ``documents_joined``'s row, read from database ``db``."""
    return models.SupportingDocument.from_db(db, DOCUMENT_FIELDS, values)


_request_documents = PreparedQuery(lambda request: models.SupportingDocument.objects.filter(request=request))


def request_periods(certification) -> list[PeriodRow]:
    """The periods of a request, in their order (``ServicePeriod.Meta``): its pages check first that it is the
    person's."""
    return _request_periods.rows(certification.pk)


def request_documents(certification) -> list["models.SupportingDocument"]:
    """The documents of a request, in their order (``SupportingDocument.Meta``): what step 4 lists and step 5 checks."""
    return _request_documents.rows(certification.pk)
