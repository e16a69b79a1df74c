from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsAppConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "requests_app"
    verbose_name = _("Certificación de Servicios")

    def ready(self):
        from . import (
            checks,  # noqa: F401 (registers the system checks)
            reference_data,
            signals,  # noqa: F401  (files leave storage with their rows)
        )

        reference_data.connect_signals()
