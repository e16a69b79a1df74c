"""The fault drill (`make faulttest`, and CI): the portal as it is deployed, broken on purpose.

Two gunicorn web nodes and a `db_worker`, with the production settings, on PostgreSQL, a
redis-server and an S3-compatible server (moto) of the test's own, each behind a TCP proxy the
test can cut. It proves, on loopback:

1. a node stopped under load loses no acknowledged write (every request the clients were told
   was created exists, once);
2. a 10 s database cut answers 503 (a page in Spanish, `/salud/` naming the database) and the
   portal and the worker recover without restarts;
3. a 10 s Redis cut loses no session and no POST;
4. a worker killed with SIGKILL in the middle of a job is replaced and every job completes once.
"""

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django_tasks_db.models import DBTaskResult

from accounts.middleware import SESSION_KEY as TERMS_KEY
from accounts.models import Notification
from accounts.services import accept_terms
from cms.models import TermsOfUsePage
from cms.setup import ensure_portal_content
from requests_app import services
from requests_app.constants import RequestState
from requests_app.demo import DEMO_DOMAIN, ensure_signers, ensure_staff
from requests_app.demo_certificates import CAREERS, approve_for
from requests_app.models import CertificationRequest
from requests_app.roles import sync_roles
from requests_app.setup import ensure_document_requirements
from tests.factories import complete_applicant
from tests.faults.tcp_proxy import TcpProxy
from tests.ops.conftest import S3_KEYS, S3_REGION, RedisServer, free_port, new_bucket
from tests.requests_app.test_signing_faults import job_waiting_for_lock, signature_row_locked_elsewhere

pytestmark = [pytest.mark.postgres, pytest.mark.faultdrill, pytest.mark.django_db(transaction=True)]
ROOT = Path(django_settings.BASE_DIR)


@pytest.fixture(autouse=True)
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("El simulacro de fallas corre en PostgreSQL (DATABASE_URL)")
    if not shutil.which("redis-server"):
        pytest.skip("redis-server no está instalado")


def wait_until(condition, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(requests.RequestException):  # the node may not answer yet
            if condition():
                return
        time.sleep(0.25)
    raise AssertionError(f"Después de {timeout} s: {what}")


class Cluster:
    """Processes and proxies of the drill; every process is stopped at the end."""

    def __init__(self, tmp_path: Path, s3_endpoint: str, bucket: str):
        db = connection.settings_dict
        self.database = TcpProxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))
        self.redis_server = RedisServer()
        self.redis_server.start()
        self.redis = TcpProxy("127.0.0.1", self.redis_server.port)
        self.logs = tmp_path
        self.env = {
            **{key: value for key, value in os.environ.items() if key not in {"DJANGO_ALLOW_ASYNC_UNSAFE"}},
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": django_settings.SECRET_KEY,  # the sessions the test writes are signed with it
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@127.0.0.1:{self.database.port}/{db['NAME']}",
            "DATABASE_CONN_MAX_AGE": "0",
            "REDIS_URL": f"redis://127.0.0.1:{self.redis.port}/0",
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": s3_endpoint,
            "AWS_S3_REGION_NAME": S3_REGION,
            "AWS_S3_ADDRESSING_STYLE": "path",
            "AWS_ACCESS_KEY_ID": S3_KEYS["access_key"],
            "AWS_SECRET_ACCESS_KEY": S3_KEYS["secret_key"],
            "SIGNING_DIR": str(django_settings.SIGNING_DIR),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "TASKS_STALE_AFTER_SECONDS": "3",
            "TASKS_MAINTENANCE_INTERVAL_SECONDS": "0.5",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        self.nodes: list[subprocess.Popen] = []
        self.ports: list[int] = []
        self.workers: list[subprocess.Popen] = []

    def start_node(self) -> int:
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            cwd=ROOT,
            env=self.env,
            stdout=(self.logs / f"node-{port}.log").open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.nodes.append(process)
        self.ports.append(port)
        wait_until(
            lambda: requests.get(f"http://127.0.0.1:{port}/salud/vivo/", timeout=2).status_code == 200,
            timeout=60,
            what=f"el nodo web {port} no arrancó",
        )
        return port

    def start_worker(self) -> subprocess.Popen:
        log = self.logs / f"worker-{len(self.workers)}.log"
        process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"],
            cwd=ROOT,
            env=self.env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        process.log = log
        self.workers.append(process)
        return process

    def stop(self):
        for process in self.nodes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        for process in self.workers:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)
        self.database.stop()
        self.redis.stop()
        self.redis_server.stop()


