"""PAdES signatures: three in a row all valid, tampering detected, keys from settings, dev signers."""

import io
import re

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from requests_app.certificates import bench
from requests_app.certificates.codes import new_verification_code, sha256_hex
from requests_app.certificates.dev_signers import ROLES, cert_path, key_path
from requests_app.certificates.pdf import render_certificate_pdf
from requests_app.certificates.sample import sample_certificate_data
from requests_app.certificates.signing import SignerConfig, load_signer, sign_pdf, signer_config, validate_signatures

FIELDS = {"analista": "Firma1_analista", "jefe": "Firma2_jefe", "director": "Firma3_director"}


def sign_three_times(pdf: bytes, configs) -> list[bytes]:
    """The PDF after each signature, in order."""
    versions = []
    for role, config in configs:
        pdf = sign_pdf(pdf, config, field_name=FIELDS[role], reason="Certificación de servicios", location="Guatemala")
        versions.append(pdf)
    return versions


def dev_configs(directory):
    chain = (cert_path(directory, "ca"),)
    return [
        (role, SignerConfig(key_path(directory, role), cert_path(directory, role), chain_paths=chain)) for role in ROLES
    ]


@pytest.fixture(scope="module")
def unsigned_pdf() -> bytes:
    return render_certificate_pdf(sample_certificate_data(14))


@pytest.fixture(scope="module")
def signed_versions(dev_signers, unsigned_pdf) -> list[bytes]:
    return sign_three_times(unsigned_pdf, [(role, signer_config(role)) for role in ROLES])


@pytest.fixture(scope="module")
def signed_pdf(signed_versions) -> bytes:
    return signed_versions[-1]


def make_signers(directory, *options):
    output = io.StringIO()
    call_command("make_dev_signers", "--dir", str(directory), *options, stdout=output)
    return output.getvalue()


def test_three_signatures_in_order_all_intact_and_valid(signed_pdf):
    results = validate_signatures(signed_pdf, settings.CERTIFICATE_SIGNING_CA)
    assert [result["field"] for result in results] == list(FIELDS.values())
    assert all(result["intact"] and result["valid"] and result["trusted"] for result in results), results
    assert [result["signer"] for result in results] == [
        "Analista de Certificaciones (DESARROLLO)",
        "Jefe del Departamento de Registro y Verificación (DESARROLLO)",
        "Director de la Oficina Nacional de Servicio Civil (DESARROLLO)",
    ]
    assert all(result["signed_at"] is not None and result["error"] == "" for result in results)


def test_each_signature_is_an_incremental_update(unsigned_pdf, signed_versions):
    """Nothing already signed is rewritten: each version starts with the bytes of the one before."""
    previous = unsigned_pdf
    for version in signed_versions:
        assert version.startswith(previous)
        assert len(version) > len(previous)
        previous = version
    assert validate_signatures(signed_versions[0], settings.CERTIFICATE_SIGNING_CA)[0]["valid"]


def test_the_signatures_are_pades(signed_pdf):
    assert signed_pdf.count(b"/ETSI.CAdES.detached") == 3


def first_signed_range_end(pdf: bytes) -> int:
    start, length, *_ = (int(value) for value in re.search(rb"/ByteRange\s*\[([\d\s]+)\]", pdf).group(1).split())
    return start + length


def test_changing_one_signed_byte_invalidates_every_signature(signed_pdf):
    position = signed_pdf.index(b"ReportLab Generated PDF document") + 2  # a comment: the file still parses
    assert position < first_signed_range_end(signed_pdf)
    tampered = bytearray(signed_pdf)
    tampered[position] ^= 0x01
    results = validate_signatures(bytes(tampered), settings.CERTIFICATE_SIGNING_CA)
    assert len(results) == 3
    assert not any(result["intact"] for result in results)
    assert not any(result["valid"] for result in results)


def test_changing_a_byte_of_the_page_content_is_detected(signed_pdf):
    """A byte inside a compressed content stream: the file still parses, the digests no longer match."""
    position = signed_pdf.index(b"stream", signed_pdf.index(b"/Contents")) + 40
    assert position < first_signed_range_end(signed_pdf)
    tampered = bytearray(signed_pdf)
    tampered[position] ^= 0x20
    results = validate_signatures(bytes(tampered), settings.CERTIFICATE_SIGNING_CA)
    assert not any(result["intact"] or result["valid"] for result in results)


def test_a_different_trust_root_is_not_trusted(signed_pdf, tmp_path):
    make_signers(tmp_path)
    results = validate_signatures(signed_pdf, cert_path(tmp_path, "ca"))
    assert all(result["intact"] for result in results)  # the bytes are untouched...
    assert not any(result["trusted"] or result["valid"] for result in results)  # ...but not under our CA


