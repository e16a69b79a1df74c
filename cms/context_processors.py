from django.utils.functional import SimpleLazyObject

from .settings_helpers import portal_settings


def portal(request):
    """``portal``: the site's PortalSettings (defaults when no site is set up), read only if used."""
    return {"portal": SimpleLazyObject(lambda: portal_settings(request))}
