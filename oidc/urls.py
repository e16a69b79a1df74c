"""The person's own pages: *Sistemas con acceso a su cuenta*."""

from django.urls import path

from . import views

app_name = "oidc"

urlpatterns = [
    path("cuenta/sistemas-conectados/", views.connected_systems, name="connected_systems"),
    path("cuenta/sistemas-conectados/<int:pk>/revocar/", views.revoke, name="revoke"),
]
