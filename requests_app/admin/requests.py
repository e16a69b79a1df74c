"""The reviewers' back office: the request queue and the request page.

Transitions appear as django-fsm admin buttons, but they run through
``requests_app.services`` (row lock, guards, permission, timeline, casillero), so
the admin obeys exactly the rules the rest of the product does.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from accounts.history import ReadOnlyHistoryAdmin
from core.admin import ServiceTransitionsAdminMixin

from .. import services
from ..models import CertificationRequest
from .request_exports import CertificationRequestResource
from .request_page import ObservationForm, RequestChangePageAdminMixin
from .request_queue import RequestQueueAdminMixin


@admin.register(CertificationRequest)
class CertificationRequestAdmin(
    RequestQueueAdminMixin,
    RequestChangePageAdminMixin,
    ServiceTransitionsAdminMixin,
    ExportMixin,
    ReadOnlyHistoryAdmin,
):
    resource_classes = [CertificationRequestResource]
    fsm_fields = ["state"]
    fsm_forms = {
        "ask_for_corrections": ObservationForm,
        "reject": ObservationForm,
        "annul": ObservationForm,
    }
    fsm_block_label = _("Acciones sobre la solicitud")
    transition_services = {
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

    class Media:
        css = {"all": ("css/admin-extra.css",)}
        js = ("js/admin-filters.js",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_transition_success_message(self, obj, outcome) -> str:
        return _("Solicitud No. %(number)s: %(state)s.") % {
            "number": outcome.request.number,
            "state": outcome.request.get_state_display(),
        }
