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
