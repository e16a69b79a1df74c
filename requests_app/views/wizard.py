"""The five steps of a request's wizard, and the removals they offer."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Profile
from catalogs.models import EthnicGroup, LinguisticCommunity
from cms.kept_pages import render_kept
from core.uploads import MEGABYTE, upload_limit, upload_redirect

from .. import reference_data, services
from ..constants import RequestState, WizardStep
from ..forms import DocumentUploadForm, PaymentForm, ServicePeriodForm
from ..templatetags.wizard_steps import day_month_year, request_url
from ..validation import review_request
from ..wizard import STEP_URL_NAMES, build_stepper, steps_done, wizard_request
from .common import SHOWN_VALUES, applicant_view, own_request, shown_values


def editable_request_or_redirect(request, pk, **reading):
    """The request if the applicant may still change it; otherwise a redirect to its summary. ``reading``: what else
    ``wizard_request`` reads with it."""
    certification = wizard_request(request.user, pk, **reading)
    if certification.is_editable:
        return certification, None
    messages.info(
        request,
        _("La solicitud No. %(number)s está en estado «%(state)s» y ya no se puede modificar.")
        % {"number": certification.number, "state": certification.get_state_display()},
    )
    return certification, redirect("requests_app:detail", pk=certification.pk)


def wizard_context(request, certification, step: WizardStep, *, done=None, **extra) -> dict:
    """What every step shows; ``done`` (each step's completeness) when the page has already checked it."""
    services.remember_step(certification, step.value)
    if done is None:
        done = steps_done(certification, reference_data.active_requirements(request))
    return {
        "certification": certification,
        **shown_values(certification),
        "step": step,
        "stepper": build_stepper(certification, step, done),
        "correction": reviewer_observation(certification),
        **extra,
    }


STEP_TEMPLATES = {
    WizardStep.GENERAL: "requests_app/wizard/step_general.html",
    WizardStep.PERIODS: "requests_app/wizard/step_periods.html",
    WizardStep.PAYMENT: "requests_app/wizard/step_payment.html",
    WizardStep.DOCUMENTS: "requests_app/wizard/step_documents.html",
    WizardStep.SUBMIT: "requests_app/wizard/step_submit.html",
}


def render_step(
    request, certification, step: WizardStep, *, shape: tuple = (), done=None, shown: dict | None = None, **extra
):
    """A step's page drawn from its kept rendering (``cms.kept_pages``): what depends on the request, its
    form or its rows is in the template's ``{% per_request %}`` blocks or among its shown values (the request's
    own, ``SHOWN_VALUES``, and the step's ``shown``: words the page writes as they are); the facts the template
    branches on outside them are the request's state and whom it is for, plus the step's own ``shape``."""
    shown = shown or {}
    return render_kept(
        request,
        STEP_TEMPLATES[step],
        wizard_context(request, certification, step, done=done, **shown, **extra),
        shape=(certification.state == RequestState.CORRECTIONS, certification.is_for_third_party, *shape),
        values=(*SHOWN_VALUES, *shown),
    )


def reviewer_observation(certification) -> str:
    """What the reviewer asked to correct, shown on every step while the request awaits it."""
    if certification.state != RequestState.CORRECTIONS:
        return ""
    event = certification.events.filter(to_state=RequestState.CORRECTIONS).order_by("-created_at", "-pk").first()
    return event.observation if event else ""


def form_errors_to_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@applicant_view
def step_general(request, pk):
    certification, leave = editable_request_or_redirect(request, pk)
    if leave:
        return leave
    return render_step(request, certification, WizardStep.GENERAL, shown=general_values(request, certification))


MISSING = "—"  # what a page writes for a value the person has not given


def general_values(request, certification) -> dict[str, str]:
    """What step 1 writes of the person the request is for (the third party, or the applicant and their profile), by
    name: put in for each request where the kept page holds their stand-ins."""
    subject = certification.third_party or request.user
    shown = {
        "shown_first_name": subject.first_name or MISSING,
        "shown_second_name": subject.second_name or MISSING,
        "shown_other_names": subject.other_names or MISSING,
        "shown_last_name": subject.last_name or MISSING,
        "shown_second_surname": subject.second_surname or MISSING,
        "shown_married_surname": subject.married_surname or MISSING,
        "shown_cui": subject.cui,
        "shown_birth_date": day_month_year(subject.birth_date) if subject.birth_date else "",
    }
    if certification.is_for_third_party:
        return shown | {
            "shown_nit": subject.nit or MISSING,
            "shown_gender": subject.get_gender_display(),
            "shown_relationship": subject.get_relationship_display(),
            "shown_alive": _("Sí") if subject.is_alive else _("No"),
        }
    profile = getattr(request.user, "profile", None) or Profile()  # none yet: a dash for each of its values
    return shown | {
        "shown_nit": profile.nit or MISSING,
        "shown_igss_number": profile.igss_number or MISSING,
        "shown_id_card_order": profile.id_card_order or MISSING,
        "shown_id_card_register": profile.id_card_register or MISSING,
        "shown_gender": profile.get_gender_display() or MISSING,
        "shown_ethnic_group": reference_data.catalog_name(EthnicGroup, profile.ethnic_group_id, request) or MISSING,
        "shown_linguistic_community": reference_data.catalog_name(
            LinguisticCommunity, profile.linguistic_community_id, request
        )
        or MISSING,
        "shown_email": subject.email,
    }


def service_accepted(form, action, *, field=None) -> bool:
    """Run a service call with the form's data; a refusal becomes the form's error, on ``field`` if it names none."""
    try:
        action()
    except ValidationError as error:
        form.add_error(None if hasattr(error, "error_dict") else field, error)
        return False
    return True


@applicant_view
def step_periods(request, pk):
    certification, leave = editable_request_or_redirect(request, pk, listing="periods")
    if leave:
        return leave
    form = ServicePeriodForm(request.POST) if request.method == "POST" else None
    if (
        form is not None
        and form.is_valid()
        and service_accepted(
            form, lambda: services.period_add(request=certification, user=request.user, **form.period_fields())
        )
    ):
        messages.success(request, _("Se cargó el tiempo de servicio a la solicitud."))
        return redirect("requests_app:step_periods", pk=pk)
    periods = certification.listed_periods
    # Shown empty, the form is drawn from its kept markup by its class ({% unbound_form %}), not built.
    return render_step(
        request, certification, WizardStep.PERIODS, form=form, empty_form=ServicePeriodForm, periods=periods
    )


def run_and_report(request, action, success: str) -> None:
    """Run a service call and tell the applicant how it went (refusals become messages)."""
    try:
        action()
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, success)


