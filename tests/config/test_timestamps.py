"""On PostgreSQL, timestamps are read by psycopg's compiled loader when the connection is in UTC (Django's own
loader parses each one in Python); the values are the same: aware, in UTC, to the microsecond."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from psycopg import adapters
from psycopg.pq import Format

from accounts.backends import EmailOrCuiBackend
from config.postgresql.base import UTCTimestamptzLoader
from tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

TIMESTAMPTZ = adapters.types["timestamptz"].oid


@pytest.fixture(autouse=True)
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("El lector de fechas es el de psycopg en PostgreSQL (DATABASE_URL)")


def test_a_moment_reads_back_as_written_through_the_orm_and_the_prepared_statements():
    moment = datetime(2026, 12, 3, 23, 59, 58, 123456, tzinfo=UTC)
    person = UserFactory(date_joined=moment, last_login=moment)
    through_orm = type(person).objects.get(pk=person.pk)
    through_prepared = EmailOrCuiBackend().get_user(person.pk)
    for loaded in (through_orm, through_prepared):
        assert loaded.date_joined == moment
        assert loaded.date_joined.tzinfo is UTC


def test_the_database_answers_in_utc_whatever_the_session_zone_was():
    with connection.cursor() as cursor:
        cursor.execute("SELECT TIMESTAMPTZ '2026-12-03 18:00:00-06'")
        (moment,) = cursor.fetchone()
    assert moment == datetime(2026, 12, 4, 0, 0, tzinfo=UTC)
    assert moment.utcoffset().total_seconds() == 0


def test_the_connection_uses_psycopgs_loader():
    connection.ensure_connection()
    assert connection.connection.adapters.get_loader(TIMESTAMPTZ, Format.TEXT) is UTCTimestamptzLoader
