"""One email task: what accounts and cms send goes through ``core.tasks.send_email``."""

import pytest
from django.core import mail
from django_tasks.signals import task_enqueued
from django_tasks_db.models import DBTaskResult

from accounts import services as account_services
from core.tasks import send_email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def enqueued():
    paths = []

    def record(sender, task_result, **kwargs):
        if "email" in task_result.task.name:
            paths.append(task_result.task.module_path)

    task_enqueued.connect(record)
    yield paths
    task_enqueued.disconnect(record)


def test_the_task_sends_text_with_an_html_alternative_and_a_reply_address(settings):
    send_email.call(
        subject="Asunto", body="Texto", to=["ana@correo.gt"], html="<p>Texto</p>", reply_to=["mesa@correo.gt"]
    )
    message = mail.outbox[-1]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL and message.reply_to == ["mesa@correo.gt"]
    assert message.alternatives[0].content == "<p>Texto</p>"


def test_accounts_and_the_assistance_forms_enqueue_the_same_task(
    client, technical, answers, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        account_services.send_confirmation(UserFactory(email_confirmed_at=None))
        client.post(technical.url, answers)
    assert enqueued == ["core.tasks.send_email"] * len(mail.outbox)
    assert len(mail.outbox) >= 2


@pytest.mark.parametrize("old_path", ["accounts.tasks.send_email", "cms.tasks.send_email"])
def test_emails_queued_under_the_old_task_names_still_run(old_path):
    """The database worker imports a queued row's ``task_path``; rows written before the move name the old modules."""
    assert DBTaskResult(task_path=old_path, backend_name="default").task.func is send_email.func
