"""Three signers in order issue a signed PDF, Emitida only once its file exists; anyone can verify it by its code."""

import hashlib

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Notification
from requests_app import services
from requests_app.certificates.signing import trust_config, validate_signatures
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


def issued_notices(request):
    return Notification.objects.filter(recipient=request.applicant, title__contains="fue emitida")


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
    results = validate_signatures(pdf, trust_config())
    assert [r["field"] for r in results][:3] == ["Firma1", "Firma2", "Firma3"]
    assert results[3]["kind"] == "sello de tiempo del documento"
    assert all(r["intact"] and r["valid"] for r in results), results
    assert issued_notices(approved).count() == 1
    assert len(mail.outbox) == 1  # one email: the certificate is ready
    timeline = list(approved.events.values_list("to_state", "observation"))
    third = next(i for i, (_state, text) in enumerate(timeline) if text.startswith("Firma 3 de 3: Dora Firmante"))
    assert timeline[third][0] == RequestState.SIGNING  # the reloj shows En firma...
    assert timeline[third + 1][0] == RequestState.ISSUED  # ...then Emitida, once the file exists
    assert "emitida con las tres firmas" in timeline[third + 1][1]


def test_applying_signatures_again_changes_nothing(approved, signers, django_capture_on_commit_callbacks):
    certificate = sign_all(approved, signers, django_capture_on_commit_callbacks)
    before = (certificate.pdf.name, certificate.sha256)
    assert apply_signatures.call(certificate_id=certificate.pk) == 3
    certificate.refresh_from_db()
    assert (certificate.pdf.name, certificate.sha256) == before
    assert issued_notices(approved).count() == 1


def test_a_failed_issue_leaves_the_request_en_firma_and_a_retry_issues_it_once(
    client, approved, signers, settings, django_capture_on_commit_callbacks
):
    good = settings.CERTIFICATE_SIGNERS
    settings.CERTIFICATE_SIGNERS = {**good, "director": {**good["director"], "key": "/no/existe/director.key.pem"}}
    certificate = sign_all(approved, signers, django_capture_on_commit_callbacks)
    certificate.refresh_from_db()
    assert approved.state == RequestState.SIGNING
    assert certificate.issued_at is None and certificate.sha256 == ""
    assert certificate.signatures_applied == 2  # the two that could be applied were rolled back with the third
    assert "No se encontró la llave privada" in certificate.last_error
    assert not issued_notices(approved).exists() and mail.outbox == []

    client.force_login(approved.applicant)
    assert "Descargar" not in client.get(reverse("requests_app:issued")).content.decode()
    assert client.get(reverse("requests_app:certificate", args=[approved.pk])).status_code == 404
    assert client.get(reverse("verify", args=[certificate.verification_code])).status_code == 404

    settings.CERTIFICATE_SIGNERS = good
    with django_capture_on_commit_callbacks(execute=True):
        apply_signatures.enqueue(certificate_id=certificate.pk)
    approved.refresh_from_db()
    certificate.refresh_from_db()
    assert approved.state == RequestState.ISSUED and certificate.last_error == ""
    assert certificate.signatures_applied == 3 and certificate.sha256
    assert issued_notices(approved).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        apply_signatures.enqueue(certificate_id=certificate.pk)
    assert issued_notices(approved).count() == 1


def test_staff_see_a_stalled_certificate_on_the_admin_index_and_retry_it(
    client, approved, signers, settings, django_capture_on_commit_callbacks
):
    good = settings.CERTIFICATE_SIGNERS
    settings.CERTIFICATE_SIGNERS = {**good, "director": {**good["director"], "cert": "/no/existe/director.cert.pem"}}
    certificate = sign_all(approved, signers, django_capture_on_commit_callbacks)
    settings.CERTIFICATE_SIGNERS = good
    settings.CERTIFICATE_ISSUE_ALERT_MINUTES = 0
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Certificaciones firmadas sin terminar de emitir" in index
    listing = client.get(reverse("admin:requests_app_certificate_changelist"), {"emision": "pendiente"})
    assert str(certificate.request_id) in listing.content.decode()
    change = client.get(reverse("admin:requests_app_certificationrequest_change", args=[approved.pk]))
    assert "el sistema está generando la certificación firmada" in change.content.decode()
    assert "No se encontró el certificado" in change.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:requests_app_certificate_changelist"),
            {"action": "retry_signing", "_selected_action": [certificate.pk]},
            follow=True,
        )
    assert "Se reintentó la firma y emisión de 1 certificaciones" in response.content.decode()
    approved.refresh_from_db()
    assert approved.state == RequestState.ISSUED


