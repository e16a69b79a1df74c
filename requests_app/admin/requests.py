"""The reviewers' back office: the request queue and the request page.

Transitions appear as django-fsm admin buttons, but they run through
``requests_app.services`` (row lock, guards, permission, timeline, casillero), so
the admin obeys exactly the rules the rest of the product does.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django_fsm.admin import FSMAdminMixin
from import_export.admin import ExportMixin

from accounts.history import ReadOnlyHistoryAdmin, TransitionButtonsAdminMixin

from .. import services
from ..models import CertificationRequest
from .request_exports import CertificationRequestResource
from .request_page import ObservationForm, RequestChangePageAdminMixin
from .request_queue import RequestQueueAdminMixin

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


@admin.register(CertificationRequest)
class CertificationRequestAdmin(
    RequestQueueAdminMixin,
    RequestChangePageAdminMixin,
    TransitionButtonsAdminMixin,
    ExportMixin,
    FSMAdminMixin,
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
    fsm_transition_success_msg = _("Acción «{transition_name}» realizada.")

    class Media:
        css = {"all": ("css/admin-extra.css",)}
        js = ("js/admin-filters.js",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

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
