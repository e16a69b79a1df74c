from wagtail.models import Site

from .models import PortalSettings


def portal_settings(request=None) -> PortalSettings:
    """The portal settings of the request's site, or of the default site (tasks, PDFs, the admin).

    Unsaved defaults are returned when no site exists yet, so pages never break.
    """
    site = Site.find_for_request(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return PortalSettings()
    return PortalSettings.for_site(site)
