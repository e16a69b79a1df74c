"""Figures for the back-office dashboard: work per state, overdue work, time to issue."""

from dataclasses import dataclass
from datetime import timedelta
from statistics import median

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .constants import RequestState
from .deadlines import Deadlines
from .issuing import unfinished
from .models import CertificationRequest, RequestEvent
from .worker import waiting_since


@dataclass(frozen=True)
class Dashboard:
    counts: list[tuple[str, str, int]]
    overdue: int
    median_days_to_issue: float | None
    issued_last_30_days: int
    unfinished_certificates: int
    alert_minutes: int
    oldest_queued_minutes: int | None
    failed_jobs_last_day: int


def dashboard(deadlines: Deadlines) -> Dashboard:
    by_state = dict(CertificationRequest.objects.values_list("state").annotate(n=Count("pk")).order_by())
    counts = [(state.value, state.label, by_state.get(state.value, 0)) for state in RequestState]
    overdue = CertificationRequest.objects.filter(deadlines.overdue_query()).count()
    since = timezone.now() - timedelta(days=30)
    spans = [
        (issued_at - submitted_at).total_seconds() / 86400
        for issued_at, submitted_at in RequestEvent.objects.filter(
            to_state=RequestState.ISSUED, created_at__gte=since, request__submitted_at__isnull=False
        ).values_list("created_at", "request__submitted_at")
    ]
    alert_minutes = settings.CERTIFICATE_ISSUE_ALERT_MINUTES
    return Dashboard(
        counts,
        overdue,
        round(median(spans), 1) if spans else None,
        len(spans),
        unfinished_certificates=unfinished(older_than=timedelta(minutes=alert_minutes)).count(),
        alert_minutes=alert_minutes,
        **queue_health(),
    )


def queue_health() -> dict:
    """Age of the oldest job waiting for a worker and the jobs that failed in the last day."""
    oldest = waiting_since()
    since = timezone.now() - timedelta(days=1)
    return {
        "oldest_queued_minutes": int((timezone.now() - oldest).total_seconds() // 60) if oldest else None,
        "failed_jobs_last_day": DBTaskResult.objects.failed().filter(finished_at__gte=since).count(),
    }
