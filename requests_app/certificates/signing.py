"""PAdES signatures with pyHanko: each signer adds one incremental revision.

Signing never rewrites what was already signed, so a certificate signed by the
analyst, then the head of department, then the director carries three
signatures that all stay valid. Keys and certificates are PEM (or DER) files
outside the repository, configured in ``settings.CERTIFICATE_SIGNERS``;
``python manage.py make_dev_signers`` creates self-signed ones for development.
"""

import io
from dataclasses import KW_ONLY, dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

#: Room for the signature container beyond the certificates it embeds: the
#: signed attributes and the raw signature (512 bytes with RSA-4096).
SIGNATURE_OVERHEAD_BYTES = 4096


@dataclass(frozen=True)
class SignerConfig:
    key_path: Path
    cert_path: Path
    _: KW_ONLY
    passphrase: str | None = None
    #: Intermediate or root certificates to embed, so validators can build the chain.
    chain_paths: tuple[Path, ...] = ()


def signer_config(role: str) -> SignerConfig:
    """The configured key and certificate of ``role`` ("analista", "jefe", "director")."""
    try:
        entry = settings.CERTIFICATE_SIGNERS[role]
    except KeyError:
        raise ImproperlyConfigured(
            f"No hay un firmante configurado para el rol «{role}» en CERTIFICATE_SIGNERS."
        ) from None
    chain = getattr(settings, "CERTIFICATE_SIGNING_CA", None)
    return SignerConfig(
        key_path=Path(entry["key"]),
        cert_path=Path(entry["cert"]),
        passphrase=entry.get("passphrase") or None,
        chain_paths=(Path(chain),) if chain and Path(chain).exists() else (),
    )


def _require_file(path: Path, what: str) -> None:
    if not Path(path).is_file():
        raise ImproperlyConfigured(
            f"No se encontró {what} para firmar certificaciones: {path}. Configure SIGNING_DIR (o "
            "CERTIFICATE_SIGNERS) o, en desarrollo, ejecute «python manage.py make_dev_signers»."
        )


class _SimpleSigner(signers.SimpleSigner):
    """pyHanko's ``SimpleSigner`` that parses its private key once, not at every signature.

    pyHanko re-reads the key for each raw signature; for RSA that includes the
    key's consistency check, which costs more than the signature itself. RSA
    PKCS#1 v1.5 and ECDSA are signed here with the parsed key; anything else
    goes to pyHanko unchanged.
    """

    @cached_property
    def _private_key(self):
        return serialization.load_der_private_key(self.signing_key.dump(), password=None)

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        try:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        except ValueError:
            return super().sign_raw(data, digest_algorithm)
        key, hash_algorithm = self._private_key, get_pyca_cryptography_hash(digest_algorithm)
        if mechanism == "rsassa_pkcs1v15" and isinstance(key, RSAPrivateKey):
            return key.sign(data, PKCS1v15(), hash_algorithm)
        if mechanism == "ecdsa" and isinstance(key, EllipticCurvePrivateKey):
            return key.sign(data, ECDSA(hash_algorithm))
        return super().sign_raw(data, digest_algorithm)


def _file_version(path: Path) -> tuple[int, int]:
    stat = Path(path).stat()
    return stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=16)
def _load_signer(config: SignerConfig, versions: tuple) -> _SimpleSigner:
    passphrase = config.passphrase.encode() if config.passphrase else None
    loaded = signers.SimpleSigner.load(
        str(config.key_path),
        str(config.cert_path),
        ca_chain_files=[str(path) for path in config.chain_paths] or None,
        key_passphrase=passphrase,
    )
    if loaded is None:  # pyHanko logs the reason and returns None
        raise ImproperlyConfigured(
            f"No se pudo leer la llave privada {config.key_path} o el certificado {config.cert_path} "
            "(¿formato o contraseña incorrectos?)."
        )
    return _SimpleSigner(
        signing_cert=loaded.signing_cert, signing_key=loaded.signing_key, cert_registry=loaded.cert_registry
    )


def load_signer(config: SignerConfig) -> signers.SimpleSigner:
    """The pyHanko signer for ``config``; ``ImproperlyConfigured`` when its files are missing or unreadable.

    Kept in memory while the files stay the same (replacing a key or certificate is picked up).
    """
    _require_file(config.key_path, "la llave privada")
    _require_file(config.cert_path, "el certificado")
    for path in config.chain_paths:
        _require_file(path, "el certificado de la autoridad")
    paths = (config.key_path, config.cert_path, *config.chain_paths)
    return _load_signer(config, tuple(_file_version(path) for path in paths))


def _bytes_to_reserve(signer: signers.SimpleSigner) -> int:
    """Room for the signature container, in hex digits as it is written in the PDF.

    Given up front so that pyHanko does not produce a throwaway signature to estimate it.
    """
    certificates = [signer.signing_cert, *signer.cert_registry]
    return 2 * (SIGNATURE_OVERHEAD_BYTES + sum(len(certificate.dump()) for certificate in certificates))


def sign_pdf(
    pdf_bytes: bytes,
    signer_config: SignerConfig | signers.SimpleSigner,
    *,
    field_name: str,
    reason: str,
    location: str,
    signer_name: str | None = None,
) -> bytes:
    """``pdf_bytes`` with one more PAdES signature, in a new invisible field, appended as an incremental update."""
    signer = load_signer(signer_config) if isinstance(signer_config, SignerConfig) else signer_config
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes))
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=signer_name,
    )
    output = signers.sign_pdf(writer, metadata, signer=signer, bytes_reserved=_bytes_to_reserve(signer))
    return output.getvalue()


def _common_name(certificate) -> str:
    subject = certificate.subject.native
    return subject.get("common_name") or certificate.subject.human_friendly


def validate_signatures(pdf_bytes: bytes, trust_root_pem_path: Path | str) -> list[dict]:
    """Every signature in the PDF, in signing order.

    Each entry: ``field``; ``intact`` (the signed bytes are unchanged); ``valid``
    (intact, cryptographically sound, issued under the trust root, and nothing
    but permitted changes, such as later signatures, added after it); ``trusted``;
    ``signer`` (the certificate's common name); ``signed_at`` (as the signer's
    machine reported it); ``error`` (why it could not be validated, or "").
    A file that is not a readable PDF raises pyHanko's ``PdfReadError``.
    """
    trust_root = load_cert_from_pemder(str(trust_root_pem_path))
    context = ValidationContext(trust_roots=[trust_root])
    reader = PdfFileReader(io.BytesIO(pdf_bytes))
    results = []
    for embedded in reader.embedded_signatures:
        entry = {"field": embedded.field_name, "intact": False, "valid": False, "trusted": False}
        entry.update(signer="", signed_at=None, error="")
        try:
            status = validate_pdf_signature(embedded, context)
        except (SignatureValidationError, ValueError) as error:
            entry["error"] = str(error)
        else:
            entry.update(
                intact=status.intact,
                valid=status.bottom_line,
                trusted=status.trusted,
                signer=_common_name(status.signing_cert),
                signed_at=status.signer_reported_dt,
            )
        results.append(entry)
    return results
