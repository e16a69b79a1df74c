"""Public pages that every anonymous visitor sees alike, rendered once per process and content version.

A page type opts in with ``cms.models.pages.RenderedOnceForVisitors``: its first render
for an anonymous visitor is kept (only a plain GET without a query string, messages,
cookies or a CSRF token, answered 200) and ``VisitorPagesMiddleware`` answers the next
visitors from it without routing, querying or rendering again. Publishing anything
changes the content version (``cms.content_version``), so an edit shows at once.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.utils.translation import get_language

from . import content_version


def shareable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and not request.user.is_authenticated
        and not getattr(request, "is_preview", False)
        and not len(messages.get_messages(request))
    )


def _key(request) -> tuple:
    return ("visitor-page", content_version.host(request), request.path, get_language())


def remember(request, response):
    """Keep ``response``'s page for later visitors when it holds nothing personal; returns it."""
    if hasattr(response, "render"):
        response.render()
    personal = response.cookies or response.has_header("Set-Cookie") or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    if response.status_code == 200 and not personal:
        version = content_version.for_request(request)
        content_version.memo.get(_key(request), version, lambda: (response["Content-Type"], response.content))
    return response


class VisitorPagesMiddleware:
    """Answers an anonymous visitor from a page already rendered for this content version."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and not request.GET and not request.user.is_authenticated:
            kept = content_version.memo.peek(_key(request))
            if kept is not None and shareable(request):
                version, (content_type, content) = kept
                if version == content_version.for_request(request):
                    return HttpResponse(content, content_type=content_type)
        return self.get_response(request)
