from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.contrib.auth.forms import UserCreationForm as DjangoUserCreationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django_fsm.admin import FSMAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .cui import mask_cui
from .history import ReadOnlyHistoryAdmin
from .models import EmailChangeRequest, Notification, Profile, TermsAcceptance, User


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
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    inlines = [ProfileInline]
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ("email", "masked_cui", "full_name", "email_confirmed_at", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_active", "is_superuser", "groups")
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
        (_("Estado de la cuenta"), {"fields": ("email_confirmed_at", "is_active", "last_login", "date_joined")}),
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


class RejectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo del rechazo"),
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=10,
        help_text=_("Se enviará a la persona en su correo nuevo."),
    )


@admin.register(EmailChangeRequest)
class EmailChangeRequestAdmin(FSMAdminMixin, ReadOnlyHistoryAdmin):
    """Recovery without the old email: approve only after checking the person's identity."""

    fsm_fields = ["state"]
    fsm_forms = {"reject": RejectionForm}
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

    @staticmethod
    def get_fsm_block_label(fsm_field_name):
        return _("Decisión")

    def get_help_text(self, transition):
        return transition.custom.get("help_text") or ""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "show_save": False, "show_save_and_continue": False}
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("fecha de nacimiento registrada"))
    def birth_date(self, obj):
        return obj.user.birth_date

    def _apply_fsm_transition(self, *, obj, transition_name, request, kwargs=None):
        try:
            if transition_name == "approve":
                services.approve_email_change(change=obj, reviewer=request.user)
            elif transition_name == "reject":
                services.reject_email_change(change=obj, reviewer=request.user, reason=(kwargs or {})["reason"])
            else:
                raise PermissionDenied(_("Esta acción no está disponible aquí."))
        except (ValidationError, PermissionDenied) as error:
            self.message_user(request, " ".join(getattr(error, "messages", [str(error)])), messages.ERROR)
            return False
        except Exception as error:  # django-fsm refusals (wrong state, no permission)
            self.message_user(
                request, _("No se pudo completar la acción: %(error)s") % {"error": error}, messages.ERROR
            )
            return False
        self.message_user(request, _("Solicitud de cambio de correo resuelta."), messages.SUCCESS)
        return True


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
