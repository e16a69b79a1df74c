"""Hostile uploads: disguised content, active content, bombs, traversal names, size and count limits.

Identity evidence (DPI images, video) and the wizard's supporting documents are
judged by their bytes, stored under generated names in the private storage, and
only ever served to their owner (or staff) with an exact type, ``nosniff`` and a
Content-Disposition.
"""

import io
import struct
import zlib
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from PIL import Image

from accounts.constants import DPI_MAX_MB, VIDEO_MAX_MB
from accounts.models import IdentityVerification
from requests_app import services
from requests_app.constants import DocumentType
from requests_app.models import DocumentRequirement, SupportingDocument
from requests_app.setup import ensure_document_requirements
from tests.factories import UserFactory, complete_applicant, jpeg_bytes, mp4_bytes, pdf_upload

pytestmark = pytest.mark.django_db

MEGABYTE = 1024 * 1024
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n"
JAVASCRIPT = b"/* boleta */\nfetch('/cuenta/contrasena/', {method: 'POST'});\nalert(document.cookie);\n" * 4
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200 + b"This program cannot be run"
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script><rect width='10' height='10'/></svg>\n"
)
TRAVERSAL_NAMES = [
    "../../etc/passwd.pdf",
    "..\\..\\windows\\system32\\boleta.pdf",
    "/etc/cron.d/boleta.pdf",
    "bo\x00leta.pdf",
    "x" * 5000 + ".pdf",
    "factura\u202efdp.exe.pdf",
    "....//....//boleta.pdf",
    "%2e%2e%2fboleta.pdf",
]


def zip_bytes() -> bytes:
    import zipfile

    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("boleta.pdf", b"%PDF-1.4 not really")
    return output.getvalue()


