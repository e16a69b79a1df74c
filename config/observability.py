"""Request ids on every log line, JSON logs, task logs tied to the request that enqueued them,
and optional error reporting to Sentry.

- ``RequestIdMiddleware`` takes a sane ``X-Request-ID`` from the proxy (or makes one), keeps it in
  a context variable for the whole request and returns it in the response header.
- ``ContextFilter`` (on the log handlers) puts ``request_id`` and ``task_id`` on every record, so
  every line a request or a background task writes can be found with one id.
- django-tasks' public signals: ``task_enqueued`` logs the task id next to the request id that
  enqueued it (the tasks' own arguments are not changed); ``task_started``/``task_finished`` set
  the task id on the worker's log lines while the task runs.
- ``init_sentry`` starts sentry-sdk only when a DSN is configured.

Nothing here imports models: the settings import ``init_sentry``.
"""

import contextvars
import logging
import re
import time
import uuid

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
task_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("task_id", default=None)

REQUEST_ID_HEADER = "X-Request-ID"
# What we accept from the proxy: letters, digits and . _ : - (a UUID, a hex id, nginx's
# $request_id), at most 64 characters; anything else (spaces, quotes, newlines) is replaced.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")

request_logger = logging.getLogger("portal.request")
task_logger = logging.getLogger("portal.tasks")


def new_request_id() -> str:
    return uuid.uuid4().hex


def request_id_from(header_value: str | None) -> str:
    if header_value and SANE_REQUEST_ID.fullmatch(header_value):
        return header_value
    return new_request_id()


class ContextFilter(logging.Filter):
    """Adds ``request_id`` and ``task_id`` (None outside a request or a task) to every record."""

    def filter(self, record):
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id_var.get()
        if getattr(record, "task_id", None) is None:
            record.task_id = task_id_var.get()
        return True


class RequestIdMiddleware:
    """First in MIDDLEWARE, so every line written while answering carries the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.monotonic()
        try:
            _tag_sentry_scope(request_id)
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,  # never the query string: it may hold a CUI
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


def _tag_sentry_scope(request_id: str) -> None:
    import sentry_sdk

    if sentry_sdk.is_initialized():
        sentry_sdk.set_tag("request_id", request_id)


def task_enqueued(sender, task_result, **kwargs):
    task_logger.info(
        "task %s enqueued",
        task_result.task.module_path,
        extra={"task_id": str(task_result.id), "task": task_result.task.module_path},
    )


def task_started(sender, task_result, **kwargs):
    task_id_var.set(str(task_result.id))
    task_logger.info("task %s started", task_result.task.module_path, extra={"task": task_result.task.module_path})


def task_finished(sender, task_result, **kwargs):
    task_logger.info(
        "task %s finished: %s",
        task_result.task.module_path,
        task_result.status,
        extra={"task": task_result.task.module_path, "status": str(task_result.status)},
    )
    task_id_var.set(None)


def connect_task_signals() -> None:
    from django_tasks import signals

    signals.task_enqueued.connect(task_enqueued, dispatch_uid="portal_task_enqueued")
    signals.task_started.connect(task_started, dispatch_uid="portal_task_started")
    signals.task_finished.connect(task_finished, dispatch_uid="portal_task_finished")


def init_sentry(dsn: str | None, *, environment: str | None = None, release: str | None = None, traces=0.0) -> bool:
    """Report errors to Sentry when ``SENTRY_DSN`` is set; without it, nothing is sent anywhere."""
    if not dsn:
        return False
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        send_default_pii=False,  # no cookies, user emails or IPs: citizens' data stays here
        traces_sample_rate=traces,
    )
    return True
