from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OidcConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "oidc"
    verbose_name = _("Sistemas autorizados (OpenID Connect)")

    def ready(self):
        from . import checks  # noqa: F401 — registers the deployment checks
