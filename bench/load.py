"""`make loadtest`: 50 applicants use the portal at once for 60 s; nothing may fail or go missing.

Each virtual applicant loops: open the sign-in page, sign in (the captcha answer is read from
the captcha store, as a person would read the image), open *Mis Solicitudes*, create a
request, open steps 1 and 2, add a service period, open step 3, save the payment slip, sign
out. The server is the one `make bench` uses (gunicorn, production settings, loopback).
Afterwards the database must hold exactly what the clients were told succeeded: the same
requests (one "En Creación" event each), periods and payment slips, nothing more.

Writes bench/load.json and exits with status 1 on any error or mismatch.
"""

import datetime
import json
import os
import re
import sys
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

import requests

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]
from run import HOST, PORT, ROOT, bench_env, manage, start_server, stop_server  # noqa: E402

USERS = int(os.environ.get("LOAD_USERS", "50"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
TIMEOUT = 30
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CAPTCHA_KEY = re.compile(r'name="captcha_0" value="([^"]+)"')
STEP_GENERAL_URL = re.compile(r"/certificaciones/(\d+)/datos-generales/$")


class UnexpectedResponse(Exception):
    """The server answered with a status or page the simulated applicant did not expect."""


@dataclass
class Outcome:
    """What the clients were told: the server's answers, as counted by them."""

    latencies: dict = field(default_factory=lambda: defaultdict(list))
    errors: list = field(default_factory=list)
    created: set = field(default_factory=set)
    periods: set = field(default_factory=set)
    payments: set = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, page, seconds):
        with self.lock:
            self.latencies[page].append(seconds)

    def fail(self, message):
        with self.lock:
            self.errors.append(message)

    def add(self, kind, pk):
        with self.lock:
            getattr(self, kind).add(pk)


class Applicant:
    def __init__(self, number, email, password, form_data, outcome, base_url):
        self.number, self.email, self.password = number, email, password
        self.form_data, self.outcome, self.base = form_data, outcome, base_url
        self.http = requests.Session()
        self.iteration = 0

    def call(self, page, method, path, expect, **kwargs):
        started = time.perf_counter()
        response = self.http.request(method, self.base + path, timeout=TIMEOUT, allow_redirects=False, **kwargs)
        self.outcome.record(page, time.perf_counter() - started)
        if response.status_code != expect:
            raise UnexpectedResponse(f"{method} {path}: {response.status_code} (se esperaba {expect})")
        return response

    def post(self, page, path, data, expect=302):
        data = {"csrfmiddlewaretoken": self.http.cookies.get("csrftoken", ""), **data}
        return self.call(page, "POST", path, expect, data=data, headers={"Referer": self.base + path})

    def sign_in(self):
        from captcha.models import CaptchaStore

        form = self.call("ingresar (GET)", "GET", "/cuenta/ingresar/", 200).text
        key = CAPTCHA_KEY.search(form).group(1)
        answer = CaptchaStore.objects.get(hashkey=key).response
        self.post(
            "ingresar (POST)",
            "/cuenta/ingresar/",
            {"username": self.email, "password": self.password, "captcha_0": key, "captcha_1": answer},
        )

    def one_visit(self):
        self.iteration += 1
        self.sign_in()
        self.call("Mis Solicitudes", "GET", "/certificaciones/", 200)
        created = self.post("crear solicitud", "/certificaciones/crear/", {"token": str(uuid.uuid4())})
        pk = int(STEP_GENERAL_URL.search(created.headers["Location"]).group(1))
        self.outcome.add("created", pk)
        self.call("paso 1", "GET", f"/certificaciones/{pk}/datos-generales/", 200)
        self.call("paso 2", "GET", f"/certificaciones/{pk}/periodos/", 200)
        self.post("agregar período", f"/certificaciones/{pk}/periodos/", self.form_data["period"])
        self.outcome.add("periods", pk)
        self.call("paso 3", "GET", f"/certificaciones/{pk}/boleta/", 200)
        slip = {**self.form_data["payment"], "reference": f"L{self.number:03d}{self.iteration:05d}"}
        self.post("guardar boleta", f"/certificaciones/{pk}/boleta/", slip)
        self.outcome.add("payments", pk)
        self.post("salir", "/cuenta/salir/", {})
        self.http.cookies.clear()

    def run(self, stop_at):
        from django.db import connections

        try:
            while time.monotonic() < stop_at:
                try:
                    self.one_visit()
                except Exception as error:  # every failure counts, whatever raised it
                    self.outcome.fail(f"{self.email}: {error}")
                    self.http.cookies.clear()
        finally:
            connections.close_all()


def form_data() -> dict:
    from catalogs.models import BudgetLine, Department, Institution, Municipality

    department = Department.objects.get(name="Guatemala")
    return {
        "period": {
            "institution": Institution.objects.order_by("name").first().pk,
            "dependency": "Dirección de Recursos Humanos",
            "position_title": "Oficinista I",
            "start_date": "1995-01-01",
            "end_date": "2004-12-31",
            "budget_line": BudgetLine.objects.filter(is_active=True).order_by("code").first().pk,
            "department": department.pk,
            "municipality": Municipality.objects.get(department=department, name="Guatemala").pk,
        },
        "payment": {
            "method": "boleta",
            "payment_date": (datetime.date.today() - datetime.timedelta(days=3)).isoformat(),
        },
    }


def load(base_url: str, applicants: list[tuple[str, str]], seconds: int) -> Outcome:
    """Run one thread per (email, password) against ``base_url`` for ``seconds``."""
    outcome = Outcome()
    data = form_data()
    stop_at = time.monotonic() + seconds
    threads = [
        threading.Thread(target=Applicant(n, email, password, data, outcome, base_url).run, args=(stop_at,))
        for n, (email, password) in enumerate(applicants, start=1)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


def database_mismatches(outcome: Outcome, emails: list[str], before: set) -> list[str]:
    """Compare what the clients were told with what the database holds for those applicants."""
    from requests_app.constants import RequestState
    from requests_app.models import CertificationRequest, RequestEvent, ServicePeriod

    stored = set(CertificationRequest.objects.filter(applicant__email__in=emails).values_list("pk", flat=True))
    stored -= before
    problems = []
    if stored != outcome.created:
        problems.append(f"solicitudes: {len(stored)} en la base, {len(outcome.created)} confirmadas a los clientes")
    with_periods = set(ServicePeriod.objects.filter(request__in=stored).values_list("request_id", flat=True))
    if with_periods != outcome.periods or ServicePeriod.objects.filter(request__in=stored).count() != len(with_periods):
        problems.append(f"períodos: {len(with_periods)} solicitudes con período, {len(outcome.periods)} confirmados")
    paid = set(
        CertificationRequest.objects.filter(pk__in=stored).exclude(payment_reference="").values_list("pk", flat=True)
    )
    if paid != outcome.payments:
        problems.append(f"boletas: {len(paid)} en la base, {len(outcome.payments)} confirmadas")
    creation_events = RequestEvent.objects.filter(request__in=stored, to_state=RequestState.DRAFT).count()
    if creation_events != len(stored):
        problems.append(f"reloj: {creation_events} eventos «En Creación» para {len(stored)} solicitudes")
    return problems


def summary(outcome: Outcome, seconds: float) -> dict:
    pages = {
        page: {
            "requests": len(times),
            "median_ms": round(median(times) * 1000, 1),
            "p95_ms": round(sorted(times)[int(len(times) * 0.95) - 1] * 1000, 1),
        }
        for page, times in outcome.latencies.items()
    }
    total = sum(len(times) for times in outcome.latencies.values())
    return {
        "users": USERS,
        "seconds": round(seconds, 1),
        "http_requests": total,
        "requests_per_second": round(total / seconds, 1),
        "errors": len(outcome.errors),
        "first_errors": outcome.errors[:10],
        "requests_created": len(outcome.created),
        "pages": pages,
    }


def main():
    env = bench_env()
    database = ROOT / "bench" / "load.sqlite3"
    if "DATABASE_URL" not in os.environ:
        database.unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.update(env)
    print(f"Preparando {USERS} solicitantes ({env['DATABASE_URL'].split(':')[0]})...")
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "seed_demo", "--users", str(USERS), "--allow-demo-accounts")

    import django

    django.setup()
    from requests_app.demo import DEMO_PASSWORD, applicant_email
    from requests_app.models import CertificationRequest

    emails = [applicant_email(n) for n in range(1, USERS + 1)]
    before = set(CertificationRequest.objects.filter(applicant__email__in=emails).values_list("pk", flat=True))
    server = start_server(env)
    try:
        print(f"{USERS} usuarios durante {SECONDS} s contra http://{HOST}:{PORT}/ ...")
        started = time.monotonic()
        outcome = load(f"http://{HOST}:{PORT}", [(email, DEMO_PASSWORD) for email in emails], SECONDS)
        elapsed = time.monotonic() - started
    finally:
        stop_server(server)
    results = summary(outcome, elapsed)
    results["database_mismatches"] = database_mismatches(outcome, emails, before)
    (ROOT / "bench" / "load.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(results, indent=2, ensure_ascii=False))
    sys.exit(1 if results["errors"] or results["database_mismatches"] else 0)


if __name__ == "__main__":
    main()
