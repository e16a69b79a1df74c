"""Response headers that protect every page: Content-Security-Policy and no caching of private pages."""

import functools
from collections.abc import Mapping

from csp.constants import NONCE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.cache import add_never_cache_headers

FRAME_ANCESTORS = {"DENY": ("'none'",), "SAMEORIGIN": ("'self'",)}


class PortalCSPMiddleware(CSPMiddleware):
    """Chooses the policy by what is answered.

    - HTML of the public site and the applicant pages: ``CONTENT_SECURITY_POLICY`` (strict:
      no inline script or style at all).
    - HTML under ``CSP_RELAXED_URL_PREFIXES`` (the Django and Wagtail admins, which
      ship inline scripts and styles): ``CONTENT_SECURITY_POLICY_ADMIN``.
    - Anything else (PDFs, images, videos, JSON): only ``frame-ancestors``. A PDF served
      with ``object-src 'none'`` or ``default-src`` cannot be shown by Chrome's viewer.

    ``frame-ancestors`` always says what ``X-Frame-Options`` says, so a view marked
    ``xframe_options_sameorigin`` (previews shown inside the admin) may be framed by the
    site itself and nothing else may frame any page.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if not response.get("Content-Type", "").startswith("text/html"):
            kind = None
        elif request.path_info.startswith(tuple(settings.CSP_RELAXED_URL_PREFIXES)):
            kind = "CONTENT_SECURITY_POLICY_ADMIN"
        else:
            kind = "CONTENT_SECURITY_POLICY"
        frame_ancestors = FRAME_ANCESTORS.get(response.get("X-Frame-Options", "").upper(), ())
        config = written_policy(kind, frame_ancestors)
        return PolicyParts(config=config, update=parts.update, replace=parts.replace, nonce=parts.nonce)


@functools.cache
def written_policy(setting: str | None, frame_ancestors: tuple) -> "WrittenPolicy":
    """The directives of the policy in ``setting`` (none when None), with ``frame-ancestors`` when given, written
    once per process (``setting_changed`` forgets them)."""
    config = dict(getattr(settings, setting)["DIRECTIVES"]) if setting else {}
    if frame_ancestors:
        config["frame-ancestors"] = frame_ancestors
    return WrittenPolicy(as_written(config))


@receiver(setting_changed)
def forget_written_policies(*, setting, **kwargs):
    if setting.startswith(("CONTENT_SECURITY_POLICY", "CSP_")):
        written_policy.cache_clear()


class WrittenPolicy(Mapping):
    """Directives that never change once written: django-csp copies a response's policy twice (``asdict`` of its
    parts, then each directive), about 20 µs a page for a dictionary; this one is its own copy."""

    __slots__ = ("directives",)

    def __init__(self, directives: dict):
        self.directives = directives

    def __getitem__(self, name):
        return self.directives[name]

    def __iter__(self):
        return iter(self.directives)

    def __len__(self):
        return len(self.directives)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


def as_written(directives: dict) -> dict:
    """Each directive's sources joined as the header writes them (one string is copied at once, a list item by
    item). What django-csp treats specially stays as given: the nonce stand-in, a boolean directive, a set (sorted)."""
    return {name: " ".join(sources) if _plain(sources) else sources for name, sources in directives.items()}


def _plain(sources) -> bool:
    return isinstance(sources, list | tuple) and NONCE not in sources and all(isinstance(s, str) for s in sources)


class PrivatePagesNotStoredMiddleware:
    """Pages answered to a signed-in person are never stored by the browser or a proxy.

    Applies to every response that does not set ``Cache-Control`` itself, so a new
    private view cannot forget it (``never_cache`` on the views says the same).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
