"""One function per action on a Certificación de Servicios request.

Every function runs in a transaction and locks the request row first, so two
people acting at once leave one consistent result. State changes go through the
model's django-fsm transitions (guards and permissions declared there), write a
timeline entry (the "reloj") and notify the applicant's casillero on commit.
"""

import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed, has_transition_perm

from core.uploads import inspect_upload

from .constants import MAX_PERIODS_PER_REQUEST, DocumentType, RequestState
from .issuing import SIGNATURES_REQUIRED, apply_signatures
from .models import (
    Certificate,
    CertificateSignature,
    CertificateSigner,
    CertificationRequest,
    DocumentRequirement,
    RequestEvent,
    ServicePeriod,
    SupportingDocument,
)
from .timeline import actor_label, notify_applicant, record_event
from .validation import overlapping_pairs, payment_reference_in_use, review_request


class RequestNotEditable(PermissionDenied):
    """The request is no longer in a state in which the applicant may change it."""


@dataclass(frozen=True)
class TransitionOutcome:
    request: CertificationRequest
    event: RequestEvent


def locked(request: CertificationRequest) -> CertificationRequest:
    """Re-read the request with a row lock for the rest of the transaction."""
    return CertificationRequest.objects.select_for_update().get(pk=request.pk)


def run_transition(
    request, name: str, *, user, observation: str, notify_user=True, is_locked=False, **kwargs
) -> TransitionOutcome:
    """Lock, check, transition, save, record and notify: the shape of every state change."""
    if not is_locked:
        request = locked(request)
    method = getattr(request, name)
    if not can_proceed(method, check_conditions=False):
        raise ValidationError(
            _(
                "La solicitud No. %(number)s está en estado «%(state)s»: la acción ya no aplica "
                "(otra persona pudo haberla atendido)."
            )
            % {"number": request.number, "state": request.get_state_display()},
            code="stale_state",
        )
    if not has_transition_perm(method, user):
        raise PermissionDenied(_("No tiene permiso para esta acción."))
    if not can_proceed(method):
        raise ValidationError(_("La solicitud aún tiene datos pendientes."), code="incomplete")
    from_state = request.state
    method(**kwargs)
    request.state_changed_at = timezone.now()
    request.save()
    event = record_event(request, from_state=from_state, actor=user, observation=observation)
    if notify_user:
        notify_applicant(request, event)  # the casillero row commits with the state; its email after commit
    return TransitionOutcome(request, event)


def require_editable(request: CertificationRequest, user) -> CertificationRequest:
    request = locked(request)
    if request.applicant_id != user.pk:
        raise PermissionDenied(_("Esta solicitud no le pertenece."))
    if not request.is_editable:
        raise RequestNotEditable(
            _("La solicitud está en estado «%(state)s» y ya no se puede modificar.")
            % {"state": request.get_state_display()}
        )
    return request


@transaction.atomic
def request_create(*, applicant, third_party=None, token: uuid.UUID | None = None) -> CertificationRequest:
    """A new draft; posting the same form token twice returns the same draft."""
    if third_party is not None and third_party.owner_id != applicant.pk:
        raise PermissionDenied(_("Ese tercero asociado no está registrado por usted."))
    if token:
        existing = CertificationRequest.objects.filter(applicant=applicant, creation_token=token).first()
        if existing:
            return existing
    try:
        with transaction.atomic():
            request = CertificationRequest.objects.create(
                applicant=applicant, third_party=third_party, creation_token=token
            )
    except IntegrityError:
        return CertificationRequest.objects.get(applicant=applicant, creation_token=token)
    observation = _("%(actor)s creó la solicitud de Certificación de Servicios No. %(number)s.") % {
        "actor": actor_label(applicant),
        "number": request.number,
    }
    record_event(request, from_state="", actor=applicant, observation=observation)
    return request


@transaction.atomic
def request_delete_draft(*, request: CertificationRequest, user) -> None:
    request = require_editable(request, user)
    if request.state != RequestState.DRAFT:
        raise RequestNotEditable(_("Solo se pueden eliminar solicitudes en creación."))
    for document in request.documents.all():
        discard(document)
    request.delete()


@transaction.atomic
def request_submit(*, request: CertificationRequest, user) -> TransitionOutcome:
    """*Solicitar CS*: sends a complete request (first time or after corrections)."""
    current = locked(request)
    if current.state == RequestState.SUBMITTED and current.applicant_id == user.pk:
        raise ValidationError(_("La solicitud ya fue enviada."), code="already_submitted")
    problems = [problem for section in review_request(current) for problem in section.problems]
    if problems:
        raise ValidationError(problems, code="incomplete")
    resubmission = current.state == RequestState.CORRECTIONS
    current.subject_snapshot = subject_snapshot(current)
    observation = (
        _("%(actor)s corrigió y envió de nuevo la solicitud No. %(number)s.")
        if resubmission
        else _("%(actor)s envió la solicitud de Certificación de Servicios No. %(number)s.")
    ) % {"actor": actor_label(user), "number": current.number}
    return run_transition(current, "submit", user=user, observation=observation, is_locked=True)


