from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import RequestState


class RequestStateCount(models.Model):
    """How many requests are in one state, kept by the database itself.

    Triggers on the requests' table (migration 0012) move these numbers in the same transaction
    as every insert, delete and change of state, whether it comes from the ORM, a bulk update or
    plain SQL; nothing in Python writes them. The queue shows its totals from here instead of
    counting tens of thousands of rows on every page.
    """

    state = models.CharField(_("estado"), max_length=20, primary_key=True, choices=RequestState.choices)
    count = models.BigIntegerField(_("solicitudes"), default=0)

    class Meta:
        verbose_name = _("recuento de solicitudes por estado")
        verbose_name_plural = _("recuentos de solicitudes por estado")

    def __str__(self):
        return f"{self.get_state_display()}: {self.count}"


class ApplicantRequestCount(models.Model):
    """How many requests one applicant has in one state, kept by the database like ``RequestStateCount``.

    Triggers (migration 0013) move these numbers with every insert, delete, change of state
    and change of applicant; *Mis Solicitudes* shows its total from here instead of counting
    the person's requests on every page.
    """

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("solicitante"), on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField(_("estado"), max_length=20, choices=RequestState.choices)
    count = models.BigIntegerField(_("solicitudes"), default=0)

    class Meta:
        verbose_name = _("recuento de solicitudes de un solicitante por estado")
        verbose_name_plural = _("recuentos de solicitudes de los solicitantes por estado")
        constraints = [models.UniqueConstraint(fields=["applicant", "state"], name="applicant_state_count_unique")]

    def __str__(self):
        return f"{self.applicant_id} · {self.get_state_display()}: {self.count}"
