"""PAdES B-LTA: three visible, dated signatures in a row, time-stamped, long-term valid; tampering detected."""

import datetime
import io
import re

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from requests_app.certificates import bench
from requests_app.certificates.codes import new_verification_code, normalize_typed_code, sha256_hex
from requests_app.certificates.dev_signers import ROLES, TSA, _load_ca, cert_path, crl_path, key_path
from requests_app.certificates.pdf import render_certificate_pdf
from requests_app.certificates.sample import sample_certificate_data
from requests_app.certificates.signing import (
    Signatory,
    SignerConfig,
    TrustConfig,
    directory_pki,
    load_signer,
    load_timestamper,
    sign_in_order,
    sign_pdf,
    signer_config,
    timestamp_authority,
    trust_config,
    validate_long_term,
    validate_signatures,
)
from requests_app.models import Certificate

from .pdf_text import flattened_pages, needs_pdf_tools

PEOPLE = (
    ("Ana Lucía Morales Cifuentes", "Analista de Certificaciones"),
    ("Carlos Enrique Tzul Batz", "Jefe del Departamento de Registro y Verificación"),
    ("Silvia Patricia Orellana Mejía", "Directora"),
)
SIGNED_AT = "20/05/2026 10:15:03 (hora de Guatemala)"


def sign_three(pdf: bytes, configs, authority, trust, *, archive=True) -> list[bytes]:
    signatories = [Signatory(config, name, title) for config, (name, title) in zip(configs, PEOPLE, strict=True)]
    return sign_in_order(
        pdf,
        signatories,
        timestamper=load_timestamper(authority),
        trust=trust,
        signed_at=SIGNED_AT,
        reason="Certificación de servicios",
        archive=archive,
    )


@pytest.fixture(scope="module")
def unsigned_pdf() -> bytes:
    return render_certificate_pdf(sample_certificate_data(14))


@pytest.fixture(scope="module")
def signed_versions(dev_signers, unsigned_pdf) -> list[bytes]:
    configs = [signer_config(role) for role in ROLES]
    return sign_three(unsigned_pdf, configs, timestamp_authority(), trust_config())


@pytest.fixture(scope="module")
def signed_pdf(signed_versions) -> bytes:
    return signed_versions[-1]


def make_signers(directory, *options):
    output = io.StringIO()
    call_command("make_dev_signers", "--dir", str(directory), *options, stdout=output)
    return output.getvalue()


