"""Django's PostgreSQL backend with a health check that costs no round trip, cursors whose
repeated statements the server prepares (their SQL written once with PostgreSQL's own
placeholders), and timestamps read by psycopg's own loader.

``CONN_HEALTH_CHECKS`` makes Django check a kept connection before its first use in each
request; the stock check sends ``SELECT 1``, one more round trip on every page. An idle
connection has nothing to read unless the server has written to it, and the server writes to
an idle connection of ours (no ``LISTEN``) only to end it (a restart, ``pg_terminate_backend``,
an idle timeout) or when the connection is already gone (end of file, a reset). So a
connection that psycopg knows to be fine, idle, with nothing waiting on its socket is usable;
anything else is closed and opened again, as a failed ``SELECT 1`` would have it. A peer that
vanished without a word is caught by the next query's error, as it would be after ``SELECT 1``.
"""

import re
import select
from datetime import UTC
from functools import lru_cache
from itertools import count

from django.db.backends.postgresql import base
from django.db.backends.postgresql.psycopg_any import register_tzloader
from psycopg import RawCursor, adapters, pq
from psycopg.adapt import AdaptersMap
from psycopg.pq import Format
from psycopg.sql import Literal

TIMESTAMPTZ_OID = adapters.types["timestamptz"].oid


class UTCTimestamptzLoader:
    """psycopg's own timestamptz loader (compiled, with psycopg's binary package) for a connection in UTC.

    It gives aware datetimes in the connection's time zone, which Django sets to UTC when ``USE_TZ`` is on and the
    database has no ``TIME_ZONE`` of its own: the same values as Django's loader, which parses each timestamp in
    Python and then replaces its zone (a third of the CPU of reading a request's row). psycopg makes a loader by
    calling the registered class, so this one answers with psycopg's (which cannot be subclassed); ``timezone`` is
    what Django compares before registering its own loader on a cursor.
    """

    timezone = UTC
    format = Format.TEXT
    loader = adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)

    def __new__(cls, oid, context=None):
        return cls.loader(oid, context)


PERCENT_SIGN = re.compile(r"%(.?)", re.DOTALL)


def native_placeholders(sql: str, literals: dict[int, str] | None = None) -> str:
    """``sql`` as the ORM writes it (``%s`` for each parameter, ``%%`` for a percent sign) with PostgreSQL's own
    placeholders instead (``$1``, ``$2``…), as ``NativePlaceholderCursor`` takes it. ``literals``: SQL literals
    written in place of some parameters (by their position among the ``%s``), which then take no number."""
    literals = literals or {}
    positions, numbers = count(), count(1)

    def replace(match):
        if match.group(1) == "s":
            literal = literals.get(next(positions))
            return f"${next(numbers)}" if literal is None else literal
        if match.group(1) == "%":
            return "%"
        raise ValueError(f"Marcador desconocido en el SQL: {match.group(0)!r}")

    return PERCENT_SIGN.sub(replace, sql)


class NativePlaceholderCursor(base.CursorMixin, RawCursor):
    """A cursor that binds its parameters on the server and whose SQL already has PostgreSQL's placeholders.

    psycopg's other cursors find the ``%s`` in the SQL on each run, and keep what they found only for statements
    of up to 4 KB; the wizard's request, with its six subqueries and two wide models' columns, is longer. With the
    placeholders written once per process (``native_placeholders``), a run only sends the values.

    One is kept per connection (``DatabaseWrapper.prepared_cursor``): making a cursor (its adapters, its loaders)
    cost 15–40 µs of the 170–250 µs a short prepared statement takes here. Django's wrapper closes the cursor it
    wraps after each use; this one stays open for the connection's next statement, and a new connection makes a
    new one.
    """

    def close(self):
        """Left open for the connection's next statement; its last result goes with the next ``execute``."""


@lru_cache
def _adapters_reading_utc(template: AdaptersMap) -> AdaptersMap:
    adapters_map = AdaptersMap(template)
    adapters_map.register_loader("timestamptz", UTCTimestamptzLoader)
    return adapters_map


class DatabaseWrapper(base.DatabaseWrapper):
    kept_cursor = None  # the connection's NativePlaceholderCursor (prepared_cursor)

    def get_connection_params(self):
        params = super().get_connection_params()
        if self.timezone is UTC and "context" in params:
            params["context"] = _adapters_reading_utc(params["context"])
        return params

    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        if connection.info.transaction_status != pq.TransactionStatus.IDLE:
            return super().is_usable()
        try:
            waiting, _, _ = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        return not waiting

    native_placeholders = staticmethod(native_placeholders)

    def literal(self, value) -> str:
        """``value`` (text, a number or a flag) as an SQL literal, quoted as this connection's settings ask
        (psycopg's ``sql.Literal``)."""
        self.ensure_connection()
        return Literal(value).as_string(self.connection)

    def prepared_cursor(self):
        """A cursor that binds its parameters on the server, so that psycopg has the server prepare a
        statement once this connection has run it ``prepare_threshold`` times (5): the planning of the
        same SQL with other values, which for the wide joins of ``core.prepared`` costs PostgreSQL more
        than running them, is done once per connection. Its SQL has PostgreSQL's placeholders
        (``native_placeholders``). Django's other queries keep client-side binding.
        """
        self.close_if_health_check_failed()
        self.ensure_connection()
        cursor = self.kept_cursor
        if cursor is None or cursor.connection is not self.connection:
            with self.wrap_database_errors:
                cursor = self.kept_cursor = NativePlaceholderCursor(self.connection)
                if self.timezone != self.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT).timezone:
                    register_tzloader(self.timezone, cursor)  # as Django's create_cursor()
        self.validate_thread_sharing()
        return self.make_debug_cursor(cursor) if self.queries_logged else self.make_cursor(cursor)
