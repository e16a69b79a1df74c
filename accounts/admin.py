from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.contrib.auth.forms import UserCreationForm as DjangoUserCreationForm
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .cui import mask_cui
from .models import User


class UserCreationForm(DjangoUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "cui", "birth_date")


class UserChangeForm(DjangoUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
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
