"""Applicant pages of the Certificación de Servicios: list, 5-step wizard, reloj, terceros.

Views only translate HTTP to service calls; every rule lives in ``services`` and
``validation``. Every request, document and third party is looked up through the
signed-in person, so another person's URL gives 404.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from accounts.decorators import identity_verified_required, personal_data_required
from accounts.identity import identity_gate
from cms.settings_helpers import portal_settings
from core.pagination import page_of
from core.uploads import MEGABYTE, upload_limit, upload_redirect
from core.views import PrivateFile, private_file_view

from . import services
from .constants import RequestState, WizardStep
from .forms import (
    CreateRequestForm,
    DocumentUploadForm,
    ListSearchForm,
    PaymentForm,
    RequestListFilterForm,
    ServicePeriodForm,
    ThirdPartyForm,
    ThirdPartySearchForm,
)
from .models import Certificate, CertificationRequest, DocumentRequirement, SupportingDocument, ThirdParty
from .timeline import timeline_rows
from .validation import review_request
from .wizard import STEP_URL_NAMES, build_stepper


def certification_requires_identity(request) -> bool:
    return portal_settings(request).certification_requires_identity


def applicant_view(view):
    """Signed in, with complete personal data and (if configured) a verified identity; never cached."""
    return never_cache(
        login_required(personal_data_required(identity_verified_required(certification_requires_identity)(view)))
    )


def paginated(request, queryset, filters) -> dict:
    """The page the list's filters ask for, and the filters."""
    return {"filters": filters, "page": page_of(request, queryset, filters.page_size())}


def applicant_list_view(view):
    """Like ``applicant_view`` without the identity gate: the page itself says what the identity
    requirement means for this person (Mis Solicitudes), before they click anything."""
    return never_cache(login_required(personal_data_required(view)))


def own_request(user, pk) -> CertificationRequest:
    return get_object_or_404(CertificationRequest.objects.for_applicant(user).with_list_data(), pk=pk)


def editable_request_or_redirect(request, pk):
    """The request if the applicant may still change it; otherwise a redirect to its summary."""
    certification = own_request(request.user, pk)
    if certification.is_editable:
        return certification, None
    messages.info(
        request,
        _("La solicitud No. %(number)s está en estado «%(state)s» y ya no se puede modificar.")
        % {"number": certification.number, "state": certification.get_state_display()},
    )
    return certification, redirect("requests_app:detail", pk=certification.pk)


def wizard_context(certification, step: WizardStep, **extra) -> dict:
    services.remember_step(certification, step.value)
    return {
        "certification": certification,
        "step": step,
        "stepper": build_stepper(certification, step),
        "correction": reviewer_observation(certification),
        **extra,
    }


def reviewer_observation(certification) -> str:
    """What the reviewer asked to correct, shown on every step while the request awaits it."""
    if certification.state != RequestState.CORRECTIONS:
        return ""
    event = certification.events.filter(to_state=RequestState.CORRECTIONS).order_by("-created_at", "-pk").first()
    return event.observation if event else ""


def form_errors_to_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@applicant_list_view
def request_list(request):
    """Mis Solicitudes (open without a verified identity: it tells what to do to create one)."""
    filters = RequestListFilterForm(request.GET or None)
    queryset = CertificationRequest.objects.for_applicant(request.user).with_list_data().order_by("-updated_at", "-pk")
    if filters.is_valid():
        queryset = queryset.in_state(filters.cleaned_data["estado"]).search(filters.cleaned_data["buscar"])
    return render(
        request,
        "requests_app/request_list.html",
        {
            **paginated(request, queryset, filters),
            "create_form": CreateRequestForm(initial={"token": uuid.uuid4()}),
            "gate": identity_gate(request.user, required=certification_requires_identity(request)),
        },
    )


@applicant_view
@require_POST
def request_create(request):
    form = CreateRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("No se pudo crear la solicitud; intente de nuevo."))
        return redirect("requests_app:list")
    certification = services.request_create(applicant=request.user, token=form.cleaned_data["token"])
    messages.success(
        request, _("Se creó la solicitud No. %(number)s. Complete los cinco pasos.") % {"number": certification.number}
    )
    return redirect("requests_app:step_general", pk=certification.pk)


@applicant_view
def request_resume(request, pk):
    """Open a request where the applicant left it."""
    certification = own_request(request.user, pk)
    if not certification.is_editable:
        return redirect("requests_app:detail", pk=pk)
    return redirect(STEP_URL_NAMES[WizardStep(certification.last_step)], pk=pk)


