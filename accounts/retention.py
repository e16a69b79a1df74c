"""Identity evidence (DPI images and video) is kept only while it serves: a configurable time
after the decision (``RETENTION_IDENTITY_EVIDENCE_DAYS``) the files leave storage and the
decision record (state, reviewer, date, reason) stays."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.storage import delete_file_on_commit

from .models import IdentityVerification
from .signals import IDENTITY_EVIDENCE_FIELDS

logger = logging.getLogger("portal.retention")


def identity_evidence_due(now: datetime | None = None):
    """Decided verifications whose evidence has been kept for the configured time."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.RETENTION_IDENTITY_EVIDENCE_DAYS)
    return IdentityVerification.objects.filter(
        decided_at__isnull=False, decided_at__lte=cutoff, evidence_deleted_at__isnull=True
    )


@transaction.atomic
def delete_identity_evidence(verification: IdentityVerification, now: datetime | None = None) -> list[str] | None:
    """Remove the DPI images and the video of a decided verification; returns the file names
    removed (None when there was nothing to do: still pending, or already removed)."""
    verification = IdentityVerification.objects.select_for_update().get(pk=verification.pk)
    if verification.decided_at is None or verification.evidence_deleted_at is not None:
        return None
    removed = [delete_file_on_commit(getattr(verification, name)) for name in IDENTITY_EVIDENCE_FIELDS]
    for name in IDENTITY_EVIDENCE_FIELDS:
        setattr(verification, name, "")
    verification.evidence_deleted_at = now or timezone.now()
    verification.save(update_fields=[*IDENTITY_EVIDENCE_FIELDS, "evidence_deleted_at"])
    removed = [name for name in removed if name]
    logger.info(
        "identity evidence deleted",
        extra={
            "verification_id": verification.pk,
            "user_id": verification.user_id,
            "decision": verification.state,
            "decided_at": verification.decided_at.isoformat(),
            "files": len(removed),
        },
    )
    return removed


def apply_identity_retention(now: datetime | None = None) -> list[int]:
    """Delete every evidence that is due; returns the verification ids."""
    done = []
    for verification in identity_evidence_due(now).only("pk").iterator():
        if delete_identity_evidence(verification, now) is not None:
            done.append(verification.pk)
    return done
