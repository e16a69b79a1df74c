from functools import wraps

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .identity import identity_gate
from .profiles import is_profile_complete

INCOMPLETE_PROFILE_MESSAGE = _(
    "¡Se detectaron algunos errores que debe atender! Para continuar por favor complete sus datos personales."
)


def personal_data_required(view):
    """Send people with incomplete personal data to *Mis datos personales* first."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated and not is_profile_complete(request.user):
            messages.warning(request, INCOMPLETE_PROFILE_MESSAGE)
            return redirect("accounts:personal_data")
        return view(request, *args, **kwargs)

    return wrapper


def identity_verified_required(is_required):
    """Services that need a verified identity say so and link to *Verificar mi identidad*.

    ``is_required(request)`` tells whether this service asks for it (configurable per service).
    The answer is an ordinary page (200) that explains where the person's verification stands
    and what to do next; the tablero and *Mis Solicitudes* say the same before anyone clicks.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if user.is_authenticated and not user.identity_verified_at and is_required(request):
                gate = identity_gate(user, required=True)
                return render(request, "accounts/identity_required.html", {"gate": gate, "state": gate.state})
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
