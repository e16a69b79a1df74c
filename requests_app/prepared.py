"""The applicant's own requests as every request page reads them, with SQL built once per process.

*Mis Solicitudes*, the reloj and the wizard steps are the pages applicants load again and again;
their queries differ only in who asks and which request (``core.prepared``). Searches keep the
ORM (``CertificationRequestQuerySet.search``): their shape changes with the term.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.db import connections, router
from django.db.models import F, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property

from accounts.models import PersonName
from core.prepared import CountedList, PreparedList, PreparedQuery

from .models import ApplicantRequestCount, CertificationRequest, RequestStateCount
from .models.requests import RequestSummary
from .query import NAME_FIELDS, QUEUE_PEOPLE

OWN_LIST_FIELDS = ("id", "state", "updated_at", "applicant_id", "third_party_id")
OWN_LIST_ORDER = ("-updated_at", "-pk")


class SummaryRow(RequestSummary):
    """A lighter row read from a request's columns instead of the model: its ``id`` is its ``pk``."""

    @property
    def pk(self) -> int:
        return self.id


@dataclass(slots=True)
class PersonRow:
    """A person a list names (a request's third party, applicant or reviewer) instead of their model: the names, read
    as ``PersonName`` reads them, and where the list reads them the CUI and, for accounts, the email; named as
    ``User`` and ``ThirdParty`` name themselves (the full name, else the email)."""

    id: int
    first_name: str
    second_name: str
    other_names: str
    last_name: str
    second_surname: str
    married_surname: str
    cui: str = ""
    email: str = ""

    given_names = PersonName.given_names
    surnames = PersonName.surnames
    get_full_name = PersonName.get_full_name

    def __str__(self):
        return self.get_full_name() or self.email


@dataclass(slots=True)
class OwnListRow(SummaryRow):
    """A row of *Mis Solicitudes*: the values the list shows of one of the person's requests (``OWN_LIST_FIELDS``,
    the third party's name, the total), without building the model for each row."""

    id: int
    state: str
    updated_at: datetime
    applicant_id: int
    third_party_id: int | None
    third_party: PersonRow | None
    found: int


@dataclass(slots=True)
class HistoryRow(SummaryRow):
    """One of the person's requests, the values the reloj shows: the request and its events come in one query, a row
    per event (a request without events gives one row, with no event), the request built once
    (``PreparedQuery.first_with_children``)."""

    id: int
    state: str
    applicant_id: int
    third_party_id: int | None
    third_party: PersonRow | None
    applicant: object = None


class StateChange(NamedTuple):
    """What the reloj shows of a request's event."""

    created_at: datetime
    to_state: str
    observation: str


_own_request = PreparedQuery(
    lambda applicant, pk: CertificationRequest.objects.filter(applicant=applicant, pk=pk),
    related={"third_party": None},
)


def _own_total(applicant, state=None):
    """How many requests the applicant has (in ``state`` when given), from ``ApplicantRequestCount`` (kept by the
    database, migration 0013), as a subquery: the page's rows and their total come in one round trip, and the total
    costs the same for a person with ten requests or two thousand."""
    counts = ApplicantRequestCount.objects.filter(applicant=applicant).order_by()
    if state is not None:
        counts = counts.filter(state=state)
    return Coalesce(Subquery(counts.values("applicant").annotate(total=Sum("count")).values("total")), 0)


_own_history = PreparedQuery(
    lambda applicant, pk: (
        CertificationRequest.objects.filter(applicant=applicant, pk=pk)
        .annotate(
            event_created_at=F("events__created_at"),
            event_to_state=F("events__to_state"),
            event_observation=F("events__observation"),
        )
        .order_by("events__created_at", "events__pk")
    ),
    fields=("id", "state", "applicant_id", "third_party_id"),
    related={"third_party": NAME_FIELDS},
    related_rows={"third_party": PersonRow},
    row=HistoryRow,
    per_row=("event_created_at", "event_to_state", "event_observation"),
    child=lambda values, db: StateChange(*values),
)

_own_list = PreparedQuery(
    lambda applicant: (
        CertificationRequest.objects.filter(applicant=applicant)
        .order_by(*OWN_LIST_ORDER)
        .annotate(found=_own_total(applicant))
    ),
    fields=OWN_LIST_FIELDS,
    related={"third_party": NAME_FIELDS},
    related_rows={"third_party": PersonRow},
    annotations=("found",),
    row=OwnListRow,
)
_own_list_in_state = PreparedQuery(
    lambda applicant, state: (
        CertificationRequest.objects.filter(applicant=applicant, state=state)
        .order_by(*OWN_LIST_ORDER)
        .annotate(found=_own_total(applicant, state))
    ),
    fields=OWN_LIST_FIELDS,
    related={"third_party": NAME_FIELDS},
    related_rows={"third_party": PersonRow},
    annotations=("found",),
    row=OwnListRow,
)
QUEUE_FIELDS = ("id", "state", "state_changed_at", "applicant_id", "third_party_id", "reviewer_id")


