"""Private files streamed to their owner or to staff: supporting documents and signed certificates."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin

from ..models import Certificate, SupportingDocument


@never_cache
@xframe_options_sameorigin
def document_file(request, pk, document_id):
    """Stream a private document to its owner (or to staff who may view requests); 404 to anyone else."""
    if not request.user.is_authenticated:
        raise Http404
    documents = SupportingDocument.objects.select_related("request")
    if not request.user.has_perm("requests_app.view_certificationrequest"):
        documents = documents.filter(request__applicant=request.user)
    document = get_object_or_404(documents, pk=document_id, request_id=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("El archivo no está disponible.")) from error
    response = FileResponse(
        handle,
        content_type=document.content_type,
        as_attachment="descargar" in request.GET,
        filename=document.original_name,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@xframe_options_sameorigin
def certificate_file(request, pk):
    """The signed PDF, to its applicant (inline to view, ``?descargar=1`` to download); 404 to others."""
    if not request.user.is_authenticated:
        raise Http404
    certificates = Certificate.objects.filter(issued_at__isnull=False)
    if not request.user.has_perm("requests_app.view_certificationrequest"):
        certificates = certificates.filter(request__applicant=request.user)
    certificate = get_object_or_404(certificates, request_id=pk)
    response = FileResponse(
        certificate.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment="descargar" in request.GET,
        filename=f"certificacion-servicios-{certificate.request_id}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
