"""The admin queue's rows (requests_app.admin.request_queue_rows) are the cells Django's admin would write for the
same requests read by the ORM."""

from datetime import timedelta

import pytest
from django.contrib.admin.templatetags.admin_list import items_for_result
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone

from core.prepared import PreparedList
from requests_app import services
from requests_app.admin.request_queue_rows import queue_rows
from requests_app.admin.requests import CertificationRequestAdmin
from requests_app.constants import RequestState
from requests_app.models import CertificationRequest
from requests_app.prepared import QueueRow, queue_page
from tests.factories import CertificationRequestFactory, ThirdPartyFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:requests_app_certificationrequest_changelist")


def djangos_cells(cl) -> list[list[str]]:
    """The cells Django's ``result_list`` writes for the page's requests, each read as a model by the ORM."""
    found = cl.queryset.for_queue().in_bulk([row.pk for row in cl.result_list])
    return [list(items_for_result(cl, found[row.pk], None)) for row in cl.result_list]


@pytest.fixture
def queue(complete_request, applicant, reviewer):
    services.request_submit(request=complete_request, user=applicant)
    relative = ThirdPartyFactory(owner=applicant)
    services.request_create(applicant=applicant, third_party=relative)
    CertificationRequest.objects.filter(pk=complete_request.pk).update(reviewer=reviewer, state=RequestState.IN_REVIEW)
    return CertificationRequest.objects.all()


@pytest.mark.parametrize("query", [{}, {"state__exact": "en_revision"}, {"o": "-1"}])
def test_each_cell_is_what_django_would_render(client, reviewer, home_page, queue, query):
    client.force_login(reviewer)
    response = client.get(QUEUE, query)
    assert response.status_code == 200
    cl = response.context["cl"]
    assert cl.result_list
    assert queue_rows(cl) == djangos_cells(cl)
    for row in queue_rows(cl):
        assert all(cell in response.content.decode() for cell in row)


@pytest.fixture
def paged_queue(queue, applicant, monkeypatch):
    """A queue of several pages, one request overdue, in every kind of cell (prepared rows only page more than one)."""
    monkeypatch.setattr(CertificationRequestAdmin, "list_per_page", 2)
    made = CertificationRequestFactory.create_batch(3, applicant=applicant, state=RequestState.SUBMITTED)
    CertificationRequest.objects.filter(pk=made[0].pk).update(state_changed_at=timezone.now() - timedelta(days=90))
    return CertificationRequest.objects.all()


@pytest.mark.parametrize(
    "query",
    [{}, {"p": "2"}, {"state__exact": "solicitada"}, {"state__exact": "solicitada", "p": "2"}],
)
def test_the_pages_reviewers_load_all_day_read_prepared_rows_that_are_the_orms(
    client, reviewer, home_page, paged_queue, query
):
    client.force_login(reviewer)
    response = client.get(QUEUE, query)
    assert response.status_code == 200
    cl = response.context["cl"]
    assert isinstance(cl.paginator.object_list, PreparedList)
    orm = cl.queryset.for_queue()
    expected = Paginator(orm, 2).page(int(query.get("p", 1)))
    assert cl.result_count == expected.paginator.count
    assert [obj.pk for obj in cl.result_list] == [obj.pk for obj in expected]
    assert queue_rows(cl) == djangos_cells(cl)
    for row in queue_rows(cl):
        assert all(cell in response.content.decode() for cell in row)


@pytest.mark.parametrize(
    "query",
    [{"o": "-1"}, {"q": "Ejemplo"}, {"state__exact": "otro"}, {"tercero": "no"}, {"state__exact": ["solicitada"] * 2}],
)
def test_any_other_query_string_is_built_by_the_orm(client, reviewer, home_page, paged_queue, query):
    client.force_login(reviewer)
    response = client.get(QUEUE, query)
    if response.status_code == 200:
        assert not isinstance(response.context["cl"].paginator.object_list, PreparedList)
    else:  # a value the state filter refuses: Django's redirect to ?e=1
        assert response.status_code == 302


def test_a_prepared_row_is_the_queue_row_of_what_the_cells_show(paged_queue):
    row = queue_page(RequestState.SUBMITTED)[0:1][0]
    model = CertificationRequest.objects.for_queue().get(pk=row.pk)
    assert isinstance(row, QueueRow)
    assert (row.number, row.state, row.state_changed_at, row.subject_name, row.request_kind) == (
        model.number,
        model.state,
        model.state_changed_at,
        model.subject_name,
        model.request_kind,
    )
    assert (row.applicant.cui, str(row.applicant), row.reviewer) == (model.applicant.cui, str(model.applicant), None)


@pytest.mark.parametrize("query", [{}, {"p": "2"}, {"state__exact": "solicitada"}, {"state__exact": "en_revision"}])
def test_the_queue_pages_kept_queryset_is_the_one_django_builds(client, reviewer, home_page, paged_queue, query):
    client.force_login(reviewer)
    response = client.get(QUEUE, query)
    cl = response.context["cl"]
    kept = (cl.queryset, cl.has_filters, cl.has_active_filters, cl.clear_all_filters_qs)
    built = ChangeList.get_queryset(cl, response.wsgi_request)  # Django's own, on the same page
    assert str(kept[0].query) == str(built.query)
    assert kept[0].query.select_related == built.query.select_related
    assert [obj.pk for obj in kept[0]] == [obj.pk for obj in built]
    assert kept[1:] == (cl.has_filters, cl.has_active_filters, cl.clear_all_filters_qs)
    assert cl.has_active_filters == bool(query.get("state__exact"))
