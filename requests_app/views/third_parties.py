"""Terceros Asociados: the people an applicant requests certificates for."""

import uuid

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pagination import page_of

from .. import services
from ..forms import CreateRequestForm, ThirdPartyForm, ThirdPartySearchForm
from ..models import ThirdParty
from .common import applicant_view


@applicant_view
def third_party_list(request):
    """Terceros Asociados: the people this applicant requests certificates for."""
    search = ThirdPartySearchForm(request.GET or None)
    people = ThirdParty.objects.filter(owner=request.user).annotate(request_count=Count("requests"))
    if search.is_valid():
        people = people.search(search.cleaned_data["buscar"])
    page = page_of(request, people.order_by("last_name", "first_name"), 10)
    return render(
        request,
        "requests_app/third_party_list.html",
        {"search": search, "page": page, "create_token": uuid.uuid4()},
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
