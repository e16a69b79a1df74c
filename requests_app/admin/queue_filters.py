"""The queue's filter sidebar, the same for every reviewer, kept per process while its data stays the same.

The reviewers' and institutions' names come from ``requests_app.reference_data`` (kept per
process by the shared reference version, so a new reviewer or institution shows on the next
request on every node). The sidebar's HTML is kept per host, language, day (the date filter's
links name today) and query string (its links keep the other parameters), under the same
version. With facet counts asked for (``_facets``) nothing is kept: the counts depend on the
requests.
"""

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import get_language

from catalogs.models import Institution
from cms import content_version

from .. import reference_data
from ..roles import REVIEWER


def institution_choices(request) -> list[tuple[int, str]]:
    return reference_data.remembered(
        request, "institutions", lambda: list(Institution.objects.order_by("name").values_list("pk", "name"))
    )


def reviewer_choices(request) -> list[tuple[str, str]]:
    def load():
        reviewers = get_user_model().objects.filter(groups__name=REVIEWER).order_by("first_name")
        return [(str(user.pk), user.get_full_name() or user.email) for user in reviewers]

    return reference_data.remembered(request, "reviewers", load)


def active_reviewer_choices(request=None) -> list[tuple[str, str]]:
    """The reviewers requests may be assigned to, as the assignment action's select offers them."""

    def load():
        reviewers = get_user_model().objects.filter(groups__name=REVIEWER, is_active=True).order_by("first_name")
        return [(str(user.pk), str(user)) for user in reviewers]

    return reference_data.remembered(request, "active-reviewers", load)


def sidebar(request, changelist, render) -> str:
    """``render()``'s HTML, kept unless the page shows facet counts."""
    if changelist.add_facets:
        return render()
    key = (
        "sidebar",
        content_version.host(request),
        get_language(),
        timezone.localdate().isoformat(),
        request.GET.urlencode(),
    )
    return reference_data.remembered(request, key, render)
