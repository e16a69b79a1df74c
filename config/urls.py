from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.views import search
from requests_app.certificates.dev_signers import CRL_PATH
from requests_app.verification import development_crl, verify, verify_typed

from .views import alive, health

admin.site.site_header = _("Portal de Servicios Electrónicos — Administración")
admin.site.site_title = _("Administración del portal")
admin.site.index_title = _("Panel de trabajo")

handler500 = "config.views.server_error"

urlpatterns = [
    path("salud/", health, name="health"),
    path("salud/vivo/", alive, name="alive"),
    path("certificaciones/", include("requests_app.urls")),  # the applicants' pages, the most requested, tried first
    path("admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documentos/", include(wagtaildocs_urls)),
    path("captcha/", include("captcha.urls")),
    path("buscar/", search, name="search"),
    path(CRL_PATH.lstrip("/"), development_crl, name="development_crl"),
    path("verificar/", verify_typed, name="verify_typed"),
    path("verificar/<str:code>/", verify, name="verify"),
    path("", include("oidc.provider_urls")),  # OpenID Connect provider (namespace oauth2_provider)
    path("", include("oidc.urls")),
    path("", include("catalogs.urls")),
    path("", include("accounts.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
