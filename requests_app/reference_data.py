"""Reference data that many pages read and staff change a few times a year, kept per process by a shared version.

The institutions, budget lines, departments and municipalities (what the wizard's period form
offers), ethnic groups and linguistic communities, the reviewers, the document requirements and
the office closures (the working-day calendar) are read from the database
once per process and *reference version*: a shared number (``cms.content_version.current(KEY)``,
in Redis in production) that changes when one of them, a user who is or was staff, a superuser, a
group member or holder of permissions of their own (not for a sign-in's ``last_login`` stamp; not
for an applicant), a group, a group membership or a permission (a user's, a group's) changes, at the save
and again at its commit, so a change shows on the next request on every node. When the shared
cache cannot answer, everything is read again. The values kept are shared by the requests of a
process: read them, never change them. The version is read with the session (``config.sessions``):
no round trip of its own.
"""

from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils.html import escape

from catalogs import signals as catalog_signals
from catalogs.models import BudgetLine, Department, EthnicGroup, Institution, LinguisticCommunity, Municipality
from cms import content_version

from . import models

KEY = "portal:reference-version"
memo = content_version.ProcessMemo()


def version(request) -> int | None:
    """The reference version, read once per request (along with the session when it was read from Redis)."""
    return content_version.for_request(request, KEY)


def remembered(request, name, load):
    return memo.get(name, version(request), load)


def active_requirements(request=None) -> list["models.DocumentRequirement"]:
    """The document requirements the wizard asks for, in their order."""
    return remembered(request, "requirements", lambda: list(models.DocumentRequirement.objects.filter(is_active=True)))


def catalog_name(model, pk, request=None) -> str:
    """``str()`` of the ethnic group or linguistic community ``pk`` ("" for none)."""
    names = remembered(
        request, ("names", model.__name__), lambda: {entry.pk: str(entry) for entry in model.objects.all()}
    )
    return names.get(pk, "")


class PeriodNames(NamedTuple):
    """What step 2's rows name of a period, escaped, by id: its institution, its budget line and its place
    ("Departamento, Municipio")."""

    institutions: dict
    budget_lines: dict
    places: dict


def period_names(periods, request=None) -> PeriodNames:
    """The names step 2's rows show for ``periods``, read once per process and reference version (inactive entries
    included: a period keeps naming what it named) instead of joining four catalog tables to every period on every
    page; read afresh when the kept ones lack one of theirs (an entry added while the shared version could not be
    renewed)."""
    names = remembered(request, "period-names", _period_names)
    if all(
        period.institution_id in names.institutions
        and period.budget_line_id in names.budget_lines
        and period.municipality_id in names.places
        for period in periods
    ):
        return names
    return _period_names()


def _period_names() -> PeriodNames:
    places = Municipality.objects.values_list("pk", "department__name", "name")
    return PeriodNames(
        {pk: escape(name) for pk, name in Institution.objects.values_list("pk", "name")},
        {pk: escape(code) for pk, code in BudgetLine.objects.values_list("pk", "code")},
        {pk: escape(f"{department}, {name}") for pk, department, name in places},
    )


def changed(sender, update_fields=None, **kwargs) -> None:
    """Reference data changed (a sign-in only stamps ``last_login``: nothing shown)."""
    if _only_a_sign_in(update_fields):
        return
    content_version.renew(KEY)
    transaction.on_commit(lambda: content_version.renew(KEY))  # what another process read before the commit


def user_changed(sender, instance, update_fields=None, **kwargs) -> None:
    """A user is saved: reference data changed if the user is, or was until this save, staff, a superuser, a
    group member or holder of permissions of their own (the admin's navigation, the reviewers' names, the actions
    a user may take). An applicant's saves (registering, confirming the email, verifying the identity) change
    nothing kept, and renewing at each of them would have every process read its reference data again after
    every applicant's step, which happens many times a day."""
    if _only_a_sign_in(update_fields):
        return
    if instance.is_staff or instance.is_superuser or (instance.pk is not None and _had_a_part(sender, instance.pk)):
        changed(sender)


def _only_a_sign_in(update_fields) -> bool:
    return bool(update_fields) and set(update_fields) <= {"last_login"}


def _had_a_part(user_model, pk) -> bool:
    """Whether the stored user ``pk`` (before the save under way) has any part in what the reference data keeps."""
    part = Q(is_staff=True) | Q(is_superuser=True) | Q(groups__isnull=False) | Q(user_permissions__isnull=False)
    return user_model._default_manager.filter(Q(pk=pk) & part).exists()


def connect_signals() -> None:
    user = get_user_model()
    catalogs = (
        Institution,
        BudgetLine,
        Department,
        Municipality,
        EthnicGroup,
        LinguisticCommunity,
        models.DocumentRequirement,
        models.OfficeClosure,
    )
    for sender in (*catalogs, Group, Permission):
        post_save.connect(changed, sender=sender, dispatch_uid=f"reference-data-save-{sender.__name__}")
    for sender in (*catalogs, user, Group, Permission):
        post_delete.connect(changed, sender=sender, dispatch_uid=f"reference-data-delete-{sender.__name__}")
    pre_save.connect(user_changed, sender=user, dispatch_uid="reference-data-save-user")
    m2m_changed.connect(changed, sender=user.groups.through, dispatch_uid="reference-data-groups")
    m2m_changed.connect(changed, sender=user.user_permissions.through, dispatch_uid="reference-data-user-permissions")
    m2m_changed.connect(changed, sender=Group.permissions.through, dispatch_uid="reference-data-group-permissions")
    catalog_signals.imported.connect(changed, dispatch_uid="reference-data-imported")
