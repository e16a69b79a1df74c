"""The wizard's stepper: which steps exist, which are done, where each one lives."""

from dataclasses import dataclass

from django.urls import reverse

from .constants import WizardStep
from .validation import check_documents, check_general, check_payment, check_periods

STEP_URL_NAMES = {
    WizardStep.GENERAL: "requests_app:step_general",
    WizardStep.PERIODS: "requests_app:step_periods",
    WizardStep.PAYMENT: "requests_app:step_payment",
    WizardStep.DOCUMENTS: "requests_app:step_documents",
    WizardStep.SUBMIT: "requests_app:step_submit",
}
STEP_CHECKS = {
    WizardStep.GENERAL: check_general,
    WizardStep.PERIODS: check_periods,
    WizardStep.PAYMENT: check_payment,
    WizardStep.DOCUMENTS: check_documents,
}


@dataclass(frozen=True)
class StepperItem:
    step: WizardStep
    url: str
    done: bool
    current: bool

    @property
    def number(self) -> int:
        return self.step.value

    @property
    def label(self) -> str:
        return self.step.label


def build_stepper(certification, current: WizardStep) -> list[StepperItem]:
    return [
        StepperItem(
            step=step,
            url=reverse(STEP_URL_NAMES[step], args=[certification.pk]),
            done=step in STEP_CHECKS and STEP_CHECKS[step](certification).ok,
            current=step == current,
        )
        for step in WizardStep
    ]
