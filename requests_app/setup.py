"""What a production portal needs before anyone signs in (idempotent; staff may edit it later):
catalogs, staff roles and their permissions, the public page tree, the portal settings and the
document requirements. No user account is created here: ``seed_demo`` adds the demo people.
"""

from dataclasses import dataclass

from django.db import transaction

from catalogs.loader import load_catalogs
from cms.setup import ensure_home_page, ensure_portal_content, ensure_terms_page

from .constants import DocumentType
from .models import DocumentRequirement
from .roles import sync_roles

DEFAULT_REQUIREMENTS = [
    {
        "document_type": DocumentType.DPI,
        "label": "DPI de ambos lados",
        "help_text": "Documento Personal de Identificación, anverso y reverso en un solo archivo.",
        "is_required": True,
        "max_files": 1,
        "order": 1,
    },
    {
        "document_type": DocumentType.IGSS,
        "label": "Afiliación al IGSS",
        "help_text": "Carné de afiliación o constancia de afiliación extendida por el IGSS.",
        "is_required": True,
        "max_files": 1,
        "order": 2,
    },
    {
        "document_type": DocumentType.PAYMENT,
        "label": "Depósito Monetario",
        "help_text": "Comprobante del depósito o de la transferencia electrónica en Banrural.",
        "is_required": True,
        "max_files": 1,
        "order": 3,
    },
    {
        "document_type": DocumentType.OTHER,
        "label": "Otros Documentos",
        "help_text": "Otros documentos que respalden el tiempo de servicio requerido (opcional).",
        "is_required": False,
        "max_files": 10,
        "order": 4,
    },
]


def ensure_document_requirements() -> int:
    """Create the default requirements that do not exist yet; returns how many were created."""
    existing = set(DocumentRequirement.objects.values_list("document_type", flat=True))
    missing = [DocumentRequirement(**row) for row in DEFAULT_REQUIREMENTS if row["document_type"] not in existing]
    for requirement in missing:
        requirement.save()
    return len(missing)


@dataclass(frozen=True)
class SetupReport:
    catalogs: dict
    pages: int
    roles: list[str]
    requirements_created: int


def setup_portal(update_catalogs: bool = False) -> SetupReport:
    """Create or complete everything the service needs, without touching what staff changed
    (catalog rows staff edited keep their values unless ``update_catalogs``)."""
    catalogs = load_catalogs(update=update_catalogs)
    with transaction.atomic():
        ensure_home_page()  # also the default site and its portal settings row
        ensure_terms_page()
        pages = ensure_portal_content()
        groups = sync_roles()
        requirements_created = ensure_document_requirements()
    return SetupReport(
        catalogs=catalogs,
        pages=sum(page is not None for page in pages.values()),
        roles=list(groups),
        requirements_created=requirements_created,
    )
