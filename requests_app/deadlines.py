"""Working-day deadlines per state, as configured in the portal settings.

A request waits in a state from ``state_changed_at``; each state that staff (or
the applicant, for corrections) must act on has a deadline in working days
(Monday to Friday). Overdue means more working days have passed than allowed.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from .constants import RequestState

DEADLINE_SETTING_BY_STATE = {
    RequestState.SUBMITTED: "deadline_submitted_days",
    RequestState.IN_REVIEW: "deadline_in_review_days",
    RequestState.CORRECTIONS: "deadline_corrections_days",
    RequestState.APPROVED: "deadline_approved_days",
}


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end ≤ start)."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, extra = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, extra + 1):
        if (start + timedelta(days=offset)).weekday() < 5:
            count += 1
    return count


def subtract_working_days(day: date, days: int) -> date:
    """The date ``days`` working days before ``day``."""
    while days > 0:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


@dataclass(frozen=True)
class Deadlines:
    """Deadline in working days for each state that has one."""

    by_state: dict

    @classmethod
    def from_settings(cls, portal_settings) -> "Deadlines":
        return cls(
            {
                state: getattr(portal_settings, field_name)
                for state, field_name in DEADLINE_SETTING_BY_STATE.items()
                if getattr(portal_settings, field_name, None)
            }
        )

    def waiting(self, request, today: date | None = None) -> int:
        today = today or timezone.localdate()
        return working_days_between(timezone.localdate(request.state_changed_at), today)

    def days_left(self, request, today: date | None = None) -> int | None:
        limit = self.by_state.get(request.state)
        if limit is None:
            return None
        return limit - self.waiting(request, today)

    def overdue_query(self, today: date | None = None) -> Q:
        """Requests that have waited longer than their state allows (for the admin filter)."""
        today = today or timezone.localdate()
        query = Q(pk__in=[])
        for state, limit in self.by_state.items():
            cutoff = timezone.make_aware(datetime.combine(subtract_working_days(today, limit), time.min))
            query |= Q(state=state, state_changed_at__lt=cutoff)
        return query
