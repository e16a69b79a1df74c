"""How many requests each state holds, and each applicant in each state: kept by the database on every write path,
shown exactly by the queue and by Mis Solicitudes.

The counts are moved by triggers (migrations 0012 and 0013) in the transaction that changes
the requests, so they hold for the ORM, bulk updates, deletes and plain SQL alike; the queue's
own pages and Mis Solicitudes read them instead of counting, and a count that stops at the
cap says so.
"""

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from requests_app import services
from requests_app.admin import request_queue
from requests_app.admin.requests import CertificationRequestAdmin
from requests_app.constants import RequestState
from requests_app.models import ApplicantRequestCount, CertificationRequest, RequestStateCount
from tests.factories import CertificationRequestFactory, UserFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:requests_app_certificationrequest_changelist")


def kept_counts() -> dict:
    return {row.state: row.count for row in RequestStateCount.objects.all() if row.count}


def actual_counts() -> dict:
    rows = CertificationRequest.objects.values("state").annotate(n=Count("pk")).order_by()
    return {row["state"]: row["n"] for row in rows}


def kept_per_applicant() -> dict:
    return {(row.applicant_id, row.state): row.count for row in ApplicantRequestCount.objects.all() if row.count}


def actual_per_applicant() -> dict:
    rows = CertificationRequest.objects.values("applicant", "state").annotate(n=Count("pk")).order_by()
    return {(row["applicant"], row["state"]): row["n"] for row in rows}


def test_creating_submitting_and_reviewing_move_the_counts(complete_request, reviewer):
    assert kept_counts() == {RequestState.DRAFT: 1}
    services.request_submit(request=complete_request, user=complete_request.applicant)
    assert kept_counts() == {RequestState.SUBMITTED: 1}
    services.request_take(request=complete_request, reviewer=reviewer)
    assert kept_counts() == {RequestState.IN_REVIEW: 1} == actual_counts()


def test_bulk_updates_deletes_and_plain_sql_are_counted_too(applicant):
    CertificationRequestFactory.create_batch(4, applicant=applicant, state=RequestState.SUBMITTED)
    CertificationRequest.objects.filter(pk__in=CertificationRequest.objects.order_by("pk").values("pk")[:3]).update(
        state=RequestState.REJECTED
    )
    CertificationRequest.objects.filter(state=RequestState.SUBMITTED).delete()
    table = CertificationRequest._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET state = %s WHERE id = (SELECT MIN(id) FROM {table})", ["anulada"])  # noqa: S608
    assert kept_counts() == {RequestState.REJECTED: 2, RequestState.ANNULLED: 1} == actual_counts()


def test_each_applicants_counts_follow_their_requests_on_every_write_path(applicant, complete_request):
    other = UserFactory()
    services.request_create(applicant=applicant)
    services.request_submit(request=complete_request, user=applicant)
    theirs = CertificationRequestFactory.create_batch(3, applicant=other, state=RequestState.SUBMITTED)
    CertificationRequest.objects.filter(pk=theirs[0].pk).update(state=RequestState.REJECTED)
    theirs[1].delete()
    table = CertificationRequest._meta.db_table
    with connection.cursor() as cursor:  # a request moved to another person by plain SQL
        cursor.execute(f"UPDATE {table} SET applicant_id = %s WHERE id = %s", [applicant.pk, theirs[2].pk])  # noqa: S608
    assert kept_per_applicant() == {
        (applicant.pk, RequestState.DRAFT): 1,
        (applicant.pk, RequestState.SUBMITTED): 2,
        (other.pk, RequestState.REJECTED): 1,
    }
    assert kept_per_applicant() == actual_per_applicant()


def test_saves_that_keep_the_state_leave_the_counts_alone(draft):
    draft.last_step = 3
    draft.save(update_fields=["last_step", "updated_at"])
    assert kept_counts() == {RequestState.DRAFT: 1}


def test_a_transaction_rolled_back_leaves_the_counts_as_they_were(applicant):
    with pytest.raises(RuntimeError), transaction.atomic():
        CertificationRequestFactory.create_batch(3, applicant=applicant)
        raise RuntimeError
    assert kept_counts() == {} == kept_per_applicant()


@pytest.fixture
def queue_client(client, reviewer, home_page):
    client.force_login(reviewer)
    return client


@pytest.fixture
def low_cap(monkeypatch):
    monkeypatch.setattr(request_queue, "COUNT_CAP", 3)


def test_the_queue_shows_the_exact_number_of_a_state_beyond_the_cap(queue_client, applicant, low_cap):
    CertificationRequestFactory.create_batch(5, applicant=applicant, state=RequestState.SUBMITTED)
    CertificationRequestFactory.create_batch(2, applicant=applicant, state=RequestState.REJECTED)
    in_state = queue_client.get(QUEUE, {"state__exact": RequestState.SUBMITTED})
    assert in_state.context["cl"].result_count == 5
    assert "5 solicitudes de Certificación de Servicios" in in_state.content.decode()
    everything = queue_client.get(QUEUE)
    assert everything.context["cl"].result_count == 7
    assert "más de" not in everything.content.decode()


def test_a_count_stopped_at_the_cap_is_not_shown_as_the_total(queue_client, applicant, low_cap):
    CertificationRequestFactory.create_batch(5, applicant=applicant, state=RequestState.SUBMITTED)
    page = queue_client.get(QUEUE, {"tercero": "no"})  # another filter: counted by the ORM, up to the cap
    body = page.content.decode()
    assert "más de 3 solicitudes de Certificación de Servicios" in body
    assert "Seleccionar todas las solicitudes que cumplen el filtro (más de 3)" in body
    assert "4 solicitudes" not in body and "Seleccionar todos los 4" not in body
    searched = queue_client.get(QUEUE, {"q": applicant.last_name}).content.decode()
    assert "más de 3 resultados" in searched


def test_each_page_of_a_state_comes_with_its_count_in_one_query(queue_client, applicant, monkeypatch):
    monkeypatch.setattr(CertificationRequestAdmin, "list_per_page", 2)
    made = CertificationRequestFactory.create_batch(5, applicant=applicant, state=RequestState.SUBMITTED)
    queue_client.get(QUEUE, {"state__exact": RequestState.SUBMITTED})
    with CaptureQueriesContext(connection) as captured:
        last = queue_client.get(QUEUE, {"state__exact": RequestState.SUBMITTED, "p": "3"})
    assert last.context["cl"].result_count == 5
    assert [row.pk for row in last.context["cl"].result_list] == [made[-1].pk]
    assert sum("requests_app_requeststatecount" in query["sql"] for query in captured.captured_queries) == 1
    empty = queue_client.get(QUEUE, {"state__exact": RequestState.ISSUED})
    assert empty.context["cl"].result_count == 0
    assert "0 solicitudes de Certificación de Servicios" in empty.content.decode()
