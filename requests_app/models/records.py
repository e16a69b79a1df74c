"""What the certificate prints, and the employment registry it is checked against."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalogs.models import BudgetLine, Institution

from ..constants import PaymentMethod
from .requests import CertificationRequest

MONEY = {"max_digits": 12, "decimal_places": 2, "default": Decimal("0.00")}


class CertifiedServiceRecord(models.Model):
    """A line of the certificate, entered (or imported) by the reviewer from the official records."""

    request = models.ForeignKey(CertificationRequest, on_delete=models.CASCADE, related_name="certified_records")
    institution = models.ForeignKey(Institution, verbose_name=_("institución"), on_delete=models.PROTECT)
    dependency = models.CharField(_("dependencia"), max_length=200, blank=True)
    position_title = models.CharField(_("puesto"), max_length=150)
    budget_line = models.ForeignKey(BudgetLine, verbose_name=_("renglón"), on_delete=models.PROTECT)
    base_salary = models.DecimalField(_("sueldo base"), **MONEY)
    complements = models.DecimalField(_("complementos"), **MONEY)
    bonuses = models.DecimalField(_("bonos"), **MONEY)
    start_date = models.DateField(_("del"))
    end_date = models.DateField(_("al"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ingresado por"), on_delete=models.SET_NULL, null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("registro certificado")
        verbose_name_plural = _("registros certificados (lo que imprime la certificación)")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__lte=F("end_date")),
                name="certified_record_start_before_end",
                violation_error_message=_("La fecha inicial debe ser anterior o igual a la final."),
            )
        ]

    def __str__(self):
        return f"{self.position_title} ({self.start_date:%d/%m/%Y} – {self.end_date:%d/%m/%Y})"

    @property
    def total(self) -> Decimal:
        return self.base_salary + self.complements + self.bonuses


class EmploymentRecord(models.Model):
    """The State's employment registry (imported), against which requested periods are matched."""

    cui = models.CharField(_("CUI"), max_length=13, db_index=True)
    full_name = models.CharField(_("nombre"), max_length=200)
    institution = models.ForeignKey(Institution, verbose_name=_("institución"), on_delete=models.PROTECT)
    position_title = models.CharField(_("puesto"), max_length=150)
    budget_line = models.ForeignKey(BudgetLine, verbose_name=_("renglón"), on_delete=models.PROTECT)
    monthly_salary = models.DecimalField(_("salario mensual"), **MONEY)
    start_date = models.DateField(_("inicio"))
    end_date = models.DateField(_("fin"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("registro laboral")
        verbose_name_plural = _("registro laboral del Estado")
        ordering = ["cui", "start_date"]
        constraints = [
            models.UniqueConstraint(fields=["cui", "institution", "start_date"], name="employment_record_unique_start")
        ]

    def __str__(self):
        return f"{self.cui} · {self.institution.code} · {self.start_date:%d/%m/%Y}"


class BankDeposit(models.Model):
    """A line of a Banrural statement, matched to the request that declared it."""

    class Status(models.TextChoices):
        MATCHED = "conciliado", _("Conciliado")
        MISMATCH = "diferencia", _("Con diferencias")
        UNCLAIMED = "sin_solicitud", _("Sin solicitud")

    payment_method = models.CharField(_("modalidad"), max_length=15, choices=PaymentMethod.choices)
    reference = models.CharField(_("boleta o referencia"), max_length=30)
    deposit_date = models.DateField(_("fecha"))
    amount = models.DecimalField(_("monto (Q)"), max_digits=10, decimal_places=2)
    request = models.ForeignKey(
        CertificationRequest,
        verbose_name=_("solicitud"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bank_deposits",
    )
    status = models.CharField(_("resultado"), max_length=15, choices=Status.choices)
    detail = models.CharField(_("detalle"), max_length=255, blank=True)
    imported_at = models.DateTimeField(_("importado"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("importado por"), on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("depósito bancario")
        verbose_name_plural = _("conciliación bancaria")
        ordering = ["-imported_at", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["payment_method", "reference"], name="bank_deposit_unique_reference")
        ]

    def __str__(self):
        return f"{self.reference} ({self.deposit_date:%d/%m/%Y})"
