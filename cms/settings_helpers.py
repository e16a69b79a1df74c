from wagtail.models import Site

from .models import PortalSettings


def portal_settings() -> PortalSettings:
    """The default site's settings, for code that has no request (tasks, PDFs, the admin)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return PortalSettings()
    return PortalSettings.for_site(site)