def subject_snapshot(request: CertificationRequest) -> dict:
    person = request.third_party if request.is_for_third_party else request.applicant
    return {
        "full_name": person.get_full_name(),
        "cui": person.cui,
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "for_third_party": request.is_for_third_party,
        "relationship": request.third_party.get_relationship_display() if request.is_for_third_party else "",
        "applicant_name": request.applicant.get_full_name(),
        "applicant_cui": request.applicant.cui,
    }


@transaction.atomic
def request_take(*, request, reviewer) -> TransitionOutcome:
    observation = _("%(actor)s ha tomado la solicitud para revisión.") % {"actor": actor_label(reviewer)}
    return run_transition(request, "take", user=reviewer, observation=observation, reviewer=reviewer)


ASSIGNABLE_STATES = (RequestState.SUBMITTED, RequestState.IN_REVIEW)


@transaction.atomic
def request_assign(*, requests, reviewer, user) -> list[CertificationRequest]:
    """Give requests to a reviewer from the queue: each one saved (a history row) with a reloj event.

    Only requests waiting in the queue (Solicitada, En Revisión) are assigned; the others are
    left as they are. Returns the requests assigned.
    """
    if not user.has_perm("requests_app.review_request"):
        raise PermissionDenied(_("No tiene permiso para esta acción."))
    assigned = list(
        CertificationRequest.objects.select_for_update()
        .filter(pk__in=[request.pk for request in requests], state__in=ASSIGNABLE_STATES)
        .order_by("pk")
    )
    observation = _("%(actor)s asignó la solicitud a %(reviewer)s.") % {
        "actor": actor_label(user),
        "reviewer": actor_label(reviewer),
    }
    for request in assigned:
        request.reviewer = reviewer
        request.save(update_fields=["reviewer", "updated_at"])
        record_event(request, from_state=request.state, actor=user, observation=observation)
    return assigned


@transaction.atomic
def request_ask_for_corrections(*, request, reviewer, observation: str) -> TransitionOutcome:
    return run_transition(request, "ask_for_corrections", user=reviewer, observation=required_observation(observation))


@transaction.atomic
def request_reject(*, request, reviewer, observation: str) -> TransitionOutcome:
    return run_transition(request, "reject", user=reviewer, observation=required_observation(observation))


@transaction.atomic
def request_approve(*, request, reviewer, observation: str = "") -> TransitionOutcome:
    """Approve for signature: what the certificate prints (the certified records) must be there."""
    if not request.certified_records.exists():
        raise ValidationError(
            _("Ingrese los registros certificados (lo que imprimirá la certificación) antes de aprobar."),
            code="no_records",
        )
    observation = observation.strip() or _("Solicitud aprobada; pasa a firma.")
    return run_transition(request, "approve", user=reviewer, observation=observation)


@transaction.atomic
def request_sign(*, request, signer_user) -> TransitionOutcome:
    """One signature, in order; after the third the request is En firma until the job issues it.

    Locks the request, then the certificate: the signing job takes them in the same order.
    """
    request = locked(request)
    signer = CertificateSigner.objects.filter(user=signer_user, is_active=True).first()
    if signer is None:
        raise PermissionDenied(_("Usted no está configurado como firmante de certificaciones."))
    certificate, _created = Certificate.objects.get_or_create(request=request)
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    next_order = certificate.signatures.count() + 1
    if request.state == RequestState.APPROVED and signer.order != next_order:
        expected = CertificateSigner.objects.filter(order=next_order, is_active=True).select_related("user").first()
        raise ValidationError(
            _("Corresponde la firma %(n)s de 3, de %(who)s.")
            % {"n": next_order, "who": expected.title if expected else _("un firmante no configurado")},
            code="signing_order",
        )
    is_last = next_order == SIGNATURES_REQUIRED
    observation = _("Firma %(n)s de 3: %(name)s, %(title)s.") % {
        "n": next_order,
        "name": signer_user.get_full_name(),
        "title": signer.title,
    }
    if is_last:
        observation += " " + _("Se está generando la certificación firmada.")
    outcome = run_transition(
        request, "sign", user=signer_user, observation=observation, is_locked=True, notify_user=False, is_last=is_last
    )
    CertificateSignature.objects.create(
        certificate=certificate,
        order=next_order,
        signer=signer,
        signer_name=signer_user.get_full_name(),
        signer_title=signer.title,
    )
    transaction.on_commit(lambda: apply_signatures.enqueue(certificate_id=certificate.pk))
    return outcome


@transaction.atomic
def request_annul(*, request, user, observation: str) -> TransitionOutcome:
    """Revoke an issued certificate; the public verification page then says Anulado."""
    outcome = run_transition(request, "annul", user=user, observation=required_observation(observation))
    Certificate.objects.filter(request=outcome.request).update(
        annulled_at=timezone.now(), annul_reason=outcome.event.observation
    )
    return outcome


