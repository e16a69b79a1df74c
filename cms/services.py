"""What happens to an assistance submission: it is recorded, confirmed, assigned and answered."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.tasks import send_email

from .answers import display_value
from .constants import SubmissionStatus
from .settings_helpers import portal_settings

if TYPE_CHECKING:
    from .models import AssistanceFormPage, AssistanceSubmission

SUBMISSIONS_URL_NAMESPACE = "assistance_submissions"


def sender_address(page: AssistanceFormPage | None = None) -> str:
    """``Portal de Servicios Electrónicos <no-responder@...>`` from the page or the portal settings."""
    address = (page.from_address if page else "") or portal_settings().sender_email
    return f"{settings.WAGTAIL_SITE_NAME} <{address}>"


def _first(form, data: dict, field_type: str) -> str:
    names = form.fields_of_type(field_type)
    return display_value(data.get(names[0])) if names else ""


@transaction.atomic
def record_submission(*, page: AssistanceFormPage, form) -> AssistanceSubmission:
    """Store a valid submission, then email the sender a confirmation and staff a notice."""
    data = form.submission_data
    names = [display_value(data.get(name)) for name in form.fields_of_type("person_name")]
    multiline = [name for name, kind in form.field_types.items() if kind == "multiline"]
    submission = page.get_submission_class().objects.create(
        page=page,
        form_data=data,
        contact_name=" ".join(name for name in names if name)[:250],
        contact_email=_first(form, data, "email"),
        cui=_first(form, data, "cui"),
        phone=_first(form, data, "phone"),
        message=display_value(data.get(multiline[0])) if multiline else "",
    )
    answers = [(str(form.fields[name].label), display_value(value)) for name, value in data.items()]
    _send_confirmation(page, submission, answers)
    _notify_staff(page, submission, answers)
    return submission


def _send_confirmation(page, submission, answers) -> None:
    if not submission.contact_email:
        return
    portal = portal_settings()
    context = {"page": page, "submission": submission, "answers": answers, "portal": portal}
    subject = _("Recibimos su solicitud No. %(number)s: %(service)s") % {
        "number": submission.number,
        "service": page.title,
    }
    body = render_to_string("cms/emails/assistance_confirmation.txt", context)
    _enqueue(subject=subject, body=body, to=[submission.contact_email], page=page, reply_to=[portal.support_email])


def _notify_staff(page, submission, answers) -> None:
    recipients = [address.strip() for address in page.to_address.split(",") if address.strip()]
    recipients = recipients or [portal_settings().support_email]
    context = {"page": page, "submission": submission, "answers": answers, "admin_url": admin_url(submission)}
    subject = page.subject or _("Nueva solicitud de asistencia No. %(number)s: %(service)s") % {
        "number": submission.number,
        "service": page.title,
    }
    body = render_to_string("cms/emails/assistance_staff_notice.txt", context)
    reply_to = [submission.contact_email] if submission.contact_email else None
    _enqueue(subject=subject, body=body, to=recipients, page=page, reply_to=reply_to)


def _enqueue(*, subject, body, to, page=None, reply_to=None) -> None:
    from_email = sender_address(page)
    transaction.on_commit(
        lambda: send_email.enqueue(subject=subject, body=body, to=to, from_email=from_email, reply_to=reply_to)
    )


def admin_url(submission: AssistanceSubmission) -> str:
    try:
        path = reverse(f"{SUBMISSIONS_URL_NAMESPACE}:edit", args=[submission.pk])
    except NoReverseMatch:
        return ""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def apply_staff_changes(submission: AssistanceSubmission, *, changed_fields, user) -> bool:
    """Update status and reply stamps after staff edited ``changed_fields``; True when a new reply is to be sent.

    A new reply marks the submission *Respondida*; assigning a *Nueva* one moves it to *En atención*.
    The caller saves the submission, then calls :func:`send_reply` when this returns True.
    """
    changed = set(changed_fields)
    reply_is_new = "reply" in changed and bool(submission.reply.strip())
    if reply_is_new:
        submission.replied_at = timezone.now()
        submission.replied_by = user
        submission.status = SubmissionStatus.ANSWERED
    elif "assignee" in changed and submission.assignee_id and submission.status == SubmissionStatus.NEW:
        submission.status = SubmissionStatus.IN_PROGRESS
    return reply_is_new


def send_reply(submission: AssistanceSubmission) -> None:
    """Email the saved reply to the person who wrote, after the transaction commits."""
    page = submission.page.specific
    portal = portal_settings()
    context = {"page": page, "submission": submission, "portal": portal}
    subject = _("Respuesta a su solicitud No. %(number)s: %(service)s") % {
        "number": submission.number,
        "service": page.title,
    }
    body = render_to_string("cms/emails/assistance_reply.txt", context)
    _enqueue(subject=subject, body=body, to=[submission.contact_email], page=page, reply_to=[portal.support_email])


@transaction.atomic
def answer(*, submission: AssistanceSubmission, reply: str, user) -> AssistanceSubmission:
    """Save ``reply`` and email it (what the admin's edit screen does, for scripts and tests)."""
    submission.reply = reply
    if apply_staff_changes(submission, changed_fields={"reply"}, user=user):
        submission.save()
        send_reply(submission)
    return submission
