"""A kept database connection is checked before each request's first query without a round trip,
and a connection the server ended is replaced before the request uses it."""

import select
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("El chequeo de la conexión es el del motor de PostgreSQL (DATABASE_URL)")


def server_wrote(timeout: float = 5) -> bool:
    """Whether the server has written to the connection's socket within ``timeout`` seconds."""
    readable, _, _ = select.select([connection.connection.fileno()], [], [], timeout)
    return bool(readable)


def end_backend(pid: int) -> None:
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"] or "postgres",
        dbname=settings["NAME"],
        autocommit=True,
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_the_portal_uses_the_backend_whose_check_costs_no_round_trip():
    assert connection.settings_dict["ENGINE"] == "config.postgresql"
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True


def test_an_idle_kept_connection_is_found_usable_without_sending_anything():
    connection.ensure_connection()
    with tempfile.TemporaryDirectory() as folder:
        trace = Path(folder) / "protocolo.txt"
        with trace.open("w") as stream:
            connection.connection.pgconn.trace(stream.fileno())
            try:
                assert connection.is_usable()
            finally:
                connection.connection.pgconn.untrace()
        assert trace.read_text() == ""  # not one message to the server, no SELECT 1


def test_a_connection_the_server_ended_is_replaced_before_the_next_query():
    connection.ensure_connection()
    ended = connection.connection.info.backend_pid
    end_backend(ended)
    assert server_wrote()  # the server says goodbye (or the socket closes)
    assert not connection.is_usable()

    connection.close_if_unusable_or_obsolete()  # what Django does when a request starts
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (now,) = cursor.fetchone()
    assert now != ended


def test_inside_a_transaction_the_stock_check_runs():
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        try:
            assert connection.is_usable()
            end_backend(connection.connection.info.backend_pid)
            deadline = time.monotonic() + 5
            while connection.is_usable() and time.monotonic() < deadline:
                time.sleep(0.05)
            assert not connection.is_usable()
        finally:
            connection.close()