def test_a_signer_sees_the_sign_button_only_on_their_turn(
    client, approved, signers, django_capture_on_commit_callbacks
):
    url = reverse("admin:requests_app_certificationrequest_change", args=[approved.pk])

    def sees_button(user) -> bool:
        client.force_login(user)
        return "Firmar certificación" in client.get(url).content.decode()

    assert [sees_button(person) for person in signers] == [True, False, False]
    assert "corresponde a Ana Firmante" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_sign(request=approved, signer_user=signers[0])
    assert [sees_button(person) for person in signers] == [False, True, False]
    with pytest.raises(ValidationError, match="Corresponde la firma 2 de 3"):
        services.request_sign(request=approved, signer_user=signers[0])  # the service refuses all the same


def test_approve_is_offered_only_once_certified_records_exist(client, complete_request, reviewer):
    services.request_submit(request=complete_request, user=complete_request.applicant)
    services.request_take(request=complete_request, reviewer=reviewer)
    client.force_login(reviewer)
    page = client.get(reverse("admin:requests_app_certificationrequest_change", args=[complete_request.pk]))
    text = page.content.decode()
    assert "Solicitar correcciones" in text
    assert ">Aprobar<" not in text and 'value="Aprobar"' not in text
    assert "Para aprobar, ingrese abajo los registros certificados" in text
    with pytest.raises(ValidationError, match="registros certificados"):
        services.request_approve(request=complete_request, reviewer=reviewer)


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
    assert page.count("Válida") >= 3 and "No válida" not in page
    data = client.get(url, {"formato": "json"}).json()
    assert data["estado"] == "autentico" and data["numero"] == approved.pk
    assert [signer["nombre"] for signer in data["firmantes"]] == ["Ana Firmante", "Julio Firmante", "Dora Firmante"]
    assert all(signer["valida"] and signer["sello_de_tiempo"] and signer["firmado"] for signer in data["firmantes"])
    assert data["sello_de_archivo"]["valido"]

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


def test_a_typed_code_from_paper_finds_the_certificate(client, approved, signers, django_capture_on_commit_callbacks):
    certificate = sign_all(approved, signers, django_capture_on_commit_callbacks)
    form = client.get(reverse("verify_typed")).content.decode()
    assert 'name="codigo"' in form and "Código de verificación" in form
    typed = certificate.verification_code.replace("-", " ").lower()
    response = client.get(reverse("verify_typed"), {"codigo": typed}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("verify", args=[certificate.verification_code])
    assert "AUTÉNTICO" in response.content.decode()


def test_a_mistyped_code_gets_a_field_error_and_an_unknown_one_is_not_found(client, db):
    wrong = client.get(reverse("verify_typed"), {"codigo": "ABC"})
    assert wrong.status_code == 200
    assert "cinco grupos de cinco" in wrong.content.decode() and 'aria-invalid="true"' in wrong.content.decode()
    unknown = client.get(reverse("verify_typed"), {"codigo": "7KQ2M-X9D4R-T0WZC-8HN5P-V3B61"}, follow=True)
    assert unknown.status_code == 404 and "NO ENCONTRADO" in unknown.content.decode()


def test_the_home_page_leads_to_the_verification_form(client, db):
    from cms.setup import ensure_portal_content

    ensure_portal_content()
    assert 'href="/verificar/"' in client.get("/").content.decode()


def test_verification_is_throttled(client):
    """60 a minute per address. The minute's window may end during the loop (django-ratelimit staggers windows by
    key), which lets at most one more minute's worth through: the 429 comes after 60 to 120 answers."""
    url = reverse("verify", args=["codigo-inventado"])
    answered = 0
    while (response := client.get(url)).status_code == 404 and answered <= 120:
        answered += 1
    assert response.status_code == 429
    assert 60 <= answered <= 120


def test_demo_signers_fill_the_three_positions(db):
    from cms.setup import ensure_home_page
    from requests_app.demo import ensure_staff
    from requests_app.roles import sync_roles

    ensure_home_page()
    ensure_staff(sync_roles())
    ensure_signers()
    assert list(CertificateSigner.objects.values_list("order", flat=True)) == [1, 2, 3]
    assert Certificate.objects.count() == 0


def test_the_development_ca_publishes_its_crl_where_its_certificates_point(client, dev_signing_keys):
    from cryptography import x509

    from requests_app.certificates.dev_signers import cert_path

    certificate = x509.load_pem_x509_certificate(cert_path(dev_signing_keys, "director").read_bytes())
    url = certificate.extensions.get_extension_for_class(x509.CRLDistributionPoints).value[0].full_name[0].value
    response = client.get(url.split("127.0.0.1:8000", 1)[1])
    assert response.status_code == 200 and response["Content-Type"] == "application/pkix-crl"
    crl = x509.load_der_x509_crl(response.content)
    ca = x509.load_pem_x509_certificate(cert_path(dev_signing_keys, "ca").read_bytes())
    assert crl.is_signature_valid(ca.public_key())
