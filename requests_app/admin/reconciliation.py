from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from cms.settings_helpers import portal_settings

from ..constants import RequestState
from ..issuing import apply_signatures, unfinished
from ..models import BankDeposit, Certificate, CertificateSignature, CertificateSigner
from ..reconciliation import parse_statement, reconcile


class StatementForm(forms.Form):
    statement = forms.FileField(
        label=_("Estado de cuenta (CSV)"),
        help_text=_("Columnas: modalidad (boleta o transferencia), referencia, fecha (dd/mm/aaaa) y monto."),
    )


@admin.register(BankDeposit)
class BankDepositAdmin(admin.ModelAdmin):
    list_display = ("reference", "payment_method", "deposit_date", "amount", "status", "request", "detail")
    list_filter = ("status", "payment_method", "deposit_date")
    search_fields = ("=reference",)
    list_select_related = ("request",)
    readonly_fields = [f.name for f in BankDeposit._meta.fields]
    change_list_template = "admin/requests_app/bankdeposit/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "importar/", self.admin_site.admin_view(self.import_statement), name="requests_app_bankdeposit_import"
            ),
            *super().get_urls(),
        ]

    def import_statement(self, request):
        """Upload a statement; matching requests are marked paid, the rest flagged."""
        if not request.user.has_perm("requests_app.review_request"):
            raise PermissionDenied
        form = StatementForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                rows = parse_statement(form.cleaned_data["statement"].read())
            except ValidationError as error:
                form.add_error("statement", error)
            else:
                counts = reconcile(rows, fee=portal_settings(request).fee_amount, user=request.user)
                messages.success(
                    request,
                    _("Conciliación: %(ok)s conciliados, %(diff)s con diferencias, %(none)s sin solicitud.")
                    % {
                        "ok": counts[BankDeposit.Status.MATCHED],
                        "diff": counts[BankDeposit.Status.MISMATCH],
                        "none": counts[BankDeposit.Status.UNCLAIMED],
                    },
                )
                return redirect("admin:requests_app_bankdeposit_changelist")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "opts": self.model._meta,
            "title": _("Importar estado de cuenta"),
        }
        return TemplateResponse(request, "admin/requests_app/bankdeposit/import.html", context)


@admin.register(CertificateSigner)
class CertificateSignerAdmin(admin.ModelAdmin):
    """Who signs in each position (1 Analista, 2 Jefe, 3 Director) and with which key."""

    list_display = ("order", "user", "title", "key_role", "is_active")
    list_select_related = ("user",)
    list_filter = ("is_active",)
    autocomplete_fields = ("user",)


class SignatureInline(admin.TabularInline):
    model = CertificateSignature
    extra = 0
    can_delete = False
    readonly_fields = ("order", "signer_name", "signer_title", "requested_at", "applied_at")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


class UnfinishedFilter(admin.SimpleListFilter):
    """Certificates that should be issued by now and are not (linked from the admin index)."""

    title = _("emisión")
    parameter_name = "emision"

    def lookups(self, request, model_admin):
        return [("pendiente", _("Sin terminar (más de %(n)s min)") % {"n": settings.CERTIFICATE_ISSUE_ALERT_MINUTES})]

    def queryset(self, request, queryset):
        if self.value() == "pendiente":
            stalled = unfinished(older_than=timedelta(minutes=settings.CERTIFICATE_ISSUE_ALERT_MINUTES))
            return queryset.filter(pk__in=stalled.values("pk"))
        return queryset


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("request", "issued_at", "signatures_applied", "annulled_at", "last_attempt_at", "last_error")
    list_filter = (
        UnfinishedFilter,
        ("issued_at", admin.EmptyFieldListFilter),
        ("annulled_at", admin.EmptyFieldListFilter),
    )
    search_fields = ("=request__id", "=verification_code", "=sha256")
    list_select_related = ("request",)
    readonly_fields = [f.name for f in Certificate._meta.fields]
    inlines = [SignatureInline]
    show_full_result_count = False
    actions = ["retry_signing"]

    @admin.action(description=_("Reintentar la firma y emisión de las seleccionadas"), permissions=["view"])
    def retry_signing(self, request, queryset):
        """After a failure (a missing key, a crash), finish what is pending; done signatures are kept."""
        pending = list(
            queryset.filter(
                Q(signatures__applied_at__isnull=True) | Q(request__state=RequestState.SIGNING, issued_at__isnull=True)
            )
            .distinct()
            .values_list("pk", flat=True)
        )
        for certificate_id in pending:
            apply_signatures.enqueue(certificate_id=certificate_id)
        self.message_user(
            request,
            _("Se reintentó la firma y emisión de %(n)s certificaciones; el resultado aparece en unos segundos.")
            % {"n": len(pending)},
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
