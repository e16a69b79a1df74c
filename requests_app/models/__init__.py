from .catalogs import BudgetLine, Department, EthnicGroup, Institution, LinguisticCommunity, Municipality
from .requests import (
    CertificationRequest,
    DocumentRequirement,
    RequestEvent,
    ServicePeriod,
    SupportingDocument,
    ThirdParty,
)

__all__ = [
    "BudgetLine",
    "CertificationRequest",
    "Department",
    "DocumentRequirement",
    "EthnicGroup",
    "Institution",
    "LinguisticCommunity",
    "Municipality",
    "RequestEvent",
    "ServicePeriod",
    "SupportingDocument",
    "ThirdParty",
]
