"""Private files streamed to their owner or to staff: supporting documents and signed certificates."""

from django.shortcuts import get_object_or_404
from django.views.decorators.clickjacking import xframe_options_sameorigin

from core.views import PrivateFile, private_file_view

from ..models import Certificate, SupportingDocument


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


document_file = xframe_options_sameorigin(private_file_view(own_document))
certificate_file = xframe_options_sameorigin(private_file_view(own_certificate))