@applicant_view
@require_POST
def period_remove(request, pk, period_id):
    certification = own_request(request.user, pk)
    run_and_report(
        request,
        lambda: services.period_remove(request=certification, user=request.user, period_id=period_id),
        _("Se quitó el período de la solicitud."),
    )
    return redirect("requests_app:step_periods", pk=pk)


@applicant_view
def step_payment(request, pk):
    certification, leave = editable_request_or_redirect(request, pk)
    if leave:
        return leave
    initial = {
        "method": certification.payment_method,
        "reference": certification.payment_reference,
        "payment_date": certification.payment_date,
    }
    form = PaymentForm(request.POST, initial=initial) if request.method == "POST" else None
    if (
        form is not None
        and form.is_valid()
        and service_accepted(
            form, lambda: services.payment_set(request=certification, user=request.user, **form.cleaned_data)
        )
    ):
        messages.success(request, _("Se guardó la información de la boleta."))
        return redirect("requests_app:step_documents", pk=pk)
    # Shown unbound, the form is drawn from its kept markup by its class and starting values, not built.
    return render_step(request, certification, WizardStep.PAYMENT, form=form, form_class=PaymentForm, initial=initial)


def documents_max_body() -> int:
    """The largest document the admin allows, plus the form's other fields."""
    largest = max((requirement.max_size_mb for requirement in reference_data.active_requirements()), default=None)
    return ((largest or 5) + 1) * MEGABYTE


