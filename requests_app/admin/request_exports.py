"""The queue as CSV or XLSX, with the filters applied."""

from import_export import fields as export_fields
from import_export import resources

from ..models import CertificationRequest


class CertificationRequestResource(resources.ModelResource):
    """Export of the queue with the filters applied (CSV/XLSX)."""

    number = export_fields.Field(attribute="pk", column_name="No.")
    state_label = export_fields.Field(column_name="Estado")
    subject = export_fields.Field(attribute="subject_name", column_name="Interesado")
    kind = export_fields.Field(attribute="request_kind", column_name="Solicitud")
    applicant_email = export_fields.Field(attribute="applicant__email", column_name="Correo del solicitante")
    reviewer_name = export_fields.Field(column_name="Revisor")
    submitted = export_fields.Field(attribute="submitted_at", column_name="Enviada")
    changed = export_fields.Field(attribute="state_changed_at", column_name="Último cambio de estado")
    method = export_fields.Field(attribute="payment_method", column_name="Modalidad de pago")
    reference = export_fields.Field(attribute="payment_reference", column_name="Boleta o referencia")

    class Meta:
        model = CertificationRequest
        fields = (
            "number",
            "state_label",
            "subject",
            "kind",
            "applicant_email",
            "reviewer_name",
            "submitted",
            "changed",
            "method",
            "reference",
        )

    def dehydrate_state_label(self, obj):
        return obj.get_state_display()

    def dehydrate_reviewer_name(self, obj):
        return obj.reviewer.get_full_name() if obj.reviewer else ""
