"""Health probes for the load balancer and the monitoring.

``/salud/vivo/`` says only that the process answers. ``/salud/`` checks what the site needs
(the database, the cache, the storages, the task queue) and answers 200, or 503 with a small
JSON body naming what is down: never an HTML error page. Details go to the log, not to the
public answer.
"""

import logging
import os
import secrets
import sys
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import FileSystemStorage, storages
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils import timezone
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from requests_app.worker import waiting_since

logger = logging.getLogger("portal.health")

OK = "ok"
DOWN = "falla"
UNCHECKED = "sin comprobar"
PROBE_NAME = "salud/.sonda"


def check_database():
    for alias in connections:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")


def check_cache():
    """Every cache alias must store and return a value (the default one ignores Redis errors,
    so a silent miss counts as down)."""
    token = secrets.token_hex(8)
    for alias in settings.CACHES:
        cache = caches[alias]
        key = f"portal.salud.{token}"
        cache.set(key, token, 30)
        if cache.get(key) != token:
            raise ConnectionError(f"la caché {alias!r} no devolvió lo guardado")
        cache.delete(key)


def check_storage():
    """The public and private storages answer (local folder writable, or the bucket reachable)."""
    for alias in ("default", "private"):
        storage = storages[alias]
        if isinstance(storage, FileSystemStorage):
            location = Path(storage.location)
            existing = next(p for p in (location, *location.parents) if p.exists())
            if not existing.is_dir() or not _writable(existing):
                raise OSError(f"{alias}: {location} no existe o no se puede escribir")
        else:
            storage.exists(PROBE_NAME)  # a HEAD on S3: raises when the bucket does not answer


def _writable(path):
    return os.access(path, os.W_OK | os.X_OK)


def check_queue():
    """No task ready to run has waited longer than HEALTH_QUEUE_MAX_AGE seconds (db_worker alive)."""
    since = waiting_since()
    if since is not None:
        age = (timezone.now() - since).total_seconds()
        if age > settings.HEALTH_QUEUE_MAX_AGE:
            raise TimeoutError(f"la tarea más antigua espera desde hace {age:.0f} s")


CHECKS = {
    "base_de_datos": check_database,
    "cache": check_cache,
    "almacenamiento": check_storage,
    "cola": check_queue,
}
NEEDS_DATABASE = {"cola"}


@never_cache
@require_GET
def health(request):
    """Readiness probe: 200 when everything answers; 503 with the names of what does not."""
    results = {}
    for name, check in CHECKS.items():
        if name in NEEDS_DATABASE and results.get("base_de_datos") != OK:
            results[name] = UNCHECKED
            continue
        try:
            check()
        except Exception as error:
            logger.error("Salud: %s no responde: %s", name, error)
            results[name] = DOWN
        else:
            results[name] = OK
    down = [name for name, result in results.items() if result == DOWN]
    body = {"estado": DOWN if down else OK, "fallan": down, "comprobaciones": results}
    return JsonResponse(body, status=503 if down else 200, json_dumps_params={"ensure_ascii": False})


@never_cache
@require_GET
def alive(request):
    """Liveness probe: the process answers. Touches nothing; the bench's bare view."""
    return HttpResponse("ok", content_type="text/plain")


DATABASE_ERRORS = (OperationalError, InterfaceError)


def server_error(request, template_name="500.html"):
    """The 500 handler; when the database is what failed, a 503 that says the service will be back.

    Django calls it while handling the exception, so ``sys.exc_info()`` names it. Nothing here
    queries: the database may be gone.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        content = loader.get_template("503.html").render()
        response = HttpResponse(content, status=503, content_type="text/html; charset=utf-8")
        response["Retry-After"] = "30"
        return response
    return defaults.server_error(request, template_name)
