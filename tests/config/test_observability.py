"""Operators can follow one request through the logs (JSON lines with its id, in the web process and
in the tasks it enqueued), errors reach the administrators, and a dead database fails fast."""

import io
import json
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils.module_loading import import_string

from config import observability
from tests.factories import UserFactory

pytestmark = pytest.mark.urls("tests.config.boom_urls")

CAPTCHA = {"captcha_0": "prueba", "captcha_1": "PASSED"}


@pytest.fixture
def log_lines():
    """The root logger's output, formatted and filtered exactly as the settings configure the console."""
    formatter_settings = dict(settings.LOGGING["formatters"]["json"])
    formatter_class = import_string(formatter_settings.pop("()"))
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter_class(**formatter_settings))
    handler.addFilter(observability.ContextFilter())
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(previous)


@pytest.mark.django_db
def test_every_response_has_a_request_id_and_a_sane_one_from_the_proxy_is_kept(client):
    generated = client.get("/salud/vivo/")
    assert len(generated["X-Request-ID"]) == 32
    assert client.get("/salud/vivo/")["X-Request-ID"] != generated["X-Request-ID"]
    kept = client.get("/salud/vivo/", HTTP_X_REQUEST_ID="nginx-4f1c2a9b8e7d")
    assert kept["X-Request-ID"] == "nginx-4f1c2a9b8e7d"
    for hostile in ("a b c d e f g h", "x" * 65, 'abc"}\n{"level":"fake', "short"):
        replaced = client.get("/salud/vivo/", HTTP_X_REQUEST_ID=hostile)["X-Request-ID"]
        assert replaced != hostile and len(replaced) == 32


@pytest.mark.django_db
def test_log_lines_are_json_objects_carrying_the_request_id(client, log_lines):
    response = client.get("/__prueba__/registro/", {"cui": "1234567890101"}, HTTP_X_REQUEST_ID="req-0000000001")
    assert response["X-Request-ID"] == "req-0000000001"
    lines = log_lines()
    warning = next(line for line in lines if line["message"] == "algo que el operador debe ver")
    assert warning["level"] == "WARNING" and warning["logger"] == "requests_app.views"
    assert warning["request_id"] == "req-0000000001"
    assert "time" in warning
    access = next(line for line in lines if line["logger"] == "portal.request")
    assert access["request_id"] == "req-0000000001"
    assert access["status"] == 200 and access["path"] == "/__prueba__/registro/"
    assert "1234567890101" not in json.dumps(lines)  # the query string, which may hold a CUI, is not logged
    assert client.get("/salud/vivo/") and log_lines()[-1]["request_id"] != "req-0000000001"


@pytest.mark.django_db(transaction=True)
def test_a_task_enqueued_by_a_request_is_logged_with_the_request_id_and_its_task_id(client, log_lines):
    user = UserFactory()
    client.post("/cuenta/recuperar/", {"cui": user.cui, **CAPTCHA}, HTTP_X_REQUEST_ID="req-0000000002")
    assert len(mail.outbox) == 1  # the reset email went through the task
    enqueued = next(line for line in log_lines() if line["message"] == "task core.tasks.send_email enqueued")
    assert enqueued["request_id"] == "req-0000000002"
    assert enqueued["task_id"]


def test_task_lines_in_the_worker_carry_the_task_id(log_lines):
    from types import SimpleNamespace

    result = SimpleNamespace(
        id="tarea-1", task=SimpleNamespace(module_path="core.tasks.send_email"), status="SUCCESSFUL"
    )
    observability.task_started(None, result)
    logging.getLogger("core.tasks").warning("dentro de la tarea")
    observability.task_finished(None, result)
    logging.getLogger("core.tasks").warning("fuera de la tarea")
    started, inside, finished, outside = log_lines()[-4:]
    assert started["message"] == "task core.tasks.send_email started" and started["task_id"] == "tarea-1"
    assert inside["task_id"] == "tarea-1"
    assert finished["status"] == "SUCCESSFUL" and finished["task_id"] == "tarea-1"
    assert outside["task_id"] is None


