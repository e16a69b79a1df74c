"""The Certificación de Servicios request, its periods, documents, third parties and timeline.

State changes are declared once, as django-fsm transitions on
``CertificationRequest``; they are run only through ``requests_app.services``,
which locks the row, records the observation in the timeline and notifies.
"""

import uuid
from functools import cache
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, FSMFieldMixin, transition
from simple_history.models import HistoricalRecords

from accounts.constants import Gender
from accounts.models import PersonName, cui_field_validator
from catalogs.models import BudgetLine, Institution, Municipality
from core.storage import private_storage

from .. import validation
from ..constants import EDITABLE_STATES, LIVE_STATES, DocumentType, PaymentMethod, Relationship, RequestState
from ..query import CertificationRequestQuerySet, ThirdPartyQuerySet

STATE_FIELD_MAX_LENGTH = 20


def is_next_signer(instance, user) -> bool:
    """The user signs certificates and the next signature of this one is theirs."""
    signer = getattr(user, "certificate_signer", None)
    if signer is None or not signer.is_active or not user.has_perm("requests_app.sign_certificate"):
        return False
    return signer.order == instance.signatures_given() + 1


def nobody(instance, user) -> bool:
    """For transitions that only the system makes (the signing job issues; no person can)."""
    return False


def is_applicant(instance, user) -> bool:
    return user.is_authenticated and instance.applicant_id == user.pk


