"""Applicant pages of the Certificación de Servicios: list, 5-step wizard, reloj, terceros.

Views only translate HTTP to service calls; every rule lives in ``services`` and
``validation``. Every request, document and third party is looked up through the
signed-in person, so another person's URL gives 404. One module per group of pages;
``urls.py`` names them through this package.
"""

from .files import certificate_file, document_file
from .requests import (
    issued_list,
    request_create,
    request_delete,
    request_detail,
    request_history,
    request_list,
    request_resume,
    request_submitted,
)
from .third_parties import third_party_edit, third_party_list, third_party_request
from .wizard import (
    document_remove,
    period_remove,
    step_documents,
    step_general,
    step_payment,
    step_periods,
    step_submit,
)

__all__ = [
    "certificate_file",
    "document_file",
    "document_remove",
    "issued_list",
    "period_remove",
    "request_create",
    "request_delete",
    "request_detail",
    "request_history",
    "request_list",
    "request_resume",
    "request_submitted",
    "step_documents",
    "step_general",
    "step_payment",
    "step_periods",
    "step_submit",
    "third_party_edit",
    "third_party_list",
    "third_party_request",
]