@pytest.fixture
def cluster(tmp_path, settings, catalogs, dev_signing_keys):
    from moto.server import ThreadedMotoServer

    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1",
        },
        check=True,
        stdout=subprocess.DEVNULL,
    )
    s3 = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    s3.start()
    host, port = s3.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    _client, bucket = new_bucket(endpoint, "simulacro")
    ensure_document_requirements()
    ensure_portal_content()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    running = Cluster(tmp_path, endpoint, bucket)
    try:
        yield running
    finally:
        running.stop()
        s3.stop()


def signed_in_session(user) -> str:
    """The session a sign-in makes, written where every node reads it (the database)."""
    accept_terms(user=user, revision=TermsOfUsePage.objects.live().get().live_revision)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "accounts.backends.EmailOrCuiBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[TERMS_KEY] = TermsOfUsePage.current_revision_id()
    store.create()
    return store.session_key


class Applicant:
    """A browser of one signed-in citizen: GET the list for a CSRF token, POST «Crear Solicitud»."""

    def __init__(self, session_key: str):
        self.http = requests.Session()
        self.http.cookies.set("sessionid", session_key, domain="127.0.0.1")

    def token(self, port: int) -> str:
        page = self.http.get(f"http://127.0.0.1:{port}/certificaciones/", timeout=10)
        assert page.status_code == 200, page.status_code
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    def create(self, port: int, csrf: str, creation_token: uuid.UUID) -> bool:
        """True when the portal answered that the request was created (the acknowledgement)."""
        response = self.http.post(
            f"http://127.0.0.1:{port}/certificaciones/crear/",
            data={"csrfmiddlewaretoken": csrf, "token": str(creation_token)},
            headers={"Referer": f"http://127.0.0.1:{port}/certificaciones/"},
            allow_redirects=False,
            timeout=10,
        )
        return response.status_code == 302 and "/datos-generales/" in response.headers.get("Location", "")


def load(applicants, ports, seconds: float, during=None) -> list[uuid.UUID]:
    """Clients create requests on both nodes for ``seconds``; ``during()`` runs halfway. Returns the acknowledged."""
    acknowledged, lock, stop_at = [], threading.Lock(), time.monotonic() + seconds

    def client(applicant, offset):
        tokens = {}
        turn = offset
        while time.monotonic() < stop_at:
            port = ports[turn % len(ports)]
            turn += 1
            try:
                csrf = tokens.get(port) or applicant.token(port)
                tokens[port] = csrf
                creation_token = uuid.uuid4()
                if applicant.create(port, csrf, creation_token):
                    with lock:
                        acknowledged.append(creation_token)
            except (requests.RequestException, AssertionError):
                tokens.pop(port, None)
                time.sleep(0.1)

    threads = [threading.Thread(target=client, args=(a, i)) for i, a in enumerate(applicants)]
    for thread in threads:
        thread.start()
    if during:
        time.sleep(seconds / 2)
        during()
    for thread in threads:
        thread.join()
    return acknowledged


