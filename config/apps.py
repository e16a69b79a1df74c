from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """``django.contrib.admin`` with the portal's site (``config.admin_site``)."""

    default_site = "config.admin_site.PortalAdminSite"


class ObservabilityConfig(AppConfig):
    """Ties background tasks' log lines to the request that enqueued them (config.observability)."""

    name = "config"
    label = "observability"
    verbose_name = "Observabilidad"

    def ready(self):
        from .observability import connect_task_signals

        connect_task_signals()
