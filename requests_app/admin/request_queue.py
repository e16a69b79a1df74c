"""The reviewers' queue: its filters, columns, search, counting and the assignment actions."""

from functools import lru_cache
from html import escape

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.views.main import PAGE_VAR, ChangeList
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cms.settings_helpers import portal_settings
from core.identifiers import mask_cui
from core.inputs import is_record_id
from core.languages import once_per_language
from core.pagination import first_row
from core.prepared import PreparedList

from .. import reference_data, services
from ..constants import RequestState, state_labels
from ..deadlines import Deadlines
from ..models import CertificationRequest, ServicePeriod
from ..models.requests import REQUEST_KINDS
from ..prepared import QUEUE_ORDER, QueuePage, queue_page
from . import queue_filters

COUNT_CAP = 10_000
STATE_PARAMETER = "state__exact"  # the state filter's parameter (list_filter's "state")


@once_per_language
def _row_texts() -> dict:
    """The words the queue's cells repeat on every row, translated once per language and process."""
    return {
        "select": str(_("Seleccionar la solicitud No. %(number)s")),
        "overdue": str(_("Vencida")),
        "states": state_labels(),
        "kinds": {for_third_party: str(kind) for for_third_party, kind in REQUEST_KINDS.items()},
    }


def _safe(html: str):
    """Markup whose every value was escaped where it was put in (the cells are built by the hundred)."""
    return mark_safe(html)  # noqa: S308


class CappedCountPaginator(Paginator):
    """Counts at most COUNT_CAP rows, so the queue stays fast with millions of requests; the queue's own pages (all
    requests or one state) have their exact number from ``RequestStateCount``. ``capped`` says that the count stopped
    at the cap, and the pages then say "más de COUNT_CAP" instead of a number that is not the total."""

    @cached_property
    def count(self):
        if isinstance(self.object_list, PreparedList):
            return self.object_list.count(limit=COUNT_CAP + 1)
        capped = self.object_list.order_by()[: COUNT_CAP + 1]
        return capped.count()

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP and not getattr(self.object_list, "exact_count", False)

    @property
    def cap_label(self) -> str:
        """What the pages write for the number of requests found when the count stopped at the cap."""
        return _("más de %(count)s") % {"count": number_format(COUNT_CAP, force_grouping=True)}


