"""The OpenID Connect provider's endpoints, in the toolkit's ``oauth2_provider`` namespace (its views reverse them).

Discovery and JWKS live at the site root so the issuer is the portal's own address.
"""

from django.urls import path, re_path
from django.views.decorators.cache import never_cache
from oauth2_provider import views as oauth2_views

from . import views

app_name = "oauth2_provider"

urlpatterns = [
    re_path(
        r"^\.well-known/openid-configuration$", views.PortalDiscoveryView.as_view(), name="oidc-connect-discovery-info"
    ),
    path(".well-known/jwks.json", oauth2_views.JwksInfoView.as_view(), name="jwks-info"),
    path("oidc/autorizar/", views.PortalAuthorizationView.as_view(), name="authorize"),
    path("oidc/token/", views.ThrottledTokenView.as_view(), name="token"),
    path("oidc/revocar/", oauth2_views.RevokeTokenView.as_view(), name="revoke-token"),
    path("oidc/userinfo/", never_cache(oauth2_views.UserInfoView.as_view()), name="user-info"),
    path("oidc/salir/", views.PortalLogoutView.as_view(), name="rp-initiated-logout"),
]
