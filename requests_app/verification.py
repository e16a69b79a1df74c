"""Public verification of a certificate by the code in its QR: no sign-in, throttled."""

import hashlib
import re

from django import forms
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_ratelimit.decorators import ratelimit

from accounts.cui import mask_cui
from accounts.uploads import MEGABYTE, upload_limit

from .models import Certificate

AUTHENTIC, ANNULLED, NOT_FOUND = "autentico", "anulado", "no_encontrado"
MAX_UPLOAD = 15 * 1024 * 1024
CODE_PATTERN = re.compile(r"[A-Za-z0-9_\-]{1,64}")  # secrets.token_urlsafe() alphabet, column length


class CompareFileForm(forms.Form):
    pdf = forms.FileField(
        label=_("Archivo PDF de la certificación"),
        help_text=_("Compruebe que el archivo que recibió es exactamente el que se emitió."),
    )

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("El archivo es demasiado grande (máximo 15 MB)."))
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        return digest.hexdigest()


def masked_name(full_name: str) -> str:
    """Given names in full, surnames by their initial: «María José P. L.»."""
    parts = full_name.split()
    if len(parts) <= 2:
        return " ".join([parts[0], *[f"{p[0]}." for p in parts[1:]]]) if parts else ""
    return " ".join([*parts[:2], *[f"{p[0]}." for p in parts[2:] if p[0].isalpha()]])


def lookup(code: str):
    if not CODE_PATTERN.fullmatch(code):  # not a code we issue (and NUL would make PostgreSQL fail the query)
        return NOT_FOUND, None
    certificate = (
        Certificate.objects.select_related("request__applicant", "request__third_party")
        .prefetch_related("signatures")
        .filter(verification_code=code, issued_at__isnull=False)
        .first()
    )
    if certificate is None:
        return NOT_FOUND, None
    return (ANNULLED if certificate.is_annulled else AUTHENTIC), certificate


def summary(status: str, certificate) -> dict:
    if certificate is None:
        return {"estado": status}
    request = certificate.request
    subject = request.third_party or request.applicant
    return {
        "estado": status,
        "numero": request.number,
        "interesado": masked_name(subject.get_full_name()),
        "cui": mask_cui(subject.cui),
        "emitida": certificate.issued_at.isoformat(),
        "anulada": certificate.annulled_at.isoformat() if certificate.annulled_at else None,
        "firmantes": [{"nombre": s.signer_name, "cargo": s.signer_title} for s in certificate.signatures.all()],
        "sha256": certificate.sha256,
    }


@never_cache
@ratelimit(key="ip", rate="60/m", block=False)
@upload_limit(MAX_UPLOAD + MEGABYTE)
def verify(request, code):
    if getattr(request, "limited", False):
        return render(request, "requests_app/verify_throttled.html", status=429)
    status, certificate = lookup(code)
    data = summary(status, certificate)
    if request.GET.get("formato") == "json":
        return JsonResponse(data, status=404 if certificate is None else 200, json_dumps_params={"ensure_ascii": False})
    form = CompareFileForm(request.POST or None, request.FILES or None)
    comparison = None
    if certificate is not None and request.method == "POST" and form.is_valid():
        comparison = form.cleaned_data["pdf"] == certificate.sha256
    return render(
        request,
        "requests_app/verify.html",
        {"status": status, "certificate": certificate, "data": data, "form": form, "comparison": comparison},
        status=404 if certificate is None else 200,
    )
