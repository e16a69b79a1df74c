from .assistance import AssistanceFormField, AssistanceFormPage, AssistanceSubmission, SubmissionStatus
from .pages import FAQPage, GuideIndexPage, GuidePage, HomePage, SeededPage, TermsOfUsePage
from .settings import PortalSettings

__all__ = [
    "AssistanceFormField",
    "AssistanceFormPage",
    "AssistanceSubmission",
    "FAQPage",
    "GuideIndexPage",
    "GuidePage",
    "HomePage",
    "PortalSettings",
    "SeededPage",
    "SubmissionStatus",
    "TermsOfUsePage",
]
