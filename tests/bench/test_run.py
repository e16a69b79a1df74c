"""`make bench`: it loads a page only when it answers 200 (wrk would count a redirect as a served page), reports a
ratio as the median of alternated rounds with its range, and measures only a server it started itself."""

import os
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import run


class SignInRedirect(BaseHTTPRequestHandler):
    """200 for a request with a session cookie, a redirect to the sign-in page without one."""

    def do_GET(self):
        signed_in = "sessionid=" in (self.headers.get("Cookie") or "")
        self.send_response(200 if signed_in else 302)
        if not signed_in:
            self.send_header("Location", "/cuenta/ingresar/")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        return


@pytest.fixture
def server(monkeypatch):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), SignInRedirect)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setattr(run, "PORT", httpd.server_address[1])
    yield
    httpd.shutdown()
    httpd.server_close()


def test_a_page_that_answers_200_is_loaded(server):
    run.answers_ok("/certificaciones/", "una-sesion")


def test_a_page_that_redirects_stops_the_bench_and_says_where_it_went(server):
    with pytest.raises(RuntimeError, match="/certificaciones/: respondió 302 hacia /cuenta/ingresar/"):
        run.answers_ok("/certificaciones/")


def test_a_ratio_is_the_median_of_alternated_rounds_and_its_range_is_reported(monkeypatch):
    """Rates as a drifting machine gives them: the page at half its baseline, one round slowed on one side."""
    warm_up = [100, 200]
    rounds = [(200, 100), (60, 200), (200, 100), (100, 180), (200, 100)]  # in the order loaded: alternated
    rates = iter([*warm_up, *(rate for pair in rounds for rate in pair)])
    monkeypatch.setattr(run, "answers_ok", lambda *args: None)
    monkeypatch.setattr(run, "load", lambda *args: next(rates))
    monkeypatch.setattr(run, "ROUNDS", 5)

    pair = (("/certificaciones/", "una-sesion"), ("/salud/vivo/", "una-sesion"))
    figures = run.interleaved({"list": pair})["list"]

    assert figures["ratio"] == 0.5
    assert figures["ratio_range"] == [0.3, 0.556]
    assert figures["rps"] == 100
    assert figures["baseline_rps"] == 200


def test_a_slow_stretch_of_the_machine_costs_several_pages_one_round_each(monkeypatch):
    """Six loads in a row while the machine is slow: run one page after the other, they would be three of the
    first page's five rounds and its median would be the slow one; a round going through every page gives
    each page at most two slow rounds, and no median moves."""
    loads = []

    def load(path, cookie=""):
        loads.append(path)
        slow = 4 <= len(loads) - 1 < 10  # after the warm-up (four loads)
        if path == "/salud/vivo/":
            return 200.0
        return 50.0 if slow else 100.0

    monkeypatch.setattr(run, "answers_ok", lambda *args: None)
    monkeypatch.setattr(run, "load", load)
    monkeypatch.setattr(run, "ROUNDS", 5)
    bare = ("/salud/vivo/", "una-sesion")

    figures = run.interleaved(
        {"list": (("/certificaciones/", "una-sesion"), bare), "reloj": (("/historial/", "una-sesion"), bare)}
    )

    assert figures["list"]["ratio"] == figures["reloj"]["ratio"] == 0.5
    assert figures["list"]["ratio_range"] == figures["reloj"]["ratio_range"] == [0.25, 0.5]
    assert loads[4:8] == ["/salud/vivo/", "/certificaciones/", "/salud/vivo/", "/historial/"]  # round 1: each page


def test_a_port_another_server_answers_on_is_refused(server):
    """That server (a previous run's, with other sessions and another secret key) would answer in place of the
    bench's own, and every figure would be its."""
    with pytest.raises(RuntimeError, match="ya está en uso"):
        run.start_server({})


def test_a_server_that_exits_while_starting_is_reported_at_once(monkeypatch, tmp_path):
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    monkeypatch.setattr(run, "PORT", port)
    monkeypatch.setattr(run, "PYTHON", "false")  # exits at once, as gunicorn does when it cannot start
    monkeypatch.setattr(run, "ROOT", tmp_path)
    monkeypatch.setattr(run, "SERVER_LOG", tmp_path / "server.log")
    started = time.monotonic()

    with pytest.raises(RuntimeError, match=r"gunicorn terminó al arrancar \(código 1\)"):
        run.start_server({"PATH": os.environ["PATH"]})

    assert time.monotonic() - started < 10  # not the 30 s of a server that never answers
