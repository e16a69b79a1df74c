from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from .models import AuthorisedSystem


def system_origins() -> list[str]:
    """Origins of the enabled systems' redirect and post-logout URIs."""
    origins = set()
    for uris in AuthorisedSystem.objects.filter(enabled=True).values_list("redirect_uris", "post_logout_redirect_uris"):
        for uri in " ".join(uris).split():
            parts = urlsplit(uri)
            if parts.scheme in ("http", "https") and parts.netloc:
                origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)


class SystemsFormActionMiddleware:
    """Lets the forms that end by sending the person back to a system do so under CSP.

    Chromium applies ``form-action`` to every redirect that follows a form's POST, so signing in,
    accepting the terms, consenting or confirming a logout — each of which may answer with a
    redirect to a registered system — would be blocked by ``form-action 'self'``. On those pages only,
    the registered origins are added (the redirect itself is checked against the exact URIs).
    Sits inside ``config.middleware.PortalCSPMiddleware``, which builds the header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html") and request.path_info in self.paths():
            origins = system_origins()
            if origins:
                response._csp_update = {**(getattr(response, "_csp_update", None) or {}), "form-action": origins}
        return response

    @staticmethod
    def paths() -> frozenset[str]:
        return _form_paths(settings.ROOT_URLCONF, get_urlconf(), get_script_prefix(), settings.LOGIN_URL)


@lru_cache(maxsize=16)
def _form_paths(root_urlconf, urlconf, script_prefix, login_url) -> frozenset[str]:
    """The pages whose forms may send the person back to a system, reversed once per URL configuration."""
    return frozenset(
        (
            login_url,
            reverse("accounts:accept_terms"),
            reverse("oauth2_provider:authorize"),
            reverse("oauth2_provider:rp-initiated-logout"),
        )
    )
