"""Admin pieces every app shares: transition buttons that run the app's services.

Nothing is registered here; the apps' admins mix these classes in.
"""

import logging
from collections.abc import Callable
from typing import Any

from django import http
from django.contrib import messages
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed, has_transition_perm
from django_fsm.admin import FSMAdminMixin, FSMTransitionContext

logger = logging.getLogger(__name__)

#: ``service(obj, user, data)``: ``data`` is the transition form's cleaned data (empty without a form).
TransitionService = Callable[[Any, Any, dict], Any]


class ServiceTransitionsAdminMixin(FSMAdminMixin):
    """django-fsm's transition buttons and forms, each sent to the service that owns the action.

    ``transition_services`` maps a transition name to the service that runs it (lock, guards,
    side effects); a name missing there is refused. Refusals (a service's ValidationError or
    PermissionDenied, a transition that no longer applies) become one Spanish admin message,
    never an error page. ``fsm_block_label`` names the button row; ``can_save(request, obj)``
    decides whether the usual Save buttons appear (never, unless a subclass allows it).
    """

    transition_services: dict[str, TransitionService] = {}
    transition_success_message = _("Acción realizada.")
    fsm_block_label = _("Decisión")

    def get_fsm_block_label(self, fsm_field_name):
        return self.fsm_block_label

    def get_help_text(self, transition):
        return transition.custom.get("help_text") or ""

    def is_fsm_transition_visible(self, transition) -> bool:
        """A button only for the transitions this admin has a service for."""
        return transition.name in self.transition_services and super().is_fsm_transition_visible(transition)

    def can_save(self, request, obj) -> bool:
        return False

    def get_transition_success_message(self, obj, outcome) -> str:
        """What the reviewer reads after the service ran; ``outcome`` is what it returned."""
        return self.transition_success_message

    def change_view(self, request, object_id, form_url="", extra_context=None):
        editable = self.can_save(request, self.get_object(request, object_id))
        extra_context = {**(extra_context or {}), "show_save": editable, "show_save_and_continue": editable}
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        name = request.POST.get(self.fsm_post_param)
        if not name:
            return super().response_change(request, obj)
        transition = self.find_transition(request, obj, name)
        if transition is not None and self.get_fsm_transition_form(transition):
            return redirect(self.admin_url("transition", object_id=obj.pk, transition_name=name))
        if transition is not None and self.allowed(request, obj, name):
            self.run_service(request, obj, name, {})
        preserved = {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts}
        return http.HttpResponseRedirect(add_preserved_filters(preserved, request.path))

    def fsm_transition_view(self, request, object_id, transition_name, **kwargs):
        """The page of a transition that asks for data (an observation, a reason, the CUI read)."""
        obj = self.get_object(request, object_id)
        if obj is None:
            raise http.Http404
        transition = self.find_transition(request, obj, transition_name)
        form_class = transition and self.get_fsm_transition_form(transition)
        if not form_class or not self.allowed(request, obj, transition_name):
            return redirect(self.admin_url("change", obj.pk))
        form = form_class(data=request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid() and self.run_service(request, obj, transition_name, form.cleaned_data):
            return redirect(self.admin_url("change", obj.pk))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "transition": FSMTransitionContext(
                name=transition_name, label=self.get_fsm_label(transition), help_text=self.get_help_text(transition)
            ),
            "transition_form": form,
        }
        return render(request, self.fsm_transition_form_template, context)

    def admin_url(self, page: str, *args, **kwargs) -> str:
        return reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{page}", args=args, kwargs=kwargs
        )

    def find_transition(self, request, obj, name: str):
        """The transition ``name`` of one of ``fsm_fields``, if it has a service and shows in the admin."""
        for field in self.fsm_fields:
            for transition in getattr(obj, f"get_all_{field}_transitions")():
                if transition.name == name and self.is_fsm_transition_visible(transition):
                    return transition
        self.message_user(request, _("Esta acción no está disponible aquí."), messages.ERROR)
        return None

    def allowed(self, request, obj, name: str) -> bool:
        """Refuse a user without the transition's permission; what the state allows is the service's call."""
        method = getattr(obj, name)
        if can_proceed(method) and not has_transition_perm(method, request.user):
            self.message_user(request, _("No tiene permiso para esta acción."), messages.ERROR)
            return False
        return True

    def run_service(self, request, obj, name: str, data: dict) -> bool:
        try:
            outcome = self.transition_services[name](obj, request.user, data)
        except (ValidationError, PermissionDenied) as error:
            for message in getattr(error, "messages", [str(error)]):
                self.message_user(request, message, messages.ERROR)
            return False
        except (TransitionNotAllowed, ConcurrentTransition):
            self.message_user(
                request,
                _("La acción ya no aplica a este registro: otra persona pudo haberla atendido. Revise su estado."),
                messages.ERROR,
            )
            return False
        self.message_user(request, self.get_transition_success_message(obj, outcome), messages.SUCCESS)
        return True
