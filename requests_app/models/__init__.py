"""The Certificación de Servicios models (the reference catalogs they point at live in ``catalogs``)."""

from .calendar import OfficeClosure
from .certificates import Certificate, CertificateSignature, CertificateSigner
from .records import BankDeposit, CertifiedServiceRecord, EmploymentRecord
from .requests import (
    CertificationRequest,
    DocumentRequirement,
    RequestEvent,
    ServicePeriod,
    SupportingDocument,
    ThirdParty,
)
from .retention import DraftRetentionNotice
from .tallies import ApplicantRequestCount, RequestStateCount

__all__ = [
    "ApplicantRequestCount",
    "BankDeposit",
    "Certificate",
    "CertificateSignature",
    "CertificateSigner",
    "CertificationRequest",
    "CertifiedServiceRecord",
    "DocumentRequirement",
    "DraftRetentionNotice",
    "EmploymentRecord",
    "OfficeClosure",
    "RequestEvent",
    "RequestStateCount",
    "ServicePeriod",
    "SupportingDocument",
    "ThirdParty",
]
