"""/salud/vivo/ is the process only; /salud/ checks the database, the cache, the storages and
the task queue, and answers 200 or a 503 JSON naming what is down (never an HTML page)."""

import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.utils import timezone

from config.settings.base import s3_storages
from core.tasks import send_email

from .conftest import S3_KEYS, S3_REGION, free_port

pytestmark = pytest.mark.django_db

HEALTH = "/salud/"


def health(client):
    response = client.get(HEALTH)
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    return response.status_code, json.loads(response.content)


def test_everything_up_answers_200_with_each_check(client):
    status, body = health(client)
    assert status == 200
    assert body == {
        "estado": "ok",
        "fallan": [],
        "comprobaciones": {"base_de_datos": "ok", "cache": "ok", "almacenamiento": "ok", "cola": "ok"},
    }


def test_alive_touches_nothing_and_says_ok(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/salud/vivo/")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_database_errors_give_503_naming_the_database_then_recovery_gives_200(client):
    def unreachable(execute, sql, params, many, context):
        raise OperationalError('connection to server at "127.0.0.1", port 1 failed: Connection refused')

    with connection.execute_wrapper(unreachable):
        status, body = health(client)
    assert status == 503
    assert body["estado"] == "falla"
    assert body["fallan"] == ["base_de_datos"]
    assert body["comprobaciones"]["cola"] == "sin comprobar"  # needs the database
    assert "Connection refused" not in json.dumps(body)  # details go to the log only
    status, body = health(client)  # the database answers again
    assert (status, body["fallan"]) == (200, [])


def test_an_unreachable_postgresql_gives_a_503_json_not_an_html_500():
    """A whole process whose DATABASE_URL points at a port where nothing listens."""
    code = (
        "import django, json; django.setup()\n"
        "from django.test import Client\n"
        "response = Client().get('/salud/')\n"
        "print(response.status_code, response['Content-Type'], response.content.decode())\n"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{free_port()}/portal",
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    status, content_type, body = result.stdout.strip().split(" ", 2)
    assert (status, content_type) == ("503", "application/json")
    assert json.loads(body)["fallan"] == ["base_de_datos"]


def test_an_unwritable_private_folder_is_storage_down(client, settings, tmp_path):
    blocker = tmp_path / "no-es-carpeta"
    blocker.write_text("un archivo donde debería estar la carpeta")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(blocker)}},
    }
    status, body = health(client)
    assert (status, body["fallan"]) == (503, ["almacenamiento"])


def test_s3_storage_up_and_down(client, settings, s3):
    assert health(client)[0] == 200
    settings.STORAGES = {
        **settings.STORAGES,
        **s3_storages(
            bucket_name=s3.bucket,
            endpoint_url=f"http://127.0.0.1:{free_port()}",
            region_name=S3_REGION,
            addressing_style="path",
            **S3_KEYS,
        ),
    }
    status, body = health(client)
    assert (status, body["fallan"]) == (503, ["almacenamiento"])


def test_a_task_waiting_longer_than_the_threshold_is_queue_down(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.HEALTH_QUEUE_MAX_AGE = 600
    result = send_email.enqueue(subject="Prueba", body="Cuerpo", to=["persona@example.gt"])
    assert health(client)[0] == 200  # just queued
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=result.id).update(enqueued_at=timezone.now() - timedelta(minutes=11))
    status, body = health(client)
    assert (status, body["fallan"]) == (503, ["cola"])
    settings.HEALTH_QUEUE_MAX_AGE = 3600
    assert health(client)[0] == 200
    DBTaskResult.objects.filter(id=result.id).update(status="SUCCESSFUL")
    settings.HEALTH_QUEUE_MAX_AGE = 600
    assert health(client)[0] == 200  # done tasks do not count
