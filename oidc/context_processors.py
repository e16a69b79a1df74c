from django.urls import reverse_lazy
from django.utils.functional import SimpleLazyObject

from .models import AuthorisedSystem


def _enabled(**flag):
    return list(AuthorisedSystem.objects.filter(enabled=True, **flag).order_by("name"))


def authorised_systems(request):
    """The enabled systems for the home page (cms) and the tablero (accounts), which do not import this app.

    Read from the database, and the link reversed, only when a template uses them (the tablero alone does).
    """
    return {
        "home_systems": SimpleLazyObject(lambda: _enabled(show_on_home=True)),
        "dashboard_systems": SimpleLazyObject(lambda: _enabled(show_on_dashboard=True)),
        "connected_systems_url": reverse_lazy("oidc:connected_systems"),
    }
