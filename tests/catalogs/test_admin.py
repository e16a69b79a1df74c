"""Catalog admins import and export catalogs from the back office; others cannot."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalogs.models import Institution, Municipality
from requests_app.roles import CATALOG_ADMIN, REVIEWER

pytestmark = pytest.mark.django_db

CSV_FORMAT = "0"  # IMPORT_EXPORT_FORMATS = [CSV, XLSX]


def upload(content: str, name="catalogo.csv"):
    return SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/csv")


@pytest.fixture
def catalog_admin(client, catalogs, staff_in):
    client.force_login(staff_in(CATALOG_ADMIN))
    return client


def test_catalog_admin_exports_municipalities_as_csv(catalog_admin):
    url = reverse("admin:catalogs_municipality_export")
    form_fields = {f"municipalityresource_{name}": "on" for name in ("code", "name", "department", "is_active")}
    response = catalog_admin.post(url, {"format": CSV_FORMAT, "resource": "0", **form_fields})
    assert response.status_code == 200
    body = response.content.decode("utf-8")
    assert body.splitlines()[0] == "code,name,department_code,is_active"
    assert "0514,Sipacate,05,1" in body
    assert len(body.strip().splitlines()) == 341


def test_import_shows_a_preview_and_writes_only_after_confirmation(catalog_admin):
    url = reverse("admin:catalogs_institution_import")
    csv = "code,name,sector,is_active\nNUEVA,Institución de Prueba,Descentralizada,1\n"
    preview = catalog_admin.post(url, {"format": CSV_FORMAT, "resource": "0", "import_file": upload(csv)})
    assert preview.status_code == 200
    assert "Institución de Prueba" in preview.content.decode()
    assert not Institution.objects.filter(code="NUEVA").exists()

    confirm_form = preview.context["confirm_form"]
    confirm = catalog_admin.post(
        reverse("admin:catalogs_institution_process_import"),
        {**confirm_form.initial},
    )
    assert confirm.status_code == 302
    assert Institution.objects.get(code="NUEVA").sector == "Descentralizada"


def test_import_reports_row_errors_and_writes_nothing(catalog_admin):
    url = reverse("admin:catalogs_municipality_import")
    csv = "code,name,department_code,is_active\n2301,Inventado,99,1\n"
    response = catalog_admin.post(url, {"format": CSV_FORMAT, "resource": "0", "import_file": upload(csv)})
    assert response.status_code == 200
    assert response.context["result"].has_validation_errors() or response.context["result"].has_errors()
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert not Municipality.objects.filter(code="2301").exists()


def test_reviewers_can_read_catalogs_but_not_import(client, catalogs, staff_in):
    client.force_login(staff_in(REVIEWER))
    assert client.get(reverse("admin:catalogs_institution_changelist")).status_code == 200
    assert client.get(reverse("admin:catalogs_institution_import")).status_code == 403
    assert client.get(reverse("admin:catalogs_institution_add")).status_code == 403
