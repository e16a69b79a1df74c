"""Mis Solicitudes, a request's summary and reloj, and Mi Certificación de Servicios."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.identity import identity_gate
from cms.kept_pages import render_kept

from .. import prepared, services
from ..constants import RequestState, WizardStep
from ..deadlines import WorkingCalendar
from ..forms import CreateRequestForm, ListSearchForm, RequestListFilterForm
from ..models import Certificate, CertificationRequest
from ..timeline import timeline_rows
from ..wizard import STEP_URL_NAMES
from .common import (
    SHOWN_VALUES,
    applicant_list_view,
    applicant_view,
    certification_requires_identity,
    own_request,
    paginated,
    shown_values,
)


@applicant_list_view
def request_list(request):
    """Mis Solicitudes (open without a verified identity: it tells what to do to create one)."""
    searching = bool(request.GET)
    # Without a query the empty filters are only drawn into the kept page, once: built when that happens.
    filters = RequestListFilterForm(request.GET) if searching else SimpleLazyObject(RequestListFilterForm)
    chosen = filters.cleaned_data if searching and filters.is_valid() else {}
    queryset = prepared.own_list(request.user, chosen.get("estado", ""), chosen.get("buscar", ""))
    gate = identity_gate(request.user, required=certification_requires_identity(request))
    return render_kept(
        request,
        "requests_app/request_list.html",
        {
            **paginated(request, queryset, filters),
            "create_token": uuid.uuid4(),  # the create dialog's one-click token
            "gate": gate,
        },
        shape=(gate.closed, searching),
        values=("create_token",),
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
    """The "reloj": No., Fecha, Estado, Observación and time spent in each state (the request and its events in one
    query)."""
    history = prepared.own_history(request.user, pk)
    if history is None:
        raise Http404
    certification, changes = history
    return render_kept(
        request,
        "requests_app/request_history.html",
        {**shown_values(certification), "rows": timeline_rows(changes, WorkingCalendar.current(request))},
        values=SHOWN_VALUES,
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