def future_crl(directory, at: datetime.datetime):
    """The development CA's CRL as it would publish it at ``at`` (nothing revoked)."""
    ca_key, ca_cert = _load_ca(directory)
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca_cert.subject)
        .last_update(at - datetime.timedelta(days=1))
        .next_update(at + datetime.timedelta(days=30))
        .add_extension(x509.CRLNumber(2), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    path = directory / f"ca-{at:%Y}.crl.pem"
    path.write_bytes(crl.public_bytes(serialization.Encoding.PEM))
    return path


def test_three_signatures_and_a_document_timestamp_all_valid(signed_pdf):
    results = validate_signatures(signed_pdf, trust_config())
    assert [result["kind"] for result in results] == ["firma"] * 3 + ["sello de tiempo del documento"]
    assert [result["field"] for result in results[:3]] == ["Firma1", "Firma2", "Firma3"]
    assert all(result["intact"] and result["valid"] and result["trusted"] for result in results), results
    assert [result["signer"] for result in results] == [
        "Analista de Certificaciones (DESARROLLO)",
        "Jefe del Departamento de Registro y Verificación (DESARROLLO)",
        "Director de la Oficina Nacional de Servicio Civil (DESARROLLO)",
        "Autoridad de Sellado de Tiempo de Desarrollo ONSEC (NO VÁLIDA)",
    ]
    stamped = [result["timestamped_at"] for result in results]
    assert all(stamped) and stamped == sorted(stamped)  # each signature time-stamped, in order, the archive last


@needs_pdf_tools
def test_each_stamp_shows_name_title_and_date_on_the_last_page(signed_pdf):
    pages = flattened_pages(signed_pdf)
    for name, title in PEOPLE:
        assert name in pages[-1] and title in pages[-1]
        assert name not in pages[0]
    assert pages[-1].count("Firmado electrónicamente por") == 3
    assert pages[-1].count(SIGNED_AT) == 3
    assert "Pendiente" not in " ".join(pages)


@needs_pdf_tools
def test_an_unsigned_field_shows_nothing_and_earlier_stamps_survive_later_signatures(signed_versions):
    after_first = flattened_pages(signed_versions[0])[-1]
    assert PEOPLE[0][0] in after_first and PEOPLE[1][0] not in after_first
    assert PEOPLE[0][0] in flattened_pages(signed_versions[2])[-1]


def test_each_signature_is_an_incremental_update(unsigned_pdf, signed_versions):
    """Nothing already signed is rewritten: each version starts with the bytes of the one before."""
    previous = unsigned_pdf
    for version in signed_versions:
        assert version.startswith(previous)
        assert len(version) > len(previous)
        previous = version
    assert validate_signatures(signed_versions[0], trust_config())[0]["valid"]


def test_the_signatures_are_pades_with_their_validation_data_in_the_dss(signed_pdf):
    assert signed_pdf.count(b"/ETSI.CAdES.detached") == 3
    assert signed_pdf.count(b"/ETSI.RFC3161") == 1  # the document timestamp
    assert b"/DSS" in signed_pdf and b"/CRLs" in signed_pdf


def test_long_term_validation_now_and_after_the_signers_certificates_expire(dev_signers, signed_pdf):
    now = validate_long_term(signed_pdf, trust_config())
    assert [(entry["field"], entry["passed"]) for entry in now] == [
        ("Firma1", True),
        ("Firma2", True),
        ("Firma3", True),
    ]
    expiry = x509.load_pem_x509_certificate(cert_path(dev_signers, "director").read_bytes()).not_valid_after_utc
    later = expiry + datetime.timedelta(days=365)
    trust_then = TrustConfig(roots=trust_config().roots, crl_paths=(future_crl(dev_signers, later),))
    then = validate_long_term(signed_pdf, trust_then, at=later)
    assert all(entry["passed"] for entry in then), then
    assert all(entry["timestamped_at"] < expiry for entry in then)


def test_without_the_archive_timestamp_the_signatures_do_not_outlive_their_certificates(dev_signers, unsigned_pdf):
    configs = [signer_config(role) for role in ROLES]
    b_lt = sign_three(unsigned_pdf, configs, timestamp_authority(), trust_config(), archive=False)[-1]
    expiry = x509.load_pem_x509_certificate(cert_path(dev_signers, "director").read_bytes()).not_valid_after_utc
    later = expiry + datetime.timedelta(days=365)
    trust_then = TrustConfig(roots=trust_config().roots, crl_paths=(future_crl(dev_signers, later),))
    assert not any(entry["passed"] for entry in validate_long_term(b_lt, trust_then, at=later))


def first_signed_range_end(pdf: bytes) -> int:
    start, length, *_ = (int(value) for value in re.search(rb"/ByteRange\s*\[([\d\s]+)\]", pdf).group(1).split())
    return start + length


def test_changing_one_signed_byte_invalidates_every_signature(signed_pdf):
    position = signed_pdf.index(b"ReportLab Generated PDF document") + 2  # a comment: the file still parses
    assert position < first_signed_range_end(signed_pdf)
    tampered = bytearray(signed_pdf)
    tampered[position] ^= 0x01
    results = validate_signatures(bytes(tampered), trust_config())
    assert len(results) == 4
    assert not any(result["intact"] or result["valid"] for result in results)


def test_changing_a_byte_of_the_page_content_is_detected(signed_pdf):
    """A byte inside a compressed content stream: the file still parses, the digests no longer match."""
    position = signed_pdf.index(b"stream", signed_pdf.index(b"/Contents")) + 40
    assert position < first_signed_range_end(signed_pdf)
    tampered = bytearray(signed_pdf)
    tampered[position] ^= 0x20
    results = validate_signatures(bytes(tampered), trust_config())
    assert not any(result["intact"] or result["valid"] for result in results)


def test_a_different_trust_root_is_not_trusted(signed_pdf, tmp_path):
    make_signers(tmp_path)
    _configs, _authority, other = directory_pki(tmp_path, ROLES)
    results = validate_signatures(signed_pdf, other)
    assert all(result["intact"] for result in results)  # the bytes are untouched...
    assert not any(result["trusted"] or result["valid"] for result in results)  # ...but not under our CA


def test_rsa_signers_work_too(tmp_path, unsigned_pdf):
    output = make_signers(tmp_path, "--rsa")
    assert "RSA-2048" in output
    key = x509.load_pem_x509_certificate(cert_path(tmp_path, "jefe").read_bytes()).public_key()
    assert isinstance(key, rsa.RSAPublicKey) and key.key_size == 2048
    configs, authority, trust = directory_pki(tmp_path, ROLES)
    signed = sign_three(unsigned_pdf, configs, authority, trust)[-1]
    assert [result["valid"] for result in validate_signatures(signed, trust)] == [True] * 4


def test_dev_pki_signers_tsa_and_crl(dev_signers):
    ca = x509.load_pem_x509_certificate(cert_path(dev_signers, "ca").read_bytes())
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True
    assert ca.extensions.get_extension_for_class(x509.KeyUsage).value.crl_sign
    crl = x509.load_pem_x509_crl(crl_path(dev_signers).read_bytes())
    assert crl.is_signature_valid(ca.public_key()) and len(list(crl)) == 0
    for name in (*ROLES, TSA):
        certificate = x509.load_pem_x509_certificate(cert_path(dev_signers, name).read_bytes())
        assert certificate.issuer == ca.subject
        points = certificate.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
        assert points[0].full_name[0].value.endswith("/pki/desarrollo.crl")
        assert key_path(dev_signers, name).stat().st_mode & 0o077 == 0  # readable by its owner only
    for role in ROLES:
        certificate = x509.load_pem_x509_certificate(cert_path(dev_signers, role).read_bytes())
        assert "(DESARROLLO)" in certificate.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value
        assert isinstance(certificate.public_key(), ec.EllipticCurvePublicKey)
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
        assert usage.digital_signature and usage.content_commitment  # nonRepudiation
    tsa = x509.load_pem_x509_certificate(cert_path(dev_signers, TSA).read_bytes())
    usage = tsa.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert usage.critical and list(usage.value) == [ExtendedKeyUsageOID.TIME_STAMPING]
    signer = x509.load_pem_x509_certificate(cert_path(dev_signers, "analista").read_bytes())
    assert tsa.not_valid_after_utc > signer.not_valid_after_utc  # the archive outlives the signers


def test_make_dev_signers_is_idempotent_unless_forced(tmp_path):
    make_signers(tmp_path)
    files = sorted(path.name for path in tmp_path.iterdir())
    expected = [f"{name}.{kind}.pem" for name in ("ca", *ROLES, TSA) for kind in ("key", "cert")]
    assert files == sorted([*expected, "ca.crl.pem"])
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir()}

    output = make_signers(tmp_path)
    assert "Ya existían" in output and "Creados" not in output
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == before

    make_signers(tmp_path, "--force")
    after = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    assert after.keys() == before.keys()
    assert all(after[name] != before[name] for name in before)


