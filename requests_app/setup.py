"""Initial configuration rows the service needs (idempotent; staff may edit them later)."""

from .constants import DocumentType
from .models import DocumentRequirement

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