@dataclass(slots=True)
class QueueRow(SummaryRow):
    """A row of the admin queue: the values its cells show (``QUEUE_FIELDS``, the people, the total) instead of the
    model and a model per person (``RequestQueueAdminMixin.queue_cells``; 18 → 4 µs a row)."""

    id: int
    state: str
    state_changed_at: datetime
    applicant_id: int
    third_party_id: int | None
    reviewer_id: int | None
    applicant: PersonRow
    third_party: PersonRow | None
    reviewer: PersonRow | None
    found: int


_QUEUE_PEOPLE_ROWS = dict.fromkeys(QUEUE_PEOPLE, PersonRow)
QUEUE_ORDER = ("state_changed_at", "pk")  # the admin queue's ordering (the index request_queue_order)


def _total_in(state=None):
    """How many requests ``RequestStateCount`` holds in ``state`` (in all states when None), as a subquery."""
    counts = RequestStateCount.objects.order_by()
    if state is not None:
        counts = counts.filter(state=state)
    total = counts.annotate(all=Value(1)).values("all").annotate(total=Sum("count")).values("total")
    return Coalesce(Subquery(total), 0)


_queue = PreparedQuery(
    lambda: CertificationRequest.objects.order_by(*QUEUE_ORDER).annotate(found=_total_in()),
    fields=QUEUE_FIELDS,
    related=QUEUE_PEOPLE,
    related_rows=_QUEUE_PEOPLE_ROWS,
    annotations=("found",),
    row=QueueRow,
)
_queue_in_state = PreparedQuery(
    lambda state: (
        CertificationRequest.objects.filter(state=state).order_by(*QUEUE_ORDER).annotate(found=_total_in(state))
    ),
    fields=QUEUE_FIELDS,
    related=QUEUE_PEOPLE,
    related_rows=_QUEUE_PEOPLE_ROWS,
    annotations=("found",),
    row=QueueRow,
)
_state_counts = PreparedQuery(lambda: RequestStateCount.objects.all())
COUNTING_DATABASES = ("postgresql", "sqlite")  # the vendors whose triggers keep the counts (migrations 0012, 0013)


def own_request(user, pk) -> CertificationRequest | None:
    """The person's request ``pk`` with its third party (None when it is not theirs)."""
    certification = _own_request.first(user.pk, pk)
    if certification is not None:
        certification.applicant = user
    return certification


def own_list(user, state: str = "", term: str = ""):
    """The person's requests, newest change first: what *Mis Solicitudes* pages through."""
    if term:
        listing = CertificationRequest.objects.for_applicant(user).for_own_list().order_by(*OWN_LIST_ORDER)
        return listing.in_state(state).search(term)
    if state:
        return KeptCountPage(_own_list_in_state, user.pk, state)
    return KeptCountPage(_own_list, user.pk)


def own_history(user, pk) -> tuple[HistoryRow, list[StateChange]] | None:
    """The person's request ``pk`` and its state changes, oldest first, in one query (None when it is not theirs):
    what the reloj shows."""
    summary, events = _own_history.first_with_children(user.pk, pk)
    if summary is None:
        return None
    summary.applicant = user
    return summary, events


class KeptCountPage(CountedList):
    """Rows whose total (``found``) comes from counts the database keeps (``RequestStateCount``,
    ``ApplicantRequestCount``); on a database without their triggers the rows are counted, up to the paginator's
    limit."""

    @cached_property
    def exact_count(self) -> bool:
        return connections[router.db_for_read(RequestStateCount)].vendor in COUNTING_DATABASES

    def count(self, limit=None) -> int:
        """Exact (``limit`` does not apply) where the database keeps the counts, else counted up to ``limit``."""
        return super().count(limit) if self.exact_count else PreparedList.count(self, limit)


class QueuePage(KeptCountPage):
    """The queue's rows, all or in one state, each with the exact number of them from ``RequestStateCount``; an empty
    page reads that number alone."""

    def count_alone(self, limit=None) -> int:
        counts = {row.state: row.count for row in _state_counts.rows()}
        return counts.get(self.values[0], 0) if self.values else sum(counts.values())


def queue_page(state: str = "", *, first: int = 0, size: int | None = None) -> QueuePage:
    """The admin queue's rows as ``CertificationRequestQuerySet.for_queue`` reads them, oldest state change first, all
    or in one state: what the queue pages through when it shows no other filter, search or order (``first`` and
    ``size``: the rows of the page about to be shown, read with the count)."""
    page = QueuePage(_queue_in_state, state) if state else QueuePage(_queue)
    return page.showing(first, size) if size else page
