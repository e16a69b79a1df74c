"""Restore drill: back the portal up, restore it into a fresh database and fresh storage in
another process (as an operator would), and check that every issued certificate still matches
its SHA-256 and that /verificar/<code>/ still says AUTÉNTICO (or ANULADO).

Runs on the database of the run: pg_dump/pg_restore on PostgreSQL (CI), the SQLite backup API
on SQLite.
"""

import hashlib
import json
import os
import subprocess
import sys
import uuid
from io import BytesIO

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from accounts.models import IdentityVerification
from requests_app import services
from requests_app.constants import DocumentType, RequestState
from requests_app.models import Certificate
from requests_app.setup import ensure_document_requirements
from tests.factories import CertificationRequestFactory, complete_applicant, jpeg_bytes, mp4_bytes, pdf_upload

pytestmark = pytest.mark.django_db(transaction=True)


def signed_pdf(text):
    """A distinct small PDF per certificate (the fingerprint is what matters here)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": text})
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def issue(applicant, text, *, annulled=False):
    request = CertificationRequestFactory(
        applicant=applicant, state=RequestState.ANNULLED if annulled else RequestState.ISSUED
    )
    data = signed_pdf(text)
    certificate = Certificate(request=request, issued_at=timezone.now(), sha256=hashlib.sha256(data).hexdigest())
    if annulled:
        certificate.annulled_at = timezone.now()
        certificate.annul_reason = "Emitida por error"
    certificate.pdf.save(f"{request.pk}.pdf", ContentFile(data), save=False)
    certificate.save()
    return certificate, data


@pytest.fixture
def own_storage(settings, tmp_path):
    """Empty local folders of this test's own (the run's shared ones hold other tests' files);
    a test on S3 has its own new bucket already."""
    if settings.STORAGES["private"]["BACKEND"] != "django.core.files.storage.FileSystemStorage":
        return
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


@pytest.fixture
def portal(own_storage, catalogs, home_page):
    """Issued certificates (one annulled), identity evidence, a supporting document and a CMS image."""
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    if Collection.get_first_root_node() is None:  # flushed by an earlier transactional test
        Collection.add_root(name="Root")
    ensure_document_requirements()
    applicant = complete_applicant()
    certificates = [
        issue(applicant, "Primera"),
        issue(applicant, "Segunda"),
        issue(applicant, "Anulada", annulled=True),
    ]
    draft = services.request_create(applicant=applicant)
    services.document_upload(request=draft, user=applicant, document_type=DocumentType.DPI, upload=pdf_upload())
    IdentityVerification.objects.create(
        user=complete_applicant(),
        dpi_front=ContentFile(jpeg_bytes(), name="anverso.jpg"),
        dpi_front_type="image/jpeg",
        dpi_back=ContentFile(jpeg_bytes(), name="reverso.jpg"),
        dpi_back_type="image/jpeg",
        video=ContentFile(mp4_bytes(12), name="video.mp4"),
        video_type="video/mp4",
        video_seconds=12,
    )
    get_image_model().objects.create(title="Portada", file=ContentFile(jpeg_bytes((120, 80)), name="portada.jpg"))
    return certificates


@pytest.fixture
def fresh_database():
    """DATABASE_URL of a new, empty database of the same kind as the test run's."""
    if connection.vendor == "sqlite":
        yield lambda tmp: f"sqlite:///{tmp / 'restaurada.sqlite3'}"
        return
    import psycopg

    params = connection.get_connection_params()
    name = f"portal_storage_restore_{uuid.uuid4().hex[:8]}"
    admin = {k: params[k] for k in ("host", "port", "user", "password") if params.get(k)}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    user = params.get("user", "")
    password = f":{params['password']}" if params.get("password") else ""
    yield lambda tmp: f"postgres://{user}{password}@{params.get('host', '127.0.0.1')}:{params.get('port', 5432)}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def in_restored_portal(tmp_path, database_url, *args, code=None):
    """Run manage.py (or Python code) as a new process on the restored database and folders."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": database_url,
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "restaurado" / "private"),
        "MEDIA_ROOT": str(tmp_path / "restaurado" / "media"),
        "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-c", code] if code else [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=300)


CHECK_VERIFICATION = """
import django, json, sys; django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
out = {}
for code, path in json.loads(sys.argv[1]).items():
    client = Client(HTTP_HOST="127.0.0.1")
    page = client.get(f"/verificar/{code}/").content.decode()
    with open(path, "rb") as original:
        compared = client.post(f"/verificar/{code}/", {"pdf": SimpleUploadedFile("c.pdf", original.read())})
    out[code] = {
        "autentico": "AUTÉNTICO" in page,
        "anulado": "ANULADO" in page,
        "identico": "El archivo es idéntico, byte por byte, al que se emitió." in compared.content.decode(),
    }
