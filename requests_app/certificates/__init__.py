"""The certificate engine: data, PDF rendering, PAdES signatures and verification codes.

Nothing here touches the database: callers build a ``CertificateData`` from a
request, render it with ``render_certificate_pdf`` and sign the bytes with
``sign_pdf`` once per signer.
"""

from .data import CertificateData, ServiceRecordLine, SignerLine

__all__ = ["CertificateData", "ServiceRecordLine", "SignerLine"]
