"""The applicant downloads the signed certificate; its QR address says Auténtico."""

from concurrent.futures import ThreadPoolExecutor

from django.core.management import call_command

from cms.setup import ensure_home_page
from requests_app import services
from requests_app.demo import ensure_signers, ensure_staff
from requests_app.roles import REVIEWER, sync_roles
from tests.e2e.test_request_wizard import sign_in
from tests.factories import ServicePeriodFactory, _catalog, complete_applicant, pdf_upload


def issued_request(applicant):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from requests_app.constants import DocumentType, PaymentMethod

    request = services.request_create(applicant=applicant)
    ServicePeriodFactory(request=request)
    services.payment_set(
        request=request,
        user=applicant,
        method=PaymentMethod.TRANSFER,
        reference="TR7788",
        payment_date=timezone.localdate(),
    )
    for kind in (DocumentType.DPI, DocumentType.IGSS, DocumentType.PAYMENT):
        services.document_upload(request=request, user=applicant, document_type=kind, upload=pdf_upload())
    services.request_submit(request=request, user=applicant)
    users = get_user_model().objects
    reviewer = users.filter(groups__name=REVIEWER).first()
    services.request_take(request=request, reviewer=reviewer)
    request.certified_records.create(
        institution=_catalog("Institution", "ONSEC"),
        position_title="Asistente Profesional IV",
        budget_line=_catalog("BudgetLine", "011"),
        base_salary="4100.00",
        start_date="1990-02-01",
        end_date="1999-10-31",
    )
    services.request_approve(request=request, reviewer=reviewer)
    for signer in ("firmante1", "firmante2", "firmante3"):
        services.request_sign(request=request, signer_user=users.get(email=f"{signer}@demo.gob.gt"))
    request.refresh_from_db()
    return request


def test_download_and_verify(page, screenshot, tmp_path, settings):
    from requests_app.catalog_loader import load_catalogs
    from requests_app.setup import ensure_document_requirements

    load_catalogs()
    ensure_document_requirements()
    ensure_home_page()
    ensure_staff(sync_roles())
    ensure_signers()
    call_command("make_dev_signers", "--dir", str(settings.SIGNING_DIR), verbosity=0)
    applicant = complete_applicant()
    # Playwright keeps an event loop in this thread; pyHanko signs with its own, as a worker would.
    with ThreadPoolExecutor(max_workers=1) as worker:
        request = worker.submit(issued_request, applicant).result()
    assert request.state == "emitida"

    sign_in(page, applicant)
    page.goto("/certificaciones/emitidas/")
    screenshot("mi-certificacion")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Descargar").click()
    target = tmp_path / "certificado.pdf"
    download_info.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")

    code = request.certificate.verification_code
    page.goto(f"/verificar/{code}/")
    assert page.get_by_text("AUTÉNTICO").is_visible()
    screenshot("verificacion-autentico")
