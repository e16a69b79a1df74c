"""Transition buttons in the admin run the app's services; every refusal is a Spanish message, never an error page."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.constants import EmailChangeState
from accounts.models import EmailChangeRequest
from requests_app.roles import IDENTITY_REVIEWER
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def change(db):
    user = UserFactory(email="viejo@correo.gt")
    return EmailChangeRequest.objects.create(
        user=user, old_email=user.email, new_email="nuevo@correo.gt", state=EmailChangeState.PENDING_REVIEW
    )


@pytest.fixture
def reviewer_client(client, staff_in):
    client.force_login(staff_in(IDENTITY_REVIEWER))
    return client


def change_url(change):
    return reverse("admin:accounts_emailchangerequest_change", args=[change.pk])


def transition_url(change, name):
    return reverse("admin:accounts_emailchangerequest_transition", args=[change.pk, name])


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_button_runs_the_service_declared_for_it(reviewer_client, change, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(change_url(change), {"_fsm_transition_to": "approve"})
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.state == EmailChangeState.APPROVED
    change.user.refresh_from_db()
    assert change.user.email == "nuevo@correo.gt"  # the service's work, not only the state
    assert said(response) == ["Solicitud de cambio de correo resuelta."]


@pytest.mark.parametrize("name", ["confirm_new_email", "no_existe", "save"])
def test_a_transition_without_a_service_is_refused(reviewer_client, change, name):
    response = reviewer_client.post(change_url(change), {"_fsm_transition_to": name})
    assert response.status_code == 302
    assert said(response) == ["Esta acción no está disponible aquí."]
    change.refresh_from_db()
    assert change.state == EmailChangeState.PENDING_REVIEW
    assert reviewer_client.get(transition_url(change, name)).status_code == 302


def test_a_transition_that_no_longer_applies_is_a_message(reviewer_client, change, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reviewer_client.post(change_url(change), {"_fsm_transition_to": "approve"})
    again = reviewer_client.post(transition_url(change, "reject"), {"reason": "Llegó tarde: ya estaba aprobada."})
    assert again.status_code == 200  # the form again, with the reason why
    assert any("ya no aplica" in message for message in said(again))
    change.refresh_from_db()
    assert change.state == EmailChangeState.APPROVED


def test_staff_without_the_transition_permission_is_refused(client, change):
    client.force_login(StaffFactory())
    form = client.get(transition_url(change, "reject"))
    assert form.status_code == 302 and said(form) == ["No tiene permiso para esta acción."]
    client.post(transition_url(change, "reject"), {"reason": "Un motivo suficientemente largo."})
    change.refresh_from_db()
    assert change.state == EmailChangeState.PENDING_REVIEW
