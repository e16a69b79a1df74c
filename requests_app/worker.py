"""A background worker that an operator can leave alone.

django-tasks-db's worker stops for good on the first database error and leaves the
job it was running marked RUNNING forever if its process dies. The project's
``db_worker`` (``requests_app/management/commands/db_worker.py``) runs the same
worker under supervision:

- a database outage is waited out with exponential backoff, and the worker carries
  on when the database is back; it exits only when told (SIGTERM, SIGINT);
- a job left RUNNING past ``TASKS_STALE_AFTER_SECONDS`` (its worker was killed) is
  put back in the queue, and certificates whose signing did not finish are retried
  (``issuing.retry_unfinished``). Every task is idempotent, so a job run again does
  nothing twice.
"""

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connections, transaction
from django.db.models import Min, Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, get_date_max

from .issuing import retry_unfinished

logger = logging.getLogger("portal.worker")
DATABASE_ERRORS = (OperationalError, InterfaceError)
MAX_BACKOFF_SECONDS = 30


def waiting_since():
    """When the oldest task ready to run became due (enqueued, or its run_after), or None: the queue's age."""
    never = get_date_max()
    waiting = DBTaskResult.objects.ready().aggregate(
        enqueued=Min("enqueued_at", filter=Q(run_after=never)),
        due=Min("run_after", filter=~Q(run_after=never)),
    )
    return min((moment for moment in waiting.values() if moment is not None), default=None)


def requeue_stale_tasks(*, older_than: timedelta) -> int:
    """Put back in the queue the jobs marked RUNNING for longer than ``older_than``; returns how many."""
    cutoff = timezone.now() - older_than
    with transaction.atomic():
        stale = list(
            DBTaskResult.objects.running()
            .filter(started_at__lt=cutoff)
            .select_for_update(skip_locked=True)
            .values_list("pk", "task_path")
        )
        for pk, task_path in stale:
            logger.warning(
                "Tarea %s (%s) atascada en ejecución desde antes de %s: se vuelve a encolar.", pk, task_path, cutoff
            )
        DBTaskResult.objects.filter(pk__in=[pk for pk, _path in stale]).update(
            status=TaskResultStatus.READY, started_at=None
        )
    return len(stale)


def maintain() -> None:
    """One round of the supervisor's housekeeping."""
    stale_after = timedelta(seconds=settings.TASKS_STALE_AFTER_SECONDS)
    requeue_stale_tasks(older_than=stale_after)
    retry_unfinished(older_than=stale_after)


class SupervisedWorker(Worker):
    """django-tasks-db's ``Worker`` that outlives database outages and recovers abandoned jobs."""

    def __init__(self, *, maintenance_interval: float, **kwargs):
        super().__init__(**kwargs)
        self.maintenance_interval = maintenance_interval
        self.maintenance_stopped = threading.Event()
        self.backoff = 1.0

    def run(self) -> None:
        maintenance = self.start_maintenance()
        try:
            while self.running:
                try:
                    super().run()
                    return  # --batch or --max-tasks ended the loop
                except DATABASE_ERRORS as error:
                    self.wait_for_database(error)
        finally:
            self.maintenance_stopped.set()
            if maintenance is not None:
                maintenance.join()

    def wait_for_database(self, error: Exception) -> None:
        logger.error("Base de datos no disponible (%s); se reintenta en %.0f s.", error, self.backoff)
        for connection in connections.all():
            connection.close_if_unusable_or_obsolete()
        time.sleep(self.backoff)
        self.backoff = min(self.backoff * 2, MAX_BACKOFF_SECONDS)

    def run_task(self, db_task_result) -> None:
        super().run_task(db_task_result)
        self.backoff = 1.0

    def start_maintenance(self) -> threading.Thread | None:
        """The housekeeping thread, which stops (and is waited for) when the worker's loop ends."""
        if self.maintenance_interval <= 0:
            return None
        thread = threading.Thread(target=self.maintenance_loop, name="worker-maintenance", daemon=True)
        thread.start()
        return thread

    def maintenance_loop(self) -> None:
        while not self.maintenance_stopped.is_set():
            try:
                maintain()
            except DATABASE_ERRORS as error:
                logger.warning("Mantenimiento de la cola pospuesto: base de datos no disponible (%s).", error)
            except Exception:
                logger.exception("Error en el mantenimiento de la cola de tareas.")
            finally:
                close_old_connections()
            self.maintenance_stopped.wait(self.maintenance_interval)