def pdf_bytes() -> bytes:
    return pdf_upload().read()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(width=50_000, height=50_000) -> bytes:
    """A few hundred bytes of PNG that declare 2.5 gigapixels."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    rows = zlib.compress(b"\x00" * (1 + width // 8) * 8, 9)  # only the first rows; the rest is "missing"
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", rows) + png_chunk(b"IEND", b"")


def upload(name: str, data: bytes, content_type="application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def field_errors(response, field: str) -> list[str]:
    assert response.status_code == 200, response.status_code
    errors = response.context["form"].errors.get(field, [])
    body = response.content.decode()
    for message in errors:
        assert escape(message) in body
    return list(errors)


def inside(path: Path, root: Path) -> bool:
    return Path(path).resolve().is_relative_to(Path(root).resolve())


def all_files(root: Path) -> set[Path]:
    return {path for path in Path(root).rglob("*") if path.is_file()} if Path(root).exists() else set()


# -- identity evidence ------------------------------------------------------------------------------


@pytest.fixture
def person(client):
    user = UserFactory()
    client.force_login(user)
    return user


def identity_post(client, **files):
    data = {
        "cui": files.pop("cui", None),
        "dpi_front": upload("frente.jpg", jpeg_bytes(), "image/jpeg"),
        "dpi_back": upload("reverso.jpg", jpeg_bytes(), "image/jpeg"),
        "video": upload("video.mp4", mp4_bytes(10), "video/mp4"),
        **files,
    }
    return client.post(reverse("accounts:identity"), data)


@pytest.fixture
def post_identity(client, person):
    def send(**files):
        files.setdefault("cui", person.cui)
        return identity_post(client, **files)

    return send


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("dpi.jpg", HTML),
        ("dpi.jpg", JAVASCRIPT),
        ("dpi.pdf", EXE),
        ("dpi.pdf", zip_bytes()),
        ("dpi.png", SVG),
        ("dpi.svg", SVG),
        ("dpi.jpg", b"\xff\xd8\xff\xe0" + HTML),  # JPEG magic, then markup: not an image
    ],
)
def test_disguised_dpi_image_is_refused_with_a_spanish_error(post_identity, person, name, data):
    response = post_identity(dpi_front=upload(name, data, "image/jpeg"))
    errors = field_errors(response, "dpi_front")
    assert errors, response.context["form"].errors
    assert any("tipo permitido" in e or "dañada" in e for e in errors), errors
    assert not IdentityVerification.objects.filter(user=person).exists()


@pytest.mark.parametrize(("name", "data"), [("video.mp4", HTML), ("video.webm", EXE), ("video.mp4", zip_bytes())])
def test_disguised_video_is_refused(post_identity, person, name, data):
    errors = field_errors(post_identity(video=upload(name, data, "video/mp4")), "video")
    assert any("tipo permitido" in e for e in errors), errors
    assert not IdentityVerification.objects.filter(user=person).exists()


def test_an_image_bomb_is_refused_without_a_server_error(post_identity, person):
    errors = field_errors(post_identity(dpi_back=upload("reverso.png", png_bomb(), "image/png")), "dpi_back")
    assert any("demasiado grande" in e for e in errors), errors


def test_an_oversized_dpi_image_gives_the_limit_in_mb(post_identity):
    big = jpeg_bytes() + b"\x00" * (DPI_MAX_MB * MEGABYTE + 1)
    errors = field_errors(post_identity(dpi_front=upload("frente.jpg", big, "image/jpeg")), "dpi_front")
    assert any(f"máximo permitido es {DPI_MAX_MB} MB" in e for e in errors), errors


def test_an_empty_dpi_image_is_refused(post_identity):
    errors = field_errors(post_identity(dpi_front=upload("frente.jpg", b"", "image/jpeg")), "dpi_front")
    assert errors and "vacío" in errors[0], errors


def test_a_jpeg_polyglot_is_re_encoded_and_served_as_an_attachment(client, post_identity, person):
    """A real JPEG with markup appended: accepted as an image, the markup does not survive."""
    polyglot = jpeg_bytes() + HTML
    response = post_identity(dpi_front=upload("frente.jpg", polyglot, "image/jpeg"))
    assert response.status_code == 302, response.context and response.context["form"].errors
    verification = IdentityVerification.objects.get(user=person)
    stored = verification.dpi_front.read()
    assert b"<script>" not in stored
    assert Image.open(io.BytesIO(stored)).format == "JPEG"
    served = client.get(reverse("accounts:identity_file", args=[verification.pk, "anverso"]))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Disposition"].startswith("attachment;")
    assert b"<script>" not in b"".join(served.streaming_content)


@pytest.mark.parametrize("name", TRAVERSAL_NAMES)
def test_identity_files_get_generated_names_inside_the_private_storage(client, person, name):
    before = all_files(Path(settings.MEDIA_ROOT).parent)
    response = identity_post(client, cui=person.cui, dpi_front=upload(name, jpeg_bytes(), "image/jpeg"))
    assert response.status_code == 302, response.context and response.context["form"].errors
    verification = IdentityVerification.objects.get(user=person)
    for stored in (verification.dpi_front, verification.dpi_back, verification.video):
        assert inside(stored.path, settings.PRIVATE_MEDIA_ROOT), stored.path
        assert stored.name.startswith(f"identidad/{person.pk}/"), stored.name
        assert ".." not in stored.name and "\x00" not in stored.name and "\u202e" not in stored.name
    created = all_files(Path(settings.MEDIA_ROOT).parent) - before
    assert created and all(inside(path, settings.PRIVATE_MEDIA_ROOT) for path in created), created


def test_identity_files_are_not_public_and_only_for_their_owner(client, post_identity, person):
    assert post_identity().status_code == 302
    verification = IdentityVerification.objects.get(user=person)
    url = reverse("accounts:identity_file", args=[verification.pk, "anverso"])
    for public in (
        f"{settings.MEDIA_URL}{verification.dpi_front.name}",
        f"/private_media/{verification.dpi_front.name}",
    ):
        assert client.get(public).status_code == 404
    assert client.get(url).status_code == 200
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_an_identity_post_too_large_is_refused_before_its_body_is_read(person):
    """Even the CSRF check (which reads the form) does not get to read a body declared too large."""
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "a" * 32  # with a cookie, CSRF would look for the token in the body
    client.force_login(person)
    with mock.patch.object(MultiPartParser, "parse", side_effect=AssertionError("body parsed")) as parse:
        response = client.post(
            reverse("accounts:identity"),
            {"cui": person.cui},
            CONTENT_LENGTH=str(500 * MEGABYTE),
        )
    assert parse.call_count == 0
    assert response.status_code == 413
    body = response.content.decode()
    assert "pesa 500.0 MB" in body or "pesa 500,0 MB" in body
    assert f"el máximo permitido en este formulario es {2 * DPI_MAX_MB + VIDEO_MAX_MB + 1} MB" in body
    assert not IdentityVerification.objects.filter(user=person).exists()


# -- supporting documents of a request --------------------------------------------------------------


@pytest.fixture
def applicant(catalogs, client):
    ensure_document_requirements()
    user = complete_applicant()
    client.force_login(user)
    return user


@pytest.fixture
def draft(applicant):
    return services.request_create(applicant=applicant)


@pytest.fixture
def post_document(client, draft):
    def send(file, document_type=DocumentType.DPI, specification=""):
        return client.post(
            reverse("requests_app:step_documents", args=[draft.pk]),
            {"document_type": document_type, "specification": specification, "file": file},
        )

    return send


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("boleta.pdf", HTML),
        ("boleta.pdf", JAVASCRIPT),
        ("boleta.pdf", EXE),
        ("boleta.jpg", EXE),
        ("boleta.pdf", zip_bytes()),
        ("boleta.jpg", SVG),
        ("boleta.svg", SVG),
        ("boleta.jpg", b"\xff\xd8\xff\xe0" + HTML),
    ],
)
def test_disguised_document_is_refused_with_a_spanish_error(post_document, draft, name, data):
    errors = field_errors(post_document(upload(name, data, "application/pdf")), "file")
    assert any("tipo permitido" in e or "dañada" in e for e in errors), errors
    assert not SupportingDocument.objects.filter(request=draft).exists()


def test_a_truncated_pdf_is_refused(post_document, draft):
    data = pdf_bytes()
    errors = field_errors(post_document(upload("roto.pdf", data[: len(data) // 2])), "file")
    assert any("dañado" in e or "tipo permitido" in e for e in errors), errors
    assert not SupportingDocument.objects.filter(request=draft).exists()


def test_a_pdf_header_followed_by_garbage_is_refused(post_document, draft):
    errors = field_errors(post_document(upload("roto.pdf", b"%PDF-1.7\n" + HTML * 50)), "file")
    assert errors
    assert not SupportingDocument.objects.filter(request=draft).exists()


def test_an_image_bomb_document_is_refused(post_document, draft):
    requirement = DocumentRequirement.objects.get(document_type=DocumentType.DPI)
    requirement.allowed_extensions = "jpg,jpeg,png,pdf"
    requirement.save()
    errors = field_errors(post_document(upload("dpi.png", png_bomb(), "image/png")), "file")
    assert any("demasiado grande" in e for e in errors), errors
    assert not SupportingDocument.objects.filter(request=draft).exists()


def test_an_oversized_document_gives_the_limit_in_mb(post_document, draft):
    limit = DocumentRequirement.objects.get(document_type=DocumentType.DPI).max_size_mb
    big = pdf_bytes() + b"\n%" + b"0" * (limit * MEGABYTE)
    errors = field_errors(post_document(upload("grande.pdf", big)), "file")
    assert any(f"máximo permitido es {limit} MB" in e for e in errors), errors
    assert not SupportingDocument.objects.filter(request=draft).exists()


def test_a_document_post_too_large_is_refused_before_its_body_is_read(draft):
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "a" * 32
    client.force_login(draft.applicant)
    with mock.patch.object(MultiPartParser, "parse", side_effect=AssertionError("body parsed")) as parse:
        response = client.post(
            reverse("requests_app:step_documents", args=[draft.pk]),
            {"document_type": DocumentType.DPI},
            CONTENT_LENGTH=str(200 * MEGABYTE),
        )
    assert parse.call_count == 0
    assert response.status_code == 413
    largest = max(DocumentRequirement.objects.values_list("max_size_mb", flat=True))
    assert f"el máximo permitido en este formulario es {largest + 1} MB" in response.content.decode()
    assert not SupportingDocument.objects.filter(request=draft).exists()


def test_an_empty_document_is_refused(post_document, draft):
    errors = field_errors(post_document(upload("vacio.pdf", b"")), "file")
    assert errors and "vacío" in errors[0], errors


def test_one_file_too_many_is_refused(post_document, draft):
    limit = DocumentRequirement.objects.get(document_type=DocumentType.OTHER).max_files
    for number in range(limit):
        response = post_document(pdf_upload(f"otro-{number}.pdf"), DocumentType.OTHER, "Constancia")
        assert response.status_code == 302
    errors = field_errors(post_document(pdf_upload("uno-mas.pdf"), DocumentType.OTHER, "Constancia"), "file")
    assert any(f"como máximo {limit} archivos" in e for e in errors), errors
    assert SupportingDocument.objects.filter(request=draft, document_type=DocumentType.OTHER).count() == limit


@pytest.mark.parametrize("name", TRAVERSAL_NAMES)
def test_documents_get_generated_names_inside_the_private_storage(client, post_document, draft, name):
    before = all_files(Path(settings.MEDIA_ROOT).parent)
    response = post_document(upload(name, pdf_bytes(), "application/pdf"))
    assert response.status_code == 302, response.context and response.context["form"].errors
    document = SupportingDocument.objects.get(request=draft)
    assert inside(document.file.path, settings.PRIVATE_MEDIA_ROOT), document.file.path
    assert document.file.name.startswith(f"solicitudes/{draft.pk}/"), document.file.name
    assert document.file.name.endswith(".pdf")
    for text in (document.file.name, document.original_name):
        assert not {"/", "\\", "\x00", "\u202e"} & set(text.removeprefix(f"solicitudes/{draft.pk}/")), text
        assert ".." not in text
    assert len(document.original_name) <= SupportingDocument._meta.get_field("original_name").max_length
    created = all_files(Path(settings.MEDIA_ROOT).parent) - before
    assert created and all(inside(path, settings.PRIVATE_MEDIA_ROOT) for path in created), created
    served = client.get(reverse("requests_app:document", args=[draft.pk, document.pk]))
    assert served.status_code == 200
    disposition = served["Content-Disposition"]
    assert "\x00" not in disposition and "\u202e" not in disposition and ".." not in disposition


def test_a_pdf_with_markup_inside_is_served_with_its_exact_type(client, post_document, draft):
    """A valid PDF that also carries ``<script>`` text stays a PDF for the browser."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": "<script>alert(1)</script>"})
    output = io.BytesIO()
    writer.write(output)
    response = post_document(upload("boleta.pdf", output.getvalue(), "text/html"))
    assert response.status_code == 302
    document = SupportingDocument.objects.get(request=draft)
    assert document.content_type == "application/pdf"
    served = client.get(reverse("requests_app:document", args=[draft.pk, document.pk]))
    assert served["Content-Type"] == "application/pdf"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Disposition"].startswith("inline;")
    assert {"private", "no-store"} <= {part.strip() for part in served["Cache-Control"].split(",")}
    downloaded = client.get(reverse("requests_app:document", args=[draft.pk, document.pk]), {"descargar": "1"})
    assert downloaded["Content-Disposition"].startswith("attachment;")


