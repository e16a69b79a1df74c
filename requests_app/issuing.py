"""From an approved request to a signed, fingerprinted certificate.

The reviewer's approval fixes what is printed (the certified records). Each signer's
action records a ``CertificateSignature``; the ``apply_signatures`` task renders the PDF
once and adds the pending signatures in order. The task can run any number of times:
it only does what is still missing, so a crash or a retry never signs or issues twice.
"""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from accounts.cui import mask_cui
from accounts.services import notify

from .certificates import CertificateData, ServiceRecordLine, SignerLine
from .certificates.codes import sha256_hex
from .certificates.data import DEFAULT_LEGAL_PARAGRAPHS
from .certificates.pdf import render_certificate_pdf
from .certificates.signing import sign_pdf, signer_config
from .models import Certificate, CertificateSigner

SIGNATURES_REQUIRED = 3


def verification_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("verify", args=[code])


def certificate_data(certificate: Certificate) -> CertificateData:
    request = certificate.request
    subject = request.third_party or request.applicant
    signers = CertificateSigner.objects.filter(is_active=True).select_related("user").order_by("order")
    return CertificateData(
        request_number=str(request.number),
        subject_name=subject.get_full_name(),
        subject_cui_masked=mask_cui(subject.cui),
        applicant_name=request.applicant.get_full_name() if request.is_for_third_party else "",
        relationship=request.third_party.get_relationship_display() if request.is_for_third_party else "",
        issue_place="Guatemala",
        issue_date=timezone.localdate(),
        verification_code=certificate.verification_code,
        verification_url=verification_url(certificate.verification_code),
        lines=tuple(
            ServiceRecordLine(
                institution=record.institution.name,
                dependency=record.dependency,
                position_title=record.position_title,
                budget_line=record.budget_line.code,
                base_salary=record.base_salary,
                complements=record.complements,
                bonuses=record.bonuses,
                total=record.total,
                start_date=record.start_date,
                end_date=record.end_date,
            )
            for record in request.certified_records.select_related("institution", "budget_line")
        ),
        legal_paragraphs=DEFAULT_LEGAL_PARAGRAPHS,
        signers=tuple(SignerLine(name=s.user.get_full_name(), role=s.title) for s in signers),
    )


def store_pdf(certificate: Certificate, data: bytes) -> None:
    old_name = certificate.pdf.name
    certificate.pdf.save(f"{certificate.request_id}.pdf", ContentFile(data), save=False)
    if old_name:
        storage = certificate.pdf.storage
        transaction.on_commit(lambda: storage.delete(old_name))


@task()
def apply_signatures(*, certificate_id: int) -> int:
    """Render once and apply every pending signature in order; returns how many are applied."""
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().select_related("request").get(pk=certificate_id)
        pending = list(certificate.signatures.filter(applied_at__isnull=True).select_related("signer"))
        if not pending:
            return certificate.signatures_applied
        pdf = certificate.pdf.read() if certificate.pdf else render_certificate_pdf(certificate_data(certificate))
        for signature in pending:
            pdf = sign_pdf(
                pdf,
                signer_config(signature.signer.key_role),
                field_name=f"Firma{signature.order}",
                reason=_("Certificación de Servicios No. %(n)s") % {"n": certificate.request_id},
                location="Guatemala",
                signer_name=signature.signer_name,
            )
            signature.applied_at = timezone.now()
            signature.save(update_fields=["applied_at"])
            certificate.signatures_applied += 1
        store_pdf(certificate, pdf)
        if certificate.signatures_applied >= SIGNATURES_REQUIRED and not certificate.issued_at:
            certificate.issued_at = timezone.now()
            certificate.sha256 = sha256_hex(pdf)
            notify(
                recipient=certificate.request.applicant,
                title=_("Su Certificación de Servicios No. %(n)s fue emitida") % {"n": certificate.request_id},
                body=_("Ya puede ver y descargar su certificación firmada en Mi Certificación de Servicios."),
                link=reverse("requests_app:issued"),
            )
        certificate.save()
        return certificate.signatures_applied
