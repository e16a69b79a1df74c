from wagtail.models import Site

from . import content_version
from .models.settings import PortalSettings


def _default_site():
    return Site.objects.filter(is_default_site=True).first()


def site_for(request=None) -> Site | None:
    """The request's site (the default one without a request), looked up once per process and content version."""
    if request is None:
        return content_version.remembered(None, ("site", None), _default_site)
    key = ("site", content_version.host(request))
    return content_version.remembered(request, key, lambda: Site.find_for_request(request) or _default_site())


def portal_settings(request=None) -> PortalSettings:
    """The portal settings of the request's site, or of the default site (tasks, PDFs, the admin).

    Read once per process and content version (saving the settings changes it). Unsaved
    defaults are returned when no site exists yet, so pages never break.
    """
    site = site_for(request)
    if site is None:
        return PortalSettings()
    return content_version.remembered(request, ("portal-settings", site.pk), lambda: PortalSettings.for_site(site))
