"""The "reloj": a request's state changes with the time spent in each state, and what each change writes.

Every state change writes one event (``record_event``) and, where the applicant
must know, a casillero notice (``notify_applicant``).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from accounts.services import notify

from .constants import state_labels
from .deadlines import WorkingCalendar
from .models import CertificationRequest, RequestEvent


@dataclass(frozen=True)
class TimelineRow:
    number: int
    created_at: datetime
    state_label: str
    observation: str
    duration: timedelta
    is_current: bool
    working_days: int = 0

    @property
    def duration_label(self) -> str:
        return humanize_duration(self.duration)

    @property
    def working_days_label(self) -> str:
        """Working days in the state (holidays and office closures not counted), once a day has passed."""
        if self.duration < timedelta(days=1):
            return ""
        return _working_days_words(get_language(), self.working_days)


@lru_cache(maxsize=1024)
def _working_days_words(language: str, working_days: int) -> str:
    return ngettext("%(n)s día hábil", "%(n)s días hábiles", working_days) % {"n": working_days}


def humanize_duration(duration: timedelta) -> str:
    minutes = int(duration.total_seconds() // 60)
    days, rest = divmod(minutes, 60 * 24)
    hours, minutes = divmod(rest, 60)
    return _duration_words(get_language(), days, hours, 0 if days or hours else minutes)


@lru_cache(maxsize=4096)
def _duration_words(language: str, days: int, hours: int, minutes: int) -> str:
    """The words for a duration, translated once per process, language and duration (the reloj shows many)."""
    if days:
        return ngettext("%(n)s día", "%(n)s días", days) % {"n": days} + (
            ngettext(" y %(n)s hora", " y %(n)s horas", hours) % {"n": hours} if hours else ""
        )
    if hours:
        return ngettext("%(n)s hora", "%(n)s horas", hours) % {"n": hours}
    return ngettext("%(n)s minuto", "%(n)s minutos", minutes) % {"n": minutes} if minutes else _("menos de un minuto")


def timeline_rows(events, calendar: WorkingCalendar | None = None) -> list[TimelineRow]:
    """The reloj's rows for a request's events (each with ``created_at``, ``to_state`` and ``observation``), oldest
    first; the last one (the current state) lasts until now."""
    calendar = calendar or WorkingCalendar.current()
    states = state_labels()
    now = timezone.now()
    rows = []
    for index, event in enumerate(events):
        following = events[index + 1].created_at if index + 1 < len(events) else now
        rows.append(
            TimelineRow(
                number=index + 1,
                created_at=event.created_at,
                state_label=states.get(event.to_state, event.to_state),
                observation=event.observation,
                duration=following - event.created_at,
                is_current=index == len(events) - 1,
                working_days=calendar.working_days_between(
                    timezone.localdate(event.created_at), timezone.localdate(following)
                ),
            )
        )
    return rows


def actor_label(user) -> str:
    return (user.get_full_name() or user.email).upper()


def record_event(request, *, from_state, actor, observation) -> RequestEvent:
    return RequestEvent.objects.create(
        request=request, from_state=from_state or "", to_state=request.state, actor=actor, observation=observation
    )


def notify_applicant(request: CertificationRequest, event: RequestEvent) -> None:
    notify(
        recipient=request.applicant,
        title=_("Solicitud No. %(number)s: %(state)s")
        % {"number": request.number, "state": event.get_to_state_display()},
        body=event.observation,
        link=reverse("requests_app:history", args=[request.pk]),
    )