class ThirdParty(PersonName):
    """A person (*tercero asociado*) for whom an applicant may request a certificate."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrado por"),
        on_delete=models.PROTECT,
        related_name="third_parties",
    )
    cui = models.CharField(_("DPI (CUI)"), max_length=13, validators=[cui_field_validator])
    nit = models.CharField(_("NIT"), max_length=12, blank=True)
    birth_date = models.DateField(_("fecha de nacimiento"))
    gender = models.CharField(_("género"), max_length=1, choices=Gender.choices)
    nationality = models.CharField(_("nacionalidad"), max_length=60, default="Guatemalteca")
    email = models.EmailField(_("correo electrónico"), blank=True)
    phone = models.CharField(_("teléfono"), max_length=20, blank=True)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipio"), on_delete=models.PROTECT, related_name="+"
    )
    zone = models.PositiveSmallIntegerField(_("zona"), null=True, blank=True)
    address = models.CharField(_("dirección"), max_length=255)
    notification_address = models.CharField(_("dirección para recibir notificaciones"), max_length=255)
    relationship = models.CharField(_("parentesco"), max_length=20, choices=Relationship.choices)
    is_alive = models.BooleanField(_("¿aún vive?"), default=True)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    history = HistoricalRecords()
    objects = ThirdPartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("tercero asociado")
        verbose_name_plural = _("terceros asociados")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "cui"],
                name="third_party_unique_cui_per_owner",
                violation_error_message=_("Ya registró a una persona con este DPI."),
            )
        ]

    def __str__(self):
        return self.get_full_name()


@cache
def _state_fields(model) -> tuple:
    return tuple(field for field in model._meta.fields if isinstance(field, FSMFieldMixin))


#: What ``CertificationRequest.request_kind`` calls a request, by whether it is for a third party.
REQUEST_KINDS = {True: _("Para un Tercero"), False: _("Electrónica")}


class RequestSummary:
    """What a list shows of a request, read from ``pk``, ``state``, ``third_party_id`` and ``third_party`` (and
    ``applicant`` for a request of one's own): shared by the model and the lighter rows of ``requests_app.prepared``."""

    @property
    def number(self) -> int:
        return self.pk

    @property
    def is_for_third_party(self) -> bool:
        return self.third_party_id is not None

    @property
    def request_kind(self) -> str:
        return REQUEST_KINDS[self.is_for_third_party]

    @property
    def subject_name(self) -> str:
        subject = self.third_party if self.is_for_third_party else self.applicant
        return subject.get_full_name() or str(subject)

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES


class CertificationRequest(RequestSummary, ConcurrentTransitionMixin, models.Model):
    """A request for a *Certificación de Servicios*; its number is its primary key."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("solicitante"),
        on_delete=models.PROTECT,
        related_name="certification_requests",
    )
    third_party = models.ForeignKey(
        ThirdParty,
        verbose_name=_("tercero asociado"),
        on_delete=models.PROTECT,
        related_name="requests",
        null=True,
        blank=True,
        help_text=_("Vacío cuando la solicitud es para el propio solicitante."),
    )
    state = FSMField(
        _("estado"),
        max_length=STATE_FIELD_MAX_LENGTH,
        choices=RequestState.choices,
        default=RequestState.DRAFT,
        protected=True,
    )
    payment_method = models.CharField(_("modalidad de pago"), max_length=15, choices=PaymentMethod.choices, blank=True)
    payment_reference = models.CharField(_("número de boleta o referencia"), max_length=30, blank=True)
    payment_date = models.DateField(_("fecha de pago"), null=True, blank=True)
    payment_verified_at = models.DateTimeField(
        _("pago conciliado"),
        null=True,
        blank=True,
        help_text=_("Cuándo el estado de cuenta del banco confirmó el pago."),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revisor"),
        on_delete=models.SET_NULL,
        related_name="assigned_requests",
        null=True,
        blank=True,
    )
    subject_snapshot = models.JSONField(
        _("datos del interesado al solicitar"),
        default=dict,
        blank=True,
        help_text=_("Copia de los datos generales tomada al enviar la solicitud."),
    )
    creation_token = models.UUIDField(_("token de creación"), null=True, blank=True, editable=False)
    last_step = models.PositiveSmallIntegerField(_("último paso visitado"), default=1)
    created_at = models.DateTimeField(_("creada"), default=timezone.now)
    updated_at = models.DateTimeField(_("última actualización"), auto_now=True)
    submitted_at = models.DateTimeField(_("enviada"), null=True, blank=True)
    state_changed_at = models.DateTimeField(_("cambio de estado"), default=timezone.now)

    history = HistoricalRecords(excluded_fields=["last_step", "creation_token"])

    objects = CertificationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("solicitud de Certificación de Servicios")
        verbose_name_plural = _("solicitudes de Certificación de Servicios")
        ordering = ["-pk"]
        permissions = [
            ("review_request", _("Puede revisar solicitudes (tomar, pedir correcciones, rechazar, aprobar)")),
            ("sign_certificate", _("Puede firmar certificaciones")),
            ("annul_certificate", _("Puede anular certificaciones emitidas")),
        ]
        indexes = [
            models.Index(fields=["applicant", "-updated_at"], name="request_applicant_updated"),
            models.Index(fields=["state", "state_changed_at"], name="request_state_changed"),
            # The admin queue's default order (oldest state change first) and the payment search.
            models.Index(fields=["state_changed_at", "id"], name="request_queue_order"),
            models.Index(fields=["payment_reference"], name="request_payment_reference"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["payment_method", "payment_reference"],
                condition=Q(state__in=LIVE_STATES) & ~Q(payment_reference=""),
                name="request_payment_reference_live_unique",
                violation_error_message=_("Esta boleta o referencia ya fue utilizada en otra solicitud."),
            ),
            models.UniqueConstraint(
                fields=["applicant", "creation_token"],
                condition=Q(creation_token__isnull=False),
                name="request_creation_token_unique",
            ),
        ]

    def __str__(self):
        return _("Solicitud No. %(number)s") % {"number": self.number}

    @property
    def state_fields(self):
        """ConcurrentTransitionMixin's state fields, found once per process: the mixin looks for them among all the
        model's fields each time a request is made from a row (25 times on each page of the admin queue)."""
        return _state_fields(type(self))

    # Transitions. Guards live in the conditions; who may act, in the permission.

    def is_complete(self) -> bool:
        return validation.request_is_complete(self)

    @transition(
        field=state,
        source=[RequestState.DRAFT, RequestState.CORRECTIONS],
        target=RequestState.SUBMITTED,
        conditions=[is_complete],
        permission=is_applicant,
        custom={"label": _("Solicitar CS")},
    )
    def submit(self):
        self.submitted_at = timezone.now()

    @transition(
        field=state,
        source=RequestState.SUBMITTED,
        target=RequestState.IN_REVIEW,
        permission="requests_app.review_request",
        custom={"label": _("Tomar para revisión")},
    )
    def take(self, reviewer):
        self.reviewer = reviewer

    @transition(
        field=state,
        source=RequestState.IN_REVIEW,
        target=RequestState.CORRECTIONS,
        permission="requests_app.review_request",
        custom={"label": _("Solicitar correcciones"), "needs_observation": True},
    )
    def ask_for_corrections(self):
        """The applicant must fix what the observation says and submit again."""

    @transition(
        field=state,
        source=RequestState.IN_REVIEW,
        target=RequestState.REJECTED,
        permission="requests_app.review_request",
        custom={"label": _("Rechazar"), "needs_observation": True},
    )
    def reject(self):
        """Final: the payment reference is released for another request."""

    def has_certified_records(self) -> bool:
        return self.certified_records.exists()

    @transition(
        field=state,
        source=RequestState.IN_REVIEW,
        target=RequestState.APPROVED,
        conditions=[has_certified_records],
        permission="requests_app.review_request",
        custom={"label": _("Aprobar")},
    )
    def approve(self):
        """Ready for the three signatures, once the certified records (what the certificate prints) exist."""

    def signatures_given(self) -> int:
        try:
            return self.certificate.signatures.count()
        except ObjectDoesNotExist:
            return 0

    @transition(
        field=state,
        source=RequestState.APPROVED,
        target=RETURN_VALUE(RequestState.APPROVED, RequestState.SIGNING),
        permission=is_next_signer,
        custom={"label": _("Firmar certificación")},
    )
    def sign(self, is_last: bool):
        """Each of the three signers signs in order; after the third the file is being made (En firma)."""
        return RequestState.SIGNING if is_last else RequestState.APPROVED

    def has_issued_file(self) -> bool:
        try:
            certificate = self.certificate
        except ObjectDoesNotExist:
            return False
        return bool(certificate.pdf and certificate.sha256 and certificate.issued_at)

    @transition(
        field=state,
        source=RequestState.SIGNING,
        target=RequestState.ISSUED,
        conditions=[has_issued_file],
        permission=nobody,
        custom={"label": _("Emitir")},
    )
    def issue(self):
        """The file with the three signatures is stored and fingerprinted: the certificate exists."""

    @transition(
        field=state,
        source=RequestState.ISSUED,
        target=RequestState.ANNULLED,
        permission="requests_app.annul_certificate",
        custom={"label": _("Anular certificación"), "needs_observation": True},
    )
    def annul(self):
        """The certificate is revoked; the public verification page says so."""


class RequestEvent(models.Model):
    """One line of the request's "reloj": a state change with who, when and why."""

    request = models.ForeignKey(CertificationRequest, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(_("estado anterior"), max_length=STATE_FIELD_MAX_LENGTH, blank=True)
    to_state = models.CharField(_("estado"), max_length=STATE_FIELD_MAX_LENGTH, choices=RequestState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("realizado por"), on_delete=models.SET_NULL, null=True, blank=True
    )
    observation = models.TextField(_("observación"))
    created_at = models.DateTimeField(_("fecha"), default=timezone.now)

    class Meta:
        verbose_name = _("evento de la solicitud")
        verbose_name_plural = _("historial de la solicitud (reloj)")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["request", "created_at"], name="request_event_timeline")]

    def __str__(self):
        return f"{self.request_id}: {self.get_to_state_display()}"


