"""PAdES B-LTA signatures with pyHanko: visible, dated, time-stamped and long-term verifiable.

The certificate is rendered once; ``add_signature_fields`` then places one empty
signature field over each signer's block on the last page. Each signer fills their
field in its own incremental revision (``sign_pdf``): the field's appearance (the
"stamp") shows the signer's name, role and the date and time of signing, the
signature carries an RFC 3161 timestamp, and the certificate chain with its
revocation data goes into the document security store (DSS). The last signature
ends the file with a document timestamp, so the whole stays verifiable after the
signers' certificates expire or are revoked (PAdES B-LTA). Nothing already signed
is ever rewritten, so the earlier signatures stay valid.

Keys and certificates are PEM (or DER) files outside the repository, configured in
``settings.CERTIFICATE_SIGNERS``; ``python manage.py make_dev_signers`` creates a
development CA (with its CRL), the three signers and a local time-stamping authority.
"""

import asyncio
import io
import textwrap
from dataclasses import KW_ONLY, dataclass
from datetime import UTC, datetime
from functools import cached_property, lru_cache
from pathlib import Path

from asn1crypto import crl as asn1_crl
from asn1crypto import pem
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
from pyhanko.pdf_utils.font.basic import SimpleFontEngineFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.ades.report import AdESPassed
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.ades import ades_lta_validation
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.policy_decl import (
    LocalKnowledge,
    PdfSignatureValidationSpec,
    RevinfoOnlineFetchingRule,
    RevocationInfoGatheringSpec,
    SignatureValidationSpec,
)
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.ltv.types import ValidationTimingInfo
from pyhanko_certvalidator.policy_decl import REQUIRE_REVINFO, CertRevTrustPolicy
from pyhanko_certvalidator.registry import SimpleTrustManager
from pyhanko_certvalidator.revinfo.archival import CRLContainer
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

#: Room for the signature container beyond the certificates it embeds: the signed
#: attributes and the raw signature (512 bytes with RSA-4096), with a margin.
SIGNATURE_OVERHEAD_BYTES = 2048
#: A timestamp token beyond its certificates: its attributes and the authority's signature.
TIMESTAMP_OVERHEAD_BYTES = 1536
#: A remote authority's token, whose certificates are not known before asking.
REMOTE_TIMESTAMP_TOKEN_BYTES = 8192

#: What each signer's stamp says; the values come from ``sign_pdf``'s arguments.
STAMP_TEXT = "Firmado electrónicamente por\n%(signer_name)s\n%(signer_title)s\n%(signed_at)s"
STAMP_LINE_CHARACTERS = 44
STAMP_STYLE = TextStampStyle(
    stamp_text=STAMP_TEXT,
    text_box_style=TextBoxStyle(
        font=SimpleFontEngineFactory("Helvetica", 0.5), font_size=8, leading=10, text_color=(0.1, 0.1, 0.1)
    ),
    inner_content_layout=SimpleBoxLayoutRule(
        x_align=AxisAlignment.ALIGN_MID, y_align=AxisAlignment.ALIGN_MID, margins=Margins.uniform(2)
    ),
    border_width=1,
    border_color=(0.11, 0.23, 0.42),
)


@dataclass(frozen=True)
class SignerConfig:
    key_path: Path
    cert_path: Path
    _: KW_ONLY
    passphrase: str | None = None
    #: Intermediate or root certificates to embed, so validators can build the chain.
    chain_paths: tuple[Path, ...] = ()


@dataclass(frozen=True)
class TimestampAuthority:
    """Where signature and document timestamps come from.

    ``url`` names an RFC 3161 service (production); without one, the local
    development authority signs them in-process with ``key_path``/``cert_path``.
    """

    url: str = ""
    username: str = ""
    password: str = ""
    key_path: Path | None = None
    cert_path: Path | None = None
    chain_paths: tuple[Path, ...] = ()


@dataclass(frozen=True)
class TrustConfig:
    """What a signature is validated against when it is made (and later on the verification page)."""

    roots: tuple[Path, ...]
    crl_paths: tuple[Path, ...] = ()
    #: Fetch CRLs and OCSP responses from the URLs in the certificates (production CAs).
    allow_fetching: bool = False


@dataclass(frozen=True)
class SignatureBox:
    """Where a signature field goes: page index (0-based) and (x1, y1, x2, y2) in PDF points."""

    field_name: str
    page: int
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class Signatory:
    """Who fills one signature field: their key, and the name and title their stamp prints."""

    config: SignerConfig
    name: str
    title: str


