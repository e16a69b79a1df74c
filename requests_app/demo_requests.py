"""Demo Certificación de Servicios requests at scale, across every state.

Rows are written in bulk (requests, their history, periods, documents and
timeline events in a few queries per thousand), so ``--requests 100000`` takes
seconds, and each request's timeline matches its state. The demo documents of
every request share one small stored PDF per type.
"""

import hashlib
import io
import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from pypdf import PdfWriter
from simple_history.utils import bulk_create_with_history

from catalogs.models import BudgetLine, Institution, Municipality
from core.storage import private_storage

from .constants import STAFF_PENDING_STATES, DocumentType, PaymentMethod, RequestState
from .models import CertificationRequest, RequestEvent, ServicePeriod, SupportingDocument

BATCH = 2000
# Bulk requests never claim to be Emitida or Anulada: those need a signed file, which only the real
# path makes (demo_certificates.ensure_issued_certificates issues the demo citizens' certificates).
STATE_WEIGHTS = {
    RequestState.DRAFT: 15,
    RequestState.SUBMITTED: 30,
    RequestState.IN_REVIEW: 20,
    RequestState.CORRECTIONS: 10,
    RequestState.REJECTED: 5,
    RequestState.APPROVED: 20,
}
PATHS = {
    RequestState.DRAFT: [RequestState.DRAFT],
    RequestState.SUBMITTED: [RequestState.DRAFT, RequestState.SUBMITTED],
    RequestState.IN_REVIEW: [RequestState.DRAFT, RequestState.SUBMITTED, RequestState.IN_REVIEW],
    RequestState.CORRECTIONS: [
        RequestState.DRAFT,
        RequestState.SUBMITTED,
        RequestState.IN_REVIEW,
        RequestState.CORRECTIONS,
    ],
    RequestState.REJECTED: [RequestState.DRAFT, RequestState.SUBMITTED, RequestState.IN_REVIEW, RequestState.REJECTED],
    RequestState.APPROVED: [RequestState.DRAFT, RequestState.SUBMITTED, RequestState.IN_REVIEW, RequestState.APPROVED],
    RequestState.ISSUED: [
        RequestState.DRAFT,
        RequestState.SUBMITTED,
        RequestState.IN_REVIEW,
        RequestState.APPROVED,
        RequestState.ISSUED,
    ],
    RequestState.ANNULLED: [
        RequestState.DRAFT,
        RequestState.SUBMITTED,
        RequestState.IN_REVIEW,
        RequestState.APPROVED,
        RequestState.ISSUED,
        RequestState.ANNULLED,
    ],
}
OBSERVATIONS = {
    RequestState.DRAFT: "{actor} creó la solicitud de Certificación de Servicios No. {number}.",
    RequestState.SUBMITTED: "{actor} envió la solicitud de Certificación de Servicios No. {number}.",
    RequestState.IN_REVIEW: "REBECA ANALISTA ha tomado la solicitud para revisión.",
    RequestState.CORRECTIONS: "El comprobante de depósito no es legible. Suba de nuevo el documento escaneado.",
    RequestState.REJECTED: "El depósito no corresponde a la cuenta de la Oficina Nacional de Servicio Civil.",
    RequestState.APPROVED: "Solicitud aprobada; pasa a firma.",
    RequestState.ISSUED: "Certificación emitida con tres firmas electrónicas.",
    RequestState.ANNULLED: "Certificación anulada a solicitud del interesado por error en los períodos.",
}
POSITIONS = [
    "Asistente Profesional IV",
    "Oficinista I",
    "Técnico Administrativo II",
    "Maestro de Educación Primaria",
    "Enfermera Auxiliar",
    "Analista Financiero III",
    "Secretaria Ejecutiva II",
    "Piloto de Vehículos Livianos",
    "Profesional Jefe I",
]
DEPENDENCIES = [
    "Departamento de Administración de Puestos",
    "Dirección Financiera",
    "Escuela Oficial Rural Mixta",
    "Centro de Salud",
    "Dirección de Recursos Humanos",
    "Unidad de Auditoría Interna",
]


def demo_document(document_type: str) -> tuple[str, int, str]:
    """The stored sample PDF for a document type: (name, size, sha256)."""
    storage = private_storage()
    name = f"demo/{document_type}.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.add_metadata({"/Title": f"Documento de demostración: {DocumentType(document_type).label}"})
    output = io.BytesIO()
    writer.write(output)
    data = output.getvalue()
    if not storage.exists(name):
        storage.save(name, ContentFile(data))
    return name, len(data), hashlib.sha256(data).hexdigest()


