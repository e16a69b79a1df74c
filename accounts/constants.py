from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "F", _("Femenino")
    MALE = "M", _("Masculino")


class EmailChangeState(models.TextChoices):
    AWAITING_CONFIRMATION = "sin_confirmar", _("Pendiente de confirmar el correo nuevo")
    PENDING_REVIEW = "pendiente", _("Pendiente de revisión")
    APPROVED = "aprobada", _("Aprobada")
    REJECTED = "rechazada", _("Rechazada")


ADULT_AGE = 18
EMAIL_CONFIRMATION_MAX_AGE = 60 * 60 * 24  # 24 hours


class IdentityState(models.TextChoices):
    UNVERIFIED = "sin_verificar", _("Sin verificar")
    PENDING = "pendiente", _("Pendiente de confirmar")
    VERIFIED = "verificada", _("Verificada")
    REJECTED = "rechazada", _("Rechazada")


DPI_EXTENSIONS = ("jpg", "jpeg", "png", "pdf")
VIDEO_EXTENSIONS = ("mp4", "webm")
DPI_MAX_MB = 8
VIDEO_MAX_MB = 40
VIDEO_MAX_SECONDS = 90
VIDEO_MIN_SECONDS = 3
