"""The Certificación de Servicios models.

The reference catalogs live in ``catalogs``; they are re-exported here because requests, periods
and records point at them and older code imports them from this package.
"""

from catalogs.models import BudgetLine, Department, EthnicGroup, Institution, LinguisticCommunity, Municipality

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

__all__ = [
    "BankDeposit",
    "BudgetLine",
    "Certificate",
    "CertificateSignature",
    "CertificateSigner",
    "CertificationRequest",
    "CertifiedServiceRecord",
    "Department",
    "DocumentRequirement",
    "DraftRetentionNotice",
    "EmploymentRecord",
    "EthnicGroup",
    "Institution",
    "LinguisticCommunity",
    "Municipality",
    "OfficeClosure",
    "RequestEvent",
    "ServicePeriod",
    "SupportingDocument",
    "ThirdParty",
]
