"""The signing pipeline survives faults (PostgreSQL): a worker killed mid-signing, a database cut under
a running worker, and signers pressing Firmar while the signing job runs.

Nothing acknowledged is lost and nothing is done twice: the certificate ends with exactly three
signatures and one document timestamp, the applicant gets one notice, and the request says Emitida
only once the file is stored. These tests start real ``manage.py db_worker`` processes.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import Notification
from requests_app import services
from requests_app.certificates.codes import sha256_hex
from requests_app.certificates.signing import trust_config, validate_signatures
from requests_app.constants import RequestState
from requests_app.issuing import apply_signatures
from requests_app.models import CertificationRequest
from tests.faults.tcp_proxy import TcpProxy

from .test_concurrency import run_at_once
from .test_issuing import approved, signers  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
APPLY_SIGNATURES = "requests_app.issuing.apply_signatures"
SEND_EMAIL = "core.tasks.send_email"


@pytest.fixture(autouse=True)
def on_postgres(settings):
    if connection.vendor != "postgresql":
        pytest.skip("Los fallos del proceso de firma se prueban en PostgreSQL (DATABASE_URL)")
    settings.TASKS = DATABASE_BACKEND  # signers' jobs are queued, as in production


def database_parts(port: int | None = None) -> tuple[str, str, int, str]:
    db = connection.settings_dict
    return db["USER"] or "postgres", db["HOST"] or "127.0.0.1", port or int(db["PORT"] or 5432), db["NAME"]


def database_url(port: int | None = None) -> str:
    user, host, port, name = database_parts(port)
    return f"postgres://{user}@{host}:{port}/{name}"


def dsn() -> str:
    user, host, port, name = database_parts()
    return f"host={host} port={port} user={user} dbname={name}"


class Worker:
    """A real ``manage.py db_worker`` against the test database, its output in a log file."""

    def __init__(self, log: Path, *, port: int | None = None, stale_after: float = 3600, maintenance: float = 0.5):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url(port),
            "TASKS_BACKEND": DATABASE_BACKEND["default"]["BACKEND"],
            "PORTAL_TEST_DIR": str(Path(django_settings.SIGNING_DIR).parent),
            "TASKS_STALE_AFTER_SECONDS": str(stale_after),
            "TASKS_MAINTENANCE_INTERVAL_SECONDS": str(maintenance),
            "PYTHONUNBUFFERED": "1",
        }
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"],
            cwd=django_settings.BASE_DIR,
            env=env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
        )

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> int:
        """SIGTERM, as systemd stops it: the worker finishes and exits 0."""
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=30)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def wait_until(condition, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"Después de {timeout} s: {what}")


def queue_is_empty() -> bool:
    return not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists()


def signature_row_locked_elsewhere():
    """A second connection holds the lock on signature 3's row: the job stops right after signing, before saving."""
    blocker = psycopg.connect(dsn())
    blocker.execute('SELECT id FROM requests_app_certificatesignature WHERE "order" = 3 FOR UPDATE').fetchall()
    return blocker


def job_waiting_for_lock() -> bool:
    with psycopg.connect(dsn(), autocommit=True) as probe:
        row = probe.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        ).fetchone()
    return row[0] > 0


def sign_three_times(request, signers):  # noqa: F811
    for signer in signers:
        services.request_sign(request=request, signer_user=signer)


def assert_issued_once(request: CertificationRequest, signing_started) -> None:
    request.refresh_from_db()
    certificate = request.certificate
    assert request.state == RequestState.ISSUED
    pdf = certificate.pdf.read()
    assert sha256_hex(pdf) == certificate.sha256
    results = validate_signatures(pdf, trust_config())
    assert [entry["kind"] for entry in results] == ["firma"] * 3 + ["sello de tiempo del documento"]
    assert all(entry["valid"] for entry in results), results
    assert certificate.signatures_applied == 3
    assert Notification.objects.filter(recipient=request.applicant, title__contains="fue emitida").count() == 1
    emails = DBTaskResult.objects.filter(task_path=SEND_EMAIL, enqueued_at__gte=signing_started)
    assert emails.count() == 1  # one email since the signers started: the certificate is ready
    assert list(request.events.values_list("to_state", flat=True)).count(RequestState.ISSUED) == 1