print(json.dumps(out))
"""


def test_restore_drill_into_a_fresh_database_and_storage(portal, tmp_path, fresh_database):
    backup_dir = tmp_path / "copia"
    call_command("backup_portal", "--to", str(backup_dir), stdout=open(os.devnull, "w"))  # noqa: SIM115
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert manifest["database"]["vendor"] == connection.vendor
    assert (backup_dir / manifest["database"]["file"]).stat().st_size > 0
    assert manifest["certificates"] == {"checked": 3, "mismatched": []}
    assert manifest["missing"] == []
    assert len(manifest["files"]["private"]) == 3 + 1 + 3  # certificates, document, identity evidence
    assert any(name.startswith("original_images/") for name in manifest["files"]["public"])

    database_url = fresh_database(tmp_path)
    restored = in_restored_portal(tmp_path, database_url, "restore_portal", "--from", str(backup_dir))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "3 certificaciones emitidas verificadas: cada PDF coincide con su SHA-256." in restored.stdout

    for area, folder in (("private", "private"), ("public", "media")):
        for name, digest in manifest["files"][area].items():
            path = tmp_path / "restaurado" / folder / name
            assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, name

    originals = {}
    for certificate, data in portal:
        path = tmp_path / f"{certificate.verification_code}.pdf"
        path.write_bytes(data)
        originals[certificate.verification_code] = str(path)
    checked = in_restored_portal(
        tmp_path, database_url, code=CHECK_VERIFICATION.replace("sys.argv[1]", repr(json.dumps(originals)))
    )
    assert checked.returncode == 0, checked.stderr
    results = json.loads(checked.stdout.strip().splitlines()[-1])
    (first, _), (second, _), (annulled, _) = portal
    assert results[first.verification_code] == {"autentico": True, "anulado": False, "identico": True}
    assert results[second.verification_code] == {"autentico": True, "anulado": False, "identico": True}
    assert results[annulled.verification_code] == {"autentico": False, "anulado": True, "identico": True}

    again = in_restored_portal(tmp_path, database_url, "restore_portal", "--from", str(backup_dir))
    assert again.returncode != 0
    assert "La base de datos de destino no está vacía" in again.stderr


def test_a_certificate_whose_file_changed_fails_the_backup_loudly(portal, tmp_path):
    certificate, _data = portal[1]
    storage = certificate.pdf.storage
    name = certificate.pdf.name
    storage.delete(name)
    storage.save(name, ContentFile(b"%PDF-1.7 alterado"))
    with pytest.raises(CommandError, match=f"no coincide con su SHA-256: {certificate.request_id}"):
        call_command("backup_portal", "--to", str(tmp_path / "copia"), stdout=open(os.devnull, "w"))  # noqa: SIM115


def test_a_backup_goes_into_a_new_folder(portal, tmp_path):
    target = tmp_path / "usada"
    target.mkdir()
    (target / "algo.txt").write_text("x")
    with pytest.raises(CommandError, match="no está vacía"):
        call_command("backup_portal", "--to", str(target))


def test_restore_refuses_a_folder_that_is_not_a_backup(db, tmp_path):
    with pytest.raises(CommandError, match="no es una copia del portal"):
        call_command("restore_portal", "--from", str(tmp_path))


def test_on_s3_the_backup_copies_both_prefixes_and_they_restore_into_a_new_bucket(s3, portal, tmp_path, settings):
    from config.settings.base import s3_storages
    from requests_app.backups import Report, check, copy_files_in

    from .conftest import S3_KEYS, S3_REGION

    backup_dir = tmp_path / "copia"
    call_command("backup_portal", "--to", str(backup_dir), stdout=open(os.devnull, "w"))  # noqa: SIM115
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    before = s3.keys()
    assert sorted(f"private/{name}" for name in manifest["files"]["private"]) == s3.keys("private/")
    assert sorted(f"public/{name}" for name in manifest["files"]["public"]) == s3.keys("public/")

    new_bucket = f"portal-{uuid.uuid4().hex[:12]}"
    s3.client.create_bucket(Bucket=new_bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        **s3_storages(
            bucket_name=new_bucket, endpoint_url=s3.endpoint, region_name=S3_REGION, addressing_style="path", **S3_KEYS
        ),
    }
    restored = copy_files_in(backup_dir, manifest["files"], replace=False)
    assert restored == {"private": len(manifest["files"]["private"]), "public": len(manifest["files"]["public"])}
    pages = s3.client.get_paginator("list_objects_v2").paginate(Bucket=new_bucket)
    assert sorted(item["Key"] for page in pages for item in page.get("Contents", [])) == before
    report = check(Report())
    assert (report.certificates_checked, report.certificates_mismatched, report.missing) == (3, [], [])
