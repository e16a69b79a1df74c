"""Authorised systems (OpenID Connect clients), the consents people give them and the record of each decision."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oauth2_provider.models import AbstractApplication, ApplicationManager
from simple_history.models import HistoricalRecords

from .scopes import BASIC_SCOPES, SCOPES


def logo_upload_to(instance, filename):
    from pathlib import PurePath

    return f"sistemas/{instance.client_id[:12]}{PurePath(filename).suffix.lower()}"


class AuthorisedSystem(AbstractApplication):
    """A State system that signs people in with their portal account (an OpenID Connect client).

    Registered by staff only (admin or ``manage.py register_oidc_client``). Redirect URIs are
    compared character for character; the system may ask only for ``allowed_scopes``.
    """

    description = models.CharField(_("descripción"), max_length=250, blank=True)
    logo = models.ImageField(_("logotipo"), upload_to=logo_upload_to, blank=True)
    home_url = models.URLField(
        _("dirección del sistema"),
        blank=True,
        help_text=_("Página del sistema donde se inicia sesión; es el enlace de la página de inicio y del tablero."),
    )
    allowed_scopes = models.CharField(
        _("datos permitidos (scopes)"),
        max_length=200,
        default=" ".join(BASIC_SCOPES),
        help_text=_("Separados por espacios. «cui» entrega el CUI y la fecha de nacimiento."),
    )
    enabled = models.BooleanField(_("habilitado"), default=True, help_text=_("Si se desactiva, nadie puede ingresar."))
    show_on_home = models.BooleanField(_("mostrar en la página de inicio"), default=True)
    show_on_dashboard = models.BooleanField(_("mostrar en el tablero"), default=True)

    history = HistoricalRecords(excluded_fields=["client_secret"])

    objects = ApplicationManager()

    class Meta(AbstractApplication.Meta):
        verbose_name = _("sistema autorizado")
        verbose_name_plural = _("sistemas autorizados")
        ordering = ["name"]

    def natural_key(self):
        return (self.client_id,)

    def save(self, *args, **kwargs):
        if not self.authorization_grant_type:
            self.authorization_grant_type = self.GRANT_AUTHORIZATION_CODE
        if not self.algorithm:
            self.algorithm = self.RS256_ALGORITHM
        super().save(*args, **kwargs)

    @property
    def scope_list(self) -> list[str]:
        return [scope for scope in self.allowed_scopes.split() if scope in SCOPES]

    # Exact matching: no added query parameters, no other port, no trailing-slash variants.
    def redirect_uri_allowed(self, uri: str) -> bool:
        return uri in self.redirect_uris.split()

    def post_logout_redirect_uri_allowed(self, uri: str) -> bool:
        return uri in self.post_logout_redirect_uris.split()

    def is_usable(self, request):
        return self.enabled

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        unknown = [scope for scope in self.allowed_scopes.split() if scope not in SCOPES]
        if unknown:
            raise ValidationError({"allowed_scopes": _("Scopes desconocidos: %s") % ", ".join(unknown)})
        if "openid" not in self.allowed_scopes.split():
            raise ValidationError({"allowed_scopes": _("Todo sistema necesita el scope «openid».")})


class ConsentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class Consent(models.Model):
    """A person's "Acepto" for a system and the data it may receive, until they revoke it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="oidc_consents")
    system = models.ForeignKey(
        AuthorisedSystem, verbose_name=_("sistema"), on_delete=models.CASCADE, related_name="consents"
    )
    scopes = models.CharField(_("datos autorizados"), max_length=200)
    granted_at = models.DateTimeField(_("autorizado el"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revocado el"), null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consentimiento")
        verbose_name_plural = _("consentimientos")
        ordering = ["-granted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "system"], condition=models.Q(revoked_at__isnull=True), name="one_active_consent"
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.system}"

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()

    def covers(self, scopes) -> bool:
        return set(scopes) <= set(self.scope_list)

    def scope_descriptions(self) -> list[str]:
        return [str(SCOPES[scope]) for scope in self.scope_list if scope in SCOPES]


class ConsentEvent(models.Model):
    """Every grant, refusal and revocation, kept even when the consent itself is revoked."""

    class Action(models.TextChoices):
        GRANTED = "concedido", _("Concedido")
        REFUSED = "rechazado", _("Rechazado")
        REVOKED = "revocado", _("Revocado")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("persona"), on_delete=models.CASCADE, related_name="+"
    )
    system = models.ForeignKey(AuthorisedSystem, verbose_name=_("sistema"), on_delete=models.CASCADE, related_name="+")
    action = models.CharField(_("acción"), max_length=12, choices=Action.choices)
    scopes = models.CharField(_("datos"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("dirección IP"), null=True, blank=True)
    created_at = models.DateTimeField(_("fecha"), default=timezone.now)

    class Meta:
        verbose_name = _("registro de consentimiento")
        verbose_name_plural = _("registro de consentimientos")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.get_action_display()}: {self.user} → {self.system}"