def test_a_jpeg_polyglot_document_is_re_encoded(client, post_document, draft):
    response = post_document(upload("dpi.jpg", jpeg_bytes() + HTML, "image/jpeg"))
    assert response.status_code == 302
    document = SupportingDocument.objects.get(request=draft)
    assert b"<script>" not in document.file.read()
    served = client.get(reverse("requests_app:document", args=[draft.pk, document.pk]))
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Disposition"].startswith("inline;")


def test_documents_are_not_public_and_only_for_their_owner(client, post_document, draft):
    assert post_document(pdf_upload()).status_code == 302
    document = SupportingDocument.objects.get(request=draft)
    url = reverse("requests_app:document", args=[draft.pk, document.pk])
    for public in (f"{settings.MEDIA_URL}{document.file.name}", f"/private_media/{document.file.name}"):
        assert client.get(public).status_code == 404
    assert client.get(url).status_code == 200
    client.force_login(complete_applicant())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_the_public_verification_page_refuses_a_huge_pdf_before_reading_it():
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "a" * 32
    with mock.patch.object(MultiPartParser, "parse", side_effect=AssertionError("body parsed")) as parse:
        response = client.post("/verificar/abc_DEF-123/", {"pdf": "x"}, CONTENT_LENGTH=str(2048 * MEGABYTE))
    assert parse.call_count == 0
    assert response.status_code == 413
    assert "el máximo permitido en este formulario es 16 MB" in response.content.decode()
