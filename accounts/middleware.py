from urllib.parse import urlencode

from django.contrib import auth
from django.contrib.auth import middleware as auth_middleware
from django.shortcuts import redirect
from django.urls import reverse

from cms.models import TermsOfUsePage

from .services import has_accepted

SESSION_KEY = "accepted_terms_revision"
EXEMPT_PREFIXES = ("/cuenta/terminos/", "/cuenta/salir/", "/static/", "/media/", "/admin/", "/cms/", "/captcha/")


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, with ``request.user`` read at once instead of behind a lazy object.

    Every request reads it anyway (``VisitorPagesMiddleware`` and ``TermsAcceptanceMiddleware`` ask whether the
    person is signed in), and each attribute read through the lazy object costs more than a microsecond (an
    exception raised and caught inside it): step 2 of the wizard read the user through it 27 times a request.
    Without a session the user is the anonymous one, found without reading anything.
    """

    def process_request(self, request):
        super().process_request(request)
        request.user = auth.get_user(request)


class TermsAcceptanceMiddleware:
    """Applicants who have not accepted the current terms are asked to, before anything else.

    The accepted revision is kept in the session at sign-in; the live revision's id is
    kept per process until the content version changes, so the check costs no query.
    Content editors (Wagtail admin access, without Django's ``is_staff``) are staff too:
    they are not asked, so they can look at the public pages they publish.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_staff
            and not request.path.startswith(EXEMPT_PREFIXES)
        ):
            revision_id = TermsOfUsePage.current_revision_id(request)
            if revision_id is not None and request.session.get(SESSION_KEY) != revision_id:
                terms = TermsOfUsePage.current()
                if has_accepted(user, terms.live_revision) or user.has_perm("wagtailadmin.access_admin"):
                    request.session[SESSION_KEY] = terms.live_revision_id
                else:
                    query = urlencode({"next": request.get_full_path()})  # keeps a next URL's own query whole
                    return redirect(f"{reverse('accounts:accept_terms')}?{query}")
        return self.get_response(request)
