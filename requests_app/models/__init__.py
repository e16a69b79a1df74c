from .calendar import OfficeClosure
from .catalogs import BudgetLine, Department, EthnicGroup, Institution, LinguisticCommunity, Municipality
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