def test_rsa_signers_work_too(tmp_path, unsigned_pdf):
    output = make_signers(tmp_path, "--rsa")
    assert "RSA-2048" in output
    key = x509.load_pem_x509_certificate(cert_path(tmp_path, "jefe").read_bytes()).public_key()
    assert isinstance(key, rsa.RSAPublicKey) and key.key_size == 2048
    signed = sign_three_times(unsigned_pdf, dev_configs(tmp_path))[-1]
    results = validate_signatures(signed, cert_path(tmp_path, "ca"))
    assert [result["valid"] for result in results] == [True, True, True], results


def test_dev_signers_are_ecdsa_p256_with_the_right_extensions(dev_signers):
    ca = x509.load_pem_x509_certificate(cert_path(dev_signers, "ca").read_bytes())
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True
    assert ca.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign
    for role in ROLES:
        certificate = x509.load_pem_x509_certificate(cert_path(dev_signers, role).read_bytes())
        assert certificate.issuer == ca.subject
        assert "(DESARROLLO)" in certificate.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value
        assert isinstance(certificate.public_key(), ec.EllipticCurvePublicKey)
        assert certificate.public_key().curve.name == "secp256r1"
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
        assert usage.digital_signature and usage.content_commitment  # nonRepudiation
        assert certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
        assert key_path(dev_signers, role).stat().st_mode & 0o077 == 0  # the key is readable by its owner only


def test_make_dev_signers_is_idempotent_unless_forced(tmp_path):
    make_signers(tmp_path)
    files = sorted(tmp_path.iterdir())
    assert [path.name for path in files] == sorted(
        f"{name}.{kind}.pem" for name in ("ca", *ROLES) for kind in ("key", "cert")
    )
    before = {path.name: path.read_bytes() for path in files}

    output = make_signers(tmp_path)
    assert "Ya existían" in output and "Creados" not in output
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == before

    make_signers(tmp_path, "--force")
    after = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    assert after.keys() == before.keys()
    assert all(after[name] != before[name] for name in before)


def test_a_missing_signer_is_made_again_under_the_existing_ca(tmp_path):
    make_signers(tmp_path)
    ca_before = cert_path(tmp_path, "ca").read_bytes()
    cert_path(tmp_path, "director").unlink()
    output = make_signers(tmp_path)
    assert "director" in output
    assert cert_path(tmp_path, "ca").read_bytes() == ca_before
    signed = sign_pdf(
        render_certificate_pdf(sample_certificate_data(1)),
        dev_configs(tmp_path)[2][1],
        field_name="Firma",
        reason="Prueba",
        location="Guatemala",
    )
    assert validate_signatures(signed, cert_path(tmp_path, "ca"))[0]["valid"]


def test_missing_key_or_certificate_is_reported_in_spanish(tmp_path):
    make_signers(tmp_path)
    missing_key = SignerConfig(tmp_path / "nadie.key.pem", cert_path(tmp_path, "jefe"))
    with pytest.raises(ImproperlyConfigured, match="No se encontró la llave privada"):
        load_signer(missing_key)
    missing_cert = SignerConfig(key_path(tmp_path, "jefe"), tmp_path / "nadie.cert.pem")
    with pytest.raises(ImproperlyConfigured, match="No se encontró el certificado"):
        sign_pdf(b"%PDF-1.4", missing_cert, field_name="Firma", reason="r", location="l")


def test_a_key_that_does_not_parse_is_reported_in_spanish(tmp_path):
    make_signers(tmp_path)
    key_path(tmp_path, "jefe").write_text("esto no es una llave")
    with pytest.raises(ImproperlyConfigured, match="No se pudo leer la llave privada"):
        load_signer(SignerConfig(key_path(tmp_path, "jefe"), cert_path(tmp_path, "jefe")))


def test_a_replaced_key_is_picked_up(tmp_path, unsigned_pdf):
    make_signers(tmp_path)
    config = dev_configs(tmp_path)[0][1]
    first = load_signer(config)
    assert load_signer(config) is first  # read once while the files stay the same
    make_signers(tmp_path, "--force", "--rsa")
    assert load_signer(config) is not first
    signed = sign_pdf(unsigned_pdf, config, field_name="Firma", reason="r", location="l")
    assert validate_signatures(signed, cert_path(tmp_path, "ca"))[0]["valid"]


def test_signer_config_reads_the_settings(dev_signers):
    config = signer_config("jefe")
    assert config.key_path == dev_signers / "jefe.key.pem"
    assert config.cert_path == dev_signers / "jefe.cert.pem"
    assert config.chain_paths == (dev_signers / "ca.cert.pem",)
    with pytest.raises(ImproperlyConfigured, match="No hay un firmante configurado"):
        signer_config("conserje")


def test_verification_codes_are_long_random_and_url_safe():
    codes = {new_verification_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(code) >= 32 and re.fullmatch(r"[A-Za-z0-9_-]+", code) for code in codes)


def test_sha256_hex():
    assert sha256_hex(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert len(sha256_hex(b"certificado")) == 64


def test_bench_reports_render_and_signing_medians(dev_signers):
    figures = bench.measure(runs=1)
    assert figures["signers"] == "configurados"
    assert figures["pages"] == 2
    assert 0 < figures["pdf_render_ms"] < figures["pdf_median_ms"]
