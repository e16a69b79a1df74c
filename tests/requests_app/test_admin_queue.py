"""The reviewers' queue in the admin: filters, search, assignment, transitions, counts."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from requests_app import services
from requests_app.constants import RequestState
from requests_app.models import CertificationRequest
from requests_app.roles import CATALOG_ADMIN, REVIEWER, SIGNER
from tests.factories import CertificationRequestFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:requests_app_certificationrequest_changelist")


def change_url(request):
    return reverse("admin:requests_app_certificationrequest_change", args=[request.pk])


def press_transition_button(client, request, transition):
    """Submit the change form as the browser does: its hidden inputs plus the button pressed."""
    page = client.get(change_url(request)).content.decode()
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    fields.update(re.findall(r'<input type="hidden" name="([^"]+)"[^>]*value="([^"]*)"', page))
    return client.post(change_url(request), {**fields, "_fsm_transition_to": transition})


@pytest.fixture
def submitted(complete_request):
    services.request_submit(request=complete_request, user=complete_request.applicant)
    complete_request.refresh_from_db()
    return complete_request


@pytest.fixture
def reviewer_client(client, reviewer, home_page):
    client.force_login(reviewer)
    return client


def test_reviewers_see_the_queue_with_masked_cuis_and_filters(reviewer_client, submitted):
    body = reviewer_client.get(QUEUE).content.decode()
    assert str(submitted.pk) in body
    assert submitted.applicant.cui not in body
    assert "•••••••••" + submitted.applicant.cui[-4:] in body
    filtered = reviewer_client.get(QUEUE, {"state__exact": RequestState.IN_REVIEW})
    assert list(filtered.context["cl"].result_list) == []


def test_search_by_cui_number_and_payment_reference(reviewer_client, submitted):
    for term in (submitted.applicant.cui, str(submitted.pk), submitted.payment_reference.lower()):
        results = reviewer_client.get(QUEUE, {"q": term}).context["cl"].result_list
        assert [r.pk for r in results] == [submitted.pk], term


def test_search_by_surname_finds_the_applicant_or_the_third_party(reviewer_client, submitted, applicant):
    from tests.factories import ThirdPartyFactory

    relative = ThirdPartyFactory(owner=applicant, last_name="Xicará")
    for_relative = services.request_create(applicant=applicant, third_party=relative)
    applicant_surname = submitted.applicant.last_name
    found = reviewer_client.get(QUEUE, {"q": applicant_surname[:4].lower()}).context["cl"].result_list
    assert submitted.pk in [r.pk for r in found] and for_relative.pk not in [r.pk for r in found]
    found = reviewer_client.get(QUEUE, {"q": "xicar"}).context["cl"].result_list
    assert [r.pk for r in found] == [for_relative.pk]  # the subject is the third party


def test_a_surname_search_finds_the_same_requests_by_id_or_along_the_queue(
    reviewer_client, submitted, applicant, monkeypatch
):
    """Few people named: their requests are read by id; many people or requests: along the queue's order (a common
    surname). The reviewer sees the same requests either way, and none for a name nobody has."""
    from requests_app import query
    from tests.factories import ThirdPartyFactory

    relative = ThirdPartyFactory(owner=applicant, last_name="Xicará")
    for_relative = services.request_create(applicant=applicant, third_party=relative)
    namesake = CertificationRequestFactory(applicant__last_name="Xicaro")
    terms = ("xicar", "Xicará", applicant.last_name[:4], "Zzyzx")

    def found() -> dict:
        pages = {term: reviewer_client.get(QUEUE, {"q": term}).context["cl"].result_list for term in terms}
        return {term: sorted(row.pk for row in rows) for term, rows in pages.items()}

    by_id = found()
    assert by_id["xicar"] == sorted([for_relative.pk, namesake.pk])
    assert by_id["Xicará"] == [for_relative.pk]
    assert submitted.pk in by_id[applicant.last_name[:4]]
    assert by_id["Zzyzx"] == []
    monkeypatch.setattr(query, "NAMED_PEOPLE_BY_ID", 0)  # any person named: along the queue
    assert found() == by_id
    monkeypatch.setattr(query, "NAMED_PEOPLE_BY_ID", 1000)
    monkeypatch.setattr(query, "NAMED_REQUESTS_BY_ID", 1)  # more than one request found: along the queue
    assert found() == by_id


def test_search_by_a_third_partys_cui_and_a_numeric_payment_reference(reviewer_client, submitted, applicant):
    from tests.factories import ThirdPartyFactory

    relative = ThirdPartyFactory(owner=applicant)
    for_relative = services.request_create(applicant=applicant, third_party=relative)
    found = reviewer_client.get(QUEUE, {"q": relative.cui}).context["cl"].result_list
    assert [r.pk for r in found] == [for_relative.pk]
    CertificationRequest.objects.filter(pk=submitted.pk).update(payment_reference="778899")
    found = reviewer_client.get(QUEUE, {"q": "778899"}).context["cl"].result_list
    assert [r.pk for r in found] == [submitted.pk]
    assert list(reviewer_client.get(QUEUE, {"q": "ZZ-NO-EXISTE-1"}).context["cl"].result_list) == []


def test_the_institution_filter_is_a_select_not_a_column_of_links(reviewer_client, submitted):
    body = reviewer_client.get(QUEUE).content.decode()
    assert 'id="filtro-institucion"' in body and "data-filter-navigation" in body
    institution = submitted.periods.first().institution
    filtered = reviewer_client.get(QUEUE, {"institucion": institution.pk}).context["cl"].result_list
    assert [r.pk for r in filtered] == [submitted.pk]


def test_the_queue_cells_say_kind_and_days_left_together(reviewer_client, submitted):
    body = reviewer_client.get(QUEUE).content.decode()
    assert "Electrónica" in body or "Para un Tercero" in body
    assert 'aria-label="Seleccionar la solicitud No. ' in body


def test_overdue_filter_uses_the_working_day_deadline(reviewer_client, submitted):
    assert list(reviewer_client.get(QUEUE, {"plazo": "vencido"}).context["cl"].result_list) == []
    CertificationRequest.objects.filter(pk=submitted.pk).update(state_changed_at=timezone.now() - timedelta(days=10))
    overdue = reviewer_client.get(QUEUE, {"plazo": "vencido"})
    assert [r.pk for r in overdue.context["cl"].result_list] == [submitted.pk]
    assert "Vencida" in overdue.content.decode()


def test_assign_to_me_action(reviewer_client, reviewer, submitted):
    reviewer_client.post(QUEUE, {"action": "assign_to_me", "_selected_action": [submitted.pk]})
    submitted.refresh_from_db()
    assert submitted.reviewer == reviewer


def test_assigning_to_a_reviewer_writes_the_history_and_the_reloj(reviewer_client, reviewer, submitted, staff_in):
    other = CertificationRequestFactory(applicant=submitted.applicant, state=RequestState.IN_REVIEW)
    draft = CertificationRequestFactory(applicant=submitted.applicant)
    colleague = staff_in(REVIEWER, first_name="Ana", last_name="Pérez")
    reviewer_client.post(
        QUEUE,
        {
            "action": "assign_to_reviewer",
            "reviewer": colleague.pk,
            "_selected_action": [submitted.pk, other.pk, draft.pk],
        },
    )
    for request in (submitted, other):
        request.refresh_from_db()
        assert request.reviewer == colleague
        assert request.history.latest().reviewer_id == colleague.pk
        event = request.events.latest("created_at", "pk")
        assert event.actor == reviewer and event.to_state == request.state
        assert "ANA PÉREZ" in event.observation
    draft.refresh_from_db()
    assert draft.reviewer is None and not draft.events.exists()


def test_take_then_ask_for_corrections_from_the_admin_buttons(reviewer_client, reviewer, submitted):
    page = reviewer_client.get(change_url(submitted)).content.decode()
    assert "Tomar para revisión" in page
    press_transition_button(reviewer_client, submitted, "take")
    submitted.refresh_from_db()
    assert submitted.state == RequestState.IN_REVIEW and submitted.reviewer == reviewer

    transition = reverse(
        "admin:requests_app_certificationrequest_transition", args=[submitted.pk, "ask_for_corrections"]
    )
    refused = reviewer_client.post(transition, {"observation": "corto"})
    assert refused.status_code == 200
    submitted.refresh_from_db()
    assert submitted.state == RequestState.IN_REVIEW
    reviewer_client.post(transition, {"observation": "El DPI no es legible; súbalo de nuevo por ambos lados."})
    submitted.refresh_from_db()
    assert submitted.state == RequestState.CORRECTIONS
    assert submitted.events.last().observation.startswith("El DPI no es legible")
    assert Notification.objects.filter(recipient=submitted.applicant, title__contains="Con Observaciones").exists()


@pytest.mark.parametrize("role", [SIGNER, CATALOG_ADMIN])
def test_other_roles_cannot_take_requests(client, staff_in, submitted, role, home_page):
    client.force_login(staff_in(role))
    page = client.get(change_url(submitted)).content.decode()
    assert "Tomar para revisión" not in page
    press_transition_button(client, submitted, "take")
    submitted.refresh_from_db()
    assert submitted.state == RequestState.SUBMITTED


def test_history_of_a_request_cannot_be_reverted(reviewer_client, submitted):
    version = submitted.history.order_by("history_id").first()
    url = reverse("admin:requests_app_certificationrequest_simple_history", args=[submitted.pk, version.history_id])
    assert reviewer_client.post(url, {}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.state == RequestState.SUBMITTED


def test_queue_and_request_page_queries_do_not_grow(
    reviewer_client, submitted, applicant, django_assert_max_num_queries
):
    from tests.factories import CertificationRequestFactory

    reviewer_client.get(QUEUE)  # the office closures are cached after the first page (one query per 5 minutes)
    with django_assert_max_num_queries(12) as few:
        reviewer_client.get(QUEUE)
    CertificationRequestFactory.create_batch(40, applicant=applicant)
    with django_assert_max_num_queries(len(few.captured_queries)):
        reviewer_client.get(QUEUE)


def test_admin_index_shows_work_per_state(reviewer_client, submitted):
    body = reviewer_client.get(reverse("admin:index")).content.decode()
    assert "Certificación de Servicios: trabajo pendiente" in body
    assert "Solicitada" in body


def test_export_respects_the_filters(reviewer_client, submitted, applicant):
    draft = services.request_create(applicant=applicant)
    url = reverse("admin:requests_app_certificationrequest_export") + "?state__exact=solicitada"
    fields = {
        f"certificationrequestresource_{name}": "on"
        for name in ("number", "state_label", "subject", "kind", "reference")
    }
    response = reviewer_client.post(url, {"format": "0", "resource": "0", **fields})
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("No.,Estado,Interesado")
    assert any(line.startswith(f"{submitted.pk},Solicitada") for line in lines[1:])
    assert not any(line.startswith(f"{draft.pk},") for line in lines[1:])


def test_the_request_page_queries_do_not_grow_with_its_content(
    reviewer_client, submitted, django_assert_max_num_queries
):
    from tests.factories import ServicePeriodFactory

    with django_assert_max_num_queries(60) as few:
        reviewer_client.get(change_url(submitted))
    for year in range(2001, 2011):
        ServicePeriodFactory(request=submitted, start_date=f"{year}-01-01", end_date=f"{year}-06-30")
    with django_assert_max_num_queries(len(few.captured_queries)):
        reviewer_client.get(change_url(submitted))


def test_the_queue_and_the_applicants_list_share_one_search(reviewer_client, submitted, applicant):
    client = Client()
    client.force_login(applicant)
    terms = (
        applicant.cui,
        str(submitted.pk),
        submitted.payment_reference.lower(),
        applicant.last_name[:3].upper(),
        f"{applicant.last_name} {applicant.first_name[:2]}",
    )
    for term in terms:
        queue = [r.pk for r in reviewer_client.get(QUEUE, {"q": term}).context["cl"].result_list]
        mine = [r.pk for r in client.get(reverse("requests_app:list"), {"buscar": term}).context["page"]]
        assert queue == mine == [submitted.pk], term
