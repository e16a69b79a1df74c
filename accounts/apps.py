from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Cuentas y ciudadanos")

    def ready(self):
        from . import signals  # noqa: F401  (files leave storage with their rows)


class PortalWagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user management, with the CUI and birth date our user model requires."""

    user_viewset = "accounts.wagtail_users.UserViewSet"
