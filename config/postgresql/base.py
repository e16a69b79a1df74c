"""Django's PostgreSQL backend with a health check that costs no round trip.

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
from psycopg import pq


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
