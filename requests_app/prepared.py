"""The applicant's own requests as every request page reads them, with SQL built once per process.

*Mis Solicitudes*, the reloj and the wizard steps are the pages applicants load again and again;
their queries differ only in who asks and which request (``core.prepared``). Searches keep the
ORM (``CertificationRequestQuerySet.search``): their shape changes with the term.
"""

from core.prepared import PreparedList, PreparedQuery

from .models import CertificationRequest, RequestEvent
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
_queue = PreparedQuery(
    lambda: CertificationRequest.objects.order_by(*QUEUE_ORDER), fields=QUEUE_FIELDS, related=QUEUE_PEOPLE
)
_queue_in_state = PreparedQuery(
    lambda state: CertificationRequest.objects.filter(state=state).order_by(*QUEUE_ORDER),
    fields=QUEUE_FIELDS,
    related=QUEUE_PEOPLE,
)
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


def queue_page(state: str = "") -> PreparedList:
    """The admin queue's rows as ``CertificationRequestQuerySet.for_queue`` reads them, oldest state change first, all
    or in one state: what the queue pages through when it shows no other filter, search or order."""
    return PreparedList(_queue_in_state, state) if state else PreparedList(_queue)
