"""Development PKI for the certificate signatures (never for real certificates).

A development CA signs one certificate per signer role and one for the local
time-stamping authority, and publishes a certificate revocation list (CRL) that
the portal serves at ``/pki/desarrollo.crl``: together they let a development
certificate be signed and validated as PAdES B-LTA exactly as a production one.
The files are PEM and follow the names in ``settings.CERTIFICATE_SIGNERS``:
``ca.key.pem``, ``ca.cert.pem``, ``ca.crl.pem``, ``<role>.key.pem``,
``<role>.cert.pem``, ``tsa.key.pem``, ``tsa.cert.pem``.
"""

import datetime
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ROLES = ("analista", "jefe", "director")
TSA = "tsa"
COMMON_NAMES = {
    "analista": "Analista de Certificaciones (DESARROLLO)",
    "jefe": "Jefe del Departamento de Registro y Verificación (DESARROLLO)",
    "director": "Director de la Oficina Nacional de Servicio Civil (DESARROLLO)",
    TSA: "Autoridad de Sellado de Tiempo de Desarrollo ONSEC (NO VÁLIDA)",
}
CA_COMMON_NAME = "Autoridad Certificadora de Desarrollo ONSEC (NO VÁLIDA)"
ORGANIZATION = "Oficina Nacional de Servicio Civil"
CA_VALID_DAYS = 20 * 365
VALID_DAYS = 5 * 365
#: The time-stamping authority outlives the signers, as real ones do: its document timestamp is
#: what proves, after a signer's certificate has expired, that the signature was made in time.
TSA_VALID_DAYS = 12 * 365
CRL_VALID_DAYS = 365
CRL_PATH = "/pki/desarrollo.crl"
ECDSA, RSA = "ecdsa", "rsa"


@dataclass
class DevSignersResult:
    directory: Path
    created: list[str]
    kept: list[str]


def key_path(directory: Path, name: str) -> Path:
    return Path(directory) / f"{name}.key.pem"


def cert_path(directory: Path, name: str) -> Path:
    return Path(directory) / f"{name}.cert.pem"


def crl_path(directory: Path) -> Path:
    return Path(directory) / "ca.crl.pem"


def _new_key(algorithm: str):
    if algorithm == RSA:
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ec.generate_private_key(ec.SECP256R1())


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "GT"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANIZATION),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key_usage(*, ca: bool, non_repudiation: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=non_repudiation,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _write_key(path: Path, key) -> None:
    data = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _ca_certificate(key) -> x509.Certificate:
    name = _name(CA_COMMON_NAME)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_now() - datetime.timedelta(days=1))
        .not_valid_after(_now() + datetime.timedelta(days=CA_VALID_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(ca=True, non_repudiation=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def _end_entity_certificate(name: str, key, ca_key, ca_cert: x509.Certificate, crl_url: str) -> x509.Certificate:
    """A signer's or the TSA's certificate, whose revocation status is in the CA's CRL at ``crl_url``."""
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(COMMON_NAMES.get(name, name)))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_now() - datetime.timedelta(days=1))
        .not_valid_after(_now() + datetime.timedelta(days=TSA_VALID_DAYS if name == TSA else VALID_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(ca=False, non_repudiation=name != TSA), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .add_extension(
            x509.CRLDistributionPoints(
                [x509.DistributionPoint([x509.UniformResourceIdentifier(crl_url)], None, None, None)]
            ),
            critical=False,
        )
    )
    if name == TSA:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    return builder.sign(ca_key, hashes.SHA256())


def _crl(ca_key, ca_cert: x509.Certificate) -> x509.CertificateRevocationList:
    """An empty CRL (nothing revoked in development), valid for a year."""
    return (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca_cert.subject)
        .last_update(_now() - datetime.timedelta(minutes=5))
        .next_update(_now() + datetime.timedelta(days=CRL_VALID_DAYS))
        .add_extension(x509.CRLNumber(int(_now().timestamp())), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )


def _load_ca(directory: Path):
    key = serialization.load_pem_private_key(key_path(directory, "ca").read_bytes(), password=None)
    certificate = x509.load_pem_x509_certificate(cert_path(directory, "ca").read_bytes())
    return key, certificate


def _is_current(directory: Path, name: str, ca_cert: x509.Certificate) -> bool:
    """Both files exist, the certificate comes from this CA, names a CRL and is not about to expire."""
    if not (key_path(directory, name).is_file() and cert_path(directory, name).is_file()):
        return False
    certificate = x509.load_pem_x509_certificate(cert_path(directory, name).read_bytes())
    try:
        certificate.extensions.get_extension_for_class(x509.CRLDistributionPoints)
    except x509.ExtensionNotFound:
        return False
    fresh = certificate.not_valid_after_utc > _now() + datetime.timedelta(days=30)
    return certificate.issuer == ca_cert.subject and fresh


def _crl_is_current(directory: Path) -> bool:
    if not crl_path(directory).is_file():
        return False
    crl = x509.load_pem_x509_crl(crl_path(directory).read_bytes())
    return crl.next_update_utc is not None and crl.next_update_utc > _now() + datetime.timedelta(days=30)


def make_dev_signers(
    directory: Path,
    *,
    algorithm: str = ECDSA,
    force: bool = False,
    roles: tuple[str, ...] = ROLES,
    crl_url: str = "http://127.0.0.1:8000" + CRL_PATH,
) -> DevSignersResult:
    """Create what is missing or outdated in ``directory`` (everything with ``force``); the rest is kept."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    result = DevSignersResult(directory=directory, created=[], kept=[])

    ca_present = key_path(directory, "ca").is_file() and cert_path(directory, "ca").is_file()
    if ca_present and not force:
        ca_key, ca_cert = _load_ca(directory)
        result.kept.append("ca")
    else:
        ca_key = _new_key(algorithm)
        ca_cert = _ca_certificate(ca_key)
        _write_key(key_path(directory, "ca"), ca_key)
        cert_path(directory, "ca").write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
        result.created.append("ca")

    for name in (*roles, TSA):
        if not force and "ca" in result.kept and _is_current(directory, name, ca_cert):
            result.kept.append(name)
            continue
        key = _new_key(RSA if name == TSA else algorithm)  # pyHanko's in-process authority signs with RSA only
        certificate = _end_entity_certificate(name, key, ca_key, ca_cert, crl_url)
        _write_key(key_path(directory, name), key)
        cert_path(directory, name).write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        result.created.append(name)

    if force or "ca" in result.created or not _crl_is_current(directory):
        crl_path(directory).write_bytes(_crl(ca_key, ca_cert).public_bytes(serialization.Encoding.PEM))
        result.created.append("crl")
    else:
        result.kept.append("crl")
    return result