@applicant_view
def step_general(request, pk):
    certification, leave = editable_request_or_redirect(request, pk)
    if leave:
        return leave
    subject = certification.third_party or request.user
    return render(
        request,
        "requests_app/wizard/step_general.html",
        wizard_context(
            certification, WizardStep.GENERAL, subject=subject, profile=getattr(request.user, "profile", None)
        ),
    )


@applicant_view
def step_periods(request, pk):
    certification, leave = editable_request_or_redirect(request, pk)
    if leave:
        return leave
    form = ServicePeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.period_add(request=certification, user=request.user, **form.period_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Se cargó el tiempo de servicio a la solicitud."))
            return redirect("requests_app:step_periods", pk=pk)
    periods = certification.periods.select_related("institution", "budget_line", "municipality__department")
    return render(
        request,
        "requests_app/wizard/step_periods.html",
        wizard_context(certification, WizardStep.PERIODS, form=form, periods=periods),
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
    form = PaymentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.payment_set(
                request=certification,
                user=request.user,
                method=form.cleaned_data["method"],
                reference=form.cleaned_data["reference"],
                payment_date=form.cleaned_data["payment_date"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Se guardó la información de la boleta."))
            return redirect("requests_app:step_documents", pk=pk)
    return render(
        request,
        "requests_app/wizard/step_payment.html",
        wizard_context(certification, WizardStep.PAYMENT, form=form),
    )


def documents_max_body() -> int:
    """The largest document the admin allows, plus the form's other fields."""
    largest = DocumentRequirement.objects.filter(is_active=True).aggregate(largest=Max("max_size_mb"))["largest"]
    return ((largest or 5) + 1) * MEGABYTE


@applicant_view
@upload_limit(documents_max_body)
def step_documents(request, pk):
    certification, leave = editable_request_or_redirect(request, pk)
    if leave:
        return leave
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_upload(
                request=certification,
                user=request.user,
                document_type=form.cleaned_data["document_type"],
                upload=form.cleaned_data["file"],
                specification=form.cleaned_data["specification"],
            )
        except ValidationError as error:
            form.add_error("file" if not hasattr(error, "error_dict") else None, error)
        else:
            messages.success(request, _("Se cargó el documento."))
            return upload_redirect(request, reverse("requests_app:step_documents", args=[pk]))
    documents = list(certification.documents.all())
    file_errors = [*form.non_field_errors(), *form.errors.get("file", [])]
    specification_errors = list(form.errors.get("specification", []))
    requirements = []
    for requirement in DocumentRequirement.objects.filter(is_active=True):
        failed = form.is_bound and form.data.get("document_type") == requirement.document_type
        requirements.append(
            {
                "requirement": requirement,
                "documents": [d for d in documents if d.document_type == requirement.document_type],
                "failed": failed,
                "file_errors": file_errors if failed else [],
                "specification_errors": specification_errors if failed else [],
            }
        )
    # A post that names no card of this page: its errors cannot point to a field.
    card_was_sent = any(item["failed"] for item in requirements)
    unplaced_errors = [*form.errors.get("document_type", [])]
    if not card_was_sent:
        unplaced_errors = [*file_errors, *specification_errors, *unplaced_errors]
    return render(
        request,
        "requests_app/wizard/step_documents.html",
        wizard_context(
            certification,
            WizardStep.DOCUMENTS,
            form=form,
            requirements=requirements,
            documents=documents,
            unplaced_errors=unplaced_errors,
        ),
    )


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


def own_document(request, pk, document_id) -> PrivateFile:
    """A private document for its owner (or staff who may view requests), inline or ``?descargar``; 404 to others."""
    documents = SupportingDocument.objects.select_related("request")
    if not request.user.has_perm("requests_app.view_certificationrequest"):
        documents = documents.filter(request__applicant=request.user)
    document = get_object_or_404(documents, pk=document_id, request_id=pk)
    return PrivateFile(
        stored=document.file,
        filename=document.original_name,
        content_type=document.content_type,
        as_attachment="descargar" in request.GET,
    )


document_file = xframe_options_sameorigin(private_file_view(own_document))


@applicant_view
def step_submit(request, pk):
    certification, leave = editable_request_or_redirect(request, pk)
    if leave:
        return leave
    sections = review_request(certification)
    if request.method == "POST":
        try:
            services.request_submit(request=certification, user=request.user)
        except ValidationError as error:
            form_errors_to_messages(request, error)
        else:
            return redirect("requests_app:submitted", pk=pk)
    return render(
        request,
        "requests_app/wizard/step_submit.html",
        wizard_context(
            certification,
            WizardStep.SUBMIT,
            sections=[(section, reverse(STEP_URL_NAMES[section.step], args=[pk])) for section in sections],
            can_submit=all(section.ok for section in sections),
        ),
    )


@applicant_view
def request_submitted(request, pk):
    certification = own_request(request.user, pk)
    if certification.state != RequestState.SUBMITTED:
        return redirect("requests_app:detail", pk=pk)
    return render(request, "requests_app/request_submitted.html", {"certification": certification})


@applicant_view
def request_detail(request, pk):
    """*Ver Solicitud*: everything the request says, read-only."""
    certification = own_request(request.user, pk)
    return render(
        request,
        "requests_app/request_detail.html",
        {
            "certification": certification,
            "subject": certification.third_party or certification.applicant,
            "periods": certification.periods.select_related("institution", "budget_line", "municipality__department"),
            "documents": certification.documents.all(),
            "latest_event": certification.events.order_by("-created_at", "-pk").first(),
        },
    )


@applicant_view
def request_history(request, pk):
    """The "reloj": No., Fecha, Estado, Observación and time spent in each state."""
    certification = own_request(request.user, pk)
    return render(
        request,
        "requests_app/request_history.html",
        {"certification": certification, "rows": timeline_rows(certification)},
    )


@applicant_view
@require_POST
def request_delete(request, pk):
    certification = own_request(request.user, pk)
    number = certification.number
    try:
        services.request_delete_draft(request=certification, user=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Se eliminó la solicitud No. %(number)s.") % {"number": number})
    return redirect("requests_app:list")


@applicant_view
def third_party_list(request):
    """Terceros Asociados: the people this applicant requests certificates for."""
    search = ThirdPartySearchForm(request.GET or None)
    people = ThirdParty.objects.filter(owner=request.user).annotate(request_count=Count("requests"))
    if search.is_valid() and (term := search.cleaned_data["buscar"].strip()):
        digits = "".join(ch for ch in term if ch.isdigit())
        query = Q(first_name__icontains=term) | Q(last_name__icontains=term) | Q(second_surname__icontains=term)
        if digits:
            query |= Q(cui__startswith=digits) | Q(nit__startswith=term.upper().replace("-", ""))
        people = people.filter(query)
    page = page_of(request, people.order_by("last_name", "first_name"), 10)
    return render(
        request,
        "requests_app/third_party_list.html",
        {"search": search, "page": page, "create_form": CreateRequestForm(initial={"token": uuid.uuid4()})},
    )


@applicant_view
def third_party_edit(request, pk=None):
    person = get_object_or_404(ThirdParty, pk=pk, owner=request.user) if pk else None
    form = ThirdPartyForm(request.POST or None, instance=person, owner=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Se guardaron los datos de %(name)s.") % {"name": form.instance.get_full_name()})
        return redirect("requests_app:third_parties")
    return render(request, "requests_app/third_party_form.html", {"form": form, "person": person})


@applicant_view
@require_POST
def third_party_request(request, pk):
    """The "+" button: a new request for that person, after confirmation."""
    person = get_object_or_404(ThirdParty, pk=pk, owner=request.user)
    form = CreateRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("No se pudo crear la solicitud; intente de nuevo."))
        return redirect("requests_app:third_parties")
    certification = services.request_create(
        applicant=request.user, third_party=person, token=form.cleaned_data["token"]
    )
    messages.success(
        request,
        _("Se creó la solicitud No. %(number)s para %(name)s.")
        % {"number": certification.number, "name": person.get_full_name()},
    )
    return redirect(reverse("requests_app:step_general", args=[certification.pk]))


@applicant_view
def issued_list(request):
    """Mi Certificación de Servicios: the applicant's issued certificates."""
    issued = (
        Certificate.objects.filter(request__applicant=request.user, issued_at__isnull=False)
        .select_related("request__applicant", "request__third_party")
        .order_by("-issued_at")
    )
    filters = ListSearchForm(request.GET or None)
    if filters.is_valid() and filters.cleaned_data["buscar"]:
        found = CertificationRequest.objects.for_applicant(request.user).search(filters.cleaned_data["buscar"])
        issued = issued.filter(request__in=found.values("pk"))
    return render(request, "requests_app/issued_list.html", paginated(request, issued, filters))


def own_certificate(request, pk) -> PrivateFile:
    """The signed PDF, to its applicant (inline to view, ``?descargar=1`` to download); 404 to others."""
    certificates = Certificate.objects.filter(issued_at__isnull=False)
    if not request.user.has_perm("requests_app.view_certificationrequest"):
        certificates = certificates.filter(request__applicant=request.user)
    certificate = get_object_or_404(certificates, request_id=pk)
    return PrivateFile(
        stored=certificate.pdf,
        filename=f"certificacion-servicios-{certificate.request_id}.pdf",
        content_type="application/pdf",
        as_attachment="descargar" in request.GET,
    )


certificate_file = xframe_options_sameorigin(private_file_view(own_certificate))
