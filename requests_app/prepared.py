"""The applicant's own requests as every request page reads them, with SQL built once per process.

*Mis Solicitudes*, the reloj and the wizard steps are the pages applicants load again and again;
their queries differ only in who asks and which request (``core.prepared``). Searches keep the
ORM (``CertificationRequestQuerySet.search``): their shape changes with the term.
"""

from django.db import connections, router
from django.db.models import Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property

from core.prepared import PreparedList, PreparedQuery

from .models import CertificationRequest, RequestEvent, RequestStateCount
from .query import NAME_FIELDS, QUEUE_PEOPLE

OWN_LIST_FIELDS = ("id", "state", "updated_at", "applicant_id", "third_party_id")
OWN_LIST_ORDER = ("-updated_at", "-pk")

_own_request = PreparedQuery(
    lambda applicant, pk: CertificationRequest.objects.filter(applicant=applicant, pk=pk),
    related={"third_party": None},
)
_own_list = PreparedQuery(
    lambda applicant: CertificationRequest.objects.filter(applicant=applicant).order_by(*OWN_LIST_ORDER),
    fields=OWN_LIST_FIELDS,
    related={"third_party": NAME_FIELDS},
)
_own_list_in_state = PreparedQuery(
    lambda applicant, state: CertificationRequest.objects.filter(applicant=applicant, state=state).order_by(
        *OWN_LIST_ORDER
    ),
    fields=OWN_LIST_FIELDS,
    related={"third_party": NAME_FIELDS},
)
QUEUE_FIELDS = ("id", "state", "state_changed_at", "applicant_id", "third_party_id", "reviewer_id")
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
    annotations=("found",),
)
_queue_in_state = PreparedQuery(
    lambda state: (
        CertificationRequest.objects.filter(state=state).order_by(*QUEUE_ORDER).annotate(found=_total_in(state))
    ),
    fields=QUEUE_FIELDS,
    related=QUEUE_PEOPLE,
    annotations=("found",),
)
_state_counts = PreparedQuery(lambda: RequestStateCount.objects.all())
COUNTING_DATABASES = ("postgresql", "sqlite")  # the vendors whose triggers keep RequestStateCount (migration 0012)
_events = PreparedQuery(lambda request: RequestEvent.objects.filter(request=request).order_by("created_at", "pk"))


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
        return PreparedList(_own_list_in_state, user.pk, state)
    return PreparedList(_own_list, user.pk)


def events_of(certification) -> list[RequestEvent]:
    """The request's state changes, oldest first (the reloj)."""
    events = _events.rows(certification.pk)
    for event in events:
        event.request = certification
    return events


class QueuePage(PreparedList):
    """The queue's rows, all or in one state, with their exact number from ``RequestStateCount``.

    The page about to be shown (``first`` and ``size``, from the query string) is read when the
    paginator asks for the count, with the count riding on each row (one query for both); an empty
    page reads the count alone.
    """

    def __init__(self, prepared, *values, first=0, size=None):
        super().__init__(prepared, *values)
        self.first, self.size = first, size

    @cached_property
    def exact_count(self) -> bool:
        return connections[router.db_for_read(RequestStateCount)].vendor in COUNTING_DATABASES

    @cached_property
    def shown_rows(self) -> list:
        return self.prepared.rows(*self.values, limit=self.size, offset=self.first)

    def count(self, limit=None) -> int:
        """Exact (``limit`` does not apply) where the database keeps the counts, else counted up to ``limit``."""
        if not self.exact_count:
            return super().count(limit)
        if self.size and self.shown_rows:
            return self.shown_rows[0].found
        counts = {row.state: row.count for row in _state_counts.rows()}
        return counts.get(self.values[0], 0) if self.values else sum(counts.values())

    def __getitem__(self, index):
        if self.within_shown_page(index):
            return self.shown_rows[: index.stop - self.first]
        return super().__getitem__(index)

    def within_shown_page(self, index) -> bool:
        return (
            self.size is not None
            and isinstance(index, slice)
            and index.step is None
            and (index.start or 0) == self.first
            and index.stop is not None
            and index.stop - self.first <= self.size
        )


def queue_page(state: str = "", *, first: int = 0, size: int | None = None) -> QueuePage:
    """The admin queue's rows as ``CertificationRequestQuerySet.for_queue`` reads them, oldest state change first, all
    or in one state: what the queue pages through when it shows no other filter, search or order (``first`` and
    ``size``: the rows of the page about to be shown, read with the count)."""
    if state:
        return QueuePage(_queue_in_state, state, first=first, size=size)
    return QueuePage(_queue, first=first, size=size)
