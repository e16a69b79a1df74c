"""Background work of the accounts app: sending email (idempotent, retried by the worker)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(*, subject: str, body: str, to: list[str], html: str = "") -> int:
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