def test_a_worker_killed_mid_signing_is_replaced_and_the_certificate_is_issued_once(approved, signers, tmp_path):  # noqa: F811
    signing_started = timezone.now()
    sign_three_times(approved, signers)
    approved.refresh_from_db()
    assert approved.state == RequestState.SIGNING  # honest while nobody has made the file
    assert DBTaskResult.objects.ready().filter(task_path=APPLY_SIGNATURES).count() == 3

    blocker = signature_row_locked_elsewhere()
    first = Worker(tmp_path / "worker-1.log")
    try:
        wait_until(job_waiting_for_lock, timeout=60, what="el trabajo de firma no llegó a firmar")
        first.kill()  # kill -9 in the middle of signing
    finally:
        blocker.close()
    abandoned = DBTaskResult.objects.get(status="RUNNING")
    approved.refresh_from_db()
    assert approved.state == RequestState.SIGNING and approved.certificate.signatures_applied == 0
    assert not approved.certificate.pdf

    second = Worker(tmp_path / "worker-2.log", stale_after=2)
    try:
        wait_until(
            lambda: CertificationRequest.objects.get(pk=approved.pk).state == RequestState.ISSUED and queue_is_empty(),
            timeout=120,
            what="la certificación no se emitió después de reemplazar al trabajador",
        )
    finally:
        assert second.stop() == 0, second.output()
    assert_issued_once(approved, signing_started)
    abandoned.refresh_from_db()
    assert abandoned.status == "SUCCESSFUL"  # put back in the queue and run again: nothing done twice
    assert "atascada" in second.output()


def test_a_database_cut_under_a_running_worker_is_survived(approved, signers, tmp_path):  # noqa: F811
    proxy = TcpProxy("127.0.0.1", int(connection.settings_dict["PORT"] or 5432))
    worker = Worker(tmp_path / "worker.log", port=proxy.port, stale_after=2)
    try:
        wait_until(lambda: "Starting worker" in worker.output(), timeout=30, what="el trabajador no arrancó")
        signing_started = timezone.now()
        sign_three_times(approved, signers)
        blocker = signature_row_locked_elsewhere()
        try:
            wait_until(job_waiting_for_lock, timeout=60, what="el trabajo de firma no llegó a firmar")
            proxy.cut()  # the database disappears under the job and the worker
            time.sleep(5)
            assert worker.alive(), worker.output()
        finally:
            blocker.close()
        proxy.restore()
        wait_until(
            lambda: CertificationRequest.objects.get(pk=approved.pk).state == RequestState.ISSUED and queue_is_empty(),
            timeout=120,
            what="la certificación no se emitió después de volver la base de datos",
        )
        assert worker.alive()
    finally:
        code = worker.stop()
        proxy.stop()
    assert code == 0, worker.output()
    assert "Base de datos no disponible" in worker.output()
    assert_issued_once(approved, signing_started)


def test_signers_pressing_firmar_while_the_job_runs_never_deadlock(signers, reviewer, catalogs, requirements):  # noqa: F811
    """The job and the signers' service both lock the request, then the certificate: run them at once, many times."""
    from requests_app.demo_certificates import CAREERS, approve_for
    from tests.factories import complete_applicant

    requests = [approve_for(complete_applicant(), CAREERS[n % 2], reviewer) for n in range(4)]
    for request in requests:
        services.request_sign(request=request, signer_user=signers[0])
        certificate_id = CertificationRequest.objects.get(pk=request.pk).certificate.pk
        for signer in signers[1:]:
            outcomes = run_at_once(
                lambda certificate_id=certificate_id: apply_signatures.call(certificate_id=certificate_id),
                lambda request=request, signer=signer: services.request_sign(request=request, signer_user=signer),
            )
            assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)], outcomes
        apply_signatures.call(certificate_id=certificate_id)
        request.refresh_from_db()
        assert request.state == RequestState.ISSUED
        assert Notification.objects.filter(recipient=request.applicant, title__contains="fue emitida").count() == 1
        assert request.certificate.signatures_applied == 3
