"""A page whose database does not answer says so in Spanish with a 503, never a 500."""

from unittest import mock

import pytest
from django.db import OperationalError

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_database_error_is_a_503_page_in_spanish_with_retry_after(client):
    client.raise_request_exception = False
    client.force_login(UserFactory())
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=OperationalError("caída")):
        response = client.get("/tablero/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "El servicio no está disponible en este momento" in response.content.decode()


def test_other_errors_stay_500(client):
    client.raise_request_exception = False
    client.force_login(UserFactory())
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=ValueError("otro")):
        response = client.get("/tablero/")
    assert response.status_code == 500
    assert "Ocurrió un error en el servidor" in response.content.decode()