class ServicePeriod(models.Model):
    """A period of service the applicant asks to be certified."""

    request = models.ForeignKey(CertificationRequest, on_delete=models.CASCADE, related_name="periods")
    institution = models.ForeignKey(Institution, verbose_name=_("institución"), on_delete=models.PROTECT)
    dependency = models.CharField(
        _("dependencia"),
        max_length=200,
        help_text=_("Especifique el lugar o ubicación donde prestó sus servicios."),
    )
    position_title = models.CharField(_("título del puesto"), max_length=150)
    start_date = models.DateField(_("inicio"))
    end_date = models.DateField(_("fin"))
    budget_line = models.ForeignKey(BudgetLine, verbose_name=_("renglón"), on_delete=models.PROTECT)
    municipality = models.ForeignKey(Municipality, verbose_name=_("municipio"), on_delete=models.PROTECT)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("período de servicio solicitado")
        verbose_name_plural = _("períodos de servicio solicitados")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__lte=models.F("end_date")),
                name="service_period_start_before_end",
                violation_error_message=_("La fecha de inicio debe ser anterior o igual a la fecha de fin."),
            )
        ]

    def __str__(self):
        return f"{self.institution} ({self.start_date:%d/%m/%Y} – {self.end_date:%d/%m/%Y})"


class DocumentRequirement(models.Model):
    """Which supporting documents the service asks for, and in what form (set by staff)."""

    document_type = models.CharField(_("tipo de documento"), max_length=10, choices=DocumentType.choices, unique=True)
    label = models.CharField(_("nombre visible"), max_length=120)
    help_text = models.CharField(_("ayuda"), max_length=255, blank=True)
    is_required = models.BooleanField(_("obligatorio"), default=True)
    allowed_extensions = models.CharField(
        _("tipos permitidos"), max_length=60, default="jpg,jpeg,pdf", help_text=_("Separados por comas.")
    )
    max_size_mb = models.PositiveSmallIntegerField(_("tamaño máximo (MB)"), default=5)
    max_files = models.PositiveSmallIntegerField(_("máximo de archivos"), default=1)
    order = models.PositiveSmallIntegerField(_("orden"), default=0)
    is_active = models.BooleanField(_("activo"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("requisito documental")
        verbose_name_plural = _("requisitos documentales")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label

    @property
    def extensions(self) -> list[str]:
        return [ext.strip().lower().lstrip(".") for ext in self.allowed_extensions.split(",") if ext.strip()]

    @property
    def extensions_label(self) -> str:
        return ", ".join(self.extensions)

    @property
    def accept(self) -> str:
        return ",".join(f".{ext}" for ext in self.extensions)

    @property
    def max_bytes(self) -> int:
        return self.max_size_mb * 1024 * 1024


def document_upload_to(instance, filename):
    return f"solicitudes/{instance.request_id}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class SupportingDocument(models.Model):
    """An uploaded supporting document, stored privately and checked by content."""

    request = models.ForeignKey(CertificationRequest, on_delete=models.CASCADE, related_name="documents")
    document_type = models.CharField(_("tipo de documento"), max_length=10, choices=DocumentType.choices)
    specification = models.CharField(_("especificar"), max_length=120, blank=True)
    file = models.FileField(_("archivo"), storage=private_storage, upload_to=document_upload_to, max_length=255)
    original_name = models.CharField(_("nombre del archivo"), max_length=120)
    content_type = models.CharField(_("tipo de contenido"), max_length=60)
    size = models.PositiveIntegerField(_("tamaño (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("subido"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("subido por"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("documento de respaldo")
        verbose_name_plural = _("documentos de respaldo")
        ordering = ["document_type", "uploaded_at"]

    def __str__(self):
        if self.specification:
            return f"{self.get_document_type_display()}: {self.specification}"
        return self.get_document_type_display()
