"""The wizard's stepper: which steps exist, which are done, where each one lives; and the request its steps read."""

from dataclasses import dataclass
from datetime import date

from django.db import connections, router
from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404
from django.urls import reverse

from .constants import DocumentType, WizardStep
from .models import CertificationRequest, DocumentRequirement, ServicePeriod, SupportingDocument, ThirdParty
from .validation import check_general, check_payment, other_live_requests_with_reference, period_date_problems

STEP_URL_NAMES = {
    WizardStep.GENERAL: "requests_app:step_general",
    WizardStep.PERIODS: "requests_app:step_periods",
    WizardStep.PAYMENT: "requests_app:step_payment",
    WizardStep.DOCUMENTS: "requests_app:step_documents",
    WizardStep.SUBMIT: "requests_app:step_submit",
}


@dataclass(frozen=True)
class StepperItem:
    step: WizardStep
    url: str
    done: bool
    current: bool

    @property
    def number(self) -> int:
        return self.step.value

    @property
    def label(self) -> str:
        return self.step.label


@dataclass(frozen=True)
class StepFacts:
    """What the stepper needs of a request's periods, payment and documents, read with the request itself.

    Each step is done exactly when its check in ``validation`` finds no problem.
    """

    earliest_start: date | None
    latest_end: date | None
    periods_overlap: bool
    reference_in_use: bool
    document_missing: bool
    other_unspecified: bool

    def periods_done(self) -> bool:
        """As ``check_periods``: at least one period, no two overlapping, no date out of range.

        The database keeps every period's start on or before its end (a check constraint), so some
        period has a date out of range exactly when the earliest start or the latest end has.
        """
        return (
            self.earliest_start is not None
            and not self.periods_overlap
            and not period_date_problems(self.earliest_start, self.latest_end)
        )

    def documents_done(self) -> bool:
        """As ``check_documents``: every required document is there and every «otro» says what it is."""
        return not self.document_missing and not self.other_unspecified


def step_fact_expressions() -> dict:
    """``StepFacts``' fields as subqueries on a request's row."""
    periods = ServicePeriod.objects.filter(request=OuterRef("pk"))
    documents = SupportingDocument.objects.filter(request=OuterRef("pk"))
    overlapping = ServicePeriod.objects.filter(
        request=OuterRef("request"), start_date__gte=OuterRef("start_date"), start_date__lte=OuterRef("end_date")
    ).exclude(pk=OuterRef("pk"))
    documents_of_type = SupportingDocument.objects.filter(
        request=OuterRef(OuterRef("pk")), document_type=OuterRef("document_type")
    )
    return {
        "earliest_start": Subquery(periods.order_by("start_date").values("start_date")[:1]),
        "latest_end": Subquery(periods.order_by("-end_date").values("end_date")[:1]),
        "periods_overlap": Exists(periods.filter(Exists(overlapping))),
        "reference_in_use": Exists(
            other_live_requests_with_reference(
                OuterRef("payment_method"), OuterRef("payment_reference"), OuterRef("pk")
            )
        ),
        "document_missing": Exists(
            DocumentRequirement.objects.filter(is_active=True, is_required=True).filter(~Exists(documents_of_type))
        ),
        "other_unspecified": Exists(documents.filter(document_type=DocumentType.OTHER, specification="")),
    }


class WizardRequestQuery:
    """The applicant's request with its third party and its ``StepFacts``: one SELECT whose SQL is built once
    per process and database.

    Compiling it (two models' columns and six subqueries) costs more CPU than running it, and only
    the request's id and the applicant's change: the statement is built with a stand-in for each,
    replaced in its parameters on every call. Rows become models through ``Model.from_db``, with each
    column's database converters, as the ORM does.
    """

    PK, APPLICANT = -9_000_001, -9_000_002
    _queries = {}

    @classmethod
    def for_database(cls, alias: str) -> "WizardRequestQuery":
        query = cls._queries.get(alias)
        if query is None:
            query = cls._queries[alias] = cls(alias)
        return query

    def __init__(self, alias: str):
        self.alias = alias
        party_fields = ThirdParty._meta.concrete_fields
        self.request_names = [field.attname for field in CertificationRequest._meta.concrete_fields]
        self.party_names = [field.attname for field in party_fields]
        expressions = step_fact_expressions()
        self.fact_names = list(expressions)
        party_lookups = [f"third_party__{field.name}" for field in party_fields]
        queryset = (
            CertificationRequest.objects.filter(pk=self.PK, applicant_id=self.APPLICANT)
            .order_by()
            .annotate(**expressions)
            .values_list(*self.request_names, *party_lookups, *self.fact_names)
        )
        compiler = queryset.query.get_compiler(using=alias)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.pk_index = self.stand_in_index(self.PK)
        self.applicant_index = self.stand_in_index(self.APPLICANT)
        self.converters = list(compiler.get_converters([column for column, _sql, _alias in compiler.select]).items())

    def stand_in_index(self, value: int) -> int:
        indexes = [index for index, param in enumerate(self.params) if param == value]
        if len(indexes) != 1:
            raise RuntimeError(f"The wizard's query has {len(indexes)} parameters {value}, not one.")
        return indexes[0]

    def load(self, user, pk: int) -> CertificationRequest | None:
        params = list(self.params)
        params[self.pk_index] = pk
        params[self.applicant_index] = user.pk
        connection = connections[self.alias]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        row = list(row)
        for index, (converters, expression) in self.converters:
            for converter in converters:
                row[index] = converter(row[index], expression, connection)
        request_end = len(self.request_names)
        party_end = request_end + len(self.party_names)
        certification = CertificationRequest.from_db(self.alias, self.request_names, row[:request_end])
        certification.applicant = user
        certification.third_party = (
            ThirdParty.from_db(self.alias, self.party_names, row[request_end:party_end])
            if certification.third_party_id is not None
            else None
        )
        certification.step_facts = StepFacts(*row[party_end:])
        return certification


def wizard_request(user, pk: int) -> CertificationRequest:
    """``own_request`` for the wizard's steps: the same request, with ``step_facts`` for the stepper."""
    query = WizardRequestQuery.for_database(router.db_for_read(CertificationRequest))
    certification = query.load(user, pk)
    if certification is None:
        raise Http404("No CertificationRequest matches the given query.")
    return certification


def steps_done(certification) -> dict[WizardStep, bool]:
    """Which steps are complete, from the facts read with the request (``wizard_request``)."""
    facts = certification.step_facts
    return {
        WizardStep.GENERAL: check_general(certification).ok,
        WizardStep.PERIODS: facts.periods_done(),
        WizardStep.PAYMENT: check_payment(certification, reference_in_use=facts.reference_in_use).ok,
        WizardStep.DOCUMENTS: facts.documents_done(),
    }


@dataclass(frozen=True)
class Stepper:
    """The request's steps: which one is shown and which are done (``done`` in the steps' order)."""

    pk: int
    current: WizardStep
    done: tuple[bool, ...]

    def items(self, pk: int | None = None) -> list[StepperItem]:
        """One item per step, linking to the steps of request ``pk`` (this stepper's request by default)."""
        number = self.pk if pk is None else pk
        return [
            StepperItem(
                step=step,
                url=reverse(STEP_URL_NAMES[step], args=[number]),
                done=done,
                current=step == self.current,
            )
            for step, done in zip(WizardStep, self.done, strict=True)
        ]


def build_stepper(certification, current: WizardStep, done: dict[WizardStep, bool]) -> Stepper:
    return Stepper(certification.pk, current, tuple(done.get(step, False) for step in WizardStep))
