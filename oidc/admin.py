from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import AuthorisedSystem, ConsentEvent
from .scopes import SCOPE_CHOICES


class AuthorisedSystemForm(forms.ModelForm):
    allowed_scopes = forms.MultipleChoiceField(
        label=_("datos permitidos (scopes)"),
        choices=SCOPE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        initial=["openid", "email", "profile"],
        help_text=_("«cui» entrega el CUI y la fecha de nacimiento: solo a sistemas con base legal para pedirlos."),
    )

    home_url = forms.URLField(
        label=_("dirección del sistema"),
        required=False,
        assume_scheme="https",
        help_text=AuthorisedSystem._meta.get_field("home_url").help_text,
    )

    class Meta:
        model = AuthorisedSystem
        fields = "__all__"  # noqa: DJ007 — the admin chooses the fields with its fieldsets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["allowed_scopes"] = self.instance.allowed_scopes.split()

    def clean_allowed_scopes(self):
        return " ".join(self.cleaned_data["allowed_scopes"])


class AuthorisedSystemAdmin(SimpleHistoryAdmin):
    """The catalog of systems that sign people in with the portal. The client secret is shown once, on creation.

    The toolkit registers it for the application model (``OAUTH2_PROVIDER["APPLICATION_ADMIN_CLASS"]``).
    """

    form = AuthorisedSystemForm
    list_display = ("name", "client_id", "client_type", "enabled", "show_on_home", "show_on_dashboard", "updated")
    list_filter = ("enabled", "client_type", "show_on_home", "show_on_dashboard")
    search_fields = ("name", "client_id")
    readonly_fields = ("logo_preview", "created", "updated")
    fieldsets = (
        (None, {"fields": ("name", "description", "logo", "logo_preview", "home_url", "enabled")}),
        (_("Dónde se muestra"), {"fields": ("show_on_home", "show_on_dashboard")}),
        (
            _("Conexión OpenID Connect"),
            {
                "fields": (
                    "client_id",
                    "client_type",
                    "client_secret",
                    "redirect_uris",
                    "post_logout_redirect_uris",
                    "allowed_scopes",
                    "authorization_grant_type",
                    "algorithm",
                ),
                "description": _(
                    "Copie el secreto antes de guardar: se guarda cifrado y no se puede volver a ver. "
                    "Las direcciones de retorno se comparan exactamente (esquema, puerto, ruta y parámetros)."
                ),
            },
        ),
        (_("Registro"), {"fields": ("created", "updated")}),
    )

    def get_changeform_initial_data(self, request):
        return {
            "authorization_grant_type": AuthorisedSystem.GRANT_AUTHORIZATION_CODE,
            "algorithm": AuthorisedSystem.RS256_ALGORITHM,
            "client_type": AuthorisedSystem.CLIENT_CONFIDENTIAL,
            **super().get_changeform_initial_data(request),
        }

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "client_id", "client_secret"] if obj else fields

    @admin.display(description=_("logotipo actual"))
    def logo_preview(self, obj):
        if obj and obj.logo:
            return format_html('<img src="{}" alt="" style="max-height:48px">', obj.logo.url)
        return "—"


@admin.register(ConsentEvent)
class ConsentEventAdmin(admin.ModelAdmin):
    """Who granted, refused or revoked which system's access, when and from where. Read only."""

    list_display = ("created_at", "user", "system", "action", "scopes", "ip_address")
    list_filter = ("action", "system")
    list_select_related = ("user", "system")
    search_fields = ("=user__cui", "user__email", "system__name")
    readonly_fields = ("created_at", "user", "system", "action", "scopes", "ip_address")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