def test_a_missing_signer_is_made_again_under_the_existing_ca(tmp_path, unsigned_pdf):
    make_signers(tmp_path)
    ca_before = cert_path(tmp_path, "ca").read_bytes()
    cert_path(tmp_path, "director").unlink()
    output = make_signers(tmp_path)
    assert "director" in output
    assert cert_path(tmp_path, "ca").read_bytes() == ca_before
    configs, authority, trust = directory_pki(tmp_path, ROLES)
    signed = sign_three(unsigned_pdf, configs, authority, trust)[-1]
    assert validate_signatures(signed, trust)[2]["valid"]


def sign_one(pdf, config, authority=None, trust=None):
    return sign_pdf(
        pdf,
        config,
        field_name="Firma1",
        reason="r",
        location="l",
        signer_name="Ana",
        signer_title="Analista",
        signed_at=SIGNED_AT,
        timestamper=load_timestamper(authority or timestamp_authority()),
        trust=trust or trust_config(),
    )


def test_missing_key_or_certificate_is_reported_in_spanish(tmp_path, dev_signers, unsigned_pdf):
    make_signers(tmp_path)
    missing_key = SignerConfig(tmp_path / "nadie.key.pem", cert_path(tmp_path, "jefe"))
    with pytest.raises(ImproperlyConfigured, match="No se encontró la llave privada"):
        load_signer(missing_key)
    missing_cert = SignerConfig(key_path(tmp_path, "jefe"), tmp_path / "nadie.cert.pem")
    with pytest.raises(ImproperlyConfigured, match="No se encontró el certificado"):
        sign_one(unsigned_pdf, missing_cert)


