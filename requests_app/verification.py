"""Public verification of a certificate by the code in its QR, or typed from paper: no sign-in, throttled."""

import hashlib
import logging
import re
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_ratelimit.decorators import ratelimit

from core.identifiers import mask_cui
from core.uploads import MEGABYTE, upload_limit

from .certificates.codes import normalize_typed_code
from .certificates.signing import trust_config, validate_signatures
from .models import Certificate

AUTHENTIC, ANNULLED, NOT_FOUND = "autentico", "anulado", "no_encontrado"
MAX_UPLOAD = 15 * 1024 * 1024
# Codes as they appear in QR codes: today's grouped ones and the older secrets.token_urlsafe() ones.
CODE_PATTERN = re.compile(r"[A-Za-z0-9_\-]{1,64}")
SIGNATURE_REPORT_SECONDS = 60 * 60
logger = logging.getLogger(__name__)


class TypedCodeForm(forms.Form):
    codigo = forms.CharField(
        label=_("Código de verificación"),
        max_length=80,
        help_text=_(
            "Escríbalo como aparece bajo el código QR de la certificación, por ejemplo 7KQ2M-X9D4R-T0WZC-8HN5P-V3B61. "
            "No importan las mayúsculas ni los espacios."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_codigo(self):
        code = normalize_typed_code(self.cleaned_data["codigo"])
        if code is None:
            raise forms.ValidationError(
                _("El código tiene 25 letras y números en cinco grupos de cinco. Revíselo e intente de nuevo."),
                code="invalid",
            )
        return code


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
    """The issued certificate with this code, as printed in its QR or as someone typed it."""
    if not CODE_PATTERN.fullmatch(code):  # not a code we issue (and NUL would make PostgreSQL fail the query)
        return NOT_FOUND, None
    candidates = {code, normalize_typed_code(code)} - {None}
    certificate = (
        Certificate.objects.select_related("request__applicant", "request__third_party")
        .prefetch_related("signatures")
        .filter(verification_code__in=candidates, issued_at__isnull=False)
        .first()
    )
    if certificate is None:
        return NOT_FOUND, None
    return (ANNULLED if certificate.is_annulled else AUTHENTIC), certificate


def signature_report(certificate) -> list[dict]:
    """Which signatures of the stored file are valid and when each was time-stamped (cached per file)."""
    key = f"certificate-signatures:{certificate.sha256}"
    report = cache.get(key)
    if report is None:
        try:
            with certificate.pdf.open("rb") as stored:
                report = validate_signatures(stored.read(), trust_config())
        except Exception:
            logger.exception("No se pudieron validar las firmas de la certificación %s", certificate.pk)
            return []
        cache.set(key, report, SIGNATURE_REPORT_SECONDS)
    return report


def signer_rows(certificate, report: list[dict]) -> list[dict]:
    by_field = {entry["field"]: entry for entry in report}
    rows = []
    for signature in certificate.signatures.all():
        entry = by_field.get(f"Firma{signature.order}", {})
        stamped = entry.get("timestamped_at")
        rows.append(
            {
                "nombre": signature.signer_name,
                "cargo": signature.signer_title,
                "firmado": timezone.localtime(signature.applied_at).isoformat() if signature.applied_at else None,
                "sello_de_tiempo": timezone.localtime(stamped).isoformat() if stamped else None,
                "valida": bool(entry.get("valid")),
            }
        )
    return rows


def archive_timestamp(report: list[dict]) -> dict | None:
    stamps = [entry for entry in report if entry["kind"] != "firma"]
    if not stamps:
        return None
    last = stamps[-1]
    stamped = last["timestamped_at"]
    return {"valido": bool(last["valid"]), "fecha": timezone.localtime(stamped).isoformat() if stamped else None}


def summary(status: str, certificate) -> dict:
    if certificate is None:
        return {"estado": status}
    request = certificate.request
    subject = request.third_party or request.applicant
    report = signature_report(certificate)
    return {
        "estado": status,
        "numero": request.number,
        "interesado": masked_name(subject.get_full_name()),
        "cui": mask_cui(subject.cui),
        "emitida": certificate.issued_at.isoformat(),
        "anulada": certificate.annulled_at.isoformat() if certificate.annulled_at else None,
        "firmantes": signer_rows(certificate, report),
        "sello_de_archivo": archive_timestamp(report),
        "sha256": certificate.sha256,
    }


def _parsed(value: str | None):
    return datetime.fromisoformat(value) if value else None


def signer_table(data: dict) -> list[dict]:
    """The summary's signers with real datetimes, for the page's date filter."""
    return [
        {**row, "firmado": _parsed(row["firmado"]), "sello_de_tiempo": _parsed(row["sello_de_tiempo"])}
        for row in data.get("firmantes", [])
    ]


def archive_table(data: dict) -> dict | None:
    archive = data.get("sello_de_archivo")
    return {**archive, "fecha": _parsed(archive["fecha"])} if archive else None


@never_cache
@ratelimit(key="ip", rate="60/m", group="verificacion", block=False)
def verify_typed(request):
    """/verificar/: a person with a paper copy types its code."""
    if getattr(request, "limited", False):
        return render(request, "requests_app/verify_throttled.html", status=429)
    form = TypedCodeForm(request.GET if "codigo" in request.GET else None)
    if form.is_valid():
        return redirect("verify", code=form.cleaned_data["codigo"])
    return render(request, "requests_app/verify_typed.html", {"form": form})


@never_cache
@ratelimit(key="ip", rate="60/m", group="verificacion", block=False)
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
        {
            "status": status,
            "certificate": certificate,
            "data": data,
            "signers": signer_table(data),
            "archive": archive_table(data),
            "form": form,
            "comparison": comparison,
        },
        status=404 if certificate is None else 200,
    )


def development_crl(request):
    """The development CA's certificate revocation list, where its certificates say it is (DER)."""
    path = settings.SIGNING_DIR / "ca.crl.pem"
    if not path.is_file():
        raise Http404
    crl = x509.load_pem_x509_crl(path.read_bytes())
    response = HttpResponse(crl.public_bytes(serialization.Encoding.DER), content_type="application/pkix-crl")
    response["Cache-Control"] = "public, max-age=3600"
    return response
