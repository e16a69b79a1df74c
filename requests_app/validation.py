"""The checks behind step 5, *Solicitar CS*: each section's inconsistencies, in Spanish.

The same rules guard the wizard's forms and the ``submit`` transition, so a request
can only be sent when every section passes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.profiles import profile_missing_fields

from . import models, parts, reference_data
from .constants import LIVE_STATES, DocumentType, WizardStep, step_titles

EARLIEST_SERVICE_DATE = date(1900, 1, 1)


@dataclass
class SectionCheck:
    step: WizardStep
    problems: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return step_titles()[self.step]

    @property
    def ok(self) -> bool:
        return not self.problems


DATE_LABELS = {"start_date": {"label": gettext_lazy("inicio")}, "end_date": {"label": gettext_lazy("fin")}}


def period_date_problems(start: date | None, end: date | None, today: date | None = None) -> list[tuple[str, str]]:
    """``(field, message)`` pairs for a period's dates: order, future, plausibility."""
    today = today or timezone.localdate()
    problems = []
    if start and end and start > end:
        problems.append(("end_date", _("La fecha de inicio debe ser anterior o igual a la fecha de fin.")))
    for field_name, value in (("start_date", start), ("end_date", end)):
        if value and value > today:
            problems.append((field_name, _("La fecha de %(label)s no puede ser futura.") % DATE_LABELS[field_name]))
        if value and value < EARLIEST_SERVICE_DATE:
            problems.append((field_name, _("La fecha de %(label)s no es válida.") % DATE_LABELS[field_name]))
    return problems


def overlapping_pairs(periods) -> list[tuple]:
    """Pairs of periods of the same request whose dates overlap (sorted by start)."""
    ordered = sorted(periods, key=lambda p: (p.start_date, p.end_date))
    pairs = []
    for index, current in enumerate(ordered):
        for later in ordered[index + 1 :]:
            if later.start_date > current.end_date:
                break
            pairs.append((current, later))
    return pairs


def check_general(request: models.CertificationRequest) -> SectionCheck:
    check = SectionCheck(WizardStep.GENERAL)
    if request.is_for_third_party:
        person = request.third_party
        for field_name in ("first_name", "last_name", "cui", "birth_date", "address", "notification_address"):
            if not getattr(person, field_name):
                label = person._meta.get_field(field_name).verbose_name
                check.problems.append(_("Falta el dato «%(field)s» del tercero asociado.") % {"field": label})
    else:
        for label in profile_missing_fields(request.applicant):
            check.problems.append(_("Falta el dato «%(field)s» en Mis datos personales.") % {"field": label})
    return check


def check_periods(request: models.CertificationRequest) -> SectionCheck:
    check = SectionCheck(WizardStep.PERIODS)
    periods = parts.request_periods(request)
    if not periods:
        check.problems.append(_("Agregue al menos un tiempo de servicio a la solicitud."))
    for number, period in enumerate(sorted(periods, key=lambda p: p.start_date), start=1):
        for _field, problem in period_date_problems(period.start_date, period.end_date):
            check.problems.append(_("Período %(n)s: %(problem)s") % {"n": number, "problem": problem})
    for first, second in overlapping_pairs(periods):
        check.problems.append(
            _("Los períodos %(a)s y %(b)s se traslapan.")
            % {"a": f"{first.start_date:%d/%m/%Y}–{first.end_date:%d/%m/%Y}", "b": f"{second.start_date:%d/%m/%Y}"}
        )
    return check


def other_live_requests_with_reference(method, reference, pk):
    """The live requests other than ``pk`` that use this payment (values, or ``OuterRef``s in a subquery)."""
    return models.CertificationRequest.objects.filter(
        payment_method=method, payment_reference=reference, state__in=LIVE_STATES
    ).exclude(pk=pk)


def payment_reference_in_use(request: models.CertificationRequest) -> bool:
    return other_live_requests_with_reference(request.payment_method, request.payment_reference, request.pk).exists()


def check_payment(
    request: models.CertificationRequest, *, reference_in_use: bool | None = None, today: date | None = None
) -> SectionCheck:
    """The payment's data; ``reference_in_use``, when the caller already knows it, spares the query (and ``today``, the
    local date, its look-up)."""
    check = SectionCheck(WizardStep.PAYMENT)
    if not request.payment_method:
        check.problems.append(_("Seleccione la modalidad de pago."))
    if not request.payment_reference:
        check.problems.append(_("Ingrese el número de boleta o de referencia de la transferencia."))
    if not request.payment_date:
        check.problems.append(_("Ingrese la fecha del pago."))
    elif request.payment_date > (today or timezone.localdate()):
        check.problems.append(_("La fecha del pago no puede ser futura."))
    if request.payment_reference and (
        payment_reference_in_use(request) if reference_in_use is None else reference_in_use
    ):
        check.problems.append(_("Esta boleta o referencia ya fue utilizada en otra solicitud."))
    return check


def missing_requirements(requirements, uploaded_types) -> list:
    """The required ``requirements`` whose type is not among ``uploaded_types``, in their order."""
    return [need for need in requirements if need.is_required and need.document_type not in uploaded_types]


def check_documents(request: models.CertificationRequest, *, requirements=None, uploaded_types=None) -> SectionCheck:
    """The documents against the requirements. ``requirements``, when the caller already has them, spares reading the
    reference version again; ``uploaded_types``, the types of the request's documents when the caller knows that
    every «otro» says what it is (the wizard's step facts), spares reading the documents."""
    check = SectionCheck(WizardStep.DOCUMENTS)
    unspecified = []
    if uploaded_types is None:
        documents = parts.request_documents(request)
        uploaded_types = {document.document_type for document in documents}
        unspecified = [doc for doc in documents if doc.document_type == DocumentType.OTHER and not doc.specification]
    requirements = reference_data.active_requirements() if requirements is None else requirements
    for requirement in missing_requirements(requirements, uploaded_types):
        check.problems.append(_("Falta el documento «%(label)s».") % {"label": requirement.label})
    for document in unspecified:
        check.problems.append(_("Especifique qué contiene el documento «%(name)s».") % {"name": document.original_name})
    return check


def review_request(
    request: models.CertificationRequest,
    *,
    reference_in_use: bool | None = None,
    requirements=None,
    known_to_pass: frozenset = frozenset(),
    uploaded_types: frozenset | None = None,
) -> list[SectionCheck]:
    """Every section's check. ``known_to_pass``: the steps the caller already knows pass, from the facts read with the
    request (``wizard.steps_done``, which agree with these checks): their periods or documents are not read again.
    ``uploaded_types``: as in ``check_documents``."""
    checks = (
        (WizardStep.GENERAL, lambda: check_general(request)),
        (WizardStep.PERIODS, lambda: check_periods(request)),
        (WizardStep.PAYMENT, lambda: check_payment(request, reference_in_use=reference_in_use)),
        (
            WizardStep.DOCUMENTS,
            lambda: check_documents(request, requirements=requirements, uploaded_types=uploaded_types),
        ),
    )
    return [SectionCheck(step) if step in known_to_pass else check() for step, check in checks]


def request_is_complete(request: models.CertificationRequest) -> bool:
    return all(section.ok for section in review_request(request))
