"""A request's change page: what it says, what it waits for, and the records reviewers enter."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ..constants import RequestState
from ..models import Certificate, CertificateSigner, CertifiedServiceRecord, ThirdParty
from ..registry import match_periods
from .request_inlines import (
    CertifiedServiceRecordInline,
    RequestEventInline,
    ServicePeriodInline,
    SupportingDocumentInline,
)


class ObservationForm(forms.Form):
    observation = forms.CharField(
        label=_("Observación para el solicitante"),
        widget=forms.Textarea(attrs={"rows": 5}),
        min_length=10,
        help_text=_("El solicitante la verá en el historial de su solicitud y en su casillero."),
    )


def next_signature_text(request) -> str:
    order = request.signatures_given() + 1
    signer = CertificateSigner.objects.filter(order=order, is_active=True).select_related("user").first()
    if signer is None:
        return _("Firma %(n)s de 3: no hay un firmante activo en esa posición (configúrelo en Firmantes).") % {
            "n": order
        }
    return _("Firma %(n)s de 3: corresponde a %(name)s (%(title)s).") % {
        "n": order,
        "name": signer.user.get_full_name(),
        "title": signer.title,
    }


def signing_text(request) -> str:
    certificate = Certificate.objects.filter(request=request).first()
    text = _(
        "Las tres firmas están dadas; el sistema está generando la certificación firmada. Si tarda más de "
        "%(minutes)s minutos aparece en el panel de trabajo, donde puede reintentarse."
    ) % {"minutes": settings.CERTIFICATE_ISSUE_ALERT_MINUTES}
    if certificate and certificate.last_error:
        text += " " + _("Último error: %(error)s") % {"error": certificate.last_error}
    return text


class RequestChangePageAdminMixin:
    """The page of one request: read-only data, the registry cross-check, the certified records."""

    inlines = [ServicePeriodInline, SupportingDocumentInline, CertifiedServiceRecordInline, RequestEventInline]
    readonly_fields = (
        "request_number",
        "next_step",
        "applicant_data",
        "subject_data",
        "registry_matches",
        "state",
        "reviewer",
        "payment_method",
        "payment_reference",
        "payment_date",
        "payment_verified_at",
        "created_at",
        "submitted_at",
        "state_changed_at",
        "updated_at",
    )
    fieldsets = (
        (
            _("Solicitud"),
            {
                "fields": (
                    "request_number",
                    "state",
                    "next_step",
                    "reviewer",
                    "created_at",
                    "submitted_at",
                    "state_changed_at",
                )
            },
        ),
        (_("Solicitante e interesado"), {"fields": ("applicant_data", "subject_data")}),
        (
            _("Información de boleta"),
            {"fields": ("payment_method", "payment_reference", "payment_date", "payment_verified_at")},
        ),
        (_("Cotejo con el registro laboral"), {"fields": ("registry_matches",)}),
    )

    def can_save(self, request, obj) -> bool:
        """Only the certified records are edited by hand (while En Revisión); states move by buttons."""
        return (
            obj is not None
            and obj.state == RequestState.IN_REVIEW
            and request.user.has_perm("requests_app.review_request")
        )

    def save_formset(self, request, form, formset, change):
        for record in formset.save(commit=False):
            if isinstance(record, CertifiedServiceRecord) and record.entered_by_id is None:
                record.entered_by = request.user
            record.save()
        for removed in formset.deleted_objects:
            removed.delete()

    @admin.display(description=_("períodos solicitados contra el registro laboral"))
    def registry_matches(self, obj):
        rows = match_periods(obj)
        if not rows:
            return _("La solicitud no tiene períodos.")
        body = format_html_join(
            "",
            '<tr class="match match--{}"><td>{}</td><td>{} – {}</td><td><strong>{}</strong></td><td>{}</td></tr>',
            (
                (
                    row.status,
                    row.period.institution.name,
                    f"{row.period.start_date:%d/%m/%Y}",
                    f"{row.period.end_date:%d/%m/%Y}",
                    row.label,
                    "; ".join(row.differences) or "—",
                )
                for row in rows
            ),
        )
        return format_html(
            '<table class="registry-matches"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            _("Institución"),
            _("Período solicitado"),
            _("Resultado"),
            _("Diferencias"),
            body,
        )

    @admin.display(description=_("qué sigue"))
    def next_step(self, obj):
        """What the request is waiting for, so nobody presses a button that cannot work."""
        if obj.state == RequestState.SUBMITTED:
            return _("Un revisor debe tomarla para revisión.")
        if obj.state == RequestState.IN_REVIEW and not obj.has_certified_records():
            return _(
                "Para aprobar, ingrese abajo los registros certificados (lo que imprimirá la certificación) y "
                "guarde: entonces aparecerá el botón «Aprobar». También puede pedir correcciones o rechazar."
            )
        if obj.state == RequestState.IN_REVIEW:
            return _("Los registros certificados están ingresados: puede aprobar, pedir correcciones o rechazar.")
        if obj.state == RequestState.APPROVED:
            return next_signature_text(obj)
        if obj.state == RequestState.SIGNING:
            return signing_text(obj)
        if obj.state == RequestState.ISSUED:
            return _("Emitida. El solicitante la descarga en Mi Certificación de Servicios.")
        if obj.state == RequestState.DRAFT:
            return _("El solicitante aún la está llenando; llegará a la cola cuando la envíe.")
        if obj.state == RequestState.CORRECTIONS:
            return _("El solicitante debe corregir lo observado y enviarla de nuevo.")
        return _("Nada: el trámite terminó.")

    @admin.display(description=_("solicitante"))
    def applicant_data(self, obj):
        user = obj.applicant
        return format_html("{}<br>CUI {} · {}", user.get_full_name(), user.cui, user.email)

    @admin.display(description=_("interesado"))
    def subject_data(self, obj):
        if not obj.is_for_third_party:
            return _("El mismo solicitante")
        person: ThirdParty = obj.third_party
        rows = [
            (_("Nombre"), person.get_full_name()),
            (_("DPI"), person.cui),
            (_("Fecha de nacimiento"), person.birth_date.strftime("%d/%m/%Y")),
            (_("Parentesco"), person.get_relationship_display()),
            (_("¿Aún vive?"), _("Sí") if person.is_alive else _("No")),
        ]
        return format_html_join(mark_safe("<br>"), "{}: {}", rows)
