from functools import wraps

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

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
