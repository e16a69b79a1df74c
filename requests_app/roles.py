"""The staff roles of the back office, as Django groups with their permissions.

``sync_roles()`` makes the groups match this module exactly, so adding a
permission here and re-running ``seed_demo`` (or the ``sync_roles`` command) is
how a role changes.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from cms.setup import grant_editor_permissions

CATALOG_MODELS = ("department", "municipality", "institution", "budgetline", "ethnicgroup", "linguisticcommunity")


def model_permissions(app_label: str, models: tuple[str, ...], actions: tuple[str, ...]) -> list[str]:
    return [f"{app_label}.{action}_{model}" for model in models for action in actions]


@dataclass(frozen=True)
class Role:
    name: str
    description: str
    is_staff: bool = True
    permissions: list[str] = field(default_factory=list)
    wagtail_editor: bool = False


REVIEWER = "Revisor"
SIGNER = "Firmante"
IDENTITY_REVIEWER = "Revisor de identidad"
CATALOG_ADMIN = "Administrador de catálogos"
CONTENT_EDITOR = "Editor de contenido"

CATALOG_READ = model_permissions("catalogs", CATALOG_MODELS, ("view",))
REQUEST_MODELS = ("certificationrequest", "serviceperiod", "supportingdocument", "thirdparty", "requestevent")
REQUEST_READ = model_permissions("requests_app", REQUEST_MODELS, ("view",))
# "change" on a request only shows the transition buttons: every field is read-only and each
# transition checks its own permission.
REQUEST_ACT = ["requests_app.change_certificationrequest"]

ROLES = [
    Role(
        REVIEWER,
        "Toma solicitudes de la cola, revisa datos y documentos, pide correcciones, rechaza o aprueba.",
        permissions=[
            *CATALOG_READ,
            *REQUEST_READ,
            *REQUEST_ACT,
            "requests_app.review_request",
            *model_permissions("requests_app", ("certifiedservicerecord",), ("view", "add", "change", "delete")),
            "requests_app.view_employmentrecord",
            "requests_app.view_bankdeposit",
        ],
    ),
    Role(
        SIGNER,
        "Firma digitalmente las certificaciones aprobadas.",
        permissions=[
            *CATALOG_READ,
            *REQUEST_READ,
            *REQUEST_ACT,
            "requests_app.sign_certificate",
            "requests_app.view_certificate",
            "requests_app.view_certificatesigner",
        ],
    ),
    Role(
        IDENTITY_REVIEWER,
        "Aprueba o rechaza verificaciones de identidad y cambios de correo.",
        permissions=[
            "accounts.view_user",
            "accounts.view_emailchangerequest",
            "accounts.change_emailchangerequest",
            "accounts.review_email_change",
            "accounts.view_identityverification",
            "accounts.change_identityverification",
            "accounts.review_identity",
        ],
    ),
    Role(
        CATALOG_ADMIN,
        "Importa, exporta y mantiene los catálogos y los cierres de la oficina; anula certificaciones emitidas.",
        permissions=[
            *model_permissions("catalogs", CATALOG_MODELS, ("view", "add", "change", "delete")),
            *model_permissions("requests_app", ("documentrequirement",), ("view", "add", "change")),
            *model_permissions("requests_app", ("officeclosure",), ("view", "add", "change", "delete")),
            *model_permissions("requests_app", ("employmentrecord",), ("view", "add", "change", "delete")),
            *model_permissions("requests_app", ("certificatesigner",), ("view", "add", "change")),
            "requests_app.view_certificate",
            *REQUEST_READ,
            *REQUEST_ACT,
            "requests_app.annul_certificate",
        ],
    ),
    Role(
        CONTENT_EDITOR,
        "Edita el contenido público del portal en Wagtail (instructivos, términos, formularios).",
        is_staff=False,
        wagtail_editor=True,
    ),
]


def resolve_permissions(names: list[str]) -> list[Permission]:
    query = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(query).select_related("content_type"))
    missing = set(names) - {f"{p.content_type.app_label}.{p.codename}" for p in found}
    if missing:
        raise LookupError(f"Permisos inexistentes: {sorted(missing)}")
    return found


@transaction.atomic
def sync_roles() -> dict[str, Group]:
    groups = {}
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role.name)
        group.permissions.set(resolve_permissions(role.permissions))
        if role.wagtail_editor:
            grant_editor_permissions(group)
        groups[role.name] = group
    return groups


def role(name: str) -> Role:
    return next(r for r in ROLES if r.name == name)
