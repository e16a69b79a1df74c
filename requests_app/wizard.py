"""The wizard's stepper: which steps exist, which are done, where each one lives; and the request its steps read."""

from dataclasses import dataclass, fields
from datetime import date

from django.db.models import Case, Exists, IntegerField, OuterRef, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from core.prepared import PreparedQuery

from . import parts
from .constants import DocumentType, WizardStep
from .models import CertificationRequest, ServicePeriod, SupportingDocument
from .validation import (
    check_general,
    check_payment,
    missing_requirements,
    other_live_requests_with_reference,
    period_date_problems,
)

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


DOCUMENT_TYPE_BITS = {document_type: 1 << index for index, document_type in enumerate(DocumentType.values)}


@dataclass(frozen=True)
class StepFacts:
    """What the stepper needs of a request's periods, payment and documents, read with the request itself.

    Each step is done exactly when its check in ``validation`` finds no problem.
    """

    earliest_start: date | None
    latest_end: date | None
    periods_overlap: bool
    reference_in_use: bool
    uploaded_type_bits: int
    other_unspecified: bool

    def periods_done(self, today: date | None = None) -> bool:
        """As ``check_periods``: at least one period, no two overlapping, no date out of range.

        The database keeps every period's start on or before its end (a check constraint), so some
        period has a date out of range exactly when the earliest start or the latest end has.
        """
        return (
            self.earliest_start is not None
            and not self.periods_overlap
            and not period_date_problems(self.earliest_start, self.latest_end, today)
        )

    @property
    def uploaded_types(self) -> frozenset[str]:
        """The types of the request's documents."""
        return frozenset(kind for kind, bit in DOCUMENT_TYPE_BITS.items() if self.uploaded_type_bits & bit)

    def types_for_check(self) -> frozenset[str] | None:
        """``uploaded_types`` for ``check_documents`` when they are all it needs; None when some «otro» does not say
        what it is, which the check names by reading the documents."""
        return None if self.other_unspecified else self.uploaded_types

    def documents_done(self, requirements) -> bool:
        """As ``check_documents``: every required document is there and every «otro» says what it is."""
        return not self.other_unspecified and not missing_requirements(requirements, self.uploaded_types)


def uploaded_type_bits(documents) -> Coalesce:
    """The types of ``documents`` (a subquery's) as one number, each type's bit counted once: SUM(DISTINCT CASE …)
    reads the same on every database, unlike string or bitwise aggregates."""
    bit = Case(
        *(When(document_type=kind, then=Value(bit)) for kind, bit in DOCUMENT_TYPE_BITS.items()),
        output_field=IntegerField(),
    )
    types = documents.order_by().values("request").annotate(bits=Sum(bit, distinct=True)).values("bits")
    return Coalesce(Subquery(types), 0)


def step_fact_expressions() -> dict:
    """``StepFacts``' fields as subqueries on a request's row."""
    periods = ServicePeriod.objects.filter(request=OuterRef("pk"))
    documents = SupportingDocument.objects.filter(request=OuterRef("pk"))
    overlapping = ServicePeriod.objects.filter(
        request=OuterRef("request"), start_date__gte=OuterRef("start_date"), start_date__lte=OuterRef("end_date")
    ).exclude(pk=OuterRef("pk"))
    return {
        "earliest_start": Subquery(periods.order_by("start_date").values("start_date")[:1]),
        "latest_end": Subquery(periods.order_by("-end_date").values("end_date")[:1]),
        "periods_overlap": Exists(periods.filter(Exists(overlapping))),
        "reference_in_use": Exists(
            other_live_requests_with_reference(
                OuterRef("payment_method"), OuterRef("payment_reference"), OuterRef("pk")
            )
        ),
        "uploaded_type_bits": uploaded_type_bits(documents),
        "other_unspecified": Exists(documents.filter(document_type=DocumentType.OTHER, specification="")),
    }


STEP_FACT_NAMES = tuple(fact.name for fact in fields(StepFacts))
PERIOD_FACT_NAMES = ("earliest_start", "latest_end", "periods_overlap")
DOCUMENT_FACT_NAMES = ("uploaded_type_bits", "other_unspecified")


