"""`make bench`: throughput of key pages against a bare Django view, served the same way.

Steps: prepare a benchmark database (SQLite file, or $DATABASE_URL), collect static
files, start gunicorn with the production settings on loopback, load each URL with
wrk (or a small threaded client when wrk is missing), count the queries each page
runs, and write bench/results.json.
"""

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8765"))
DURATION = int(os.environ.get("BENCH_SECONDS", "8"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str((os.cpu_count() or 2) * 2)))
BARE_VIEW = "/salud/vivo/"
PAGES = {"home": "/"}


def bench_env() -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "LOG_LEVEL": "ERROR",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench' / 'bench.sqlite3'}")
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(env):
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "seed_demo", "--users", "50", "--allow-demo-accounts")


def start_server(env):
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"{HOST}:{PORT}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{PORT}{BARE_VIEW}", timeout=1) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    raise RuntimeError("gunicorn no respondió en 30 s")


def stop_server(server):
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=15)


def load_with_wrk(url: str) -> float:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        raise RuntimeError(f"{url}: {non_2xx.group(1)} respuestas con error")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def load_with_threads(url: str) -> float:
    """Fallback when wrk is not installed: keep CONNECTIONS clients busy for DURATION s."""
    count = [0] * CONNECTIONS
    stop_at = time.monotonic() + DURATION

    def client(slot):
        while time.monotonic() < stop_at:
            with urllib.request.urlopen(url, timeout=10) as response:
                response.read()
            count[slot] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(count) / DURATION


def requests_per_second(path: str) -> float:
    url = f"http://{HOST}:{PORT}{path}"
    runner = load_with_wrk if shutil.which("wrk") else load_with_threads
    runner(url)  # warm up caches and connections
    return median(runner(url) for _ in range(2))


def query_counts(env) -> dict:
    """Queries each page runs, measured in-process with the same settings."""
    code = (
        "import json, django; django.setup()\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        f"pages = {PAGES!r}\n"
        f"client, counts = Client(SERVER_NAME={HOST!r}), {{}}\n"
        "for name, path in pages.items():\n"
        "    client.get(path)\n"
        "    with CaptureQueriesContext(connection) as ctx:\n"
        "        assert client.get(path).status_code == 200, path\n"
        "    counts[name] = len(ctx)\n"
        "print(json.dumps(counts))\n"
    )
    output = subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    if output.returncode:
        raise RuntimeError(output.stderr)
    return json.loads(output.stdout.strip().splitlines()[-1])


def main():
    env = bench_env()
    print(f"Preparando la base de datos de pruebas de rendimiento ({env['DATABASE_URL'].split(':')[0]})...")
    prepare(env)
    results = {"tool": "wrk" if shutil.which("wrk") else "python-threads", "workers": WORKERS}
    server = start_server(env)
    try:
        results["bare_view_rps"] = round(requests_per_second(BARE_VIEW), 1)
        for name, path in PAGES.items():
            rps = requests_per_second(path)
            results[f"{name}_page_rps"] = round(rps, 1)
            results[f"{name}_page_rps_ratio"] = round(rps / results["bare_view_rps"], 3)
    finally:
        stop_server(server)
    queries = query_counts(env)
    results["queries_per_page"] = queries
    results["max_queries_per_page"] = max(queries.values())
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
