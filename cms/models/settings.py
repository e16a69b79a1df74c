from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

VIDEO_EXTENSIONS = (".mp4", ".webm")


def validate_tutorial_url(value: str) -> None:
    """A path on this site (a video in Documentos) or an https:// address."""
    if value.startswith("/") and not value.startswith("//"):
        return
    if not value.startswith("https://"):
        raise ValidationError(_("Escriba una dirección que empiece con / (de este portal) o con https://."))
    URLValidator(schemes=["https"])(value)


@register_setting(icon="cog")
class PortalSettings(BaseSiteSetting):
    """What editors change without a deploy: fee, bank account, office data, deadlines."""

    fee_amount = models.DecimalField(
        _("costo de la certificación (Q)"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("16.50"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    bank_name = models.CharField(_("banco"), max_length=120, default="Banco de Desarrollo Rural, S.A. (BANRURAL)")
    bank_account_number = models.CharField(_("número de cuenta"), max_length=30, default="3884048477")
    bank_account_holder = models.CharField(
        _("cuenta a nombre de"), max_length=120, default="Oficina Nacional de Servicio Civil"
    )
    office_address = models.CharField(
        _("dirección de la oficina"), max_length=200, default="13 Calle 6-77 Zona 1, Edificio Panamericano, Guatemala"
    )
    office_phone = models.CharField(_("teléfono de la oficina"), max_length=40, default="2321-4800")
    support_hours = models.CharField(
        _("horario de atención"), max_length=120, default="Lunes a viernes de 8:00 a 16:00 horas"
    )
    support_email = models.EmailField(_("correo de soporte"), default="soporte@portal.gob.gt")
    sender_email = models.EmailField(_("correo remitente"), default="no-responder@portal.gob.gt")
    certification_requires_identity = models.BooleanField(
        _("la Certificación de Servicios exige identidad verificada"),
        default=True,
        help_text=_("Si está marcado, solo quien verificó su identidad (DPI y video) puede solicitar certificaciones."),
    )
    identity_video_tutorial_url = models.CharField(
        _("video-tutorial de la verificación de identidad"),
        max_length=500,
        blank=True,
        default="",
        validators=[validate_tutorial_url],
        help_text=_(
            "Dirección del video de ejemplo que se muestra en Verificar mi identidad: un video subido a Documentos "
            "(por ejemplo /documents/12/tutorial.mp4, se muestra dentro de la página) o un enlace https:// externo."
        ),
    )
    deadline_submitted_days = models.PositiveSmallIntegerField(
        _("plazo para tomar una solicitud (días hábiles)"), default=2
    )
    deadline_in_review_days = models.PositiveSmallIntegerField(_("plazo de revisión (días hábiles)"), default=5)
    deadline_corrections_days = models.PositiveSmallIntegerField(
        _("plazo del solicitante para corregir (días hábiles)"), default=10
    )
    deadline_approved_days = models.PositiveSmallIntegerField(_("plazo para las firmas (días hábiles)"), default=3)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("fee_amount"),
                FieldPanel("bank_name"),
                FieldPanel("bank_account_number"),
                FieldPanel("bank_account_holder"),
            ],
            heading=_("Pago de la Certificación de Servicios"),
        ),
        MultiFieldPanel(
            [FieldPanel("certification_requires_identity"), FieldPanel("identity_video_tutorial_url")],
            heading=_("Requisitos de los servicios"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("office_address"),
                FieldPanel("office_phone"),
                FieldPanel("support_hours"),
                FieldPanel("support_email"),
                FieldPanel("sender_email"),
            ],
            heading=_("Oficina y atención"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("deadline_submitted_days"),
                FieldPanel("deadline_in_review_days"),
                FieldPanel("deadline_corrections_days"),
                FieldPanel("deadline_approved_days"),
            ],
            heading=_("Plazos por estado de la solicitud"),
        ),
    ]

    class Meta:
        verbose_name = _("configuración del portal")

    def __str__(self):
        return str(self._meta.verbose_name)

    @property
    def identity_video_tutorial_is_embedded(self) -> bool:
        """A video file served by the portal itself plays inside the page; anything else is a link."""
        url = self.identity_video_tutorial_url
        return url.startswith("/") and url.lower().split("?")[0].endswith(VIDEO_EXTENSIONS)

    @property
    def fee_display(self) -> str:
        """The fee as Guatemalans write it: ``Q16.50``, ``Q1,250.00``."""
        return f"Q{self.fee_amount:,.2f}"
