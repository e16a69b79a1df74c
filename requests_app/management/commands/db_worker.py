"""``manage.py db_worker``: django-tasks-db's worker, supervised (see ``requests_app.worker``).

It takes django-tasks-db's options and adds ``--maintenance-interval``.
"""

import os

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from requests_app.worker import SupervisedWorker


class Command(db_worker.Command):
    help = (
        "Ejecuta las tareas en segundo plano (correos, firma de certificaciones). Sobrevive a caídas de la base "
        "de datos (reintenta con espera creciente), vuelve a encolar tareas abandonadas por un proceso muerto y "
        "solo termina cuando se le pide (SIGTERM o Ctrl+C)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--maintenance-interval",
            type=float,
            default=settings.TASKS_MAINTENANCE_INTERVAL_SECONDS,
            help="Segundos entre revisiones de tareas abandonadas y certificaciones sin terminar (0 las desactiva).",
        )

    def handle(self, *, verbosity, queue_name, exclude_queues, reload, batch, maintenance_interval, **options):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues solo se puede usar con --queue-name=*")
        worker = SupervisedWorker(
            maintenance_interval=maintenance_interval,
            queue_names=queue_names,
            excluded_queue_names=excluded,
            batch=batch,
            **{name: options[name] for name in ("interval", "backend_name", "startup_delay", "max_tasks", "worker_id")},
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