@pytest.mark.django_db
def test_an_error_is_emailed_to_the_administrators_with_its_request_id(settings):
    settings.ADMINS = [("Operaciones", "operaciones@portal.gob.gt")]
    response = Client(raise_request_exception=False).get("/__prueba__/falla/", HTTP_X_REQUEST_ID="req-0000000003")
    assert response.status_code == 500
    assert response["X-Request-ID"] == "req-0000000003"
    (email,) = mail.outbox
    assert email.to == ["operaciones@portal.gob.gt"]
    assert "/__prueba__/falla/" in email.subject
    assert "falla de prueba" in email.body


@pytest.mark.django_db
def test_a_failed_background_task_is_emailed_to_the_administrators(settings):
    from tests.config.boom_urls import failing_task

    settings.ADMINS = [("Operaciones", "operaciones@portal.gob.gt")]
    result = failing_task.enqueue()
    assert result.status == "FAILED"
    (email,) = mail.outbox
    assert email.to == ["operaciones@portal.gob.gt"]
    assert "tests.config.boom_urls.failing_task" in email.subject
    assert "tarea fallida de prueba" in email.body


def test_admins_come_from_the_environment():
    assert settings_of(ADMINS="Operaciones <ops@portal.gob.gt>, guardia@portal.gob.gt", expr="ADMINS") == [
        ["Operaciones", "ops@portal.gob.gt"],
        ["guardia@portal.gob.gt", "guardia@portal.gob.gt"],
    ]


def test_sentry_starts_only_with_a_dsn(monkeypatch):
    import sentry_sdk

    calls = []
    monkeypatch.setattr(sentry_sdk, "init", lambda **options: calls.append(options))
    assert observability.init_sentry(None) is False
    assert observability.init_sentry("") is False
    assert calls == []
    assert observability.init_sentry("https://clave@sentry.example.gt/4", environment="produccion") is True
    (options,) = calls
    assert options["dsn"] == "https://clave@sentry.example.gt/4"
    assert options["send_default_pii"] is False


def settings_of(expr, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "ADMINS"}}
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings.dev")
    code = f"import json, django; django.setup(); from django.conf import settings; print(json.dumps(settings.{expr}))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_postgresql_connections_give_up_after_a_connect_timeout():
    url = "postgres://portal@db.example.gt:5432/portal"
    assert settings_of('DATABASES["default"]["OPTIONS"]', DATABASE_URL=url)["connect_timeout"] == 5
    options = settings_of('DATABASES["default"]["OPTIONS"]', DATABASE_URL=url, DATABASE_CONNECT_TIMEOUT="3")
    assert options["connect_timeout"] == 3


@pytest.mark.django_db(transaction=True)
def test_with_the_database_worker_the_enqueue_line_and_the_worker_lines_share_the_task_id(client, log_lines, settings):
    """What production runs: the web process enqueues (django-tasks-db), `db_worker` runs the task later."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    user = UserFactory()
    client.post("/cuenta/recuperar/", {"cui": user.cui, **CAPTCHA}, HTTP_X_REQUEST_ID="req-0000000004")
    assert mail.outbox == []  # not sent yet: waiting for a worker
    (queued,) = DBTaskResult.objects.all()

    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)

    assert len(mail.outbox) == 1
    lines = log_lines()
    enqueued = next(line for line in lines if line["message"] == "task core.tasks.send_email enqueued")
    assert enqueued["request_id"] == "req-0000000004"
    assert enqueued["task_id"] == str(queued.id)
    finished = next(line for line in lines if line["message"].startswith("task core.tasks.send_email finished"))
    assert finished["task_id"] == str(queued.id)
    assert finished["request_id"] is None  # the worker is not inside the request: the task id ties them
    assert finished["status"] == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_a_batch_worker_stops_its_maintenance_thread_when_it_ends(settings):
    """``db_worker --batch`` leaves no housekeeping thread behind to touch the database afterwards."""
    import threading

    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)

    assert "worker-maintenance" not in {thread.name for thread in threading.enumerate()}
