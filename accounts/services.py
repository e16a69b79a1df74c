"""Account workflows: registration, confirmation, recovery, email change, casillero.

Emails are sent by a background task once the transaction commits. No function
here tells its caller whether an email or CUI exists in a way a visitor could
observe: the views show the same answer either way.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from cms.services import sender_address
from core.identifiers import normalize_cui
from core.tasks import send_email

from .constants import EMAIL_CONFIRMATION_MAX_AGE
from .models import EmailChangeRequest, Notification, Profile, TermsAcceptance

User = get_user_model()
CONFIRM_SALT = "accounts.confirm-email"
EMAIL_CHANGE_SALT = "accounts.confirm-new-email"


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send_templated_email(template: str, to: str, context: dict) -> None:
    """Render ``accounts/emails/<template>.txt`` (+ ``.html``) and send it after commit.

    It comes from the sender email of the portal settings, which editors change in Wagtail.
    """
    context = {"site_url": settings.SITE_URL.rstrip("/"), **context}
    subject = render_to_string(f"accounts/emails/{template}_subject.txt", context).strip()
    body = render_to_string(f"accounts/emails/{template}.txt", context)
    html = render_to_string(f"accounts/emails/{template}.html", context)
    from_email = sender_address()
    transaction.on_commit(
        lambda: send_email.enqueue(subject=subject, body=body, to=[to], html=html, from_email=from_email)
    )


# Casillero


def notify(*, recipient, title: str, body: str = "", link: str = "") -> Notification:
    """Put a notification in the person's casillero; the email only says there is one."""
    notification = Notification.objects.create(recipient=recipient, title=title[:200], body=body, link=link)
    send_templated_email(
        "new_notification",
        recipient.email,
        {"user": recipient, "casillero_url": absolute_url(reverse("accounts:mailbox"))},
    )
    return notification


def mark_read(*, user, notification_ids=None) -> int:
    """Mark ``user``'s unread notifications (those of ``notification_ids``, or all) read; how many were."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    marked = unread.update(read_at=timezone.now())
    if marked:
        Notification.objects.forget_unread_count(user)
    return marked


# Registration and confirmation


def confirmation_token(user) -> str:
    """Signed, expiring, single use: it carries the unconfirmed state it was made for."""
    return signing.dumps({"user": user.pk, "email": user.email}, salt=CONFIRM_SALT, compress=True)


def send_confirmation(user) -> None:
    link = absolute_url(reverse("accounts:confirm_email", args=[confirmation_token(user)]))
    send_templated_email("confirm_email", user.email, {"user": user, "link": link, "hours": 24})


def register(*, cui: str, email: str, birth_date, password: str, terms_revision, ip_address=None):
    """Create the account, or tell the existing owner that someone tried; returns the new user or None."""
    email = email.strip().lower()
    cui = normalize_cui(cui)
    existing = list(User.objects.filter(email=email)) + list(User.objects.filter(cui=cui).exclude(email=email))
    if existing:
        for owner in existing:
            send_templated_email("registration_attempt", owner.email, {"user": owner})
        return None
    try:
        with transaction.atomic():
            user = User.objects.create_user(email=email, cui=cui, password=password, birth_date=birth_date)
            Profile.objects.create(user=user)
            if terms_revision is not None:
                TermsAcceptance.objects.create(user=user, revision=terms_revision, ip_address=ip_address)
    except IntegrityError:  # a simultaneous registration with the same email or CUI won
        return None
    send_confirmation(user)
    return user


def confirm_email(token: str):
    """Confirm the account behind ``token``; returns the user, or None if invalid, expired or used."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=EMAIL_CONFIRMATION_MAX_AGE)
    except signing.BadSignature:
        return None
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=data.get("user"), email=data.get("email")).first()
        if user is None or user.email_confirmed_at is not None:
            return None
        user.email_confirmed_at = timezone.now()
        user.save(update_fields=["email_confirmed_at"])
    return user


