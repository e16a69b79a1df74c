"""The rows shown under a request: periods, documents, certified records and the reloj."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..constants import RequestState
from ..models import CertifiedServiceRecord, RequestEvent, ServicePeriod, SupportingDocument


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ServicePeriodInline(ReadOnlyInline):
    model = ServicePeriod
    fields = ("institution", "dependency", "position_title", "start_date", "end_date", "budget_line", "municipality")
    readonly_fields = fields
    verbose_name_plural = _("períodos solicitados")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("institution", "budget_line", "municipality__department")


class SupportingDocumentInline(ReadOnlyInline):
    model = SupportingDocument
    fields = ("document_type", "specification", "preview", "size", "sha256", "uploaded_at")
    readonly_fields = fields

    @admin.display(description=_("documento"))
    def preview(self, document):
        url = reverse("requests_app:document", args=[document.request_id, document.pk])
        if document.content_type.startswith("image/"):
            return format_html(
                '<a href="{0}" target="_blank" rel="noopener"><img class="document-preview" src="{0}" alt="{1}"></a>',
                url,
                document,
            )
        return format_html(
            '<iframe class="document-preview document-preview--pdf" src="{0}" title="{1}"></iframe>'
            '<br><a href="{0}" target="_blank" rel="noopener">{2}</a>',
            url,
            document,
            _("Abrir en otra pestaña"),
        )


class RequestEventInline(ReadOnlyInline):
    model = RequestEvent
    fields = ("created_at", "to_state", "actor", "observation")
    readonly_fields = fields
    ordering = ("created_at", "pk")
    verbose_name_plural = _("reloj (historial de estados)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class CertifiedServiceRecordInline(admin.TabularInline):
    """The lines the certificate will print; editable by reviewers while the request is En Revisión."""

    model = CertifiedServiceRecord
    extra = 0
    fields = (
        "institution",
        "dependency",
        "position_title",
        "budget_line",
        "base_salary",
        "complements",
        "bonuses",
        "start_date",
        "end_date",
    )
    autocomplete_fields = ("institution",)

    def editable(self, request, obj):
        return (
            obj is not None
            and obj.state == RequestState.IN_REVIEW
            and request.user.has_perm("requests_app.review_request")
        )

    def has_add_permission(self, request, obj=None):
        return self.editable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.editable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.editable(request, obj) and super().has_delete_permission(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("institution", "budget_line")
