"""Background work of the public portal: sending its emails (retried by the worker)."""

from django.core.mail import EmailMessage
from django_tasks import task


@task()
def send_email(*, subject: str, body: str, to: list[str], from_email: str, reply_to: list[str] | None = None) -> int:
    message = EmailMessage(subject=subject, body=body, from_email=from_email, to=to, reply_to=reply_to or None)
    return message.send()
