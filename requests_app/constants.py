"""States, labels and fixed choices of the Certificación de Servicios, in one place."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.languages import once_per_language


class RequestState(models.TextChoices):
    DRAFT = "en_creacion", _("En Creación")
    SUBMITTED = "solicitada", _("Solicitada")
    IN_REVIEW = "en_revision", _("En Revisión")
    CORRECTIONS = "con_observaciones", _("Con Observaciones")
    REJECTED = "rechazada", _("Rechazada")
    APPROVED = "aprobada", _("Aprobada")
    SIGNING = "en_firma", _("En firma")
    ISSUED = "emitida", _("Emitida")
    ANNULLED = "anulada", _("Anulada")


@once_per_language
def state_labels() -> dict[str, str]:
    """Each state's name in the active language, by value: translated once per process and language, for the
    pages that name many states (lists, the reloj, the admin queue)."""
    return {state.value: str(state.label) for state in RequestState}


# The applicant may change the request only in these states.
EDITABLE_STATES = (RequestState.DRAFT, RequestState.CORRECTIONS)
# A payment reference is "used" by every request in these states.
LIVE_STATES = tuple(s for s in RequestState if s not in (RequestState.REJECTED, RequestState.ANNULLED))
# Work waiting on staff, for queues and deadlines.
STAFF_PENDING_STATES = (RequestState.SUBMITTED, RequestState.IN_REVIEW, RequestState.APPROVED)


class PaymentMethod(models.TextChoices):
    DEPOSIT_SLIP = "boleta", _("Boleta Banrural")
    TRANSFER = "transferencia", _("Transferencia Electrónica Banrural")


# Step 3's labels follow the chosen payment type, as in the manual: (reference, date).
PAYMENT_REFERENCE_LABELS = {
    PaymentMethod.DEPOSIT_SLIP: (_("Número de boleta"), _("Fecha de depósito")),
    PaymentMethod.TRANSFER: (_("Número de referencia"), _("Fecha de transferencia")),
}


class DocumentType(models.TextChoices):
    DPI = "dpi", _("DPI de ambos lados")
    IGSS = "igss", _("Afiliación al IGSS")
    PAYMENT = "deposito", _("Depósito Monetario")
    OTHER = "otro", _("Otros Documentos")


class Relationship(models.TextChoices):
    SPOUSE = "conyuge", _("Cónyuge")
    CHILD = "hijo", _("Hijo(a)")
    PARENT = "padre", _("Padre o madre")
    SIBLING = "hermano", _("Hermano(a)")
    GRANDCHILD = "nieto", _("Nieto(a)")
    OTHER_RELATIVE = "otro_familiar", _("Otro familiar")
    NONE = "ninguno", _("Sin parentesco (representante o mandatario)")


class WizardStep(models.IntegerChoices):
    GENERAL = 1, _("Datos Generales")
    PERIODS = 2, _("Certificación de servicios a solicitar")
    PAYMENT = 3, _("Información de Boleta")
    DOCUMENTS = 4, _("Documentos de Respaldo")
    SUBMIT = 5, _("Solicitar CS")


@once_per_language
def step_titles() -> dict[int, str]:
    """Each step's title as step 5's checks write it ("1 - Datos Generales"), by number, in the active language:
    written once per process and language."""
    return {step.value: f"{step.value} - {step.label}" for step in WizardStep}


MAX_PERIODS_PER_REQUEST = 40
MAX_OTHER_DOCUMENTS = 10

# A request number no page shows: markup rendered once with it (rows, the stepper, change links)
# gets each request's number put in its place.
STAND_IN_NUMBER = 987654321
