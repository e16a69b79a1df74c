"""Working-day deadlines per state, as configured in the portal settings.

A request waits in a state from ``state_changed_at``; each state that staff (or
the applicant, for corrections) must act on has a deadline in working days.
Working days are Monday to Friday except Guatemala's public holidays (the
``holidays`` library: Año Nuevo, Jueves, Viernes y Sábado Santo, 1 de mayo, Día
del Ejército, 15 de septiembre, 20 de octubre, 1 de noviembre, 25 de diciembre...)
and the office closures staff record in the admin (``OfficeClosure``). Overdue
means more working days have passed than allowed.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays
from django.db.models import Q
from django.utils import timezone

from . import reference_data
from .constants import RequestState
from .models import OfficeClosure

DEADLINE_SETTING_BY_STATE = {
    RequestState.SUBMITTED: "deadline_submitted_days",
    RequestState.IN_REVIEW: "deadline_in_review_days",
    RequestState.CORRECTIONS: "deadline_corrections_days",
    RequestState.APPROVED: "deadline_approved_days",
}


@lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[date, str]:
    """Guatemala's public holidays of ``year`` with their Spanish names."""
    return dict(holidays.country_holidays("GT", years=year, language="es"))


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days count as working days: weekdays that are neither a holiday nor a closure."""

    closures: frozenset = field(default_factory=frozenset)

    @classmethod
    def current(cls, request=None) -> "WorkingCalendar":
        """The office closures, kept per process and reference version (saving or deleting a closure renews it)."""
        return cls(
            reference_data.remembered(
                request, "office-closures", lambda: frozenset(OfficeClosure.objects.values_list("date", flat=True))
            )
        )

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.closures and day not in public_holidays(day.year)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end ≤ start)."""
        return _working_days_between(self.closures, start, end)

    def subtract_working_days(self, day: date, days: int) -> date:
        """The date ``days`` working days before ``day``."""
        while days > 0:
            day -= timedelta(days=1)
            if self.is_working_day(day):
                days -= 1
        return day

    def earliest_on_time(self, today: date, days: int) -> date:
        """The earliest day a request may have entered its state and still be within ``days``
        working days on ``today``: entering before it means ``working_days_between`` > days."""
        if not self.is_working_day(today):
            days += 1  # today adds nothing to the wait, so one more working day back still fits
        return self.subtract_working_days(today, days)


@lru_cache(maxsize=4096)
def _working_days_between(closures: frozenset, start: date, end: date) -> int:
    """Kept per closures and dates: the queue's rows, in the order they entered their state, share their dates."""
    if end <= start:
        return 0
    weekdays = _weekdays_between(start, end)
    days_off = {day for day in closures if start < day <= end and day.weekday() < 5}
    for year in range(start.year, end.year + 1):
        days_off.update(day for day in public_holidays(year) if start < day <= end and day.weekday() < 5)
    return weekdays - len(days_off)


def _weekdays_between(start: date, end: date) -> int:
    days = (end - start).days
    weeks, extra = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, extra + 1):
        if (start + timedelta(days=offset)).weekday() < 5:
            count += 1
    return count


def working_days_between(start: date, end: date, calendar: WorkingCalendar | None = None) -> int:
    """Working days after ``start`` up to and including ``end``, public holidays excluded."""
    return (calendar or WorkingCalendar()).working_days_between(start, end)


def subtract_working_days(day: date, days: int, calendar: WorkingCalendar | None = None) -> date:
    """The date ``days`` working days before ``day``, public holidays excluded."""
    return (calendar or WorkingCalendar()).subtract_working_days(day, days)


@dataclass(frozen=True)
class Deadlines:
    """Deadline in working days for each state that has one."""

    by_state: dict
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar)

    @classmethod
    def from_settings(cls, portal_settings, request=None) -> "Deadlines":
        """The deadlines of ``portal_settings``; with ``request``, the calendar is read by its reference version."""
        return cls(
            {
                state: getattr(portal_settings, field_name)
                for state, field_name in DEADLINE_SETTING_BY_STATE.items()
                if getattr(portal_settings, field_name, None)
            },
            WorkingCalendar.current(request),
        )

    def waiting(self, request, today: date | None = None) -> int:
        today = today or timezone.localdate()
        return self.calendar.working_days_between(timezone.localdate(request.state_changed_at), today)

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
            cutoff = timezone.make_aware(datetime.combine(self.calendar.earliest_on_time(today, limit), time.min))
            query |= Q(state=state, state_changed_at__lt=cutoff)
        return query
