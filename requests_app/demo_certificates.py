"""Real, signed certificates for the demo: what a newcomer signed in as a demo citizen downloads.

They go through the same path as any request (the services, the reviewer's
approval, the three signers and the ``apply_signatures`` task), so the demo shows
the product's result exactly as it is made.
"""

import io
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from catalogs.models import BudgetLine, Institution, Municipality

from . import services
from .certificates.signing import load_signer, load_timestamper, signer_config, timestamp_authority
from .constants import DocumentType, PaymentMethod, RequestState
from .demo import DEMO_DOMAIN, applicant_email
from .issuing import apply_signatures
from .models import CertificateSigner, CertificationRequest

#: Demo citizens 1..N each get one issued certificate.
DEMO_ISSUED = 2
CAREERS = (
    (("Ministerio de Educación", "Escuela Oficial Rural Mixta", "Maestro de Educación Primaria"), (1995, 2, 1), 12),
    (("Ministerio de Salud", "Centro de Salud", "Auxiliar de Enfermería"), (1998, 7, 1), 9),
)


class SigningNotConfigured(Exception):
    """The signers' keys or the time-stamping authority are missing (run make_dev_signers)."""


def _demo_pdf(title: str) -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.add_metadata({"/Title": title})
    output = io.BytesIO()
    writer.write(output)
    return SimpleUploadedFile(f"{title}.pdf", output.getvalue(), content_type="application/pdf")


def _check_signing() -> None:
    try:
        for signer in CertificateSigner.objects.filter(is_active=True):
            load_signer(signer_config(signer.key_role))
        load_timestamper(timestamp_authority())
    except ImproperlyConfigured as error:
        raise SigningNotConfigured(str(error)) from error


def _catalog(model, **lookup):
    found = model.objects.filter(**lookup).first()
    return found or model.objects.order_by("pk").first()


def approve_for(applicant, career, reviewer) -> CertificationRequest:
    """One request of ``applicant``, from the wizard to the reviewer's approval (ready for the signers)."""
    (institution_name, dependency, position), (year, month, day), years = career
    institution = _catalog(Institution, name__icontains=institution_name.split()[-1])
    budget_line = _catalog(BudgetLine, code="011")
    start, end = date(year, month, day), date(year + years, 12, 31)
    request = services.request_create(applicant=applicant)
    services.period_add(
        request=request,
        user=applicant,
        institution=institution,
        dependency=dependency,
        position_title=position,
        start_date=start,
        end_date=end,
        budget_line=budget_line,
        municipality=_catalog(Municipality, code="0101"),
    )
    services.payment_set(
        request=request,
        user=applicant,
        method=PaymentMethod.DEPOSIT_SLIP,
        reference=f"DEMO{applicant.pk:06d}{request.pk:06d}",
        payment_date=timezone.localdate(),
    )
    for document_type in (DocumentType.DPI, DocumentType.IGSS, DocumentType.PAYMENT):
        services.document_upload(
            request=request,
            user=applicant,
            document_type=document_type,
            upload=_demo_pdf(f"Documento de demostración {document_type}"),
        )
    services.request_submit(request=request, user=applicant)
    services.request_take(request=request, reviewer=reviewer)
    request.certified_records.create(
        institution=institution,
        dependency=dependency,
        position_title=position,
        budget_line=budget_line,
        base_salary=Decimal("4100.00"),
        complements=Decimal("375.00"),
        bonuses=Decimal("250.00"),
        start_date=start,
        end_date=end,
        entered_by=reviewer,
    )
    services.request_approve(request=request, reviewer=reviewer, observation="Registros verificados.")
    return request


def issue_for(applicant, career, reviewer, signers) -> CertificationRequest:
    """One request of ``applicant``, from the wizard to the signed file."""
    request = approve_for(applicant, career, reviewer)
    for signer in signers:
        services.request_sign(request=request, signer_user=signer)
    apply_signatures.call(certificate_id=request.certificate.pk)  # whatever the task backend: done before we return
    request.refresh_from_db()
    return request


def ensure_issued_certificates(count: int = DEMO_ISSUED) -> int:
    """Demo citizens 1..count each with one issued certificate; returns how many were issued now."""
    user_model = get_user_model()
    applicants = [user_model.objects.filter(email=applicant_email(n)).first() for n in range(1, count + 1)]
    pending = [
        user
        for user in applicants
        if user is not None
        and not CertificationRequest.objects.filter(applicant=user, state=RequestState.ISSUED).exists()
    ]
    if not pending:
        return 0
    _check_signing()
    reviewer = user_model.objects.get(email=f"revisor@{DEMO_DOMAIN}")
    signers = [signer.user for signer in CertificateSigner.objects.filter(is_active=True).select_related("user")]
    for index, applicant in enumerate(pending):
        issue_for(applicant, CAREERS[index % len(CAREERS)], reviewer, signers)
    return len(pending)
