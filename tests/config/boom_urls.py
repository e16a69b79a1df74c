"""The portal's URLs plus views that fail or log, for the observability tests."""

import logging

from django.http import HttpResponse
from django.urls import path
from django_tasks import task

from config.urls import urlpatterns as portal_urlpatterns


def boom(request):
    raise RuntimeError("falla de prueba")


@task()
def failing_task():
    raise RuntimeError("tarea fallida de prueba")


def noisy(request):
    logging.getLogger("requests_app.views").warning("algo que el operador debe ver")
    return HttpResponse("ok")


urlpatterns = [path("__prueba__/falla/", boom), path("__prueba__/registro/", noisy), *portal_urlpatterns]
