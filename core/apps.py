from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Registered so that ``core``'s templates and template tags are found; it has no models."""

    name = "core"
    verbose_name = "Común"
