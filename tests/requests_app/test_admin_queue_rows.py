"""The admin queue's rows (requests_app.admin.request_queue_rows) are the cells Django's admin would write."""

import pytest
from django.contrib.admin.templatetags.admin_list import items_for_result
from django.urls import reverse

from requests_app import services
from requests_app.admin.request_queue_rows import queue_rows
from requests_app.constants import RequestState
from requests_app.models import CertificationRequest
from tests.factories import ThirdPartyFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:requests_app_certificationrequest_changelist")


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
    assert queue_rows(cl) == [list(items_for_result(cl, obj, None)) for obj in cl.result_list]
    for row in queue_rows(cl):
        assert all(cell in response.content.decode() for cell in row)
