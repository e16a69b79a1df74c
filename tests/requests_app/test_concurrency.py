"""Two people acting on the same request at the same moment leave one consistent result.

Runs on PostgreSQL (CI); SQLite serializes writers, so there the test is skipped.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.db.models import Count

from requests_app import services
from requests_app.constants import RequestState
from requests_app.models import ApplicantRequestCount, CertificationRequest, RequestStateCount
from requests_app.roles import REVIEWER
from tests.factories import CertificationRequestFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_at_once(*actions):
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def worker(index, action):
        try:
            barrier.wait()
            outcomes[index] = action()
        except Exception as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_reviewers_take_the_same_request_and_one_wins(complete_request, staff_in):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency is tested on PostgreSQL")
    services.request_submit(request=complete_request, user=complete_request.applicant)
    first, second = staff_in(REVIEWER), staff_in(REVIEWER)
    outcomes = run_at_once(
        lambda: services.request_take(request=complete_request, reviewer=first),
        lambda: services.request_take(request=complete_request, reviewer=second),
    )
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    request = CertificationRequest.objects.get(pk=complete_request.pk)
    assert request.state == RequestState.IN_REVIEW
    assert request.reviewer in (first, second)
    assert request.events.filter(to_state=RequestState.IN_REVIEW).count() == 1


def test_the_same_submission_posted_ten_times_at_once_submits_once(complete_request):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency is tested on PostgreSQL")
    outcomes = run_at_once(
        *[lambda: services.request_submit(request=complete_request, user=complete_request.applicant)] * 10
    )
    assert sum(1 for o in outcomes if not isinstance(o, Exception)) == 1
    assert complete_request.events.filter(to_state=RequestState.SUBMITTED).count() == 1


def test_state_counts_stay_exact_when_many_requests_move_at_once(applicant):
    """Requests moved in both directions between two states at the same moment, each in its own transaction: the
    counts the database keeps (per state, and per applicant and state) lose no move and no transaction deadlocks on
    them."""
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency is tested on PostgreSQL")
    submitted = CertificationRequestFactory.create_batch(10, applicant=applicant, state=RequestState.SUBMITTED)
    in_review = CertificationRequestFactory.create_batch(10, applicant=applicant, state=RequestState.IN_REVIEW)

    def move(request, state):
        def action():
            with transaction.atomic():
                CertificationRequest.objects.filter(pk=request.pk).update(state=state)
                CertificationRequestFactory(applicant=applicant)  # and one more draft, in the same transaction
            return state

        return action

    outcomes = run_at_once(
        *[move(request, RequestState.IN_REVIEW) for request in submitted],
        *[move(request, RequestState.SUBMITTED) for request in in_review],
    )
    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)], outcomes
    kept = {row.state: row.count for row in RequestStateCount.objects.all() if row.count}
    actual = dict(CertificationRequest.objects.values_list("state").annotate(n=Count("pk")).order_by())
    assert kept == actual == {RequestState.SUBMITTED: 10, RequestState.IN_REVIEW: 10, RequestState.DRAFT: 20}
    applicants = ApplicantRequestCount.objects.filter(applicant=applicant)
    assert {row.state: row.count for row in applicants if row.count} == actual