@transaction.atomic
def ensure_requests(count: int, *, seed: int = 2026) -> int:
    """Create demo requests until there are ``count`` of them; returns how many were made."""
    missing = count - CertificationRequest.objects.count()
    applicants = list(
        get_user_model()
        .objects.filter(is_staff=False, email__startswith="ciudadano")
        .only("pk", "first_name", "last_name")
    )
    if missing <= 0 or not applicants:
        return 0
    rng = random.Random(seed + CertificationRequest.objects.count())
    catalog = {
        "institutions": list(Institution.objects.values_list("pk", flat=True)),
        "budget_lines": list(BudgetLine.objects.values_list("pk", flat=True)),
        "municipalities": list(Municipality.objects.values_list("pk", flat=True)),
        "documents": {t: demo_document(t) for t in (DocumentType.DPI, DocumentType.IGSS, DocumentType.PAYMENT)},
    }
    made = 0
    while made < missing:
        size = min(BATCH, missing - made)
        create_batch(size, applicants, catalog, rng)
        made += size
    return made


def create_batch(size, applicants, catalog, rng) -> None:
    """One bulk round: requests with history, then their periods, documents and events."""
    now = timezone.now()
    states = rng.choices(list(STATE_WEIGHTS), weights=list(STATE_WEIGHTS.values()), k=size)
    requests = []
    for state in states:
        age_days = rng.uniform(0.2, 12) if state in STAFF_PENDING_STATES else rng.uniform(1, 365)
        created = now - timedelta(days=age_days, minutes=rng.randint(0, 600))
        path = PATHS[state]
        changed = created + timedelta(days=rng.uniform(0.1, 3) * (len(path) - 1))
        request = CertificationRequest(
            state=state,
            applicant_id=rng.choice(applicants).pk,
            created_at=created,
            state_changed_at=min(changed, now),
            submitted_at=created + timedelta(hours=2) if len(path) > 1 else None,
            payment_method=rng.choice(list(PaymentMethod)),
            payment_reference=f"D{rng.randrange(10**11):011d}",
            payment_date=(created - timedelta(days=rng.randint(0, 5))).date(),
            last_step=5 if len(path) > 1 else rng.randint(1, 4),
        )
        requests.append(request)
    created_requests = bulk_create_with_history(requests, CertificationRequest, batch_size=BATCH)
    if not created_requests[0].pk:  # backends that do not return ids (none of ours); reload by reference
        references = [r.payment_reference for r in requests]
        created_requests = list(CertificationRequest.objects.filter(payment_reference__in=references))
    names = {user.pk: f"{user.first_name} {user.last_name}".upper() for user in applicants}
    write_children(created_requests, catalog, rng, names)
    CertificationRequest.objects.filter(pk__in=[r.pk for r in created_requests]).update(
        updated_at=F("state_changed_at")
    )


def write_children(requests, catalog, rng, names) -> None:
    periods, documents, events = [], [], []
    today = timezone.localdate()
    for request in requests:
        start = date(rng.randint(1980, 2015), rng.randint(1, 12), 1)
        for _index in range(rng.randint(1, 3)):
            end = min(start + timedelta(days=rng.randint(200, 3000)), today - timedelta(days=30))
            if end < start:
                break
            periods.append(
                ServicePeriod(
                    request=request,
                    institution_id=rng.choice(catalog["institutions"]),
                    dependency=rng.choice(DEPENDENCIES),
                    position_title=rng.choice(POSITIONS),
                    start_date=start,
                    end_date=end,
                    budget_line_id=rng.choice(catalog["budget_lines"]),
                    municipality_id=rng.choice(catalog["municipalities"]),
                )
            )
            start = end + timedelta(days=rng.randint(1, 400))
        if request.state != RequestState.DRAFT:
            for document_type, (name, size, digest) in catalog["documents"].items():
                documents.append(
                    SupportingDocument(
                        request=request,
                        document_type=document_type,
                        file=name,
                        original_name=f"{document_type}.pdf",
                        content_type="application/pdf",
                        size=size,
                        sha256=digest,
                        uploaded_at=request.created_at,
                    )
                )
        events.extend(timeline_events(request, names.get(request.applicant_id, "")))
    bulk_create_with_history(periods, ServicePeriod, batch_size=BATCH)
    bulk_create_with_history(documents, SupportingDocument, batch_size=BATCH)
    RequestEvent.objects.bulk_create(events, batch_size=BATCH)


def timeline_events(request, applicant_name: str) -> list[RequestEvent]:
    path = PATHS[RequestState(request.state)]
    span = (request.state_changed_at - request.created_at) / max(len(path) - 1, 1)
    events, previous = [], ""
    for index, state in enumerate(path):
        events.append(
            RequestEvent(
                request=request,
                from_state=previous,
                to_state=state,
                actor_id=request.applicant_id if state in (RequestState.DRAFT, RequestState.SUBMITTED) else None,
                observation=OBSERVATIONS[state].format(actor=applicant_name, number=request.pk),
                created_at=request.created_at + span * index,
            )
        )
        previous = state
    return events