def directory_pki(directory: Path, roles) -> tuple[list[SignerConfig], TimestampAuthority, TrustConfig]:
    """Signers, time-stamping authority and trust of a folder laid out as ``make_dev_signers`` makes it."""
    directory = Path(directory)
    chain = (directory / "ca.cert.pem",)
    signers_ = [
        SignerConfig(directory / f"{role}.key.pem", directory / f"{role}.cert.pem", chain_paths=chain) for role in roles
    ]
    authority = TimestampAuthority(
        key_path=directory / "tsa.key.pem", cert_path=directory / "tsa.cert.pem", chain_paths=chain
    )
    trust = TrustConfig(roots=chain, crl_paths=(directory / "ca.crl.pem",))
    return signers_, authority, trust


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


def timestamp_authority() -> TimestampAuthority:
    """The configured time-stamping authority (``settings.CERTIFICATE_TSA``)."""
    entry = settings.CERTIFICATE_TSA
    chain = getattr(settings, "CERTIFICATE_SIGNING_CA", None)
    return TimestampAuthority(
        url=entry.get("url") or "",
        username=entry.get("username") or "",
        password=entry.get("password") or "",
        key_path=Path(entry["key"]) if entry.get("key") else None,
        cert_path=Path(entry["cert"]) if entry.get("cert") else None,
        chain_paths=(Path(chain),) if chain and Path(chain).exists() else (),
    )


