"""Drafts nobody touches are not kept forever: a request still *En Creación* whose last change
(``updated_at``) is older than ``RETENTION_DRAFT_DAYS`` is deleted with its files, after a
casillero notice sent ``RETENTION_DRAFT_WARNING_DAYS`` before (once; a change to the draft
after the notice starts the clock again). ``manage.py apply_retention`` runs this and the
identity evidence retention (accounts.retention) from a daily timer."""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.retention import apply_identity_retention
from accounts.services import notify

from . import services
from .constants import RequestState
from .models import CertificationRequest, DraftRetentionNotice, ServicePeriod, SupportingDocument

logger = logging.getLogger("portal.retention")


@dataclass
class RetentionReport:
    drafts_warned: list[int] = field(default_factory=list)
    drafts_deleted: list[int] = field(default_factory=list)
    files_deleted: int = 0
    identity_evidence_deleted: list[int] = field(default_factory=list)


def draft_days() -> timedelta:
    return timedelta(days=settings.RETENTION_DRAFT_DAYS)


def warning_days() -> timedelta:
    return timedelta(days=min(settings.RETENTION_DRAFT_WARNING_DAYS, settings.RETENTION_DRAFT_DAYS))


def drafts():
    return CertificationRequest.objects.filter(state=RequestState.DRAFT)


def current_notice():
    """Drafts whose notice was sent after their last change (a later change makes it stale)."""
    return {"retention_notice__warned_at__gte": F("updated_at")}


def drafts_to_warn(now: datetime):
    return (
        drafts()
        .filter(updated_at__lte=now - (draft_days() - warning_days()))
        .exclude(**current_notice())
        .select_related("applicant")
    )


def drafts_to_delete(now: datetime):
    return drafts().filter(
        updated_at__lte=now - draft_days(), retention_notice__delete_after__lte=now, **current_notice()
    )


def short_date(moment: datetime) -> str:
    return date_format(timezone.localdate(moment), "SHORT_DATE_FORMAT")


def warn(request: CertificationRequest, now: datetime) -> None:
    # At least the warning period after the notice, even when the timer did not run for a while.
    delete_after = max(request.updated_at + draft_days(), now + warning_days())
    DraftRetentionNotice.objects.update_or_create(
        request=request, defaults={"warned_at": now, "delete_after": delete_after}
    )
    notify(
        recipient=request.applicant,
        title=_("Su solicitud No. %(number)s en creación se eliminará el %(date)s")
        % {"number": request.number, "date": short_date(delete_after)},
        body=_(
            "La solicitud No. %(number)s sigue en creación y no tiene cambios desde el %(last)s. Para proteger "
            "sus datos, las solicitudes en creación sin cambios durante %(days)s días se eliminan junto con sus "
            "documentos. Si desea conservarla, continúe su trámite y guarde algún cambio antes del %(date)s."
        )
        % {
            "number": request.number,
            "last": short_date(request.updated_at),
            "days": settings.RETENTION_DRAFT_DAYS,
            "date": short_date(delete_after),
        },
        link=reverse("requests_app:resume", args=[request.pk]),
    )
    logger.info(
        "draft deletion notice sent",
        extra={"request_id": request.pk, "user_id": request.applicant_id, "delete_after": delete_after.isoformat()},
    )


@transaction.atomic
def delete_draft(request_id: int, now: datetime) -> int | None:
    """Delete one due draft with its files and its history; returns how many files left storage."""
    request = (
        drafts_to_delete(now).select_for_update(of=("self",)).filter(pk=request_id).select_related("applicant").first()
    )
    if request is None:  # changed, submitted or deleted since the query
        return None
    applicant, number, last_change = request.applicant, request.number, request.updated_at
    files = request.documents.exclude(file="").count()
    services.request_delete_draft(request=request, user=applicant)
    # A draft that was never sent keeps nothing: its change history goes too.
    CertificationRequest.history.filter(id=request_id).delete()
    ServicePeriod.history.filter(request_id=request_id).delete()
    SupportingDocument.history.filter(request_id=request_id).delete()
    notify(
        recipient=applicant,
        title=_("Su solicitud No. %(number)s en creación fue eliminada") % {"number": number},
        body=_(
            "La solicitud No. %(number)s no tuvo cambios desde el %(last)s y se eliminó con sus documentos, "
            "como se le avisó. Puede crear una nueva solicitud cuando lo necesite."
        )
        % {"number": number, "last": short_date(last_change)},
        link=reverse("requests_app:list"),
    )
    logger.info(
        "draft deleted",
        extra={
            "request_id": request_id,
            "user_id": applicant.pk,
            "files": files,
            "last_change": last_change.isoformat(),
        },
    )
    return files


def apply_retention(now: datetime | None = None) -> RetentionReport:
    now = now or timezone.now()
    report = RetentionReport()
    for request_id in list(drafts_to_delete(now).values_list("pk", flat=True)):
        files = delete_draft(request_id, now)
        if files is not None:
            report.drafts_deleted.append(request_id)
            report.files_deleted += files
    for request in drafts_to_warn(now).iterator():
        with transaction.atomic():
            warn(request, now)
        report.drafts_warned.append(request.pk)
    report.identity_evidence_deleted = apply_identity_retention(now)
    logger.info(
        "retention applied",
        extra={
            "drafts_warned": len(report.drafts_warned),
            "drafts_deleted": len(report.drafts_deleted),
            "draft_files_deleted": report.files_deleted,
            "identity_evidence_deleted": len(report.identity_evidence_deleted),
        },
    )
    return report
