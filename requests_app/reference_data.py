"""The queue's filter sidebar, the same for every reviewer, kept per process while its data stays the same.

The reviewers' and institutions' names are read from the database once per process and
*filter version*: a shared number (``cms.content_version.current(KEY)``, in Redis in
production) that changes when an institution, a user or a group or its members change, so a
new reviewer or institution shows on the next request on every node. The sidebar's HTML is
kept per host, language, day (the date filter's links name today) and query string (its links
keep the other parameters). With facet counts asked for (``_facets``) nothing is kept: the
counts depend on the requests. When the shared cache cannot answer, everything is read again.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

from catalogs.models import Institution
from cms import content_version

from ..roles import REVIEWER

KEY = "portal:queue-filters-version"
_REQUEST_ATTRIBUTE = "_queue_filters_version"
memo = content_version.ProcessMemo()


def version(request) -> str | None:
    """The filter version, read once per request."""
    if request is None:
        return content_version.current(KEY)
    if not hasattr(request, _REQUEST_ATTRIBUTE):
        setattr(request, _REQUEST_ATTRIBUTE, content_version.current(KEY))
    return getattr(request, _REQUEST_ATTRIBUTE)


def remembered(request, name, load):
    return memo.get(name, version(request), load)


def institution_choices(request) -> list[tuple[int, str]]:
    return remembered(
        request, "institutions", lambda: list(Institution.objects.order_by("name").values_list("pk", "name"))
    )


def reviewer_choices(request) -> list[tuple[str, str]]:
    def load():
        reviewers = get_user_model().objects.filter(groups__name=REVIEWER).order_by("first_name")
        return [(str(user.pk), user.get_full_name() or user.email) for user in reviewers]

    return remembered(request, "reviewers", load)


def sidebar(request, changelist, render) -> str:
    """``render()``'s HTML, kept unless the page shows facet counts."""
    if changelist.add_facets:
        return render()
    key = ("sidebar", request.get_host(), get_language(), timezone.localdate().isoformat(), request.GET.urlencode())
    return remembered(request, key, render)


def changed(sender, update_fields=None, **kwargs) -> None:
    """An institution, a user or a group changed (a sign-in only stamps ``last_login``: nothing shown)."""
    if update_fields and set(update_fields) <= {"last_login"}:
        return
    content_version.renew(KEY)


def connect_signals() -> None:
    user = get_user_model()
    for sender in (Institution, user, Group):
        post_save.connect(changed, sender=sender, dispatch_uid=f"queue-filters-save-{sender.__name__}")
        post_delete.connect(changed, sender=sender, dispatch_uid=f"queue-filters-delete-{sender.__name__}")
    m2m_changed.connect(changed, sender=user.groups.through, dispatch_uid="queue-filters-groups")
