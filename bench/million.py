"""Latency at a million requests on PostgreSQL: the admin queue and Mis Solicitudes, p50/p95.

Builds (once) a database ``<name>_1m`` next to ``$DATABASE_URL`` with 100,000 citizens,
50,000 third parties and 1,000,000 requests, inserted with SQL (``generate_series``:
seconds, not the ORM), then times each page in-process with the production settings:
the admin queue's default page and its state filters, searches by request number, CUI,
payment reference and surname (one that 5,000 citizens have, one that nobody has), and
Mis Solicitudes for a citizen with 400 requests.
Prints and returns ``{page: {"p50_ms", "p95_ms", "queries"}}``.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
REQUESTS, CITIZENS, THIRD_PARTIES, HEAVY_USER_REQUESTS = 1_000_000, 100_000, 50_000, 400
RUNS = int(os.environ.get("BENCH_MILLION_RUNS", "20"))

BUILD_SQL = f"""
INSERT INTO accounts_user (password, is_superuser, first_name, second_name, other_names, last_name, second_surname,
    married_surname, email, cui, birth_date, is_staff, is_active, date_joined, email_confirmed_at, identity_verified_at,
    legacy_source)
SELECT '!', false, (ARRAY['María','José','Ana','Luis','Rosa','Carlos','Elena','Mario','Lucía','Pedro'])[1 + i % 10],
    '', '', (ARRAY['Pérez','López','García','Xicará','Tzul','Cojtí','Batz','Morales','Hernández','Ajú','Chávez',
    'Reyes','Cifuentes','Orellana','Mejía','Coguox','Ixcot','Velásquez','Rodríguez','Castillo'])[1 + (i * 7) % 20],
    'Gómez', '', 'bench' || i || '@bench.gt', (4000000000000 + i)::text, '1970-01-01', false, true, now(), now(),
    now(), ''
FROM generate_series(1, {CITIZENS}) AS i;

INSERT INTO requests_app_thirdparty (first_name, second_name, other_names, last_name, second_surname,
    married_surname, cui, nit, birth_date, gender, nationality, email, phone, zone, address, notification_address,
    relationship, is_alive, created_at, updated_at, municipality_id, owner_id)
SELECT 'Tercero', '', '', (ARRAY['Pop','Caal','Choc','Tiul','Xol','Cuz','Bol','Maquin','Ical','Coc'])[1 + i % 10],
    'Ical', '', (5000000000000 + i)::text, '', '1950-01-01', 'F', 'guatemalteca', '', '', NULL, 'Ciudad', '',
    'padre', true, now(), now(), (SELECT min(id) FROM requests_app_municipality),
    (SELECT min(id) FROM accounts_user WHERE email LIKE 'bench%') + i % {CITIZENS}
FROM generate_series(1, {THIRD_PARTIES}) AS i;

INSERT INTO requests_app_certificationrequest (state, payment_method, payment_reference, payment_date,
    subject_snapshot, last_step, created_at, updated_at, submitted_at, state_changed_at, applicant_id, reviewer_id,
    third_party_id, payment_verified_at)
SELECT (ARRAY['en_creacion','solicitada','solicitada','en_revision','con_observaciones','rechazada','aprobada',
        'emitida','emitida','anulada'])[1 + (i * 31) % 10],
    'boleta', 'B' || lpad(i::text, 10, '0'), current_date, '{{}}', 5,
    now() - (i % 700) * interval '1 day', now() - (i % 700) * interval '1 day',
    now() - (i % 700) * interval '1 day', now() - ((i * 17) % 100000) * interval '5 minutes',
    CASE WHEN i <= {HEAVY_USER_REQUESTS} THEN (SELECT min(id) FROM accounts_user WHERE email = 'bench1@bench.gt')
         ELSE (SELECT min(id) FROM accounts_user WHERE email LIKE 'bench%') + i % {CITIZENS} END,
    NULL,
    CASE WHEN i % 10 = 0 THEN (SELECT min(id) FROM requests_app_thirdparty) + i % {THIRD_PARTIES} END,
    NULL
FROM generate_series(1, {REQUESTS}) AS i;