def test_the_portal_keeps_every_acknowledged_write_through_node_database_redis_and_worker_faults(cluster):
    citizens = [complete_applicant() for _ in range(4)]
    applicants = [Applicant(signed_in_session(user)) for user in citizens]
    first, second = cluster.start_node(), cluster.start_node()
    worker = cluster.start_worker()

    # 1. A node stopped (SIGKILL, its whole process group) in the middle of the load.
    acknowledged = load(applicants, [first, second], 8, during=lambda: os.killpg(cluster.nodes[1].pid, signal.SIGKILL))
    stored = set(
        CertificationRequest.objects.filter(creation_token__in=acknowledged).values_list("creation_token", flat=True)
    )
    assert len(acknowledged) > 20 and set(acknowledged) == stored  # every acknowledged write is there...
    assert CertificationRequest.objects.filter(creation_token__in=acknowledged).count() == len(acknowledged)  # ...once

    # 2. The database cut for 10 s: 503 in Spanish, /salud/ names it; back without restarts.
    applicant = applicants[0]
    csrf = applicant.token(first)
    cluster.database.cut()
    started = time.monotonic()
    page = applicant.http.get(f"http://127.0.0.1:{first}/certificaciones/", timeout=15)
    assert page.status_code == 503 and "no está disponible" in page.text
    health = requests.get(f"http://127.0.0.1:{first}/salud/", timeout=15)
    assert health.status_code == 503 and "base_de_datos" in health.json()["fallan"]
    time.sleep(max(0, 10 - (time.monotonic() - started)))
    assert worker.poll() is None, worker.log.read_text()
    cluster.database.restore()
    wait_until(
        lambda: (
            requests.get(f"http://127.0.0.1:{first}/salud/", timeout=5).json()["comprobaciones"]["base_de_datos"]
            == "ok"
        ),
        timeout=30,
        what="/salud/ no volvió a ver la base de datos",
    )
    after_cut = uuid.uuid4()
    assert applicant.create(first, csrf, after_cut)
    assert CertificationRequest.objects.filter(creation_token=after_cut).exists()
    assert worker.poll() is None

    # 3. Redis cut for 10 s: still signed in, a POST is saved, /salud/ names the cache.
    cluster.redis.cut()
    started = time.monotonic()
    during_redis = uuid.uuid4()
    assert applicant.create(first, applicant.token(first), during_redis)  # signed in, and the write acknowledged
    assert CertificationRequest.objects.filter(creation_token=during_redis).exists()
    assert "cache" in requests.get(f"http://127.0.0.1:{first}/salud/", timeout=15).json()["fallan"]
    time.sleep(max(0, 10 - (time.monotonic() - started)))
    cluster.redis.restore()
    after_redis = uuid.uuid4()
    assert applicant.create(first, applicant.token(first), after_redis)  # the session survived the outage

    # 4. A worker killed with SIGKILL in the middle of a job: replaced, every job completes once.
    ensure_staff(sync_roles())
    ensure_signers()
    users = type(citizens[0]).objects
    reviewer = users.get(email=f"revisor@{DEMO_DOMAIN}")
    signers = [users.get(email=f"firmante{n}@{DEMO_DOMAIN}") for n in (1, 2, 3)]
    request = approve_for(citizens[0], CAREERS[0], reviewer)
    worker.send_signal(signal.SIGSTOP)  # the three jobs queue up while it sleeps
    for signer in signers:
        services.request_sign(request=request, signer_user=signer)
    blocker = signature_row_locked_elsewhere()  # the job will sign, then wait to save signature 3
    try:
        worker.send_signal(signal.SIGCONT)
        wait_until(job_waiting_for_lock, timeout=60, what="el trabajo de firma no llegó a firmar")
        worker.kill()
        worker.wait(timeout=10)
    finally:
        blocker.close()
    replacement = cluster.start_worker()
    wait_until(
        lambda: (
            CertificationRequest.objects.get(pk=request.pk).state == RequestState.ISSUED
            and not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists()
        ),
        timeout=90,
        what="los trabajos no terminaron con el trabajador de reemplazo",
    )
    assert not DBTaskResult.objects.filter(status="FAILED").exists()
    assert Notification.objects.filter(recipient=citizens[0], title__contains="fue emitida").count() == 1
    request.refresh_from_db()
    assert request.certificate.signatures_applied == 3
    assert replacement.poll() is None
