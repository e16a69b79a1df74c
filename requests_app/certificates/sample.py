"""A realistic certificate for benchmarks, tests and previews (fictitious people and amounts)."""

from datetime import date
from decimal import Decimal

from .data import DEFAULT_LEGAL_PARAGRAPHS, CertificateData, ServiceRecordLine

_POSITIONS = (
    (
        "Ministerio de Educación",
        "Dirección Departamental de Educación de Quetzaltenango",
        "Maestro de Educación Primaria",
    ),
    ("Ministerio de Educación", "Escuela Oficial Rural Mixta Aldea Chuicavioc", "Director de Escuela"),
    ("Ministerio de Salud Pública y Asistencia Social", "Hospital Regional de Occidente", "Auxiliar de Enfermería"),
    ("Ministerio de Finanzas Públicas", "Dirección de Contabilidad del Estado", "Técnico Profesional II"),
    (
        "Ministerio de Comunicaciones, Infraestructura y Vivienda",
        "Dirección General de Caminos",
        "Operador de Maquinaria",
    ),
    (
        "Ministerio de Agricultura, Ganadería y Alimentación",
        "Sede Departamental de Totonicapán",
        "Extensionista Agrícola",
    ),
    (
        "Secretaría de Bienestar Social de la Presidencia",
        "Hogar Seguro Virgen de la Asunción",
        "Trabajador Operativo III",
    ),
    ("Ministerio de Gobernación", "Dirección General del Diario de Centro América", "Asistente Profesional I"),
)
_BUDGET_LINES = ("011", "011", "022", "011", "031", "011", "029", "011")


def sample_lines(count: int) -> tuple[ServiceRecordLine, ...]:
    lines = []
    for index in range(count):
        institution, dependency, title = _POSITIONS[index % len(_POSITIONS)]
        base = Decimal(2100 + 175 * index).quantize(Decimal("0.01"))
        complements = Decimal(375 + 25 * (index % 5)).quantize(Decimal("0.01"))
        bonuses = Decimal("250.00")
        start = date(1988 + index, 1 + index % 12, 1)
        end = None if index == count - 1 else date(1988 + index, 12, 31)
        lines.append(
            ServiceRecordLine(
                institution=institution,
                dependency=dependency,
                position_title=f"{title} ({index + 1})",
                budget_line=_BUDGET_LINES[index % len(_BUDGET_LINES)],
                base_salary=base,
                complements=complements,
                bonuses=bonuses,
                total=base + complements + bonuses,
                start_date=start,
                end_date=end,
            )
        )
    return tuple(lines)


def sample_certificate_data(line_count: int = 24) -> CertificateData:
    """Two pages with the default ``line_count``: the table runs onto the second page."""
    return CertificateData(
        request_number="2026-000123",
        subject_name="María Fernanda López Pérez de Ajú",
        subject_cui="2345678900101",
        applicant_name="José Andrés Ajú López",
        relationship="Hijo(a)",
        issue_place="Guatemala",
        issue_date=date(2026, 5, 20),
        verification_code="Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZg",
        verification_url="https://portal.onsec.gob.gt/verificar/Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZg/",
        lines=sample_lines(line_count),
        legal_paragraphs=DEFAULT_LEGAL_PARAGRAPHS,
    )