ANALYZE;
"""


def million_url(database_url: str) -> str:
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_1m"))


def manage(env, *args):
    """A management command, quietly: the demo seed's task lines (one per page indexed) would fill the screen."""
    quiet = {**env, "PORTAL_LOG_LEVEL": "WARNING"}
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=quiet, check=True, stdout=subprocess.DEVNULL)


def prepare(env) -> float:
    """Create, migrate and fill the million-row database unless it is already there; returns seconds spent."""
    import psycopg

    url = env["DATABASE_URL"]
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    started = time.monotonic()
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    with psycopg.connect(url, autocommit=True) as connection:
        count = connection.execute("SELECT count(*) FROM requests_app_certificationrequest").fetchone()[0]
    if count >= REQUESTS:
        return 0.0
    manage(env, "seed_demo", "--users", "1", "--certificates", "0", "--allow-demo-accounts")
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(BUILD_SQL)
        connection.execute("VACUUM ANALYZE")  # as autovacuum would after the load: index-only scans for the counts
    return time.monotonic() - started


MEASURE_CODE = """
import json, statistics, time
import django
django.setup()
from django.contrib.auth import get_user_model
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from accounts.middleware import SESSION_KEY as TERMS_KEY
from cms.models import TermsOfUsePage
from requests_app.models import CertificationRequest

users = get_user_model().objects

def client_for(email):
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(users.get(email=email), backend="accounts.backends.EmailOrCuiBackend")
    session = client.session
    session[TERMS_KEY] = TermsOfUsePage.current_revision_id()
    session.save()
    return client

from accounts.models import Profile
from requests_app.demo import complete_profiles
heavy = users.get(email="bench1@bench.gt")
if heavy.birth_date is None:
    heavy.birth_date = "1970-01-01"
    heavy.save(update_fields=["birth_date"])
if not Profile.objects.filter(user=heavy).exists():
    Profile.objects.bulk_create(complete_profiles([heavy]))
reviewer, citizen = client_for("revisor@demo.gob.gt"), client_for("bench1@bench.gt")
middle = CertificationRequest.objects.order_by().values_list("pk", flat=True)[500_000]
cui = users.get(email="bench54321@bench.gt").cui
queue = "/admin/requests_app/certificationrequest/"
pages = {
    "admin_queue_default": (reviewer, queue),
    "admin_queue_solicitada": (reviewer, queue + "?state__exact=solicitada"),
    "admin_queue_en_revision": (reviewer, queue + "?state__exact=en_revision"),
    "admin_queue_aprobada": (reviewer, queue + "?state__exact=aprobada"),
    "search_number": (reviewer, queue + f"?q={middle}"),
    "search_cui": (reviewer, queue + f"?q={cui}"),
    "search_payment_reference": (reviewer, queue + "?q=B0000654321"),
    "search_surname": (reviewer, queue + "?q=Xicar"),
    "search_surname_nobody_has": (reviewer, queue + "?q=Zuniga"),
    "mis_solicitudes_400": (citizen, "/certificaciones/"),
}
results = {}
for name, (client, url) in pages.items():
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code, response.get("Location"))
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    timings.sort()
    results[name] = {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[max(0, round(0.95 * len(timings)) - 1)], 1),
        "queries": len(captured),
    }
print(json.dumps(results))
"""


def measure(env) -> dict:
    code = f"RUNS = {RUNS}\n" + MEASURE_CODE
    output = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if output.returncode:
        raise RuntimeError(output.stderr[-3000:])
    return json.loads(output.stdout.strip().splitlines()[-1])


def million_figures(env: dict) -> dict:
    """The 1M-row table, or why there is none (SQLite)."""
    if not env.get("DATABASE_URL", "").startswith("postgres"):
        return {"million_rows": "sin cifras: se necesita PostgreSQL ($DATABASE_URL)"}
    env = {**env, "DATABASE_URL": million_url(env["DATABASE_URL"])}
    seconds = prepare(env)
    return {"million_rows_build_seconds": round(seconds, 1), "million_rows": measure(env)}


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    from run import bench_env

    print(json.dumps(million_figures(bench_env()), indent=2, ensure_ascii=False))
