"""A form posted from another site (no CSRF token) is refused with 403 and changes nothing;
the same form posted from the portal's own page works."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cms.models import AssistanceSubmission
from cms.setup import ensure_portal_content
from core.identifiers import make_cui
from requests_app.constants import PaymentMethod
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

CAPTCHA = {"captcha_0": "prueba", "captcha_1": "PASSED"}


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


def with_token(browser, page_path, data):
    """``data`` plus the token the portal's page at ``page_path`` gives."""
    browser.get(page_path)
    return {**data, "csrfmiddlewaretoken": browser.cookies["csrftoken"].value}


def assert_refused(response):
    assert response.status_code == 403
    assert "El formulario expiró" in response.content.decode()


def test_sign_in(browser, applicant):
    data = {"username": applicant.cui, "password": PASSWORD, **CAPTCHA}
    assert_refused(browser.post("/cuenta/ingresar/", data))
    assert "_auth_user_id" not in browser.session
    response = browser.post("/cuenta/ingresar/", with_token(browser, "/cuenta/ingresar/", data))
    assert response.status_code == 302
    assert browser.session["_auth_user_id"] == str(applicant.pk)


def test_registration(browser, home_page):
    password = "Tiempo.Servicio.2026"
    data = {
        "cui": make_cui(24_567_890, "0101"),
        "birth_date": "20/05/1986",
        "email": "luis.coguox@correo.gt",
        "email2": "luis.coguox@correo.gt",
        "password1": password,
        "password2": password,
        "accept_terms": "on",
        **CAPTCHA,
    }
    assert_refused(browser.post("/cuenta/registro/", data))
    assert not get_user_model().objects.filter(email="luis.coguox@correo.gt").exists()
    response = browser.post("/cuenta/registro/", with_token(browser, "/cuenta/registro/", data))
    assert response.status_code == 302
    assert get_user_model().objects.filter(email="luis.coguox@correo.gt").exists()


def test_sign_out(browser, applicant):
    browser.force_login(applicant)
    assert_refused(browser.post("/cuenta/salir/"))
    assert browser.session["_auth_user_id"] == str(applicant.pk)
    response = browser.post("/cuenta/salir/", with_token(browser, "/tablero/", {}))
    assert response.status_code == 302
    assert "_auth_user_id" not in browser.session


def test_wizard_step(browser, applicant, owned):
    browser.force_login(applicant)
    path = reverse("requests_app:step_payment", args=[owned.draft.pk])
    data = {
        "method": PaymentMethod.DEPOSIT_SLIP,
        "reference": f"B{owned.draft.pk:08d}",
        "payment_date": timezone.localdate().isoformat(),
    }
    assert_refused(browser.post(path, data))
    owned.draft.refresh_from_db()
    assert owned.draft.payment_reference == ""
    response = browser.post(path, with_token(browser, path, data))
    assert response.status_code == 302
    owned.draft.refresh_from_db()
    assert owned.draft.payment_reference == data["reference"]


ANSWERS = {
    "person_name": "Ana",
    "cui": make_cui(41_234_567, "0101"),
    "dropdown": "Femenino",
    "age": "34",
    "phone": "5555-1234",
    "email": "ana@correo.gt",
    "email_confirmation": "ana@correo.gt",
    "multiline": "No puedo descargar mi certificación.",
}


def test_assistance_form(browser, catalogs):
    page = ensure_portal_content()["technical"]
    data = {field.clean_name: ANSWERS[field.field_type] for field in page.get_form_fields()} | CAPTCHA
    assert_refused(browser.post(page.url, data))
    assert not AssistanceSubmission.objects.exists()
    response = browser.post(page.url, with_token(browser, page.url, data))
    assert response.status_code in {200, 302}
    assert AssistanceSubmission.objects.filter(page=page).count() == 1
