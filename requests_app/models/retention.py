from django.db import models
from django.utils.translation import gettext_lazy as _

from .requests import CertificationRequest


class DraftRetentionNotice(models.Model):
    """The casillero notice that an untouched draft will be deleted; sent once per period of inactivity
    (a change to the draft after ``warned_at`` makes the notice stale and the clock starts again)."""

    request = models.OneToOneField(
        CertificationRequest, on_delete=models.CASCADE, related_name="retention_notice", verbose_name=_("solicitud")
    )
    warned_at = models.DateTimeField(_("aviso enviado"))
    delete_after = models.DateTimeField(_("se elimina a partir de"))

    class Meta:
        verbose_name = _("aviso de eliminación de borrador")
        verbose_name_plural = _("avisos de eliminación de borradores")

    def __str__(self):
        return f"{self.request_id}: {self.warned_at:%d/%m/%Y}"
