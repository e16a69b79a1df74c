"""The certificate engine: data, PDF rendering, PAdES signatures and verification codes.

Nothing here touches the database: callers build a ``CertificateData`` from a
request, render it with ``render_certificate_pdf`` (which also places the empty signature
fields) and sign the bytes with ``sign_pdf`` once per signer.
"""

from .data import CertificateData, ServiceRecordLine

__all__ = ["CertificateData", "ServiceRecordLine"]
