"""The assistance submissions in the Wagtail admin: list, filters, export, assign and answer."""

import datetime

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils import dateformat, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.coreutils import multigetattr
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from . import services
from .answers import display_value
from .models import AssistanceFormField, AssistanceFormPage, AssistanceSubmission, SubmissionStatus

CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EXPORT_DATETIME_FORMAT = "d/m/Y H:i"


def local_datetime(value: datetime.datetime) -> datetime.datetime:
    """The time as read in Guatemala, without a zone (spreadsheets cannot store one)."""
    return timezone.make_naive(value) if timezone.is_aware(value) else value


def submission_handlers():
    """Active people who may handle submissions: superusers and holders of the change permission."""
    permission = Permission.objects.filter(content_type__app_label="cms", codename="change_assistancesubmission")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__permissions__in=permission) | Q(user_permissions__in=permission))
        .distinct()
        .order_by("email")
    )


class SubmissionPermissionPolicy(ModelPermissionPolicy):
    """Submissions come only from the public forms: nobody adds or copies them in the admin."""

    def user_has_permission(self, user, action):
        if action in ("add", "copy"):
            return False
        return super().user_has_permission(user, action)


class SubmissionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Estado"), choices=SubmissionStatus.choices, empty_label=_("Todos"))
    page = django_filters.ModelChoiceFilter(
        label=_("Servicio"), queryset=lambda request: Page.objects.type(AssistanceFormPage).order_by("title")
    )
    assignee = django_filters.ModelChoiceFilter(
        label=_("Asignada a"), queryset=lambda request: submission_handlers(), null_label=_("Sin asignar")
    )
    submit_time = django_filters.DateFromToRangeFilter(label=_("Fecha de envío"), widget=DateRangePickerWidget)

    class Meta:
        model = AssistanceSubmission
        fields = ["status", "page", "assignee", "submit_time"]


class SubmissionAdminForm(WagtailAdminModelForm):
    """Status, assignee and reply; a reply needs a contact email and «Respondida» needs a reply."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "assignee" in self.fields:
            self.fields["assignee"].queryset = submission_handlers()
        if "reply" in self.fields:
            self.fields["reply"].widget = forms.Textarea(attrs={"rows": 8})

    def clean(self):
        cleaned = super().clean()
        reply = (cleaned.get("reply") or "").strip()
        cleaned["reply"] = reply
        if reply and "reply" in self.changed_data and not self.instance.contact_email:
            self.add_error("reply", _("Esta solicitud no tiene correo de contacto: la respuesta no se puede enviar."))
        if cleaned.get("status") == SubmissionStatus.ANSWERED and not reply:
            self.add_error("status", _("Escriba la respuesta antes de marcarla como «Respondida»."))
        return cleaned


class SubmissionIndexView(IndexView):
    """The list; its CSV/XLSX export adds one column per question of the forms.

    Dates are exported in the portal's time zone (Wagtail writes them in UTC), so a case
    sent at 22:15 in Guatemala does not read 04:15 of the next day.
    """

    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        datetime.datetime: {
            IndexView.FORMAT_XLSX: local_datetime,
            IndexView.FORMAT_CSV: lambda value: dateformat.format(local_datetime(value), EXPORT_DATETIME_FORMAT),
        },
    }

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("page", "assignee")

    @cached_property
    def answer_columns(self) -> dict[str, str]:
        columns = {}
        for clean_name, label in AssistanceFormField.objects.order_by("page__path", "sort_order").values_list(
            "clean_name", "label"
        ):
            columns.setdefault(f"answer:{clean_name}", label)
        return columns

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.is_export:
            self.list_export = [*self.list_export, *self.answer_columns]
            self.export_headings = {**self.export_headings, **self.answer_columns}

    def to_row_dict(self, item):
        return {
            field: (
                display_value(item.form_data.get(field.removeprefix("answer:")))
                if field.startswith("answer:")
                else multigetattr(item, field)
            )
            for field in self.list_export
        }

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str) and value.startswith(CSV_FORMULA_PREFIXES):
            return "'" + value  # a spreadsheet must not run what a visitor typed
        return value


class SubmissionEditView(EditView):
    """Saving a new reply emails it; the success message says so."""

    reply_sent = False

    def save_instance(self):
        self.reply_sent = services.apply_staff_changes(
            self.form.instance, changed_fields=self.form.changed_data, user=self.request.user
        )
        instance = super().save_instance()
        if self.reply_sent:
            services.send_reply(instance)
        return instance

    def get_success_message(self):
        if self.reply_sent:
            return _("Solicitud No. %(number)s guardada: la respuesta se envió a %(email)s.") % {
                "number": self.object.number,
                "email": self.object.contact_email,
            }
        return _("Solicitud No. %(number)s guardada.") % {"number": self.object.number}


class AssistanceSubmissionViewSet(ModelViewSet):
    model = AssistanceSubmission
    name = services.SUBMISSIONS_URL_NAMESPACE
    url_prefix = "asistencia"
    icon = "mail"
    menu_label = _("Asistencia")
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    index_view_class = SubmissionIndexView
    edit_view_class = SubmissionEditView
    filterset_class = SubmissionFilterSet
    search_fields = ["contact_name", "contact_email", "cui", "message"]
    search_backend_name = None
    list_per_page = 25
    list_display = [
        Column("number", label=_("No."), accessor="number"),
        Column("page", label=_("Servicio"), accessor="page.title"),
        "contact_name",
        "contact_email",
        Column("status", label=_("Estado"), accessor="get_status_display", sort_key="status"),
        Column("assignee", label=_("Asignada a"), accessor="assignee"),
        DateColumn("submit_time", label=_("Fecha de envío"), sort_key="submit_time"),
    ]
    list_export = [
        "number",
        "page.title",
        "submit_time",
        "get_status_display",
        "assignee",
        "contact_name",
        "cui",
        "contact_email",
        "phone",
        "message",
        "reply",
        "replied_at",
    ]
    export_headings = {
        "number": _("No."),
        "page.title": _("Servicio"),
        "submit_time": _("Fecha de envío"),
        "get_status_display": _("Estado"),
        "assignee": _("Asignada a"),
        "replied_at": _("Respondida el"),
    }
    export_filename = "solicitudes-de-asistencia"
    edit_handler = ObjectList(
        [
            HelpPanel(template="cms/admin/submission_data.html", heading=_("Lo que envió la persona")),
            FieldPanel("status"),
            FieldPanel("assignee"),
            FieldPanel("reply"),
        ],
        base_form_class=SubmissionAdminForm,
    )
