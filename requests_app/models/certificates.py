"""Issued certificates: who signs, in which order, and the signed file with its fingerprint."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage

from ..certificates.codes import new_verification_code
from .requests import CertificationRequest


def certificate_upload_to(instance, filename):
    return f"certificados/{instance.request_id}/{secrets.token_hex(8)}.pdf"


class CertificateSigner(models.Model):
    """A staff member who signs certificates, in a fixed position (1, 2 or 3) with a key role."""

    class KeyRole(models.TextChoices):
        ANALYST = "analista", _("Analista")
        HEAD = "jefe", _("Jefe del Departamento de Registro y Verificación")
        DIRECTOR = "director", _("Director(a)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificate_signer", verbose_name=_("usuario")
    )
    order = models.PositiveSmallIntegerField(_("orden de firma"), choices=[(1, "1"), (2, "2"), (3, "3")])
    key_role = models.CharField(_("certificado de firma"), max_length=10, choices=KeyRole.choices)
    title = models.CharField(_("cargo que se imprime"), max_length=150)
    is_active = models.BooleanField(_("activo"), default=True)

    class Meta:
        verbose_name = _("firmante")
        verbose_name_plural = _("firmantes")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(
                fields=["order"], condition=models.Q(is_active=True), name="one_active_signer_per_position"
            )
        ]

    def __str__(self):
        return f"{self.order}. {self.user.get_full_name()} ({self.title})"


class Certificate(models.Model):
    """The PDF of an approved request, signed three times; public by its unguessable code."""

    request = models.OneToOneField(CertificationRequest, on_delete=models.PROTECT, related_name="certificate")
    verification_code = models.CharField(
        _("código de verificación"), max_length=64, unique=True, default=new_verification_code
    )
    pdf = models.FileField(
        _("archivo"), storage=private_storage, upload_to=certificate_upload_to, blank=True, max_length=255
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    signatures_applied = models.PositiveSmallIntegerField(_("firmas aplicadas"), default=0)
    created_at = models.DateTimeField(_("creado"), default=timezone.now)
    issued_at = models.DateTimeField(_("emitido"), null=True, blank=True)
    annulled_at = models.DateTimeField(_("anulado"), null=True, blank=True)
    annul_reason = models.TextField(_("motivo de la anulación"), blank=True)
    last_error = models.TextField(_("último error al emitir"), blank=True)
    last_attempt_at = models.DateTimeField(_("último intento de emisión"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificación emitida")
        verbose_name_plural = _("certificaciones emitidas")
        ordering = ["-issued_at"]

    def __str__(self):
        return _("Certificación No. %(number)s") % {"number": self.request_id}

    @property
    def is_annulled(self) -> bool:
        return self.annulled_at is not None


class CertificateSignature(models.Model):
    """One of the three signatures: asked for by the signer, applied by the signing task."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="signatures")
    order = models.PositiveSmallIntegerField(_("número de firma"))
    signer = models.ForeignKey(CertificateSigner, on_delete=models.PROTECT, related_name="signatures")
    signer_name = models.CharField(_("nombre"), max_length=200)
    signer_title = models.CharField(_("cargo"), max_length=150)
    requested_at = models.DateTimeField(_("firmado"), default=timezone.now)
    applied_at = models.DateTimeField(_("aplicada al PDF"), null=True, blank=True)

    class Meta:
        verbose_name = _("firma")
        verbose_name_plural = _("firmas")
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["certificate", "order"], name="one_signature_per_position")]

    def __str__(self):
        return f"{self.order}. {self.signer_name}"
