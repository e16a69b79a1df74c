"""Certified records entered by the reviewer; requested periods matched against the registry."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalogs.models import BudgetLine, Institution
from requests_app import services
from requests_app.models import EmploymentRecord
from requests_app.registry import DIFFERS, MATCH, MISSING, match_periods
from requests_app.roles import CATALOG_ADMIN

pytestmark = pytest.mark.django_db


def registry_row(cui, start, end, budget="011", position="Asistente Profesional IV", institution="ONSEC"):
    return EmploymentRecord.objects.create(
        cui=cui,
        full_name="Luis Coguox",
        institution=Institution.objects.get(code=institution),
        position_title=position,
        budget_line=BudgetLine.objects.get(code=budget),
        monthly_salary="4100.00",
        start_date=start,
        end_date=end,
    )


def test_periods_are_matched_and_differences_named(complete_request):
    period = complete_request.periods.get()
    cui = complete_request.applicant.cui
    assert [m.status for m in match_periods(complete_request)] == [MISSING]
    registry_row(cui, period.start_date, period.end_date)
    assert [m.status for m in match_periods(complete_request)] == [MATCH]
    EmploymentRecord.objects.all().delete()
    registry_row(cui, period.start_date, datetime.date(1998, 12, 31), budget="022")
    match = match_periods(complete_request)[0]
    assert match.status == DIFFERS
    assert any("fin en el registro: 31/12/1998" in d for d in match.differences)
    assert any("renglón en el registro: 022" in d for d in match.differences)


def test_other_peoples_registry_rows_are_ignored(complete_request):
    period = complete_request.periods.get()
    registry_row("1234567890101", period.start_date, period.end_date)
    assert match_periods(complete_request)[0].status == MISSING


def test_catalog_admin_imports_the_registry_with_a_preview(client, staff_in, catalogs):
    client.force_login(staff_in(CATALOG_ADMIN))
    csv = (
        "cui,full_name,institution_code,position_title,budget_line,monthly_salary,start_date,end_date\n"
        "2456789010101,Luis Coguox,ONSEC,Oficinista I,011,3500.00,1990-02-01,1999-10-31\n"
        "2456789010101,Luis Coguox,NOEXISTE,Oficinista I,011,3500.00,2000-01-01,2001-10-31\n"
    )
    upload = SimpleUploadedFile("registro.csv", csv.encode(), content_type="text/csv")
    response = client.post(
        reverse("admin:requests_app_employmentrecord_import"), {"format": "0", "resource": "0", "import_file": upload}
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert result.has_validation_errors() or result.has_errors()
    assert not EmploymentRecord.objects.exists()


def test_reviewer_enters_certified_records_while_in_review(client, reviewer, complete_request, home_page):
    services.request_submit(request=complete_request, user=complete_request.applicant)
    services.request_take(request=complete_request, reviewer=reviewer)
    client.force_login(reviewer)
    page = client.get(reverse("admin:requests_app_certificationrequest_change", args=[complete_request.pk]))
    body = page.content.decode()
    assert "certified_records-TOTAL_FORMS" in body
    assert "Cotejo con el registro laboral" in body
    assert "Sin registro" in body
    assert 'name="_continue"' in body, "the reviewer needs a Save button to keep the records typed"


def test_save_buttons_only_while_the_request_is_in_review(client, reviewer, complete_request, home_page):
    services.request_submit(request=complete_request, user=complete_request.applicant)
    client.force_login(reviewer)
    page = client.get(reverse("admin:requests_app_certificationrequest_change", args=[complete_request.pk]))
    body = page.content.decode()
    assert 'name="_continue"' not in body and 'name="_save"' not in body
    assert "Tomar para revisión" in body
