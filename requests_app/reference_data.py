"""Reference data that many pages read and staff change a few times a year, kept per process by a shared version.

The institutions, budget lines, departments and municipalities (what the wizard's period form
offers), ethnic groups and linguistic communities, the reviewers, the document requirements and
the office closures (the working-day calendar) are read from the database
once per process and *reference version*: a shared number (``cms.content_version.current(KEY)``,
in Redis in production) that changes when one of them, a user (not a sign-in's ``last_login``
stamp), a group, a group membership or a permission (a user's, a group's) changes, at the save
and again at its commit, so a change shows on the next request on every node. When the shared
cache cannot answer, everything is read again. The values kept are shared by the requests of a
process: read them, never change them. The version is read with the session (``config.sessions``):
no round trip of its own.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from catalogs import signals as catalog_signals
from catalogs.models import BudgetLine, Department, EthnicGroup, Institution, LinguisticCommunity, Municipality
from cms import content_version

from . import models

KEY = "portal:reference-version"
memo = content_version.ProcessMemo()


def version(request) -> str | None:
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


def changed(sender, update_fields=None, **kwargs) -> None:
    """Reference data changed (a sign-in only stamps ``last_login``: nothing shown)."""
    if update_fields and set(update_fields) <= {"last_login"}:
        return
    content_version.renew(KEY)
    transaction.on_commit(lambda: content_version.renew(KEY))  # what another process read before the commit


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
    for sender in (*catalogs, user, Group, Permission):
        post_save.connect(changed, sender=sender, dispatch_uid=f"reference-data-save-{sender.__name__}")
        post_delete.connect(changed, sender=sender, dispatch_uid=f"reference-data-delete-{sender.__name__}")
    m2m_changed.connect(changed, sender=user.groups.through, dispatch_uid="reference-data-groups")
    m2m_changed.connect(changed, sender=user.user_permissions.through, dispatch_uid="reference-data-user-permissions")
    m2m_changed.connect(changed, sender=Group.permissions.through, dispatch_uid="reference-data-group-permissions")
    catalog_signals.imported.connect(changed, dispatch_uid="reference-data-imported")
