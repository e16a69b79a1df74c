"""On PostgreSQL the statements of ``core.prepared`` (the user of each request, the own-request lookups,
the lists) are prepared by the server once a connection repeats them, so they are planned once per
connection; Django's other queries are never prepared. Results are the same as the ORM's."""

import pytest
from django.contrib.auth import get_user_model
from django.db import DataError, connection
from django.test.utils import CaptureQueriesContext

from accounts.backends import EmailOrCuiBackend
from accounts.models import Notification
from tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("Las sentencias preparadas son las del servidor PostgreSQL (DATABASE_URL)")


def prepared_statements() -> list[tuple[str, int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans FROM pg_prepared_statements")
        return cursor.fetchall()


def test_the_user_read_on_every_request_is_prepared_once_it_repeats():
    person = UserFactory()
    Notification.objects.create(recipient=person, title="Sin leer")
    backend = EmailOrCuiBackend()
    for _ in range(12):
        loaded = backend.get_user(person.pk)
        assert loaded.email == person.email
        assert Notification.objects.unread_count(loaded) == 1
    statements = [(sql, generic) for sql, generic in prepared_statements() if '"accounts_user"' in sql]
    assert len(statements) == 1, statements
    assert statements[0][1] > 0  # planned once, then run with each value


def test_the_orms_own_queries_are_not_prepared():
    for _ in range(12):
        list(get_user_model().objects.filter(pk=0))
    assert not [sql for sql, _generic in prepared_statements() if '"accounts_user"' in sql]


def test_prepared_statements_are_still_seen_by_query_capture():
    person = UserFactory()
    with CaptureQueriesContext(connection) as captured:
        EmailOrCuiBackend().get_user(person.pk)
    assert len(captured) == 1 and '"accounts_user"' in captured[0]["sql"]


def test_a_connection_keeps_one_cursor_for_its_prepared_statements():
    person = UserFactory()
    backend = EmailOrCuiBackend()
    assert backend.get_user(person.pk).email == person.email
    kept = connection.kept_cursor
    assert backend.get_user(person.pk).email == person.email
    assert connection.kept_cursor is kept and not kept.closed


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_gets_a_cursor_of_its_own():
    person = UserFactory()
    backend = EmailOrCuiBackend()
    backend.get_user(person.pk)
    before = connection.kept_cursor
    connection.close()
    assert backend.get_user(person.pk).email == person.email
    assert connection.kept_cursor is not before
    assert connection.kept_cursor.connection is connection.connection


@pytest.mark.django_db(transaction=True)
def test_a_failed_statement_leaves_the_kept_cursor_usable():
    with pytest.raises(DataError), connection.prepared_cursor() as cursor:
        cursor.execute("SELECT 1 / $1", [0])
    person = UserFactory()
    assert EmailOrCuiBackend().get_user(person.pk).email == person.email
