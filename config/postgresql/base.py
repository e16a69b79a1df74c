"""Django's PostgreSQL backend with a health check that costs no round trip, and cursors whose
repeated statements the server prepares.

``CONN_HEALTH_CHECKS`` makes Django check a kept connection before its first use in each
request; the stock check sends ``SELECT 1``, one more round trip on every page. An idle
connection has nothing to read unless the server has written to it, and the server writes to
an idle connection of ours (no ``LISTEN``) only to end it (a restart, ``pg_terminate_backend``,
an idle timeout) or when the connection is already gone (end of file, a reset). So a
connection that psycopg knows to be fine, idle, with nothing waiting on its socket is usable;
anything else is closed and opened again, as a failed ``SELECT 1`` would have it. A peer that
vanished without a word is caught by the next query's error, as it would be after ``SELECT 1``.
"""

import select

from django.db.backends.postgresql import base
from django.db.backends.postgresql.psycopg_any import register_tzloader
from psycopg import adapters, pq
from psycopg.pq import Format

TIMESTAMPTZ_OID = adapters.types["timestamptz"].oid


class DatabaseWrapper(base.DatabaseWrapper):
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

    def prepared_cursor(self):
        """A cursor that binds its parameters on the server, so that psycopg has the server prepare a
        statement once this connection has run it ``prepare_threshold`` times (5): the planning of the
        same SQL with other values, which for the wide joins of ``core.prepared`` costs PostgreSQL more
        than running them, is done once per connection. Django's other queries keep client-side binding.
        """
        self.close_if_health_check_failed()
        self.ensure_connection()
        with self.wrap_database_errors:
            cursor = base.ServerBindingCursor(self.connection)
            if self.timezone != self.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT).timezone:
                register_tzloader(self.timezone, cursor)  # as Django's create_cursor()
        self.validate_thread_sharing()
        return self.make_debug_cursor(cursor) if self.queries_logged else self.make_cursor(cursor)