class AssignForm(ActionForm):
    """The assignment action's reviewer select: the active reviewers kept by the reference version (no query on the
    queue's pages); the chosen one is read when the action runs."""

    reviewer = forms.TypedChoiceField(
        label=_("Revisor"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=lambda: [*BLANK_CHOICE_DASH, *queue_filters.active_reviewer_choices()],
    )


class OverdueFilter(admin.SimpleListFilter):
    title = _("plazo")
    parameter_name = "plazo"

    def lookups(self, request, model_admin):
        return [("vencido", _("Vencidas")), ("a_tiempo", _("A tiempo"))]

    def queryset(self, request, queryset):
        if self.value() not in ("vencido", "a_tiempo"):
            return queryset
        overdue = Deadlines.from_settings(portal_settings(request), request).overdue_query()
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
        return queue_filters.institution_choices(request)

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
        return [("yo", _("Asignadas a mí")), ("ninguno", _("Sin revisor")), *queue_filters.reviewer_choices(request)]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "yo":
            return queryset.filter(reviewer=request.user)
        if value == "ninguno":
            return queryset.filter(reviewer__isnull=True)
        if is_record_id(value):
            return queryset.filter(reviewer_id=value)
        return queryset


class QueueChangeList(ChangeList):
    """Django's change list; on the queue's own pages (all requests or one state) the filtered, ordered queryset is
    the one ``queue_queryset`` keeps per process and state instead of being built again on every page."""

    def get_queryset(self, request, exclude_parameters=None):
        state = self.model_admin.queue_state(request)
        if state is None or exclude_parameters is not None:
            return super().get_queryset(request, exclude_parameters)
        self.filter_specs, self.has_filters, remaining, _duplicates, self.has_active_filters = self.get_filters(request)
        self.clear_all_filters_qs = self.get_query_string(new_params=remaining, remove=self.get_filters_params())
        return queue_queryset(state, self.list_select_related)

    def get_results(self, request):
        """Django's; a queue that fits on one page shows the rows read with its count instead of reading them again."""
        super().get_results(request)
        rows = self.paginator.object_list
        if isinstance(rows, QueuePage) and rows.size and rows.first == 0 and not (self.multi_page or self.show_all):
            self.result_list = rows.shown_rows


@lru_cache(maxsize=len(RequestState.values) + 1)
def _queue_queryset(state: str, select_related: tuple):
    """What Django's ``ChangeList.get_queryset`` builds for the queue's own pages (tests compare the two)."""
    requests = CertificationRequest._default_manager.get_queryset()
    if state:
        requests = requests.filter(state=state)
    return requests.select_related(*select_related).order_by(*QUEUE_ORDER)


def queue_queryset(state: str, select_related: tuple):
    return _queue_queryset(state, tuple(select_related)).all()  # a clone: the kept one is never evaluated


class RequestQueueAdminMixin:
    """The change list reviewers load all day: cheap cells, indexed filters and search, no full count."""

    # Few, cheap cells: the queue is the page reviewers load all day (the kind goes with the subject,
    # the days waited with the days left).
    # Rows rendered by {% queue_result_list %} (request_queue_rows.py), without the per-cell machinery.
    change_list_template = "admin/requests_app/certificationrequest/change_list.html"
    import_export_change_list_template = None  # the export link is in change_list_template, kept per query string
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
    ordering = QUEUE_ORDER  # the index request_queue_order
    action_form = AssignForm
    actions = ["assign_to_me", "assign_to_reviewer"]

    @cached_property
    def deadlines(self) -> Deadlines:
        return Deadlines.from_settings(portal_settings())

    def changelist_view(self, request, extra_context=None):
        self.deadlines = Deadlines.from_settings(portal_settings(request), request)  # they may have changed
        return super().changelist_view(request, extra_context)

    def get_action_choices(self, request, default_choices=BLANK_CHOICE_DASH):
        """Django's, kept per process, user, language and popup under the reference version, which renews when a
        user's or group's permissions change (every queue page asks for them; shared: never changed)."""
        load = super().get_action_choices
        popup = IS_POPUP_VAR in request.GET
        key = ("action-choices", self.opts.label, request.user.pk, get_language(), popup, tuple(default_choices))
        return list(reference_data.remembered(request, key, lambda: load(request, default_choices)))

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        """The page's rows read only the columns the cells show (the changelist pages through this queryset); with no
        filter but the state, no search and the queue's own order, through SQL built once per process."""
        rows = self.prepared_rows(request, per_page)
        rows = queryset.for_queue() if rows is None else rows
        return super().get_paginator(request, rows, per_page, orphans, allow_empty_first_page)

    def get_changelist(self, request, **kwargs):
        return QueueChangeList

    def queue_state(self, request) -> str | None:
        """The state the page asks for ("" for all requests) when it is one of the queue's own pages, the ones
        reviewers load all day: the queue's order, no other filter, search, sorting, facets or all rows. None
        otherwise (the ORM builds those)."""
        params = request.GET
        if not set(params) <= {STATE_PARAMETER, PAGE_VAR} or any(len(params.getlist(name)) != 1 for name in params):
            return None
        state = params.get(STATE_PARAMETER, "")
        if (STATE_PARAMETER in params and state not in RequestState.values) or self.ordering != QUEUE_ORDER:
            return None
        return state

    def prepared_rows(self, request, per_page: int) -> PreparedList | None:
        """The queue's own pages' rows as ``prepared.queue_page`` reads them, the page asked for with the count (None
        on other pages)."""
        state = self.queue_state(request)
        if state is None:
            return None
        return queue_page(state, first=first_row(request.GET.get(PAGE_VAR), per_page), size=per_page)

    def get_search_results(self, request, queryset, search_term):
        """The requests' own search (indexed lookups routed by the term's shape), never a count."""
        return queryset.search(search_term), False

    def queue_cells(self) -> dict:
        """The HTML of the cells for one page (``request_queue_rows``): each the escaped text of what the display
        method of the same name shows, with the words (in the page's language, escaped), today and the time zone
        worked out once a page instead of once a cell (tests/requests_app/test_admin_queue_rows.py compares them
        with Django's cells). None with thousands separators (numbers are then formatted by the locale)."""
        if settings.USE_THOUSAND_SEPARATOR:
            return {}
        texts = _row_texts()
        select, overdue = escape(texts["select"]), escape(texts["overdue"])
        kinds = {for_third_party: escape(kind) for for_third_party, kind in texts["kinds"].items()}
        badges = {
            state: f'<span class="state state--{escape(state)}">{escape(label)}</span>'
            for state, label in texts["states"].items()
        }
        empty = conditional_escape(self.get_empty_value_display())
        zone, today = timezone.get_current_timezone(), timezone.localdate()
        limits, working_days = self.deadlines.by_state, self.deadlines.calendar.working_days_between

        def subject(obj):
            kind = kinds[obj.third_party_id is not None]
            return f'{escape(obj.subject_name)}<br><small class="queue-kind">{kind}</small>'

        def action_checkbox(obj):
            label = select % {"number": obj.pk}
            return (
                f'<input type="checkbox" name="_selected_action" value="{obj.pk}" class="action-select" '
                f'aria-label="{label}">'
            )

        def deadline(obj):
            waited = working_days(obj.state_changed_at.astimezone(zone).date(), today)
            limit = limits.get(obj.state)
            if limit is None:
                return str(waited)
            left = limit - waited
            if left < 0:
                return f'{waited} / <strong class="queue-overdue">{overdue} ({left})</strong>'
            return f"{waited} / {left}"

        def masked_cui(obj):
            cui = self.masked_cui(obj)
            return escape(cui) if cui.strip() else empty

        return {
            "request_number": lambda obj: str(obj.pk),
            "masked_cui": masked_cui,
            "reviewer": lambda obj: empty if obj.reviewer is None else escape(str(obj.reviewer)),
            "subject": subject,
            "action_checkbox": action_checkbox,
            "state_badge": lambda obj: badges[obj.state],
            "deadline": deadline,
        }

    @admin.display(description=_("No."), ordering="pk")
    def request_number(self, obj):
        return obj.number

    @admin.display(description=_("interesado"))
    def subject(self, obj):
        return _safe(f'{escape(obj.subject_name)}<br><small class="queue-kind">{escape(str(obj.request_kind))}</small>')

    @admin.display(
        description=mark_safe(
            '<input type="checkbox" id="action-toggle" aria-label="Seleccionar todas las solicitudes de esta página">'
        )
    )
    def action_checkbox(self, obj):
        """Django's checkbox without a form widget render per row (25 template renders a page)."""
        label = _row_texts()["select"] % {"number": obj.number}
        return _safe(
            f'<input type="checkbox" name="_selected_action" value="{obj.pk}" class="action-select" '
            f'aria-label="{escape(label)}">'
        )

    @admin.display(description=_("CUI"))
    def masked_cui(self, obj):
        return mask_cui((obj.third_party or obj.applicant).cui)

    @admin.display(description=_("estado"), ordering="state")
    def state_badge(self, obj):
        return _safe(
            f'<span class="state state--{escape(obj.state)}">{escape(_row_texts()["states"][obj.state])}</span>'
        )

    @admin.display(description=_("días en espera / restantes"), ordering="state_changed_at")
    def deadline(self, obj):
        waited = self.deadlines.waiting(obj)
        limit = self.deadlines.by_state.get(obj.state)
        if limit is None:
            return waited
        left = limit - waited
        if left < 0:
            return _safe(
                f'{waited} / <strong class="queue-overdue">{escape(_row_texts()["overdue"])} ({left})</strong>'
            )
        return f"{waited} / {left}"

    @admin.action(description=_("Asignarme las solicitudes seleccionadas"))
    def assign_to_me(self, request, queryset):
        self.assign(request, queryset, request.user)

    @admin.action(description=_("Asignar al revisor elegido"))
    def assign_to_reviewer(self, request, queryset):
        form = AssignForm(request.POST)
        form.fields["action"].choices = self.get_action_choices(request)
        reviewer = form.is_valid() and form.cleaned_data["reviewer"]
        if not reviewer:
            self.message_user(request, _("Elija un revisor en la lista antes de aplicar la acción."), messages.ERROR)
            return
        self.assign(request, queryset, get_user_model().objects.get(pk=reviewer))

    def assign(self, request, queryset, reviewer):
        assigned = services.request_assign(requests=queryset, reviewer=reviewer, user=request.user)
        self.message_user(
            request,
            _("%(count)s solicitudes asignadas a %(name)s (solo las que están Solicitadas o En Revisión).")
            % {"count": len(assigned), "name": reviewer.get_full_name() or reviewer.email},
            messages.SUCCESS,
        )