@applicant_view
@upload_limit(documents_max_body)
def step_documents(request, pk):
    certification, leave = editable_request_or_redirect(request, pk, listing="documents")
    if leave:
        return leave
    form = DocumentUploadForm(request.POST, request.FILES) if request.method == "POST" else None
    if form is not None and form.is_valid() and upload_document(request, certification, form):
        messages.success(request, _("Se cargó el documento."))
        return upload_redirect(request, reverse("requests_app:step_documents", args=[pk]))
    documents = certification.listed_documents
    cards = requirement_cards(request, form, documents)
    return render_step(
        request,
        certification,
        WizardStep.DOCUMENTS,
        form=form,
        requirements=cards,
        documents=documents,
        unplaced_errors=unplaced_errors(form, cards),
    )


def upload_document(request, certification, form) -> bool:
    data = form.cleaned_data
    return service_accepted(
        form,
        lambda: services.document_upload(
            request=certification,
            user=request.user,
            document_type=data["document_type"],
            upload=data["file"],
            specification=data["specification"],
        ),
        field="file",
    )


def requirement_cards(request, form, documents) -> list[dict]:
    """One card per active requirement: its documents and, on the card the upload came from (``form``, None when
    nothing was sent), its errors."""
    sent_type = form.data.get("document_type") if form is not None else None
    return [
        requirement_card(requirement, documents, form, failed=requirement.document_type == sent_type)
        for requirement in reference_data.active_requirements(request)
    ]


def requirement_card(requirement, documents, form, *, failed: bool) -> dict:
    return {
        "requirement": requirement,
        "documents": [d for d in documents if d.document_type == requirement.document_type],
        "failed": failed,
        "file_errors": file_errors(form) if failed else [],
        "specification_errors": list(form.errors.get("specification", [])) if failed else [],
    }


def file_errors(form) -> list:
    return [*form.non_field_errors(), *form.errors.get("file", [])]


def unplaced_errors(form, cards) -> list:
    """Errors of a post that names no card of this page cannot point to a field: they go above the cards."""
    if form is None:
        return []
    errors = list(form.errors.get("document_type", []))
    if any(card["failed"] for card in cards):
        return errors
    return [*file_errors(form), *form.errors.get("specification", []), *errors]


@applicant_view
@require_POST
def document_remove(request, pk, document_id):
    certification = own_request(request.user, pk)
    run_and_report(
        request,
        lambda: services.document_remove(request=certification, user=request.user, document_id=document_id),
        _("Se eliminó el documento."),
    )
    return redirect("requests_app:step_documents", pk=pk)


@applicant_view
def step_submit(request, pk):
    certification, leave = editable_request_or_redirect(request, pk)
    if leave:
        return leave
    facts = certification.step_facts
    requirements = reference_data.active_requirements(request)
    sections = review_request(
        certification,
        reference_in_use=facts.reference_in_use,
        requirements=requirements,
        known_to_pass=frozenset(step for step, done in steps_done(certification, requirements).items() if done),
        uploaded_types=facts.types_for_check(),
    )
    if request.method == "POST":
        try:
            services.request_submit(request=certification, user=request.user)
        except ValidationError as error:
            form_errors_to_messages(request, error)
        else:
            return redirect("requests_app:submitted", pk=pk)
    can_submit = all(section.ok for section in sections)
    return render_step(
        request,
        certification,
        WizardStep.SUBMIT,
        shape=(can_submit,),
        done={section.step: section.ok for section in sections},
        sections=[(section, request_url(STEP_URL_NAMES[section.step], pk)) for section in sections],
        can_submit=can_submit,
    )