def resend_confirmation(identifier: str) -> None:
    user = User.objects.find_for_login(identifier)
    if user is not None and user.email_confirmed_at is None and user.is_active:
        send_confirmation(user)


# Terms of use


def accept_terms(*, user, revision, ip_address=None) -> TermsAcceptance:
    acceptance, _created = TermsAcceptance.objects.get_or_create(
        user=user, revision=revision, defaults={"ip_address": ip_address}
    )
    return acceptance


def has_accepted(user, revision) -> bool:
    return revision is None or TermsAcceptance.objects.filter(user=user, revision=revision).exists()


# Password recovery


def password_reset_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute_url(reverse("accounts:password_reset_confirm", args=[uid, token]))


def request_password_reset(cui: str) -> None:
    """Email a single-use reset link to the account with this CUI, if there is one."""
    user = User.objects.filter(cui=normalize_cui(cui), is_active=True).first()
    if user is not None:
        send_templated_email("password_reset", user.email, {"user": user, "link": password_reset_link(user)})


def password_changed(user) -> None:
    send_templated_email("password_changed", user.email, {"user": user})


# Recovery without access to the old email


def email_change_token(change: EmailChangeRequest) -> str:
    return signing.dumps({"change": change.pk, "email": change.new_email}, salt=EMAIL_CHANGE_SALT, compress=True)


def request_email_change(*, cui: str, birth_date, new_email: str, ip_address=None) -> None:
    """Start the change only when CUI and birth date match; the visitor sees the same answer anyway."""
    user = User.objects.filter(cui=normalize_cui(cui), birth_date=birth_date, is_active=True).first()
    if user is None:
        return
    new_email = new_email.strip().lower()
    if User.objects.filter(email=new_email).exclude(pk=user.pk).exists():
        send_templated_email("email_in_use", new_email, {})
        return
    change = EmailChangeRequest.objects.create(
        user=user, old_email=user.email, new_email=new_email, ip_address=ip_address
    )
    link = absolute_url(reverse("accounts:confirm_new_email", args=[email_change_token(change)]))
    send_templated_email("confirm_new_email", new_email, {"user": user, "link": link, "hours": 24})


def confirm_new_email(token: str):
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CONFIRMATION_MAX_AGE)
    except signing.BadSignature:
        return None
    with transaction.atomic():
        change = EmailChangeRequest.objects.select_for_update().filter(pk=data.get("change")).first()
        if change is None or change.new_email != data.get("email") or change.confirmed_at is not None:
            return None
        change.confirm_new_email()
        change.save()
    return change


@transaction.atomic
def approve_email_change(*, change: EmailChangeRequest, reviewer) -> EmailChangeRequest:
    change = EmailChangeRequest.objects.select_for_update().get(pk=change.pk)
    change.approve(reviewer=reviewer)
    change.save()
    user = User.objects.select_for_update().get(pk=change.user_id)
    old_email = user.email
    user.email = change.new_email
    user.email_confirmed_at = timezone.now()
    user.save(update_fields=["email", "email_confirmed_at"])
    send_templated_email("password_reset", user.email, {"user": user, "link": password_reset_link(user)})
    send_templated_email("email_changed_old_address", old_email, {"user": user, "new_email": user.email})
    notify(
        recipient=user,
        title=_("Su correo electrónico fue cambiado"),
        body=_("El cambio de correo que solicitó fue aprobado. Revise su nuevo correo para crear su contraseña."),
    )
    return change


@transaction.atomic
def reject_email_change(*, change: EmailChangeRequest, reviewer, reason: str) -> EmailChangeRequest:
    change = EmailChangeRequest.objects.select_for_update().get(pk=change.pk)
    change.reject(reviewer=reviewer, reason=reason)
    change.save()
    send_templated_email("email_change_rejected", change.new_email, {"user": change.user, "reason": reason})
    return change
