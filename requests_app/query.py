"""Read paths for requests: lists and queues with a constant number of queries."""

from django.db import models
from django.db.models import Q

from core.identifiers import has_cui_shape, normalize_cui
from core.inputs import is_ascii_number


class CertificationRequestQuerySet(models.QuerySet):
    def for_applicant(self, user):
        """Only the requests this person made (for themselves or for third parties)."""
        return self.filter(applicant=user)

    def with_list_data(self):
        return self.select_related("applicant", "third_party")

    def in_state(self, state):
        return self.filter(state=state) if state else self

    def search(self, term: str):
        """Number, names of the interesado, CUI or payment reference."""
        term = (term or "").strip()
        if not term:
            return self
        query = Q(payment_reference__iexact=term)
        if is_ascii_number(term):
            query |= Q(pk=int(term)) if len(term) < 10 else Q()
        digits = normalize_cui(term)
        if has_cui_shape(digits):
            query |= Q(applicant__cui=digits, third_party__isnull=True) | Q(third_party__cui=digits)
        for word in term.split()[:4]:
            query |= self.name_query("applicant__", word, third_party__isnull=True)
            query |= self.name_query("third_party__", word)
        return self.filter(query)

    @staticmethod
    def name_query(prefix: str, word: str, **extra) -> Q:
        fields = ("first_name", "second_name", "last_name", "second_surname", "married_surname")
        query = Q()
        for field in fields:
            query |= Q(**{f"{prefix}{field}__icontains": word})
        return query & Q(**extra)
