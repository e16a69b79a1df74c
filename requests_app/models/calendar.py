from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class OfficeClosure(models.Model):
    """A day the office does not work besides weekends and public holidays (asueto, feria local,
    cierre por fuerza mayor): deadlines in working days skip it."""

    date = models.DateField(_("fecha"), unique=True)
    reason = models.CharField(_("motivo"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cierre de la oficina")
        verbose_name_plural = _("cierres de la oficina (días no hábiles)")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.reason}"
