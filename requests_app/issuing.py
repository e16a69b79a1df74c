"""From an approved request to a signed, time-stamped, fingerprinted certificate.

The reviewer's approval fixes what is printed (the certified records). Each signer's
action records a ``CertificateSignature`` and enqueues ``apply_signatures``, which
renders the PDF once (with an empty signature field over each signer's block) and
fills the pending fields in order. After the third signature the request is *En
firma*; it becomes *Emitida*, and the applicant is told, only in the transaction that
stores the file with all three signatures and records its SHA-256.

The job can run any number of times, on any worker, and be killed at any point: it
locks the request and then the certificate (the same order as the signers' service,
so the two never deadlock), does only what is still missing, and commits the file,
the applied signatures and the state change together. A stored file that a killed
job never committed is left over as an orphan, never referenced.
"""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from accounts.services import notify

from .certificates import CertificateData, ServiceRecordLine
from .certificates.codes import sha256_hex
from .certificates.data import DEFAULT_LEGAL_PARAGRAPHS
from .certificates.pdf import render_certificate_pdf, stamp_time
from .certificates.signing import load_timestamper, sign_pdf, signer_config, timestamp_authority, trust_config
from .constants import RequestState
from .models import Certificate, CertificationRequest
from .timeline import record_event

SIGNATURES_REQUIRED = 3
logger = logging.getLogger(__name__)


def verification_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("verify", args=[code])


def certificate_data(certificate: Certificate) -> CertificateData:
    request = certificate.request
    subject = request.third_party or request.applicant
    return CertificateData(
        request_number=str(request.number),
        subject_name=subject.get_full_name(),
        subject_cui=subject.cui,
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
        signature_count=SIGNATURES_REQUIRED,
    )


def store_pdf(certificate: Certificate, data: bytes) -> None:
    """Save ``data`` under a new name; the previous file goes once this transaction commits."""
    old_name = certificate.pdf.name
    certificate.pdf.save(f"{certificate.request_id}.pdf", ContentFile(data), save=False)
    if old_name:
        storage = certificate.pdf.storage
        transaction.on_commit(lambda: storage.delete(old_name))


def sign_pending(certificate: Certificate) -> None:
    """Render (first time only) and fill every signature field still empty, in order."""
    pending = list(certificate.signatures.filter(applied_at__isnull=True).select_related("signer").order_by("order"))
    if not pending:
        return
    if certificate.pdf:
        with certificate.pdf.open("rb") as stored:
            pdf = stored.read()
    else:
        pdf = render_certificate_pdf(certificate_data(certificate))
    timestamper, trust = load_timestamper(timestamp_authority()), trust_config()
    for signature in pending:
        applied_at = timezone.now()
        pdf = sign_pdf(
            pdf,
            signer_config(signature.signer.key_role),
            field_name=f"Firma{signature.order}",
            reason=_("Certificación de Servicios No. %(n)s") % {"n": certificate.request_id},
            location="Guatemala",
            signer_name=signature.signer_name,
            signer_title=signature.signer_title,
            signed_at=stamp_time(applied_at),
            timestamper=timestamper,
            trust=trust,
            archive=signature.order == SIGNATURES_REQUIRED,
        )
        signature.applied_at = applied_at
        signature.save(update_fields=["applied_at"])
        certificate.signatures_applied += 1
    store_pdf(certificate, pdf)
    if certificate.signatures_applied >= SIGNATURES_REQUIRED:
        certificate.sha256 = sha256_hex(pdf)


def issue(request: CertificationRequest, certificate: Certificate) -> None:
    """En firma → Emitida, in the transaction that stores the signed file: reloj row and one casillero notice."""
    from_state = request.state
    request.issue()
    request.state_changed_at = timezone.now()
    request.save()
    event = record_event(
        request,
        from_state=from_state,
        actor=None,
        observation=_(
            "Certificación de Servicios No. %(n)s emitida con las tres firmas electrónicas. "
            "Código de verificación: %(code)s."
        )
        % {"n": request.number, "code": certificate.verification_code},
    )
    notify(
        recipient=request.applicant,
        title=_("Su Certificación de Servicios No. %(n)s fue emitida") % {"n": request.number},
        body=event.observation
        + " "
        + _("Ya puede ver y descargar su certificación firmada en Mi Certificación de Servicios."),
        link=reverse("requests_app:issued"),
    )


@task()
def apply_signatures(*, certificate_id: int) -> int:
    """Apply what is pending and, once all three are in the stored file, issue; returns signatures applied."""
    try:
        with transaction.atomic():
            request = CertificationRequest.objects.select_for_update().get(certificate__pk=certificate_id)
            certificate = Certificate.objects.select_for_update().select_related("request").get(pk=certificate_id)
            certificate.last_attempt_at = timezone.now()
            sign_pending(certificate)
            certificate.last_error = ""
            ready = request.state == RequestState.SIGNING and certificate.sha256 and not certificate.issued_at
            if ready:
                certificate.issued_at = timezone.now()
            certificate.save()
            if ready:
                issue(request, certificate)
            return certificate.signatures_applied
    except Exception as error:
        record_failure(certificate_id, error)
        raise


def record_failure(certificate_id: int, error: Exception) -> None:
    """Say why issuing failed, for staff (the admin index lists certificates stuck En firma)."""
    logger.exception("No se pudo emitir la certificación %s", certificate_id)
    try:
        Certificate.objects.filter(pk=certificate_id).update(
            last_error=f"{type(error).__name__}: {error}"[:2000], last_attempt_at=timezone.now()
        )
    except Exception:  # the database itself may be what failed; the job is retried later
        logger.warning("No se pudo registrar el error de la certificación %s", certificate_id)


def unfinished(*, older_than) -> "models.QuerySet[Certificate]":
    """Certificates whose signing stalled: a signature asked for, or all three in, for longer than ``older_than``."""
    cutoff = timezone.now() - older_than
    return Certificate.objects.filter(
        Q(signatures__applied_at__isnull=True, signatures__requested_at__lt=cutoff)
        | Q(request__state=RequestState.SIGNING, issued_at__isnull=True, request__state_changed_at__lt=cutoff)
    ).distinct()


def retry_unfinished(*, older_than) -> int:
    """Queue the signing job again for stalled certificates not attempted for ``older_than``; returns how many."""
    cutoff = timezone.now() - older_than
    stalled = unfinished(older_than=older_than).filter(Q(last_attempt_at__isnull=True) | Q(last_attempt_at__lt=cutoff))
    retried = 0
    for certificate_id in stalled.values_list("pk", flat=True):
        with transaction.atomic():
            Certificate.objects.filter(pk=certificate_id).update(last_attempt_at=timezone.now())
            apply_signatures.enqueue(certificate_id=certificate_id)
        logger.warning("Certificación %s sin terminar de firmar: se reintenta.", certificate_id)
        retried += 1
    return retried