def trust_config() -> TrustConfig:
    """The trust roots and revocation data configured in ``settings.CERTIFICATE_TRUST``."""
    entry = settings.CERTIFICATE_TRUST
    return TrustConfig(
        roots=tuple(Path(path) for path in entry["roots"]),
        crl_paths=tuple(Path(path) for path in entry.get("crls", ()) if Path(path).is_file()),
        allow_fetching=bool(entry.get("allow_fetching")),
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
    def parsed_private_key(self):
        return serialization.load_der_private_key(self.signing_key.dump(), password=None)

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        try:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        except ValueError:
            return super().sign_raw(data, digest_algorithm)
        key, hash_algorithm = self.parsed_private_key, get_pyca_cryptography_hash(digest_algorithm)
        if mechanism == "rsassa_pkcs1v15" and isinstance(key, RSAPrivateKey):
            return key.sign(data, PKCS1v15(), hash_algorithm)
        if mechanism == "ecdsa" and isinstance(key, EllipticCurvePrivateKey):
            return key.sign(data, ECDSA(hash_algorithm))
        return super().sign_raw(data, digest_algorithm)


def _versions(paths) -> tuple:
    """Modification time and size of each file: a cached object is rebuilt when a file is replaced."""
    return tuple((Path(path).stat().st_mtime_ns, Path(path).stat().st_size) for path in paths)


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
    return _load_signer(config, _versions((config.key_path, config.cert_path, *config.chain_paths)))


@lru_cache(maxsize=4)
def _local_timestamper(authority: TimestampAuthority, versions: tuple) -> DummyTimeStamper:
    chain = [load_cert_from_pemder(str(path)) for path in authority.chain_paths]
    return DummyTimeStamper(
        tsa_cert=load_cert_from_pemder(str(authority.cert_path)),
        tsa_key=load_private_key_from_pemder(str(authority.key_path), passphrase=None),
        certs_to_embed=chain,
    )


def load_timestamper(authority: TimestampAuthority) -> timestamps.TimeStamper:
    """An RFC 3161 client for ``authority.url``, or the local development authority."""
    if authority.url:
        auth = (authority.username, authority.password) if authority.username else None
        return timestamps.HTTPTimeStamper(authority.url, timeout=10, auth=auth)
    if authority.key_path is None or authority.cert_path is None:
        raise ImproperlyConfigured(
            "No hay una autoridad de sellado de tiempo configurada: defina CERTIFICATE_TSA_URL o, en desarrollo, "
            "ejecute «python manage.py make_dev_signers»."
        )
    _require_file(authority.key_path, "la llave de la autoridad de sellado de tiempo")
    _require_file(authority.cert_path, "el certificado de la autoridad de sellado de tiempo")
    paths = (authority.key_path, authority.cert_path, *authority.chain_paths)
    return _local_timestamper(authority, _versions(paths))


def _load_crl(path: Path) -> asn1_crl.CertificateList:
    data = Path(path).read_bytes()
    if pem.detect(data):
        _type, _headers, data = pem.unarmor(data)
    return asn1_crl.CertificateList.load(data)


def validation_context(trust: TrustConfig, *, moment: datetime | None = None, for_signing: bool = True):
    """A pyHanko validation context for ``trust``.

    When signing, revocation data is required (``hard-fail``): a signature whose
    certificate cannot be checked is refused rather than issued without the
    evidence it will need in later years.
    """
    roots = [load_cert_from_pemder(str(path)) for path in trust.roots]
    for path in trust.roots:
        _require_file(path, "el certificado raíz de confianza")
    return ValidationContext(
        trust_roots=roots,
        crls=[_load_crl(path) for path in trust.crl_paths],
        allow_fetching=trust.allow_fetching,
        revocation_mode="hard-fail" if for_signing else "soft-fail",
        moment=moment,
    )


def _timestamp_token_bytes(timestamper: timestamps.TimeStamper) -> int:
    """Room for the timestamp token: exact certificates for the local authority, generous for a remote one."""
    if isinstance(timestamper, DummyTimeStamper):
        certificates = [timestamper.tsa_cert, *timestamper.certs_to_embed]
        return sum(len(certificate.dump()) for certificate in certificates) + TIMESTAMP_OVERHEAD_BYTES
    return REMOTE_TIMESTAMP_TOKEN_BYTES


def _bytes_to_reserve(signer: signers.SimpleSigner, timestamper: timestamps.TimeStamper) -> int:
    """Room for the signature container, in hex digits as it is written in the PDF.

    Given up front so that pyHanko does not produce a throwaway signature (and
    timestamp) to estimate it; every reserved byte the signature leaves unused is
    file size, so the estimate is close.
    """
    certificates = [signer.signing_cert, *signer.cert_registry]
    size = sum(len(certificate.dump()) for certificate in certificates)
    return 2 * (SIGNATURE_OVERHEAD_BYTES + size + _timestamp_token_bytes(timestamper))


def add_signature_fields(pdf_bytes: bytes, boxes: list[SignatureBox]) -> bytes:
    """``pdf_bytes`` with one empty, visible signature field per box, appended as one revision."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes))
    for spec in boxes:
        fields.append_signature_field(
            writer, fields.SigFieldSpec(sig_field_name=spec.field_name, on_page=spec.page, box=spec.box)
        )
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _wrapped(text: str) -> str:
    """Long names and titles on several lines, so the stamp keeps a readable size."""
    return "\n".join(textwrap.wrap(text, STAMP_LINE_CHARACTERS)) or text


def sign_pdf(
    pdf_bytes: bytes,
    signer_config: SignerConfig | signers.SimpleSigner,
    *,
    field_name: str,
    reason: str,
    location: str,
    signer_name: str,
    signer_title: str,
    signed_at: str,
    timestamper: timestamps.TimeStamper,
    trust: TrustConfig,
    archive: bool = False,
) -> bytes:
    """``pdf_bytes`` with ``field_name`` signed, appended as an incremental update.

    The field (made by ``add_signature_fields``) gets a stamp with the signer's name,
    title and ``signed_at``; the signature gets a timestamp, and its certificate chain
    and revocation data go into the DSS. ``archive`` ends the file with a document
    timestamp (PAdES B-LTA): pass it for the last signature.
    """
    signer = load_signer(signer_config) if isinstance(signer_config, SignerConfig) else signer_config
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes))
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=signer_name,
        embed_validation_info=True,
        use_pades_lta=archive,
        validation_context=validation_context(trust),
    )
    pdf_signer = signers.PdfSigner(metadata, signer=signer, timestamper=timestamper, stamp_style=STAMP_STYLE)
    output = pdf_signer.sign_pdf(
        writer,
        existing_fields_only=True,
        bytes_reserved=_bytes_to_reserve(signer, timestamper),
        appearance_text_params={
            "signer_name": _wrapped(signer_name),
            "signer_title": _wrapped(signer_title),
            "signed_at": signed_at,
        },
    )
    return output.getvalue()


def sign_in_order(
    pdf_bytes: bytes,
    signatories: list[Signatory],
    *,
    timestamper: timestamps.TimeStamper,
    trust: TrustConfig,
    signed_at: str,
    reason: str,
    location: str = "Guatemala",
    archive: bool = True,
) -> list[bytes]:
    """The PDF after each signatory has filled ``Firma1``, ``Firma2``…; the last one archives (B-LTA)."""
    versions = []
    for order, signatory in enumerate(signatories, start=1):
        pdf_bytes = sign_pdf(
            pdf_bytes,
            signatory.config,
            field_name=f"Firma{order}",
            reason=reason,
            location=location,
            signer_name=signatory.name,
            signer_title=signatory.title,
            signed_at=signed_at,
            timestamper=timestamper,
            trust=trust,
            archive=archive and order == len(signatories),
        )
        versions.append(pdf_bytes)
    return versions


def _common_name(certificate) -> str:
    subject = certificate.subject.native
    return subject.get("common_name") or certificate.subject.human_friendly


def validate_signatures(pdf_bytes: bytes, trust: TrustConfig, *, moment: datetime | None = None) -> list[dict]:
    """Every signature in the PDF, in signing order, with the document timestamps last.

    Each entry: ``field``; ``kind`` ("firma" or "sello de tiempo del documento");
    ``intact`` (the signed bytes are unchanged); ``valid`` (intact, cryptographically
    sound, issued under a trust root, and nothing but permitted changes added after
    it); ``trusted``; ``signer`` (the certificate's common name); ``signed_at`` (as
    the signer's machine reported it); ``timestamped_at`` (the time-stamping
    authority's time, or None); ``error`` (why it could not be validated, or "").
    A file that is not a readable PDF raises pyHanko's ``PdfReadError``.
    """
    context = validation_context(trust, moment=moment, for_signing=False)
    reader = PdfFileReader(io.BytesIO(pdf_bytes))
    results = []
    for embedded in reader.embedded_signatures:
        is_document_timestamp = embedded.sig_object_type == "/DocTimeStamp"
        entry = {
            "field": embedded.field_name,
            "kind": "sello de tiempo del documento" if is_document_timestamp else "firma",
            "intact": False,
            "valid": False,
            "trusted": False,
            "signer": "",
            "signed_at": None,
            "timestamped_at": None,
            "error": "",
        }
        try:
            if is_document_timestamp:
                status = validate_pdf_timestamp(embedded, validation_context=context)
                valid, timestamped_at = status.valid and status.intact and status.trusted, status.timestamp
            else:
                status = validate_pdf_signature(embedded, context, ts_validation_context=context)
                valid = status.bottom_line
                timestamped_at = status.timestamp_validity.timestamp if status.timestamp_validity else None
        except (SignatureValidationError, ValueError) as error:
            entry["error"] = str(error)
        else:
            entry.update(
                intact=status.intact,
                valid=valid,
                trusted=status.trusted,
                signer=_common_name(status.signing_cert),
                signed_at=getattr(status, "signer_reported_dt", None),
                timestamped_at=timestamped_at,
            )
        results.append(entry)
    return results


def validate_long_term(pdf_bytes: bytes, trust: TrustConfig, *, at: datetime | None = None) -> list[dict]:
    """PAdES B-LTA validation of every signature (ETSI EN 319 102-1), as of ``at`` (default: now).

    Uses what the file carries (the DSS and the document timestamps) and the CRLs of
    ``trust``, never the network: this is how the certificate is checked years from
    now, after the signers' certificates have expired, with the CA's CRL of that day
    for the time-stamping authority that is still valid then. Each entry: ``field``, ``passed`` (AdES
    "PASSED"), ``indication`` (the AdES subindication's name), ``timestamped_at``.
    """
    roots = [load_cert_from_pemder(str(path)) for path in trust.roots]
    spec = PdfSignatureValidationSpec(
        SignatureValidationSpec(
            cert_validation_policy=CertValidationPolicySpec(
                trust_manager=SimpleTrustManager.build(trust_roots=roots),
                revinfo_policy=CertRevTrustPolicy(revocation_checking_policy=REQUIRE_REVINFO),
            ),
            revinfo_gathering_policy=RevocationInfoGatheringSpec(RevinfoOnlineFetchingRule.LOCAL_ONLY),
            local_knowledge=LocalKnowledge(known_crls=[CRLContainer(_load_crl(path)) for path in trust.crl_paths]),
        )
    )
    moment = at or datetime.now(UTC)
    timing = ValidationTimingInfo(validation_time=moment, best_signature_time=moment, point_in_time_validation=False)
    reader = PdfFileReader(io.BytesIO(pdf_bytes))
    results = []
    for embedded in reader.embedded_signatures:
        if embedded.sig_object_type == "/DocTimeStamp":
            continue
        result = asyncio.run(ades_lta_validation(embedded, spec, timing_info=timing))
        timestamp = result.api_status.timestamp_validity if result.api_status else None
        results.append(
            {
                "field": embedded.field_name,
                "passed": result.ades_subindic == AdESPassed.OK,
                "indication": result.ades_subindic.name,
                "timestamped_at": timestamp.timestamp if timestamp else None,
            }
        )
    return results
