"""Self-signed keys and certificates for development and tests (never for real certificates).

A development CA signs one certificate per signer role; the files are PEM and
follow the names in ``settings.CERTIFICATE_SIGNERS``:
``ca.key.pem``, ``ca.cert.pem``, ``<role>.key.pem``, ``<role>.cert.pem``.
"""

import datetime
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

ROLES = ("analista", "jefe", "director")
COMMON_NAMES = {
    "analista": "Analista de Certificaciones (DESARROLLO)",
    "jefe": "Jefe del Departamento de Registro y Verificación (DESARROLLO)",
    "director": "Director de la Oficina Nacional de Servicio Civil (DESARROLLO)",
}
CA_COMMON_NAME = "Autoridad Certificadora de Desarrollo ONSEC (NO VÁLIDA)"
ORGANIZATION = "Oficina Nacional de Servicio Civil"
VALID_DAYS = 5 * 365
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


def _key_usage(*, signer: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=signer,  # nonRepudiation
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signer,
        crl_sign=not signer,
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


def _write_cert(path: Path, certificate: x509.Certificate) -> None:
    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))


def _certificate(subject_key, subject: x509.Name, issuer_key, issuer: x509.Name, *, ca: bool):
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(subject_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=VALID_DAYS))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
        .add_extension(_key_usage(signer=not ca), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(subject_key.public_key()), critical=False)
    )
    if not ca:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _load_ca(directory: Path):
    key = serialization.load_pem_private_key(key_path(directory, "ca").read_bytes(), password=None)
    certificate = x509.load_pem_x509_certificate(cert_path(directory, "ca").read_bytes())
    return key, certificate


def make_dev_signers(
    directory: Path, *, algorithm: str = ECDSA, force: bool = False, roles: tuple[str, ...] = ROLES
) -> DevSignersResult:
    """Create what is missing in ``directory`` (everything with ``force``); existing files are kept."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    result = DevSignersResult(directory=directory, created=[], kept=[])

    ca_present = key_path(directory, "ca").is_file() and cert_path(directory, "ca").is_file()
    if ca_present and not force:
        ca_key, ca_cert = _load_ca(directory)
        result.kept.append("ca")
    else:
        ca_key = _new_key(algorithm)
        ca_name = _name(CA_COMMON_NAME)
        ca_cert = _certificate(ca_key, ca_name, ca_key, ca_name, ca=True)
        _write_key(key_path(directory, "ca"), ca_key)
        _write_cert(cert_path(directory, "ca"), ca_cert)
        result.created.append("ca")

    for role in roles:
        present = key_path(directory, role).is_file() and cert_path(directory, role).is_file()
        if present and not force and "ca" in result.kept:
            result.kept.append(role)
            continue
        key = _new_key(algorithm)
        certificate = _certificate(key, _name(COMMON_NAMES.get(role, role)), ca_key, ca_cert.subject, ca=False)
        _write_key(key_path(directory, role), key)
        _write_cert(cert_path(directory, role), certificate)
        result.created.append(role)
    return result
