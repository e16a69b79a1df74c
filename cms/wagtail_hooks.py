from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .admin_views import AssistanceSubmissionViewSet, SubmissionPermissionPolicy
from .models import AssistanceSubmission

register_permission_policy(AssistanceSubmission, SubmissionPermissionPolicy(AssistanceSubmission))


@hooks.register("register_admin_viewset")
def register_assistance_submissions():
    return AssistanceSubmissionViewSet()
