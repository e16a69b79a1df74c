"""The load test's own check, run briefly: concurrent applicants get no error and lose nothing.

`make loadtest` runs it with 50 users for 60 s against gunicorn; here 4 users for 4 s against
the live server. PostgreSQL only: the live server shares one SQLite in-memory connection
between its threads.
"""

import sys
from pathlib import Path

import pytest
from django.db import connection

from catalogs.loader import load_catalogs
from cms.setup import ensure_home_page, ensure_terms_page
from requests_app.demo import DEMO_PASSWORD, applicant_email, ensure_applicants

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import load

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
USERS = 4


@pytest.fixture
def demo_applicants(live_server):
    """``demo_applicants(n)``: the e-mails of n signed-up, verified applicants with the demo password."""
    if connection.vendor != "postgresql":
        pytest.skip("Necesita PostgreSQL (DATABASE_URL)")
    load_catalogs()
    ensure_home_page()
    ensure_terms_page()

    def make(count):
        ensure_applicants(count)
        return [applicant_email(n) for n in range(1, count + 1)]

    return make


def test_concurrent_applicants_get_no_error_and_the_database_holds_what_they_were_told(live_server, demo_applicants):
    emails = demo_applicants(USERS)
    outcome = load.load(live_server.url, [(email, DEMO_PASSWORD) for email in emails], seconds=4)

    assert outcome.errors == []
    assert len(outcome.created) >= USERS, "each applicant finished at least one visit"
    assert load.database_mismatches(outcome, emails, before=set()) == []


def test_a_request_the_client_was_not_told_about_is_reported(live_server, demo_applicants):
    emails = demo_applicants(1)
    outcome = load.load(live_server.url, [(emails[0], DEMO_PASSWORD)], seconds=1)
    outcome.created.pop()

    assert any("solicitudes" in problem for problem in load.database_mismatches(outcome, emails, before=set()))
