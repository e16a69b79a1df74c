from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.contrib.auth.forms import UserCreationForm as DjangoUserCreationForm
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportMixin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ServiceTransitionsAdminMixin
from core.identifiers import mask_cui

from . import identity, services
from .forms import IdentityRejectionForm, ReadCuiForm
from .history import ReadOnlyHistoryAdmin
from .legacy import CapeUserResource
from .models import EmailChangeRequest, IdentityVerification, Notification, Profile, TermsAcceptance, User


class UserCreationForm(DjangoUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "cui", "birth_date")


class UserChangeForm(DjangoUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    extra = 0
    autocomplete_fields = ("municipality",)


@admin.register(User)
class UserAdmin(ImportMixin, SimpleHistoryAdmin, DjangoUserAdmin):
    """People and staff. *Importar* brings in the CAPE user list (accounts/legacy.py), with a preview and row errors."""

    resource_classes = [CapeUserResource]
    inlines = [ProfileInline]
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ("email", "masked_cui", "full_name", "email_confirmed_at", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_active", "is_superuser", "legacy_source", "groups")
    search_fields = ("email", "cui", "first_name", "last_name", "second_surname")
    ordering = ("-date_joined",)
    readonly_fields = ("last_login", "date_joined")
    list_per_page = 50
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("email", "cui", "password")}),
        (
            _("Datos personales"),
            {
                "fields": (
                    ("first_name", "second_name", "other_names"),
                    ("last_name", "second_surname", "married_surname"),
                    "birth_date",
                )
            },
        ),
        (
            _("Estado de la cuenta"),
            {"fields": ("email_confirmed_at", "is_active", "legacy_source", "last_login", "date_joined")},
        ),
        (_("Permisos"), {"fields": ("is_staff", "is_superuser", "groups", "user_permissions")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "cui", "birth_date", "password1", "password2")}),
    )

    @admin.display(description=_("CUI"), ordering="cui")
    def masked_cui(self, obj):
        return mask_cui(obj.cui)

    @admin.display(description=_("nombre"))
    def full_name(self, obj):
        return obj.get_full_name()


REVIEW_TRANSITION_TEMPLATE = "admin/accounts/transition_form.html"


def local_time(value) -> str:
    return date_format(timezone.localtime(value), "d/m/Y h:i A") if value else "—"


def review_rows(rows):
    """``[(label, value)]`` as a definition list the reviewer reads at a glance."""
    return format_html(
        '<dl class="review-data">{}</dl>', format_html_join("", "<dt>{}</dt><dd>{}</dd>", ((k, v) for k, v in rows))
    )


class RejectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo del rechazo"),
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=10,
        help_text=_("Se enviará a la persona en su correo nuevo."),
    )


@admin.register(EmailChangeRequest)
class EmailChangeRequestAdmin(ServiceTransitionsAdminMixin, ReadOnlyHistoryAdmin):
    """Recovery without the old email: approve only after checking the person's identity."""

    fsm_fields = ["state"]
    fsm_forms = {"reject": RejectionForm}
    fsm_transition_form_template = REVIEW_TRANSITION_TEMPLATE
    transition_services = {
        "approve": lambda change, user, data: services.approve_email_change(change=change, reviewer=user),
        "reject": lambda change, user, data: services.reject_email_change(
            change=change, reviewer=user, reason=data["reason"]
        ),
    }
    transition_success_message = _("Solicitud de cambio de correo resuelta.")

    class Media:
        css = {"all": ("css/admin-extra.css",)}

    list_display = ("created_at", "user", "masked_cui", "new_email", "state", "confirmed_at", "reviewer")
    list_filter = ("state",)
    search_fields = ("=user__cui", "new_email", "old_email")
    list_select_related = ("user", "reviewer")
    readonly_fields = (
        "user",
        "old_email",
        "new_email",
        "state",
        "reason",
        "reviewer",
        "ip_address",
        "created_at",
        "confirmed_at",
        "decided_at",
        "birth_date",
    )
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("CUI"))
    def masked_cui(self, obj):
        return mask_cui(obj.user.cui)

    @admin.display(description=_("fecha de nacimiento registrada"))
    def birth_date(self, obj):
        return obj.user.birth_date.strftime("%d/%m/%Y") if obj.user.birth_date else "—"

    def review_panel(self, obj):
        """Beside the approve/reject form: who asks, for which address, and what to compare."""
        return review_rows(
            [
                (_("Persona"), obj.user.get_full_name() or "—"),
                (_("CUI"), mask_cui(obj.user.cui)),
                (_("Fecha de nacimiento registrada"), self.birth_date(obj)),
                (_("Correo anterior"), obj.old_email),
                (_("Correo nuevo"), obj.new_email),
                (_("Correo nuevo confirmado"), local_time(obj.confirmed_at)),
                (_("Solicitado"), local_time(obj.created_at)),
                (_("Dirección IP"), obj.ip_address or "—"),
            ]
        )


