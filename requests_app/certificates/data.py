"""Plain, immutable data for one certificate; the PDF template only presents it."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class ServiceRecordLine:
    """One certified period of service with the salary that was paid in it (monthly, in quetzales)."""

    institution: str
    dependency: str
    position_title: str
    budget_line: str  # renglón presupuestario, e.g. "011"
    base_salary: Decimal
    complements: Decimal
    bonuses: Decimal
    total: Decimal
    start_date: date
    end_date: date | None = None  # None: still in service on the issue date


@dataclass(frozen=True)
class CertificateData:
    request_number: str
    subject_name: str
    subject_cui: str  # in full: the certificate is an official document (masking is for the public page)
    applicant_name: str  # "" when the applicant is the subject
    relationship: str  # the applicant's relationship to the subject, "" when the same person
    issue_place: str
    issue_date: date
    verification_code: str
    verification_url: str
    lines: tuple[ServiceRecordLine, ...] = ()
    legal_paragraphs: tuple[str, ...] = ()
    #: Signature blocks on the last page, in signing order; each is filled by its signer's stamp.
    signature_count: int = 3


#: The legal basis printed under the service records, unless the caller gives its own.
DEFAULT_LEGAL_PARAGRAPHS: tuple[str, ...] = (
    "La presente certificación se extiende con base en los registros de acciones de recursos humanos que "
    "obran en el Departamento de Registro y Verificación de Acciones de Recursos Humanos de la Oficina "
    "Nacional de Servicio Civil, conforme a la Ley de Servicio Civil, Decreto 1748 del Congreso de la "
    "República, y su Reglamento, Acuerdo Gubernativo 18-98.",
    "Se extiende para los efectos de la Ley de Clases Pasivas Civiles del Estado, Decreto 63-88 del Congreso "
    "de la República, y su Reglamento, Acuerdo Gubernativo 1220-88, a fin de que el tiempo de servicio y los "
    "salarios aquí consignados sirvan para el cómputo de la pensión o prestación que corresponda al interesado "
    "o a sus beneficiarios.",
    "Los montos se expresan en quetzales y corresponden al salario base, los complementos personales y las "
    "bonificaciones mensuales registrados para cada puesto en el período indicado. Los períodos sin fecha de "
    "finalización continúan vigentes a la fecha de emisión.",
    "Documento firmado electrónicamente de conformidad con la Ley para el Reconocimiento de las Comunicaciones "
    "y Firmas Electrónicas, Decreto 47-2008 del Congreso de la República. Cualquier alteración invalida las "
    "firmas; su autenticidad puede comprobarse con el código QR o el código de verificación que aparecen en "
    "este documento.",
)