def test_a_key_that_does_not_parse_is_reported_in_spanish(tmp_path):
    make_signers(tmp_path)
    key_path(tmp_path, "jefe").write_text("esto no es una llave")
    with pytest.raises(ImproperlyConfigured, match="No se pudo leer la llave privada"):
        load_signer(SignerConfig(key_path(tmp_path, "jefe"), cert_path(tmp_path, "jefe")))


def test_without_a_time_stamping_authority_signing_is_refused_in_spanish(tmp_path):
    from requests_app.certificates.signing import TimestampAuthority

    with pytest.raises(ImproperlyConfigured, match="autoridad de sellado de tiempo"):
        load_timestamper(TimestampAuthority())


def test_a_replaced_key_is_picked_up(tmp_path, unsigned_pdf):
    make_signers(tmp_path)
    configs, authority, trust = directory_pki(tmp_path, ROLES)
    first = load_signer(configs[0])
    assert load_signer(configs[0]) is first  # read once while the files stay the same
    make_signers(tmp_path, "--force", "--rsa")
    assert load_signer(configs[0]) is not first
    signed = sign_one(unsigned_pdf, configs[0], authority, trust)
    assert validate_signatures(signed, trust)[0]["valid"]


def test_signer_config_reads_the_settings(dev_signers):
    config = signer_config("jefe")
    assert config.key_path == dev_signers / "jefe.key.pem"
    assert config.cert_path == dev_signers / "jefe.cert.pem"
    assert config.chain_paths == (dev_signers / "ca.cert.pem",)
    with pytest.raises(ImproperlyConfigured, match="No hay un firmante configurado"):
        signer_config("conserje")


def test_verification_codes_are_random_and_typable():
    assert Certificate._meta.get_field("verification_code").default is new_verification_code
    codes = {new_verification_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{5}-){4}[0-9A-HJKMNP-TV-Z]{5}", code) for code in codes)


@pytest.mark.parametrize(
    "typed",
    [
        "7KQ2M-X9D4R-T0WZC-8HN5P-V3B61",
        "7kq2m x9d4r t0wzc 8hn5p v3b61",
        " 7KQ2MX9D4RTOWZC8HN5PV3B6l ",
        "7KQ2M.X9D4R.T0WZC.8HN5P.V3B6I",
    ],
)
def test_a_typed_code_is_read_leniently(typed):
    assert normalize_typed_code(typed) == "7KQ2M-X9D4R-T0WZC-8HN5P-V3B61"


@pytest.mark.parametrize("typed", ["", "7KQ2M-X9D4R", "7KQ2M-X9D4R-T0WZC-8HN5P-V3B6U", "<script>", "7KQ2M\x00X9D4R"])
def test_what_cannot_be_a_code_is_refused(typed):
    assert normalize_typed_code(typed) is None


def test_sha256_hex():
    assert sha256_hex(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert len(sha256_hex(b"certificado")) == 64


def test_bench_reports_the_whole_issuing_job_and_the_file_sizes(dev_signers):
    figures = bench.measure(runs=1)
    assert figures["signers"] == "configurados"
    assert figures["pages"] == 2
    assert figures["pdf_render_ms"] > 0 and figures["pdf_median_ms"] > 0
    # One sample on a shared machine: the wall clock can invert; the CPU clock cannot, as the job renders too.
    assert 0 < figures["pdf_render_cpu_ms"] < figures["pdf_median_cpu_ms"]
    assert figures["unsigned_pdf_bytes"] < figures["signed_b_lt_pdf_bytes"] < figures["signed_pdf_bytes"]
