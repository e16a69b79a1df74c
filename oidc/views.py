"""The OpenID Connect endpoints as the portal needs them, and *Sistemas con acceso a su cuenta*.

The toolkit's views do the protocol; these subclasses add what the portal promises: state and
nonce required, the person's consent remembered per system and recorded, ``acr_values`` that
send a person without a verified identity to verify it, a throttled token endpoint, Spanish pages.
"""

import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit
from oauth2_provider import views as oauth2_views
from oauth2_provider.exceptions import OAuthToolkitError
from oauthlib.oauth2.rfc6749.errors import InvalidRequestError

from . import services
from .claims import ACR_VALUES, requested_acr
from .models import AuthorisedSystem, Consent
from .scopes import SCOPES


def client_ip(request):
    return request.META.get("REMOTE_ADDR")


def missing_parameter(credentials, name):
    """An ``invalid_request`` sent back to the (already validated) redirect URI."""
    return OAuthToolkitError(
        error=InvalidRequestError(
            description=f"El parámetro «{name}» es obligatorio.", request=credentials.get("request")
        ),
        redirect_uri=credentials.get("redirect_uri"),
    )


@method_decorator(never_cache, name="dispatch")
class PortalAuthorizationView(oauth2_views.AuthorizationView):
    """Authorization endpoint: sign-in, assurance level, then consent (asked once per system and data)."""

    template_name = "oidc/consent.html"

    def get(self, request, *args, **kwargs):
        try:
            scopes, credentials = self.validate_authorization_request(request)
        except OAuthToolkitError as error:
            return self.error_response(error, application=None)
        system = AuthorisedSystem.objects.get(client_id=credentials["client_id"])
        if not credentials.get("state"):
            return self.error_response(missing_parameter(credentials, "state"), system)
        if "openid" in scopes and not credentials.get("nonce"):
            return self.error_response(missing_parameter(credentials, "nonce"), system)
        if credentials.get("code_challenge") and credentials.get("code_challenge_method") != "S256":
            return self.error_response(missing_parameter(credentials, "code_challenge_method=S256"), system)
        user = request.user
        if not user.email_confirmed:
            return render(request, "oidc/email_required.html", {"system": system}, status=403)
        if requested_acr(request.GET.get("acr_values")) and not user.identity_verified_at:
            query = urlencode({"next": request.get_full_path(), "sistema": system.name})
            return redirect(f"{reverse('accounts:identity')}?{query}")
        consent = services.active_consent(user, system)
        prompt = set(request.GET.get("prompt", "").split())
        if consent and consent.covers(scopes) and not prompt & {"consent", "login"}:
            try:
                uri, _headers, _body, _status = self.create_authorization_response(
                    request=request, scopes=" ".join(scopes), credentials=credentials, allow=True
                )
            except OAuthToolkitError as error:
                return self.error_response(error, system)
            return self.redirect(uri, system)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scopes = kwargs.get("scopes") or []
        context["scope_descriptions"] = [str(SCOPES[scope]) for scope in scopes if scope in SCOPES]
        return context

    def form_valid(self, form):
        system = get_object_or_404(AuthorisedSystem, client_id=form.cleaned_data["client_id"])
        scopes = form.cleaned_data.get("scope", "").split()
        requested = [scope for scope in scopes if scope in system.scope_list]
        if not form.cleaned_data.get("state") or ("openid" in scopes and not form.cleaned_data.get("nonce")):
            return render(self.request, "oidc/error.html", {"system": system}, status=400)
        if form.cleaned_data.get("allow") and requested == scopes:
            services.grant_consent(
                user=self.request.user, system=system, scopes=scopes, ip_address=client_ip(self.request)
            )
        else:
            form.cleaned_data["allow"] = False
            services.refuse_consent(
                user=self.request.user, system=system, scopes=scopes, ip_address=client_ip(self.request)
            )
        return super().form_valid(form)

    def render_to_response(self, context, **response_kwargs):
        if "error" in context and "form" not in context:
            return render(self.request, "oidc/error.html", context, status=response_kwargs.get("status", 400))
        return super().render_to_response(context, **response_kwargs)


def token_rate(group, request):
    return settings.OIDC_TOKEN_RATE


@method_decorator(ratelimit(key="ip", rate=token_rate, method="POST", block=False), name="post")
class ThrottledTokenView(oauth2_views.TokenView):
    """Token endpoint, limited per IP address (``OIDC_TOKEN_RATE``)."""

    def post(self, request, *args, **kwargs):
        if getattr(request, "limited", False):
            response = JsonResponse(
                {"error": "slow_down", "error_description": "Demasiadas solicitudes; espere e intente de nuevo."},
                status=429,
            )
            response["Retry-After"] = "60"
            response["Cache-Control"] = "no-store"
            return response
        return super().post(request, *args, **kwargs)


class PortalDiscoveryView(oauth2_views.ConnectDiscoveryInfoView):
    """The toolkit's discovery document plus what it does not know: acr values, revocation, pairwise subjects."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        data = json.loads(response.content)
        data["acr_values_supported"] = ACR_VALUES
        data["revocation_endpoint"] = request.build_absolute_uri(reverse("oauth2_provider:revoke-token"))
        data["grant_types_supported"] = ["authorization_code", "refresh_token"]
        data["code_challenge_methods_supported"] = ["S256"]
        data["claims_parameter_supported"] = False
        data["ui_locales_supported"] = ["es-GT"]
        new = JsonResponse(data)
        new["Access-Control-Allow-Origin"] = "*"
        return new


class PortalLogoutView(oauth2_views.RPInitiatedLogoutView):
    """RP-initiated logout: asks first; goes back only to a post-logout URI the system registered, exactly."""

    template_name = "oidc/logout_confirm.html"


@never_cache
@login_required
def connected_systems(request):
    consents = Consent.objects.active().filter(user=request.user).select_related("system").order_by("system__name")
    return render(request, "oidc/connected_systems.html", {"consents": consents})


@login_required
@require_POST
def revoke(request, pk):
    consent = get_object_or_404(Consent.objects.active(), pk=pk, user=request.user)
    services.revoke_consent(consent=consent, ip_address=client_ip(request))
    messages.success(
        request,
        _("%(system)s ya no tiene acceso a su cuenta. Sus sesiones en ese sistema terminaron.")
        % {"system": consent.system.name},
    )
    return redirect("oidc:connected_systems")
