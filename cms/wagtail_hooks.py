from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .admin_views import AssistanceSubmissionViewSet, SubmissionPermissionPolicy
from .models import AssistanceSubmission

register_permission_policy(AssistanceSubmission, SubmissionPermissionPolicy(AssistanceSubmission))


@hooks.register("register_admin_viewset")
def register_assistance_submissions():
    return AssistanceSubmissionViewSet()


@hooks.register("insert_global_admin_js")
def spanish_date_picker_button():
    """Wagtail's date-time picker hard-codes "Save Selected" (static/js/wagtail-spanish.js names it in Spanish)."""
    return format_html('<script src="{}" defer></script>', static("js/wagtail-spanish.js"))