def period_facts(periods) -> dict:
    """``StepFacts``' period fields from the request's periods themselves, as their subqueries give them."""
    return {
        "earliest_start": min((period.start_date for period in periods), default=None),
        "latest_end": max((period.end_date for period in periods), default=None),
        "periods_overlap": any(
            other.pk != period.pk and period.start_date <= other.start_date <= period.end_date
            for period in periods
            for other in periods
        ),
    }


def document_facts(documents) -> dict:
    """``StepFacts``' document fields from the request's documents themselves, as their subqueries give them."""
    bits = 0
    for document in documents:
        bits |= DOCUMENT_TYPE_BITS.get(document.document_type, 0)
    return {
        "uploaded_type_bits": bits,
        "other_unspecified": any(
            document.document_type == DocumentType.OTHER and document.specification == "" for document in documents
        ),
    }


def _request_with_step_facts(applicant, pk):
    return _request_with_facts_but(applicant, pk, ())


def _request_with_facts_but(applicant, pk, listed: tuple):
    """The request with the step facts as subqueries, but those named in ``listed`` (the facts a step reads from the
    rows it lists: in the select list of a row per period or document, a subquery would run again for each)."""
    facts = {name: expression for name, expression in step_fact_expressions().items() if name not in listed}
    return CertificationRequest.objects.filter(applicant=applicant, pk=pk).annotate(**facts)


request_with_step_facts = PreparedQuery(
    _request_with_step_facts, related={"third_party": None}, annotations=STEP_FACT_NAMES
)


def _request_with_listed(joined, listed: tuple, per_row: tuple, child) -> PreparedQuery:
    """The request joined to the rows a step lists (``joined``: ``parts.periods_joined`` or ``documents_joined``),
    with the step facts but those read from its rows (``listed``)."""
    return PreparedQuery(
        lambda applicant, pk: joined(_request_with_facts_but(applicant, pk, listed)),
        related={"third_party": None},
        annotations=tuple(name for name in STEP_FACT_NAMES if name not in listed),
        per_row=per_row,
        child=child,
    )


request_with_periods = _request_with_listed(
    parts.periods_joined, PERIOD_FACT_NAMES, parts.PERIOD_COLUMNS, parts.period_row
)
request_with_documents = _request_with_listed(
    parts.documents_joined, DOCUMENT_FACT_NAMES, parts.DOCUMENT_COLUMNS, parts.document_row
)
LISTINGS = {  # what a step lists: the query that reads it with the request, its attribute, the facts read from it
    "": (request_with_step_facts, None, None),
    "periods": (request_with_periods, "listed_periods", period_facts),
    "documents": (request_with_documents, "listed_documents", document_facts),
}


def wizard_request(user, pk: int, *, listing: str = "") -> CertificationRequest:
    """``own_request`` for the wizard's steps: the same request, with ``step_facts`` for the stepper and what the
    step lists (``listing``): its periods (step 2, ``listed_periods``) or its documents (step 4,
    ``listed_documents``).

    One SELECT (two models' columns and the facts' subqueries; a row per period or document when they come along,
    and then the facts of periods or documents are read from those rows instead) whose SQL is built once per
    process (``core.prepared``): compiling it costs more CPU than running it, and reading the listed rows apart
    would cost a second round trip.
    """
    query, attribute, facts_of_listed = LISTINGS[listing]
    certification, listed = query.first_with_children(user.pk, pk)
    if certification is None:
        raise Http404
    certification.applicant = user
    facts = {name: getattr(certification, name) for name in query.annotations}
    if attribute is not None:
        setattr(certification, attribute, listed)
        facts.update(facts_of_listed(listed))
    certification.step_facts = StepFacts(**facts)
    return certification


def steps_done(certification, requirements) -> dict[WizardStep, bool]:
    """Which steps are complete, from the facts read with the request (``wizard_request``) and the document
    ``requirements`` (``reference_data.active_requirements``)."""
    facts = certification.step_facts
    today = timezone.localdate()
    return {
        WizardStep.GENERAL: check_general(certification).ok,
        WizardStep.PERIODS: facts.periods_done(today),
        WizardStep.PAYMENT: check_payment(certification, reference_in_use=facts.reference_in_use, today=today).ok,
        WizardStep.DOCUMENTS: facts.documents_done(requirements),
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
