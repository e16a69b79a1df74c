"""Three signers in order issue a signed PDF; anyone can verify it by its code."""

import hashlib

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Notification
from requests_app import services
from requests_app.certificates.signing import validate_signatures
from requests_app.constants import RequestState
from requests_app.demo import ensure_signers
from requests_app.issuing import apply_signatures
from requests_app.models import Certificate, CertificateSigner
from requests_app.roles import SIGNER
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signers(staff_in, dev_signing_keys):
    people = [staff_in(SIGNER, first_name=name, last_name="Firmante") for name in ("Ana", "Julio", "Dora")]
    roles = [CertificateSigner.KeyRole.ANALYST, CertificateSigner.KeyRole.HEAD, CertificateSigner.KeyRole.DIRECTOR]
    titles = ["Analista de Certificaciones", "Jefe del Departamento", "Directora"]
    for order, (person, role, title) in enumerate(zip(people, roles, titles, strict=True), start=1):
        CertificateSigner.objects.create(user=person, order=order, key_role=role, title=title)
    return people


@pytest.fixture
def approved(complete_request, reviewer):
    from tests.factories import _catalog

    applicant = complete_request.applicant
    services.request_submit(request=complete_request, user=applicant)
    services.request_take(request=complete_request, reviewer=reviewer)
    with pytest.raises(ValidationError, match="registros certificados"):
        services.request_approve(request=complete_request, reviewer=reviewer)
    complete_request.certified_records.create(
        institution=_catalog("Institution", "ONSEC"),
        dependency="Departamento de Administración de Puestos",
        position_title="Asistente Profesional IV",
        budget_line=_catalog("BudgetLine", "011"),
        base_salary="4100.00",
        complements="375.00",
        bonuses="250.00",
        start_date="1990-02-01",
        end_date="1999-10-31",
    )
    services.request_approve(request=complete_request, reviewer=reviewer)
    complete_request.refresh_from_db()
    return complete_request


def sign_all(request, signers, django_capture_on_commit_callbacks):
    for signer in signers:
        with django_capture_on_commit_callbacks(execute=True):
            services.request_sign(request=request, signer_user=signer)
    request.refresh_from_db()
    return request.certificate


def test_signers_sign_in_order_and_the_third_issues(approved, signers, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError, match="Corresponde la firma 1 de 3"):
        services.request_sign(request=approved, signer_user=signers[2])
    with pytest.raises(PermissionDenied):
        services.request_sign(request=approved, signer_user=UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        services.request_sign(request=approved, signer_user=signers[0])
    approved.refresh_from_db()
    assert approved.state == RequestState.APPROVED
    assert approved.certificate.signatures_applied == 1
    certificate = sign_all(approved, signers[1:], django_capture_on_commit_callbacks)
    assert approved.state == RequestState.ISSUED
    assert certificate.signatures_applied == 3
    assert certificate.issued_at is not None
    pdf = certificate.pdf.read()
    assert certificate.sha256 == hashlib.sha256(pdf).hexdigest()
    results = validate_signatures(pdf, settings.CERTIFICATE_SIGNING_CA)
    assert [r["field"] for r in results] == ["Firma1", "Firma2", "Firma3"]
    assert all(r["intact"] and r["valid"] for r in results), results
    assert Notification.objects.filter(recipient=approved.applicant, title__contains="fue emitida").exists()
    timeline = list(approved.events.values_list("observation", flat=True))
    assert any(line.startswith("Firma 3 de 3: Dora Firmante") for line in timeline)


def test_applying_signatures_again_changes_nothing(approved, signers, django_capture_on_commit_callbacks):
    certificate = sign_all(approved, signers, django_capture_on_commit_callbacks)
    before = (certificate.pdf.name, certificate.sha256)
    assert apply_signatures.call(certificate_id=certificate.pk) == 3
    certificate.refresh_from_db()
    assert (certificate.pdf.name, certificate.sha256) == before


def test_the_applicant_downloads_it_and_nobody_else(client, approved, signers, django_capture_on_commit_callbacks):
    sign_all(approved, signers, django_capture_on_commit_callbacks)
    client.force_login(approved.applicant)
    listing = client.get(reverse("requests_app:issued")).content.decode()
    assert "Tiempo de Servicio" in listing and "Descargar" in listing
    url = reverse("requests_app:certificate", args=[approved.pk])
    response = client.get(url + "?descargar=1")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_public_verification_authentic_annulled_and_unknown(
    client, approved, signers, staff_in, django_capture_on_commit_callbacks
):
    from requests_app.roles import CATALOG_ADMIN

    certificate = sign_all(approved, signers, django_capture_on_commit_callbacks)
    url = reverse("verify", args=[certificate.verification_code])
    page = client.get(url).content.decode()
    subject = approved.applicant
    assert "AUTÉNTICO" in page
    assert subject.cui not in page and subject.cui[-4:] in page
    assert subject.get_full_name() not in page  # surnames are reduced to initials
    assert certificate.sha256 in page
    data = client.get(url, {"formato": "json"}).json()
    assert data["estado"] == "autentico" and data["numero"] == approved.pk
    assert len(data["firmantes"]) == 3

    same = client.post(url, {"pdf": SimpleUploadedFile("c.pdf", certificate.pdf.read())}).content.decode()
    assert "idéntico" in same
    other = client.post(url, {"pdf": SimpleUploadedFile("c.pdf", b"%PDF-1.7 otro")}).content.decode()
    assert "NO es el que se emitió" in other

    services.request_annul(
        request=approved, user=staff_in(CATALOG_ADMIN), observation="Emitida con un período que no corresponde."
    )
    assert "ANULADO" in client.get(url).content.decode()
    missing = client.get(reverse("verify", args=["x" * 32]))
    assert missing.status_code == 404
    assert "NO ENCONTRADO" in missing.content.decode()


def test_verification_is_throttled(client):
    for _attempt in range(60):
        client.get(reverse("verify", args=["codigo-inventado"]))
    assert client.get(reverse("verify", args=["codigo-inventado"])).status_code == 429


def test_demo_signers_fill_the_three_positions(db):
    from cms.setup import ensure_home_page
    from requests_app.demo import ensure_staff
    from requests_app.roles import sync_roles

    ensure_home_page()
    ensure_staff(sync_roles())
    ensure_signers()
    assert list(CertificateSigner.objects.values_list("order", flat=True)) == [1, 2, 3]
    assert Certificate.objects.count() == 0
