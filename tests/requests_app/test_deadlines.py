"""Working-day deadline arithmetic for the reviewers' queue."""

from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from requests_app.constants import RequestState
from requests_app.deadlines import (
    Deadlines,
    WorkingCalendar,
    public_holidays,
    subtract_working_days,
    working_days_between,
)
from requests_app.models import OfficeClosure

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


@pytest.mark.django_db
def test_deadlines_read_the_portal_settings_fields():
    portal = SimpleNamespace(
        deadline_submitted_days=2, deadline_in_review_days=5, deadline_corrections_days=10, deadline_approved_days=3
    )
    deadlines = Deadlines.from_settings(portal)
    assert deadlines.by_state[RequestState.IN_REVIEW] == 5
    assert deadlines.by_state[RequestState.CORRECTIONS] == 10


# -- Guatemala's public holidays and the office's own closures ------------------------------------


def test_semana_santa_leaves_one_working_day_from_april_1_to_april_6_2026():
    # Jueves, Viernes y Sábado Santo 2026 are April 2-4; Sunday the 5th; Monday the 6th works.
    assert working_days_between(date(2026, 4, 1), date(2026, 4, 6)) == 1
    assert {date(2026, 4, 2), date(2026, 4, 3), date(2026, 4, 4)} <= set(public_holidays(2026))


@pytest.mark.parametrize(
    ("holiday", "name_part"),
    [
        (date(2026, 1, 1), "Año Nuevo"),
        (date(2026, 5, 1), "Trabajo"),
        (date(2026, 9, 15), "Independencia"),
        (date(2026, 10, 20), "Revolución"),
        (date(2026, 12, 25), "Navidad"),
        (date(2027, 3, 25), "Jueves Santo"),  # Semana Santa moves every year
    ],
)
def test_guatemalan_holidays_are_not_working_days(holiday, name_part):
    assert not WorkingCalendar().is_working_day(holiday)
    assert name_part.lower() in public_holidays(holiday.year)[holiday].lower()


def test_subtracting_working_days_skips_holidays():
    # Two working days before Tuesday 2026-04-07: Monday the 6th and Wednesday the 1st.
    assert subtract_working_days(date(2026, 4, 7), 2) == date(2026, 4, 1)


@pytest.mark.django_db
def test_an_office_closure_recorded_by_staff_removes_a_working_day():
    assert Deadlines.from_settings(SimpleNamespace()).calendar.working_days_between(MONDAY, FRIDAY) == 4
    closure = OfficeClosure.objects.create(date=date(2026, 11, 18), reason="Asueto por feria titular")
    deadlines = Deadlines.from_settings(SimpleNamespace(deadline_submitted_days=2))
    assert deadlines.calendar.working_days_between(MONDAY, FRIDAY) == 3
    waiting_since_monday = SimpleNamespace(state=RequestState.SUBMITTED, state_changed_at=at(MONDAY))
    assert deadlines.waiting(waiting_since_monday, today=FRIDAY) == 3
    assert closure.history.count() == 1  # who added or changed a closure stays on record


@pytest.mark.django_db
def test_the_overdue_filter_counts_semana_santa_and_closures(catalogs):
    from requests_app.models import CertificationRequest
    from tests.factories import CertificationRequestFactory

    waiting = CertificationRequestFactory(state=RequestState.SUBMITTED)
    CertificationRequest.objects.filter(pk=waiting.pk).update(state_changed_at=at(date(2026, 4, 1)))
    deadlines = Deadlines.from_settings(SimpleNamespace(deadline_submitted_days=2))
    overdue = CertificationRequest.objects.filter(deadlines.overdue_query(today=date(2026, 4, 7)))
    # Only Monday 6 and Tuesday 7 are working days since Wednesday 1: two days, not yet overdue.
    assert list(overdue) == []
    OfficeClosure.objects.create(date=date(2026, 3, 31), reason="Cierre previo")  # before: changes nothing
    assert not CertificationRequest.objects.filter(
        Deadlines.from_settings(SimpleNamespace(deadline_submitted_days=2)).overdue_query(today=date(2026, 4, 7))
    ).exists()
    assert list(CertificationRequest.objects.filter(deadlines.overdue_query(today=date(2026, 4, 8)))) == [waiting]
    OfficeClosure.objects.create(date=date(2026, 4, 8), reason="Fumigación de la oficina")
    later = Deadlines.from_settings(SimpleNamespace(deadline_submitted_days=2))
    assert not CertificationRequest.objects.filter(later.overdue_query(today=date(2026, 4, 8))).exists()


@pytest.mark.parametrize("today", [date(2026, 4, 1) + timedelta(days=n) for n in range(0, 12)])
@pytest.mark.parametrize("limit", [1, 2, 3])
def test_the_overdue_cutoff_agrees_with_the_days_waited(today, limit):
    calendar = WorkingCalendar(frozenset({date(2026, 4, 8)}))
    cutoff = calendar.earliest_on_time(today, limit)
    for back in range(0, 15):
        entered = today - timedelta(days=back)
        assert (entered < cutoff) == (calendar.working_days_between(entered, today) > limit), entered


@pytest.mark.django_db
def test_the_reloj_shows_working_days_in_each_state_without_semana_santa(catalogs, client):
    from requests_app.models import RequestEvent
    from requests_app.timeline import timeline_rows
    from tests.factories import CertificationRequestFactory, complete_applicant

    request = CertificationRequestFactory(state=RequestState.SUBMITTED, applicant=complete_applicant())
    RequestEvent.objects.create(
        request=request, to_state=RequestState.DRAFT, observation="Creada", created_at=at(date(2026, 3, 30))
    )
    RequestEvent.objects.create(
        request=request, to_state=RequestState.SUBMITTED, observation="Enviada", created_at=at(date(2026, 4, 1))
    )
    RequestEvent.objects.create(
        request=request, to_state=RequestState.IN_REVIEW, observation="Tomada", created_at=at(date(2026, 4, 6))
    )
    rows = timeline_rows(request.events.order_by("created_at"))
    assert [row.working_days_label for row in rows[:2]] == ["2 días hábiles", "1 día hábil"]
    assert rows[1].duration_label == "5 días"  # the calendar time is still shown

    client.force_login(request.applicant)
    page = client.get(f"/certificaciones/{request.pk}/historial/")
    assert page.status_code == 200
    page = page.content.decode()
    assert "5 días (1 día hábil)" in page


def test_the_catalog_administrator_records_a_closure_in_the_admin_with_history(client, staff_in):
    from requests_app.roles import CATALOG_ADMIN

    admin_user = staff_in(CATALOG_ADMIN)
    client.force_login(admin_user)
    response = client.post(
        "/admin/requests_app/officeclosure/add/", {"date": "18/11/2026", "reason": "Asueto por feria titular"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    closure = OfficeClosure.objects.get(date=date(2026, 11, 18))
    assert closure.created_by == admin_user
    assert closure.history.get().history_user == admin_user
    listing = client.get("/admin/requests_app/officeclosure/").content.decode()
    assert "Asueto por feria titular" in listing