def required_observation(observation: str) -> str:
    observation = (observation or "").strip()
    if len(observation) < 10:
        raise ValidationError(
            _("Escriba una observación (al menos 10 caracteres) que explique al solicitante qué debe hacer."),
            code="observation_required",
        )
    return observation


# Editing a request while it is En Creación or Con Observaciones.


@transaction.atomic
def period_add(*, request, user, **fields) -> ServicePeriod:
    request = require_editable(request, user)
    period = ServicePeriod(request=request, **fields)
    period.full_clean(exclude=["request"])
    others = list(request.periods.all())
    if len(others) >= MAX_PERIODS_PER_REQUEST:
        raise ValidationError(
            _("Una solicitud admite como máximo %(max)s períodos.") % {"max": MAX_PERIODS_PER_REQUEST},
            code="too_many_periods",
        )
    clashes = [other for first, second in overlapping_pairs([*others, period]) for other in (first, second)]
    if period in clashes:
        other = next(p for p in clashes if p is not period)
        raise ValidationError(
            _("El período se traslapa con otro ya agregado (%(start)s – %(end)s).")
            % {"start": f"{other.start_date:%d/%m/%Y}", "end": f"{other.end_date:%d/%m/%Y}"},
            code="overlap",
        )
    period.save()
    touch(request)
    return period


@transaction.atomic
def period_remove(*, request, user, period_id: int) -> None:
    request = require_editable(request, user)
    deleted, _rows = request.periods.filter(pk=period_id).delete()
    if not deleted:
        raise ValidationError(_("Ese período no existe en la solicitud."), code="missing_period")
    touch(request)


@transaction.atomic
def payment_set(*, request, user, method: str, reference: str, payment_date) -> CertificationRequest:
    request = require_editable(request, user)
    request.payment_method = method
    request.payment_reference = normalize_reference(reference)
    request.payment_date = payment_date
    if payment_reference_in_use(request):
        raise ValidationError(
            {"reference": _("Esta boleta o referencia ya fue utilizada en otra solicitud.")}, code="reference_used"
        )
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError as error:  # another request took it in the meantime
        raise ValidationError(
            {"reference": _("Esta boleta o referencia ya fue utilizada en otra solicitud.")}, code="reference_used"
        ) from error
    return request


def normalize_reference(reference: str) -> str:
    return "".join((reference or "").split()).upper()


@transaction.atomic
def document_upload(*, request, user, document_type: str, upload, specification: str = "") -> SupportingDocument:
    """Store a content-checked document; for single-file types it replaces the previous one."""
    request = require_editable(request, user)
    requirement = DocumentRequirement.objects.filter(document_type=document_type, is_active=True).first()
    if requirement is None:
        raise ValidationError(_("Ese tipo de documento no se solicita."), code="unknown_document_type")
    if document_type == DocumentType.OTHER and not specification.strip():
        raise ValidationError({"specification": _("Especifique qué documento está subiendo.")}, code="specify")
    clean = inspect_upload(upload, allowed_extensions=requirement.extensions, max_bytes=requirement.max_bytes)
    existing = list(request.documents.filter(document_type=document_type))
    if requirement.max_files == 1:
        for old in existing:
            discard(old)
    elif len(existing) >= requirement.max_files:
        raise ValidationError(
            _("Puede subir como máximo %(max)s archivos de este tipo.") % {"max": requirement.max_files},
            code="too_many_files",
        )
    document = SupportingDocument(
        request=request,
        document_type=document_type,
        specification=specification.strip(),
        original_name=clean.original_name,
        content_type=clean.content_type,
        size=clean.size,
        sha256=clean.sha256,
        uploaded_by=user,
    )
    document.file.save(clean.original_name, clean.content, save=False)
    document.save()
    touch(request)
    return document


@transaction.atomic
def document_remove(*, request, user, document_id: int) -> None:
    request = require_editable(request, user)
    document = request.documents.filter(pk=document_id).first()
    if document is None:
        raise ValidationError(_("Ese documento no existe en la solicitud."), code="missing_document")
    discard(document)
    touch(request)


def discard(document: SupportingDocument) -> None:
    """Delete the row now, and its file once the transaction has committed (unless shared)."""
    storage, name = document.file.storage, document.file.name
    document.delete()
    if not SupportingDocument.objects.filter(file=name).exists():
        transaction.on_commit(lambda: storage.delete(name))


def touch(request: CertificationRequest) -> None:
    """Mark the request as updated (for *Fecha última actualización*)."""
    CertificationRequest.objects.filter(pk=request.pk).update(updated_at=timezone.now())


def remember_step(request: CertificationRequest, step: int) -> None:
    if request.last_step != step:
        CertificationRequest.objects.filter(pk=request.pk).update(last_step=step)
        request.last_step = step
