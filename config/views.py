from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def health(request):
    """Load balancer probe: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_GET
def alive(request):
    """Liveness probe: the process answers. Touches nothing; the bench's bare view."""
    return HttpResponse("ok", content_type="text/plain")
