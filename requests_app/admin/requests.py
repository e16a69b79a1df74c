"""The reviewers' back office: the request queue and the request page.

Transitions appear as django-fsm admin buttons, but they run through
``requests_app.services`` (row lock, guards, permission, timeline, casillero), so
the admin obeys exactly the rules the rest of the product does.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_fsm.admin import FSMAdminMixin
from import_export import fields as export_fields
from import_export import resources
from import_export.admin import ExportMixin

from accounts.cui import has_cui_shape, mask_cui, normalize_cui
from accounts.history import ReadOnlyHistoryAdmin, TransitionButtonsAdminMixin
from accounts.inputs import is_ascii_number, is_record_id
from cms.settings_helpers import portal_settings

from .. import services
from ..constants import RequestState
from ..deadlines import Deadlines
from ..models import (
    Certificate,
    CertificateSigner,
    CertificationRequest,
    CertifiedServiceRecord,
    Institution,
    RequestEvent,
    ServicePeriod,
    SupportingDocument,
    ThirdParty,
)
from ..registry import match_periods
from ..roles import REVIEWER
from .queue import QueueResultsMixin

COUNT_CAP = 10_000


class CappedCountPaginator(Paginator):
    """Counts at most COUNT_CAP rows, so the queue stays fast with millions of requests."""

    @cached_property
    def count(self):
        capped = self.object_list.order_by()[: COUNT_CAP + 1]
        return capped.count()


class ObservationForm(forms.Form):
    observation = forms.CharField(
        label=_("Observación para el solicitante"),
        widget=forms.Textarea(attrs={"rows": 5}),
        min_length=10,
        help_text=_("El solicitante la verá en el historial de su solicitud y en su casillero."),
    )


class AssignForm(ActionForm):
    reviewer = forms.ModelChoiceField(
        label=_("Revisor"),
        required=False,
        queryset=get_user_model().objects.filter(groups__name=REVIEWER, is_active=True).order_by("first_name"),
    )


class OverdueFilter(admin.SimpleListFilter):
    title = _("plazo")
    parameter_name = "plazo"

    def lookups(self, request, model_admin):
        return [("vencido", _("Vencidas")), ("a_tiempo", _("A tiempo"))]

    def queryset(self, request, queryset):
        if self.value() not in ("vencido", "a_tiempo"):
            return queryset
        overdue = Deadlines.from_settings(portal_settings(request)).overdue_query()
        return queryset.filter(overdue) if self.value() == "vencido" else queryset.exclude(overdue)


class ThirdPartyFilter(admin.SimpleListFilter):
    title = _("para un tercero")
    parameter_name = "tercero"

    def lookups(self, request, model_admin):
        return [("si", _("Sí")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("si", "no"):
            return queryset.filter(third_party__isnull=self.value() == "no")
        return queryset


class InstitutionFilter(admin.SimpleListFilter):
    """Requests with a period in an institution; 86 institutions: a select, not a column of links."""

    title = _("institución")
    parameter_name = "institucion"
    template = "admin/requests_app/dropdown_filter.html"

    def lookups(self, request, model_admin):
        return list(Institution.objects.order_by("name").values_list("pk", "name"))

    def queryset(self, request, queryset):
        if is_record_id(self.value()):
            return queryset.filter(
                pk__in=ServicePeriod.objects.filter(institution_id=self.value()).values("request_id")
            )
        return queryset


class PaymentFilter(admin.SimpleListFilter):
    title = _("pago")
    parameter_name = "pago"

    def lookups(self, request, model_admin):
        return [("conciliado", _("Conciliado con el banco")), ("pendiente", _("Sin conciliar"))]

    def queryset(self, request, queryset):
        if self.value() in ("conciliado", "pendiente"):
            return queryset.filter(payment_verified_at__isnull=self.value() == "pendiente")
        return queryset


class ReviewerFilter(admin.SimpleListFilter):
    title = _("revisor")
    parameter_name = "revisor"

    def lookups(self, request, model_admin):
        reviewers = get_user_model().objects.filter(groups__name=REVIEWER).order_by("first_name")
        return [("yo", _("Asignadas a mí")), ("ninguno", _("Sin revisor"))] + [
            (str(user.pk), user.get_full_name() or user.email) for user in reviewers
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "yo":
            return queryset.filter(reviewer=request.user)
        if value == "ninguno":
            return queryset.filter(reviewer__isnull=True)
        if is_record_id(value):
            return queryset.filter(reviewer_id=value)
        return queryset


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


TRANSITION_SERVICES = {
    "take": lambda request, user, data: services.request_take(request=request, reviewer=user),
    "ask_for_corrections": lambda request, user, data: services.request_ask_for_corrections(
        request=request, reviewer=user, observation=data["observation"]
    ),
    "reject": lambda request, user, data: services.request_reject(
        request=request, reviewer=user, observation=data["observation"]
    ),
    "approve": lambda request, user, data: services.request_approve(
        request=request, reviewer=user, observation=data.get("observation", "")
    ),
    "sign": lambda request, user, data: services.request_sign(request=request, signer_user=user),
    "annul": lambda request, user, data: services.request_annul(
        request=request, user=user, observation=data["observation"]
    ),
}


#: A person has a few requests; the cap only keeps a pathological search bounded.
MAX_REQUESTS_PER_CUI = 5000


def requests_of_cui(cui: str) -> list[int]:
    """Ids of the requests whose applicant or third party has ``cui``: separate indexed lookups.

    One query with an OR across the two joins makes PostgreSQL walk the queue's order
    index through a million rows; these four stay on their indexes.
    """
    applicants = list(get_user_model().objects.filter(cui=cui).values_list("pk", flat=True))
    third_parties = list(ThirdParty.objects.filter(cui=cui).values_list("pk", flat=True))
    requests = CertificationRequest.objects.order_by()
    ids = list(requests.filter(applicant_id__in=applicants).values_list("pk", flat=True)[:MAX_REQUESTS_PER_CUI])
    ids += requests.filter(third_party_id__in=third_parties).values_list("pk", flat=True)[:MAX_REQUESTS_PER_CUI]
    return ids


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


@admin.register(CertificationRequest)
class CertificationRequestAdmin(
    QueueResultsMixin, TransitionButtonsAdminMixin, ExportMixin, FSMAdminMixin, ReadOnlyHistoryAdmin
):
    resource_classes = [CertificationRequestResource]
    fsm_fields = ["state"]
    fsm_forms = {
        "ask_for_corrections": ObservationForm,
        "reject": ObservationForm,
        "annul": ObservationForm,
    }
    fsm_block_label = _("Acciones sobre la solicitud")
    fsm_transition_success_msg = _("Acción «{transition_name}» realizada.")

    class Media:
        css = {"all": ("css/admin-extra.css",)}
        js = ("js/admin-filters.js",)

    # Few, cheap cells: the queue is the page reviewers load all day (the kind goes with the subject,
    # the days waited with the days left).
    list_display = ("request_number", "subject", "masked_cui", "state_badge", "reviewer", "deadline")
    list_display_links = ("request_number", "subject")
    list_filter = (
        "state",
        OverdueFilter,
        ReviewerFilter,
        PaymentFilter,
        ("submitted_at", admin.DateFieldListFilter),
        InstitutionFilter,
        ThirdPartyFilter,
    )
    search_fields = ("=payment_reference",)
    search_help_text = _("Número de solicitud, CUI, referencia de pago o apellido del interesado.")
    list_select_related = ("applicant", "third_party", "reviewer")
    list_per_page = 25
    list_max_show_all = 200
    show_full_result_count = False
    paginator = CappedCountPaginator
    ordering = ("state_changed_at", "pk")  # the index request_queue_order
    action_form = AssignForm
    actions = ["assign_to_me", "assign_to_reviewer"]
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

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

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

    @cached_property
    def deadlines(self) -> Deadlines:
        return Deadlines.from_settings(portal_settings())

    def changelist_view(self, request, extra_context=None):
        self.__dict__.pop("deadlines", None)  # settings may have changed since the last page
        return super().changelist_view(request, extra_context)

    def get_search_results(self, request, queryset, search_term):
        """Routed by the term's shape, each to an indexed lookup (never an OR across joins, never a count).

        A CUI (13 digits) → the applicant's or third party's CUI; a shorter number → the
        request number; letters and digits → the payment reference; words → a surname by prefix.
        """
        term = search_term.strip()
        if not term:
            return queryset, False
        digits = normalize_cui(term)
        if has_cui_shape(digits):
            return queryset.filter(pk__in=requests_of_cui(digits)), False
        if is_ascii_number(term) and len(term) < 13:
            return queryset.filter(Q(pk=int(term)) | Q(payment_reference=term)), False
        reference = term.replace(" ", "").upper()
        if any(character.isdigit() for character in reference):
            return queryset.filter(payment_reference=reference), False
        surname = term.split()[0]
        applicants = get_user_model().objects.filter(last_name__istartswith=surname).values("pk")
        third_parties = ThirdParty.objects.filter(last_name__istartswith=surname).values("pk")
        return (
            queryset.filter(Q(applicant__in=applicants, third_party__isnull=True) | Q(third_party__in=third_parties)),
            False,
        )

    @admin.display(description=_("No."), ordering="pk")
    def request_number(self, obj):
        return obj.number

    @admin.display(description=_("interesado"))
    def subject(self, obj):
        return format_html('{}<br><small class="queue-kind">{}</small>', obj.subject_name, obj.request_kind)

    @admin.display(
        description=mark_safe(
            '<input type="checkbox" id="action-toggle" aria-label="Seleccionar todas las solicitudes de esta página">'
        )
    )
    def action_checkbox(self, obj):
        """Django's checkbox without a form widget render per row (25 template renders a page)."""
        return format_html(
            '<input type="checkbox" name="_selected_action" value="{}" class="action-select" aria-label="{}">',
            obj.pk,
            _("Seleccionar la solicitud No. %(number)s") % {"number": obj.number},
        )

    @admin.display(description=_("CUI"))
    def masked_cui(self, obj):
        return mask_cui((obj.third_party or obj.applicant).cui)

    @admin.display(description=_("estado"), ordering="state")
    def state_badge(self, obj):
        return format_html('<span class="state state--{}">{}</span>', obj.state, RequestState(obj.state).label)

    @admin.display(description=_("días en espera / restantes"), ordering="state_changed_at")
    def deadline(self, obj):
        waited, left = self.deadlines.waiting(obj), self.deadlines.days_left(obj)
        if left is None:
            return waited
        if left < 0:
            return format_html('{} / <strong class="queue-overdue">{} ({})</strong>', waited, _("Vencida"), left)
        return format_html("{} / {}", waited, left)

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

    @admin.action(description=_("Asignarme las solicitudes seleccionadas"))
    def assign_to_me(self, request, queryset):
        self.assign(request, queryset, request.user)

    @admin.action(description=_("Asignar al revisor elegido"))
    def assign_to_reviewer(self, request, queryset):
        reviewer = (
            AssignForm(request.POST).is_valid()
            and get_user_model().objects.filter(pk=request.POST.get("reviewer"), groups__name=REVIEWER).first()
        )
        if not reviewer:
            self.message_user(request, _("Elija un revisor en la lista antes de aplicar la acción."), messages.ERROR)
            return
        self.assign(request, queryset, reviewer)

    def assign(self, request, queryset, reviewer):
        if not request.user.has_perm("requests_app.review_request"):
            raise PermissionDenied
        updated = queryset.filter(state__in=[RequestState.SUBMITTED, RequestState.IN_REVIEW]).update(reviewer=reviewer)
        self.message_user(
            request,
            _("%(count)s solicitudes asignadas a %(name)s (solo las que están Solicitadas o En Revisión).")
            % {"count": updated, "name": reviewer.get_full_name() or reviewer.email},
            messages.SUCCESS,
        )

    def _apply_fsm_transition(self, *, obj, transition_name, request, kwargs=None):
        """Run the transition through its service instead of calling the model directly."""
        service = TRANSITION_SERVICES.get(transition_name)
        if service is None:
            self.message_user(request, _("Esta acción no está disponible aquí."), messages.ERROR)
            return False
        try:
            outcome = service(obj, request.user, kwargs or {})
        except (ValidationError, PermissionDenied) as error:
            for message in getattr(error, "messages", [str(error)]):
                self.message_user(request, message, messages.ERROR)
            return False
        self.message_user(
            request,
            _("Solicitud No. %(number)s: %(state)s.")
            % {"number": outcome.request.number, "state": outcome.request.get_state_display()},
            messages.SUCCESS,
        )
        return True
