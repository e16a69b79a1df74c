"""Per-address limits on the public forms (django-ratelimit counters in the cache), and what a
form does when the cache (Redis) cannot count.

``throttled(rate)`` counts the POSTs of each address; over the limit the view gets
``request.limited`` and answers 429 with ``THROTTLED_MESSAGE``. When the counters cannot be
read (Redis down), the decision is the form's own:

- ``FAIL_CLOSED`` (forms that send email to an address typed by a stranger: registration,
  confirmation resend, password and email recovery): the form is refused with
  ``UNAVAILABLE_MESSAGE`` and a 503, so nobody can flood mailboxes during an outage;
- ``FAIL_OPEN`` (forms of signed-in people, the public verification page): the request goes
  through unthrottled, because the person is known or the page sends nothing.

Sign-in throttling is django-axes, which counts in the database and keeps working.
"""

import logging
from functools import wraps

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import get_usage

logger = logging.getLogger("portal.throttling")

FAIL_CLOSED = "closed"
FAIL_OPEN = "open"

THROTTLED_MESSAGE = _(
    "Hizo demasiadas solicitudes desde su conexión. Por seguridad, espere una hora e intente de nuevo."
)
UNAVAILABLE_MESSAGE = _(
    "Por una falla temporal no podemos atender este formulario en este momento. "
    "No se guardó ni se envió nada; intente de nuevo en unos minutos."
)
RETRY_AFTER_SECONDS = 120


def throttled(rate, *, when_cache_is_down=FAIL_CLOSED):
    """At most ``rate`` POSTs per IP address (see the module's docstring for outages)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            request.limited = False
            request.throttling_unavailable = False
            if request.method == "POST" and getattr(settings, "RATELIMIT_ENABLE", True):
                try:
                    # RATELIMIT_FAIL_OPEN: None when the cache could not count.
                    usage = get_usage(request, fn=view, key="ip", rate=rate, method="POST", increment=True)
                except Exception:
                    logger.exception("No se pudo contar el límite de %s", request.path)
                    usage = None
                if usage is not None:
                    request.limited = usage["should_limit"]
                else:
                    logger.warning(
                        "Límite de %s sin contador (caché caída): %s",
                        request.path,
                        "se rechaza" if when_cache_is_down == FAIL_CLOSED else "se deja pasar",
                    )
                    if when_cache_is_down == FAIL_CLOSED:
                        request.limited = request.throttling_unavailable = True
            response = view(request, *args, **kwargs)
            if request.throttling_unavailable and response.status_code == 429:
                response.status_code = 503
                response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response

        return wrapper

    return decorator


def refuse_if_limited(request, form):
    """Puts the right message on the form when the request must be refused; True if so."""
    if getattr(request, "throttling_unavailable", False):
        form.add_error(None, UNAVAILABLE_MESSAGE)
        return True
    if getattr(request, "limited", False):
        form.add_error(None, THROTTLED_MESSAGE)
        return True
    return False
