"""Identity verification: evidence in, a blind check by staff, the outcome in the casillero."""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from hachoir.metadata import extractMetadata
from hachoir.parser import guessParser
from hachoir.stream import InputIOStream

from core.identifiers import normalize_cui
from core.uploads import MEGABYTE, inspect_upload

from .constants import (
    DPI_EXTENSIONS,
    DPI_MAX_MB,
    VIDEO_EXTENSIONS,
    VIDEO_MAX_MB,
    VIDEO_MAX_SECONDS,
    VIDEO_MIN_SECONDS,
    IdentityState,
)
from .models import IdentityVerification
from .services import notify


def video_seconds(data: bytes) -> float | None:
    """The duration the container declares (MP4 or WebM), or None if it cannot be read."""
    parser = guessParser(InputIOStream(io.BytesIO(data), source="upload", tags=[]))
    if parser is None:
        return None
    with parser:
        try:
            metadata = extractMetadata(parser)
        except Exception:
            return None
    duration = metadata.get("duration", None) if metadata else None
    return duration.total_seconds() if duration else None


def check_video(upload):
    clean = inspect_upload(upload, allowed_extensions=VIDEO_EXTENSIONS, max_bytes=VIDEO_MAX_MB * MEGABYTE)
    seconds = video_seconds(clean.content.read())
    clean.content.seek(0)
    if seconds is None:
        raise ValidationError(_("No se pudo leer la duración del video. Grábelo de nuevo en MP4 o WebM."), code="video")
    if not VIDEO_MIN_SECONDS <= seconds <= VIDEO_MAX_SECONDS:
        raise ValidationError(
            _("El video debe durar entre %(min)s y %(max)s segundos; el suyo dura %(s)s.")
            % {"min": VIDEO_MIN_SECONDS, "max": VIDEO_MAX_SECONDS, "s": round(seconds)},
            code="video_duration",
        )
    return clean, seconds


def check_dpi(upload):
    return inspect_upload(upload, allowed_extensions=DPI_EXTENSIONS, max_bytes=DPI_MAX_MB * MEGABYTE)


def latest_verification(user):
    return user.identity_verifications.order_by("-created_at", "-pk").first()


def identity_state(user) -> str:
    if user.identity_verified_at:
        return IdentityState.VERIFIED
    latest = latest_verification(user)
    return latest.state if latest else IdentityState.UNVERIFIED


@transaction.atomic
def submit_identity(*, user, front, back, video) -> IdentityVerification:
    """Store the already-checked evidence (``CleanUpload``s) as a pending verification."""
    verification = IdentityVerification(
        user=user,
        dpi_front_type=front.content_type,
        dpi_back_type=back.content_type,
        video_type=video[0].content_type,
        video_seconds=round(video[1]),
    )
    verification.dpi_front.save(front.original_name, front.content, save=False)
    verification.dpi_back.save(back.original_name, back.content, save=False)
    verification.video.save(video[0].original_name, video[0].content, save=False)
    try:
        with transaction.atomic():
            verification.save()
    except IntegrityError as error:
        raise ValidationError(_("Ya tiene una solicitud de verificación pendiente."), code="pending") from error
    notify(
        recipient=user,
        title=_("Solicitud de verificación de identidad recibida"),
        body=_("Su solicitud quedó PENDIENTE DE CONFIRMAR. Le avisaremos aquí cuando sea revisada."),
        link=reverse("accounts:identity"),
    )
    return verification


@transaction.atomic
def approve_identity(*, verification, reviewer, read_cui: str) -> IdentityVerification:
    """Approve only if the CUI the reviewer read on the DPI is the account's (blind check)."""
    verification = IdentityVerification.objects.select_for_update().select_related("user").get(pk=verification.pk)
    if normalize_cui(read_cui) != verification.user.cui:
        raise ValidationError(
            _("El CUI escrito no coincide con el de la cuenta. Revise la imagen del DPI; no se puede aprobar."),
            code="cui_mismatch",
        )
    verification.approve(reviewer=reviewer)
    verification.save()
    user = verification.user
    user.identity_verified_at = timezone.now()
    user.save(update_fields=["identity_verified_at"])
    notify(
        recipient=user,
        title=_("Su identidad fue verificada"),
        body=_("Ya puede utilizar todos los servicios electrónicos del portal."),
        link=reverse("accounts:dashboard"),
    )
    return verification


@transaction.atomic
def reject_identity(*, verification, reviewer, reason: str) -> IdentityVerification:
    verification = IdentityVerification.objects.select_for_update().select_related("user").get(pk=verification.pk)
    verification.reject(reviewer=reviewer, reason=reason)
    verification.save()
    notify(
        recipient=verification.user,
        title=_("Su verificación de identidad fue rechazada"),
        body=_("Motivo: %(reason)s Puede enviar nuevas imágenes y un nuevo video.") % {"reason": reason},
        link=reverse("accounts:identity"),
    )
    return verification


@dataclass(frozen=True)
class IdentityGate:
    """Whether a service that may ask for a verified identity is closed to ``user`` and why."""

    required: bool
    state: str
    reason: str = ""

    @property
    def closed(self) -> bool:
        return self.required and self.state != IdentityState.VERIFIED

    @property
    def state_label(self) -> str:
        return IdentityState(self.state).label


def identity_gate(user, *, required: bool) -> IdentityGate:
    state = identity_state(user)
    reason = ""
    if state == IdentityState.REJECTED:
        reason = latest_verification(user).reason
    return IdentityGate(required=required, state=state, reason=reason)
