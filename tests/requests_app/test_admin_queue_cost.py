"""What keeps the reviewers' queue cheap, and what must still show at once.

The queue reads the session, the user, the user's permissions (one query) and the page's
rows with their count (kept by the database per state), whatever the data. The parts it keeps per reference version (the
navigation, the action's reviewer select, the head, the search form, the page links, the
table head) are drawn as they were and renew with the changes that draw them: a reviewer
added or deactivated, a permission given to or taken from a group or a user.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.backends import EmailOrCuiBackend
from requests_app import services
from requests_app.admin.requests import CertificationRequestAdmin
from requests_app.roles import REVIEWER
from tests.factories import CertificationRequestFactory, UserFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:requests_app_certificationrequest_changelist")
GROUPS = reverse("admin:auth_group_changelist")


@pytest.fixture
def reviewer_client(client, reviewer, home_page):
    client.force_login(reviewer)
    return client


@pytest.fixture
def queue(complete_request, applicant):
    services.request_submit(request=complete_request, user=applicant)
    CertificationRequestFactory.create_batch(3, applicant=applicant)


def page(client, url=QUEUE) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def queries_of(client, url=QUEUE) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def reviewer_select(html: str) -> str:
    return re.search(r'<select name="reviewer">.*?</select>', html, re.S).group()


def test_the_queue_reads_the_session_user_permissions_count_and_rows_whatever_the_data(
    reviewer_client, queue, applicant, staff_in
):
    reviewer_client.get(QUEUE)
    first = queries_of(reviewer_client)
    assert len(first) == 4, first
    assert sum("auth_permission" in sql for sql in first) == 1
    # The admin never shows the casillero count: no query of its own (it comes with the user's row).
    assert not any("accounts_notification" in sql and '"accounts_user"' not in sql for sql in first)
    CertificationRequestFactory.create_batch(30, applicant=applicant)
    assert len(queries_of(reviewer_client)) == len(first)  # more rows, other counts: not one query more
    staff_in(REVIEWER)
    assert len(queries_of(reviewer_client)) > len(first)  # the reference version renewed: kept parts drawn again
    assert len(queries_of(reviewer_client)) == len(first)


def test_kept_parts_draw_the_page_they_drew_the_first_time(reviewer_client, queue):
    for url in (QUEUE, f"{QUEUE}?state__exact=solicitada", f"{QUEUE}?o=-1", f"{QUEUE}?q=Ejemplo&o=2.-6"):
        assert page(reviewer_client, url) == page(reviewer_client, url)


def test_search_form_page_links_and_export_follow_the_query_string(reviewer_client, queue):
    first = page(reviewer_client, f"{QUEUE}?q=Alvarado")
    second = page(reviewer_client, f"{QUEUE}?q=Castillo&state__exact=solicitada")
    assert 'name="q" value="Alvarado"' in first
    assert 'name="q" value="Castillo"' in second
    assert '<input type="hidden" name="state__exact" value="solicitada">' in second
    assert (
        "/export/?q=Castillo&amp;state__exact=solicitada" in second
        or "/export/?state__exact=solicitada&amp;q=Castillo" in second
    )
    assert "export/?q=Alvarado" in first


def test_a_reviewer_added_or_deactivated_shows_in_the_action_at_once(reviewer_client, queue, staff_in):
    assert reviewer_select(page(reviewer_client))
    newcomer = staff_in(REVIEWER, first_name="Zacarías")
    assert f'<option value="{newcomer.pk}">Zacarías' in reviewer_select(page(reviewer_client))
    newcomer.is_active = False
    newcomer.save()
    assert f'value="{newcomer.pk}"' not in reviewer_select(page(reviewer_client))


def assert_shown_while_groups_may_be_viewed(client, reviewer, roles, marker: str) -> None:
    """``marker`` is on the queue exactly while the reviewer may view groups, by their group or by their own."""
    view_groups = Permission.objects.get(codename="view_group", content_type__app_label="auth")
    changes = (
        (lambda: None, False),
        (lambda: roles[REVIEWER].permissions.add(view_groups), True),
        (lambda: roles[REVIEWER].permissions.remove(view_groups), False),
        (lambda: reviewer.user_permissions.add(view_groups), True),
        (lambda: reviewer.user_permissions.clear(), False),
    )
    for change, shown in changes:
        change()
        assert (marker in page(client)) is shown
        assert (marker in page(client)) is shown  # and kept so


def test_the_navigation_follows_group_and_user_permissions_at_once(reviewer_client, reviewer, queue, roles):
    assert_shown_while_groups_may_be_viewed(reviewer_client, reviewer, roles, GROUPS)


def test_the_actions_follow_group_and_user_permissions_at_once(reviewer_client, reviewer, queue, roles, monkeypatch):
    """The action choices are kept per user under the reference version: an action that needs a permission shows
    and goes with it on the next page."""
    monkeypatch.setattr(
        CertificationRequestAdmin.assign_to_reviewer, "allowed_permissions", ("group_viewing",), raising=False
    )
    monkeypatch.setattr(
        CertificationRequestAdmin,
        "has_group_viewing_permission",
        lambda self, request: request.user.has_perm("auth.view_group"),
        raising=False,
    )
    assert_shown_while_groups_may_be_viewed(reviewer_client, reviewer, roles, 'value="assign_to_reviewer"')


def test_the_greeting_follows_the_users_name_at_once(reviewer_client, reviewer, queue):
    assert f"<strong>{reviewer.get_short_name()}</strong>" in page(reviewer_client)
    reviewer.first_name = "Zacarías"
    reviewer.save()
    assert "<strong>Zacarías</strong>" in page(reviewer_client)


def test_a_reviewer_who_loses_the_queue_permission_loses_the_queue_at_once(reviewer_client, reviewer, queue, roles):
    page(reviewer_client)
    roles[REVIEWER].permissions.remove(*roles[REVIEWER].permissions.filter(content_type__model="certificationrequest"))
    assert reviewer_client.get(QUEUE).status_code == 403


@pytest.mark.parametrize("kind", ["own and group", "group only", "none", "superuser", "inactive"])
def test_permissions_are_model_backends_read_in_one_query(kind, staff_in, django_assert_num_queries):
    view_groups = Permission.objects.get(codename="view_group", content_type__app_label="auth")
    if kind in ("none", "superuser"):
        user = UserFactory(is_staff=True, is_superuser=kind == "superuser")
    else:
        user = staff_in(REVIEWER, is_active=kind != "inactive")
        if kind != "group only":
            user.user_permissions.add(view_groups)
    expected = ModelBackend().get_all_permissions(get_user_model().objects.get(pk=user.pk))
    assert bool(expected) == (kind not in ("none", "inactive"))
    subject = get_user_model().objects.get(pk=user.pk)
    with django_assert_num_queries({"inactive": 0, "superuser": 2}.get(kind, 1)):  # superusers: ModelBackend's
        assert EmailOrCuiBackend().get_all_permissions(subject) == expected
        assert EmailOrCuiBackend().get_all_permissions(subject) == expected  # kept on the user object
        assert subject.has_perm("auth.view_group") == (kind in ("own and group", "superuser"))


def test_only_an_active_reviewer_can_be_chosen_in_the_action(reviewer_client, complete_request, applicant, staff_in):
    services.request_submit(request=complete_request, user=applicant)
    page(reviewer_client)
    former = staff_in(REVIEWER, is_active=False)
    response = reviewer_client.post(
        QUEUE,
        {"action": "assign_to_reviewer", "reviewer": former.pk, "_selected_action": [complete_request.pk]},
        follow=True,
    )
    assert '<ul class="messagelist">' in response.content.decode()  # the admin's "no action" warning, as before
    complete_request.refresh_from_db()
    assert complete_request.reviewer is None
