"""Read paths for requests and third parties: lists, queues and their searches."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q

from core.identifiers import has_cui_shape, normalize_cui
from core.inputs import is_ascii_number

#: A person has a few requests; the cap only keeps a pathological search bounded.
MAX_REQUESTS_PER_CUI = 5000
#: A name search reads the requests of up to this many people of each kind, and up to this many requests, by id; more
#: are read along the queue's order, which meets them within a few rows.
NAMED_PEOPLE_BY_ID = 1000
NAMED_REQUESTS_BY_ID = 5000

OTHER_NAME_FIELDS = ("first_name", "second_name", "second_surname", "married_surname")
NAME_FIELDS = ("first_name", "second_name", "other_names", "last_name", "second_surname", "married_surname")
#: What the admin queue's cells read of each person of a request (``for_queue``, ``prepared.queue_page``).
QUEUE_PEOPLE = {
    "applicant": (*NAME_FIELDS, "cui", "email"),
    "third_party": (*NAME_FIELDS, "cui"),
    "reviewer": (*NAME_FIELDS, "email"),
}


def names_query(words: list[str]) -> Q:
    """People whose surname begins with the first word and whose names begin with the other words.

    The surname prefix is ``UPPER(last_name) LIKE 'X%'``, which the ``varchar_pattern_ops``
    indexes on users and third parties answer on PostgreSQL, so the search stays fast with a
    million requests; the other words only narrow what that index found.
    """
    surname, *others = words
    query = Q(last_name__istartswith=surname)
    for word in others:
        query &= Q(last_name__istartswith=word) | _any_name_starts_with(word)
    return query


def _any_name_starts_with(word: str) -> Q:
    query = Q()
    for field in OTHER_NAME_FIELDS:
        query |= Q(**{f"{field}__istartswith": word})
    return query


def third_party_model():
    return apps.get_model("requests_app", "ThirdParty")


class CertificationRequestQuerySet(models.QuerySet):
    def for_applicant(self, user):
        """Only the requests this person made (for themselves or for third parties)."""
        return self.filter(applicant=user)

    def with_list_data(self):
        return self.select_related("applicant", "third_party")

    def for_own_list(self):
        """What the rows of a person's own list show: no applicant join (the person looking is the applicant,
        ``{% request_rows %}`` sets it), and of the third party only its name."""
        return self.select_related("third_party").only(
            "state", "updated_at", "applicant", "third_party", *(f"third_party__{name}" for name in NAME_FIELDS)
        )

    def for_queue(self):
        """What the admin queue's cells show: the state and its date, the interesado's names and CUI, the reviewer's
        name (``RequestQueueAdminMixin``); the wide rows of people and the request's own details stay unread."""
        return self.select_related(*QUEUE_PEOPLE).only(
            "state",
            "state_changed_at",
            *QUEUE_PEOPLE,
            *(f"{person}__{name}" for person, names in QUEUE_PEOPLE.items() for name in names),
        )

    def in_state(self, state):
        return self.filter(state=state) if state else self

    def search(self, term: str):
        """Routed by the term's shape, each to its own lookup (never an OR across joins, so it scales to the queue).

        A CUI (13 digits) → the requests of the person with that CUI, as applicant or as third
        party; a shorter number → the request number or a numeric payment reference; letters
        and digits → the payment reference; words → the interesado's surname by prefix, narrowed by
        the other words (up to four).
        """
        term = (term or "").strip()
        if not term:
            return self
        digits = normalize_cui(term)
        if has_cui_shape(digits):
            return self.filter(pk__in=self.ids_of_cui(digits))
        if is_ascii_number(term) and len(term) < 13:
            return self.filter(Q(pk=int(term)) | Q(payment_reference=term))
        reference = term.replace(" ", "").upper()
        if any(character.isdigit() for character in reference):
            return self.filter(payment_reference=reference)
        return self.of_people_named(names_query(term.split()[:4]))

    def of_people_named(self, people: Q):
        """The requests whose interesado is one of ``people``: an applicant asking for themselves or a third party.

        The people are looked up first, on their own indexes. When they are few of each kind (a rare or misspelt
        surname), their requests are found by their ids, two lookups with no OR between them, and read by id: with
        one OR across the two joins PostgreSQL walks the queue's order index (or scans the table) hoping to meet
        them, 0.4 s at a million requests for a name nobody has. Many people (a common surname) have many requests,
        which the queue's order meets within a few rows.
        """
        applicants = get_user_model().objects.filter(people).values("pk")
        third_parties = third_party_model().objects.filter(people).values("pk")
        limit = NAMED_PEOPLE_BY_ID + 1
        few_applicants = list(applicants.values_list("pk", flat=True)[:limit])
        few_third_parties = list(third_parties.values_list("pk", flat=True)[:limit])
        if len(few_applicants) < limit and len(few_third_parties) < limit:
            ids = self.ids_of_people(few_applicants, few_third_parties)
            if ids is not None:
                return self.filter(pk__in=ids)
        return self.filter(Q(applicant__in=applicants, third_party__isnull=True) | Q(third_party__in=third_parties))

    def ids_of_people(self, applicants: list[int], third_parties: list[int]) -> list[int] | None:
        """Ids of the requests of these applicants (for themselves) and third parties; None when there are more than
        NAMED_REQUESTS_BY_ID (too many to list)."""
        requests = self.order_by()
        limit = NAMED_REQUESTS_BY_ID + 1
        own = requests.filter(applicant__in=applicants, third_party__isnull=True).values_list("pk", flat=True)
        ids = list(own[:limit])
        ids += requests.filter(third_party__in=third_parties).values_list("pk", flat=True)[: limit - len(ids)]
        return ids if len(ids) < limit else None

    def ids_of_cui(self, cui: str) -> list[int]:
        """Ids of the requests whose applicant or third party has ``cui``: separate indexed lookups.

        One query with an OR across the two joins makes PostgreSQL walk the queue's order
        index through a million rows; these four stay on their indexes.
        """
        applicants = list(get_user_model().objects.filter(cui=cui).values_list("pk", flat=True))
        third_parties = list(third_party_model().objects.filter(cui=cui).values_list("pk", flat=True))
        requests = self.model.objects.order_by()
        ids = list(requests.filter(applicant_id__in=applicants).values_list("pk", flat=True)[:MAX_REQUESTS_PER_CUI])
        ids += requests.filter(third_party_id__in=third_parties).values_list("pk", flat=True)[:MAX_REQUESTS_PER_CUI]
        return ids


class ThirdPartyQuerySet(models.QuerySet):
    def search(self, term: str):
        """A part of a name, or the first digits of the CUI or the NIT."""
        term = (term or "").strip()
        if not term:
            return self
        query = Q(first_name__icontains=term) | Q(last_name__icontains=term) | Q(second_surname__icontains=term)
        if any(character.isdigit() for character in term):
            digits = "".join(character for character in term if character.isdigit())
            query |= Q(cui__startswith=digits) | Q(nit__startswith=term.upper().replace("-", ""))
        return self.filter(query)
