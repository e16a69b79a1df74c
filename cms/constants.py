from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionStatus(models.TextChoices):
    NEW = "nueva", _("Nueva")
    IN_PROGRESS = "en_atencion", _("En atención")
    ANSWERED = "respondida", _("Respondida")
