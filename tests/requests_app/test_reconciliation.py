"""Bank reconciliation: statement lines mark matching requests paid and flag the rest."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from requests_app.models import BankDeposit

pytestmark = pytest.mark.django_db


def statement(*lines):
    body = "modalidad,referencia,fecha,monto\n" + "\n".join(lines) + "\n"
    return SimpleUploadedFile("estado.csv", body.encode(), content_type="text/csv")


def test_matching_deposits_mark_requests_paid_and_others_are_flagged(client, reviewer, complete_request, home_page):
    client.force_login(reviewer)
    ref, day = complete_request.payment_reference, complete_request.payment_date.strftime("%d/%m/%Y")
    response = client.post(
        reverse("admin:requests_app_bankdeposit_import"),
        {
            "statement": statement(
                f"boleta,{ref},{day},16.50", "boleta,999999,01/01/2026,16.50", "transferencia,TR1,01/01/2026,10"
            )
        },
        follow=True,
    )
    assert "1 conciliados, 0 con diferencias, 2 sin solicitud" in response.content.decode()
    complete_request.refresh_from_db()
    assert complete_request.payment_verified_at is not None
    assert BankDeposit.objects.get(reference=ref).status == BankDeposit.Status.MATCHED


def test_a_different_amount_or_date_is_flagged_not_paid(client, reviewer, complete_request, home_page):
    client.force_login(reviewer)
    ref = complete_request.payment_reference
    client.post(
        reverse("admin:requests_app_bankdeposit_import"), {"statement": statement(f"boleta,{ref},01/01/2020,10.00")}
    )
    deposit = BankDeposit.objects.get(reference=ref)
    assert deposit.status == BankDeposit.Status.MISMATCH
    assert "fecha declarada" in deposit.detail and "monto Q10.00" in deposit.detail
    complete_request.refresh_from_db()
    assert complete_request.payment_verified_at is None


def test_a_malformed_statement_gets_a_clear_error(client, reviewer, home_page):
    client.force_login(reviewer)
    response = client.post(
        reverse("admin:requests_app_bankdeposit_import"), {"statement": statement("boleta,1,ayer,16.50")}
    )
    assert response.status_code == 200
    assert "Línea 2" in response.content.decode()
    assert not BankDeposit.objects.exists()


def test_only_reviewers_reconcile(client, staff_in, home_page):
    from requests_app.roles import SIGNER

    client.force_login(staff_in(SIGNER))
    assert client.get(reverse("admin:requests_app_bankdeposit_import")).status_code == 403
