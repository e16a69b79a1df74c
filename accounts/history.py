from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """History to read, never to revert: state must only change through its transitions.

    The "Revert" button is hidden, and a hand-made POST to the revert URL is refused.
    """

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class TransitionButtonsAdminMixin:
    """django-fsm's admin buttons in Spanish, on a page whose fields are not edited by hand.

    ``fsm_block_label`` names the button row; ``can_save(request, obj)`` decides whether
    the usual Save buttons appear (never, unless a subclass allows it).
    """

    fsm_block_label = _("Decisión")

    def get_fsm_block_label(self, fsm_field_name):
        return self.fsm_block_label

    def get_help_text(self, transition):
        return transition.custom.get("help_text") or ""

    def can_save(self, request, obj) -> bool:
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        editable = self.can_save(request, self.get_object(request, object_id))
        extra_context = {**(extra_context or {}), "show_save": editable, "show_save_and_continue": editable}
        return super().change_view(request, object_id, form_url, extra_context)
