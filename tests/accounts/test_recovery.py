"""Password recovery with the registered email, and email change reviewed by staff."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from accounts.constants import EmailChangeState
from accounts.models import EmailChangeRequest
from core.identifiers import make_cui
from requests_app.roles import IDENTITY_REVIEWER
from tests.factories import PASSWORD, UserFactory

User = get_user_model()
pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Nueva.Clave.2027"


def test_recovery_answers_the_same_for_unknown_cuis_and_sends_nothing(
    client, captcha, django_capture_on_commit_callbacks
):
    known = UserFactory()
    nobody = make_cui(77_777_777, "0501")
    with django_capture_on_commit_callbacks(execute=True):
        unknown_page = client.post("/cuenta/recuperar/", {"cui": nobody, **captcha})
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        known_page = client.post("/cuenta/recuperar/", {"cui": known.cui, **captcha})
    assert [m.to for m in mail.outbox] == [[known.email]]
    assert "Revise su correo electrónico" in known_page.content.decode()
    assert unknown_page.content == known_page.content


def test_reset_link_sets_a_new_password_once_ends_other_sessions_and_warns(
    client, captcha, email_link, django_capture_on_commit_callbacks
):
    user = UserFactory()
    from django.test import Client

    other_device = Client()
    other_device.force_login(user)
    assert other_device.get("/casillero/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/cuenta/recuperar/", {"cui": user.cui, **captcha})
    link = email_link("/cuenta/recuperar/")
    form_page = client.get(link, follow=True)
    set_password_url = form_page.redirect_chain[-1][0]
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert "Su contraseña fue cambiada" in mail.outbox[-1].subject
    assert other_device.get("/casillero/").status_code == 302  # signed out elsewhere
    reused = client.get(link, follow=True)
    assert "El enlace no es válido" in reused.content.decode()


def test_no_password_is_ever_sent_by_email(client, captcha, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/cuenta/recuperar/", {"cui": user.cui, **captcha})
    assert PASSWORD not in mail.outbox[-1].body
    assert "clave de acceso es" not in mail.outbox[-1].body


@pytest.fixture
def email_change(client, captcha, email_link, django_capture_on_commit_callbacks):
    """A person without access to the old email asks for a new one and confirms it."""
    user = UserFactory(email="viejo@correo.gt")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/cuenta/recuperar/sin-correo/",
            {
                "cui": user.cui,
                "birth_date": user.birth_date.strftime("%d/%m/%Y"),
                "new_email": "nuevo@correo.gt",
                "new_email2": "nuevo@correo.gt",
                **captcha,
            },
        )
    assert response.status_code == 200
    assert mail.outbox[-1].to == ["nuevo@correo.gt"]
    confirmed = client.get(email_link("/cuenta/recuperar/correo-nuevo/"))
    assert "PENDIENTE DE REVISIÓN" in confirmed.content.decode()
    return EmailChangeRequest.objects.get(user=user)


def test_email_change_with_wrong_birth_date_does_nothing_but_looks_the_same(client, captcha):
    user = UserFactory()
    response = client.post(
        "/cuenta/recuperar/sin-correo/",
        {
            "cui": user.cui,
            "birth_date": "01/01/1950",
            "new_email": "intruso@correo.gt",
            "new_email2": "intruso@correo.gt",
            **captcha,
        },
    )
    assert "Solicitud recibida" in response.content.decode()
    assert not EmailChangeRequest.objects.exists()


def test_identity_reviewer_approves_the_new_email_in_the_admin(
    client, email_change, staff_in, django_capture_on_commit_callbacks
):
    assert email_change.state == EmailChangeState.PENDING_REVIEW
    reviewer = staff_in(IDENTITY_REVIEWER)
    client.force_login(reviewer)
    change_url = reverse("admin:accounts_emailchangerequest_change", args=[email_change.pk])
    page = client.get(change_url).content.decode()
    assert "Aprobar cambio de correo" in page
    assert "User:" not in page and "Persona:" in page
    birth_date = User.objects.get(pk=email_change.user_id).birth_date
    assert birth_date.strftime("%d/%m/%Y") in page and birth_date.isoformat() not in page
    reject_page = client.get(
        reverse("admin:accounts_emailchangerequest_transition", args=[email_change.pk, "reject"])
    ).content.decode()
    assert "<title>Rechazar cambio de correo ·" in reject_page
    assert "nuevo@correo.gt" in reject_page.split('class="transition-review__evidence"')[1]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(change_url, {"_fsm_transition_to": "approve"})
    email_change.refresh_from_db()
    assert email_change.state == EmailChangeState.APPROVED
    user = User.objects.get(pk=email_change.user_id)
    assert user.email == "nuevo@correo.gt"
    recipients = [m.to[0] for m in mail.outbox]
    assert "nuevo@correo.gt" in recipients  # reset link to the new address
    assert "viejo@correo.gt" in recipients  # the old address is told
    assert user.notifications.filter(title__icontains="correo").exists()


def test_identity_reviewer_rejects_with_a_reason(client, email_change, staff_in, django_capture_on_commit_callbacks):
    client.force_login(staff_in(IDENTITY_REVIEWER))
    url = reverse("admin:accounts_emailchangerequest_transition", args=[email_change.pk, "reject"])
    short = client.post(url, {"reason": "no"})
    assert short.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "La fotografía del DPI no coincide con los datos."})
    email_change.refresh_from_db()
    assert email_change.state == EmailChangeState.REJECTED
    assert "no coincide" in mail.outbox[-1].body
    assert User.objects.get(pk=email_change.user_id).email == "viejo@correo.gt"


def test_people_without_the_role_cannot_approve(client, email_change, staff_in):
    from requests_app.roles import REVIEWER

    client.force_login(staff_in(REVIEWER))
    response = client.get(reverse("admin:accounts_emailchangerequest_change", args=[email_change.pk]))
    assert response.status_code in (302, 403)


def test_recovery_forms_are_throttled_per_address(client, captcha):
    user = UserFactory()
    data = {
        "cui": user.cui,
        "birth_date": "01/01/1950",
        "new_email": "x@correo.gt",
        "new_email2": "x@correo.gt",
        **captcha,
    }
    for _attempt in range(5):
        assert client.post("/cuenta/recuperar/sin-correo/", data, REMOTE_ADDR="10.1.1.1").status_code == 200
    limited = client.post("/cuenta/recuperar/sin-correo/", data, REMOTE_ADDR="10.1.1.1")
    assert limited.status_code == 429
    assert "Hizo demasiadas solicitudes" in limited.content.decode()
    assert client.post("/cuenta/recuperar/sin-correo/", data, REMOTE_ADDR="10.1.1.2").status_code == 200


def test_history_cannot_revert_a_state_even_by_a_direct_post(client, email_change, staff_in):
    client.force_login(staff_in(IDENTITY_REVIEWER))
    first_version = email_change.history.order_by("history_id").first()
    url = reverse("admin:accounts_emailchangerequest_simple_history", args=[email_change.pk, first_version.history_id])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["revert_disabled"] is True
    assert client.post(url, {}).status_code == 403
    email_change.refresh_from_db()
    assert email_change.state == EmailChangeState.PENDING_REVIEW
