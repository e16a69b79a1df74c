"""Working-day deadline arithmetic for the reviewers' queue."""

from datetime import date, datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from requests_app.constants import RequestState
from requests_app.deadlines import Deadlines, subtract_working_days, working_days_between

MONDAY = date(2026, 11, 16)
FRIDAY = date(2026, 11, 20)
NEXT_MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (MONDAY, MONDAY, 0),
        (MONDAY, FRIDAY, 4),
        (FRIDAY, NEXT_MONDAY, 1),  # the weekend does not count
        (MONDAY, NEXT_MONDAY, 5),
        (date(2026, 11, 21), NEXT_MONDAY, 1),  # from a Saturday
        (NEXT_MONDAY, MONDAY, 0),
        (MONDAY, date(2026, 12, 14), 20),
    ],
)
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end) == expected


def test_subtracting_working_days_skips_weekends():
    assert subtract_working_days(NEXT_MONDAY, 1) == FRIDAY
    assert subtract_working_days(NEXT_MONDAY, 5) == MONDAY
    assert working_days_between(subtract_working_days(NEXT_MONDAY, 7), NEXT_MONDAY) == 7


def at(day):
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10, 0))


def test_days_left_and_overdue_follow_the_configured_deadline():
    deadlines = Deadlines({RequestState.SUBMITTED: 2, RequestState.IN_REVIEW: 5})
    fresh = SimpleNamespace(state=RequestState.SUBMITTED, state_changed_at=at(FRIDAY))
    late = SimpleNamespace(state=RequestState.SUBMITTED, state_changed_at=at(MONDAY))
    draft = SimpleNamespace(state=RequestState.DRAFT, state_changed_at=at(MONDAY))
    assert deadlines.days_left(fresh, today=NEXT_MONDAY) == 1
    assert deadlines.days_left(late, today=NEXT_MONDAY) == -3
    assert deadlines.days_left(draft, today=NEXT_MONDAY) is None


def test_deadlines_read_the_portal_settings_fields():
    portal = SimpleNamespace(
        deadline_submitted_days=2, deadline_in_review_days=5, deadline_corrections_days=10, deadline_approved_days=3
    )
    deadlines = Deadlines.from_settings(portal)
    assert deadlines.by_state[RequestState.IN_REVIEW] == 5
    assert deadlines.by_state[RequestState.CORRECTIONS] == 10