@admin.register(TermsAcceptance)
class TermsAcceptanceAdmin(admin.ModelAdmin):
    list_display = ("user", "revision", "accepted_at", "ip_address")
    list_select_related = ("user", "revision")
    search_fields = ("=user__cui", "user__email")
    readonly_fields = ("user", "revision", "accepted_at", "ip_address")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "title", "read_at")
    list_select_related = ("recipient",)
    search_fields = ("=recipient__cui", "recipient__email", "title")
    list_filter = (("read_at", admin.EmptyFieldListFilter),)
    readonly_fields = ("recipient", "title", "body", "link", "created_at", "read_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(IdentityVerification)
class IdentityVerificationAdmin(ServiceTransitionsAdminMixin, ReadOnlyHistoryAdmin):
    """Pending verifications: evidence inline, personal data beside it, the CUI hidden (blind check)."""

    fsm_fields = ["state"]
    fsm_forms = {"approve": ReadCuiForm, "reject": IdentityRejectionForm}
    fsm_transition_form_template = REVIEW_TRANSITION_TEMPLATE
    transition_services = {
        "approve": lambda verification, user, data: identity.approve_identity(
            verification=verification, reviewer=user, read_cui=data["read_cui"]
        ),
        "reject": lambda verification, user, data: identity.reject_identity(
            verification=verification, reviewer=user, reason=data["reason"]
        ),
    }
    transition_success_message = _("Verificación de identidad resuelta.")

    class Media:
        css = {"all": ("css/admin-extra.css",)}

    list_display = ("created_at", "person", "state", "reviewer", "decided_at")
    list_filter = ("state",)
    list_select_related = ("user", "reviewer")
    search_fields = ("user__last_name", "user__first_name", "user__email")
    ordering = ("created_at",)
    readonly_fields = ("person", "personal_data", "evidence", "state", "reason", "reviewer", "created_at", "decided_at")
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("persona"))
    def person(self, obj):
        return obj.user.get_full_name() or obj.user.email

    def personal_rows(self, obj):
        user, profile = obj.user, getattr(obj.user, "profile", None)
        return [
            (_("Nombre completo"), user.get_full_name()),
            (_("Fecha de nacimiento"), user.birth_date.strftime("%d/%m/%Y") if user.birth_date else "—"),
            (_("Género"), profile.get_gender_display() if profile else "—"),
            (_("Correo"), user.email),
            (_("Dirección"), profile.address if profile else "—"),
        ]

    @admin.display(description=_("datos personales (sin CUI)"))
    def personal_data(self, obj):
        return review_rows(self.personal_rows(obj))

    @admin.display(description=_("evidencia"))
    def evidence(self, obj):
        if obj.evidence_deleted_at:
            return _(
                "Las imágenes del DPI y el video se eliminaron el %(date)s, según la política de retención; "
                "la decisión se conserva."
            ) % {"date": timezone.localtime(obj.evidence_deleted_at).strftime("%d/%m/%Y")}

        def url(kind):
            return reverse("accounts:identity_file", args=[obj.pk, kind])

        parts = []
        for kind, content_type, label in (
            ("anverso", obj.dpi_front_type, _("DPI anverso")),
            ("reverso", obj.dpi_back_type, _("DPI reverso")),
        ):
            if content_type.startswith("image/"):
                parts.append(
                    format_html(
                        '<figure><a href="{}" target="_blank" rel="noopener"><img src="{}" alt="{}"></a>'
                        "<figcaption>{}</figcaption></figure>",
                        url(kind),
                        url(kind),
                        label,
                        label,
                    )
                )
            else:
                parts.append(
                    format_html(
                        '<figure><iframe class="document-preview document-preview--pdf" src="{}" title="{}"></iframe>'
                        '<figcaption><a href="{}" target="_blank" rel="noopener">{} (PDF)</a></figcaption></figure>',
                        url(kind),
                        label,
                        url(kind),
                        label,
                    )
                )
        parts.append(
            format_html(
                '<figure><video src="{}" controls preload="metadata" aria-label="{}"></video>'
                "<figcaption>{} · {} s</figcaption></figure>",
                url("video"),
                _("Video de confirmación"),
                _("Video de confirmación"),
                obj.video_seconds,
            )
        )
        return format_html('<div class="review-evidence">{}</div>', format_html_join("", "{}", ((p,) for p in parts)))

    def review_panel(self, obj):
        """Beside the CUI the reviewer types: the DPI images, the video and the data to compare (no CUI)."""
        return format_html("{}{}", self.personal_data(obj), self.evidence(obj))
