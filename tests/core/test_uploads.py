"""Uploads are judged by their content: type, size, structure and active content."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from core.uploads import MEGABYTE, inspect_upload

DOCS = {"pdf", "jpg", "jpeg"}


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def pdf_bytes(javascript: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if javascript:
        action = {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(javascript)}
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(action)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def image_bytes(image_format="JPEG", size=(60, 40), exif=None) -> bytes:
    output = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    options = {"exif": exif} if exif else {}
    image.save(output, format=image_format, **options)
    return output.getvalue()


def inspect(data, name, allowed=DOCS, max_bytes=5 * MEGABYTE):
    return inspect_upload(upload(data, name), allowed_extensions=allowed, max_bytes=max_bytes)


def test_a_real_pdf_is_accepted_with_its_hash_and_type():
    clean = inspect(pdf_bytes(), "dpi.pdf")
    assert clean.content_type == "application/pdf"
    assert len(clean.sha256) == 64
    assert clean.original_name == "dpi.pdf"


def test_an_executable_renamed_as_pdf_is_refused():
    exe = (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
        + b"\x00" * 200
        + b"This program cannot be run in DOS mode"
    )
    with pytest.raises(ValidationError) as error:
        inspect(exe, "boleta.pdf")
    assert error.value.code == "file_type"
    assert "jpeg, jpg, pdf" in error.value.messages[0]


def test_a_gif_named_png_is_refused_when_only_png_is_allowed():
    output = io.BytesIO()
    Image.new("RGB", (10, 10)).save(output, format="GIF")
    with pytest.raises(ValidationError) as error:
        inspect(output.getvalue(), "foto.png", allowed={"png", "jpg"})
    assert error.value.code == "file_type"


def test_an_oversized_file_is_refused_before_reading_it():
    with pytest.raises(ValidationError) as error:
        inspect(pdf_bytes(), "grande.pdf", max_bytes=100)
    assert error.value.code == "file_too_large"
    assert "máximo permitido" in error.value.messages[0]


def test_a_pdf_with_javascript_is_refused():
    with pytest.raises(ValidationError) as error:
        inspect(pdf_bytes(javascript="app.alert('hola');"), "igss.pdf")
    assert error.value.code == "pdf_active_content"


def test_a_truncated_pdf_is_refused():
    data = pdf_bytes()
    with pytest.raises(ValidationError) as error:
        inspect(data[: len(data) // 3], "roto.pdf")
    assert error.value.code in {"pdf_invalid", "file_type"}


def test_a_decompression_bomb_image_is_refused():
    # A small PNG that claims 20,000 × 20,000 pixels (400 megapixels).
    output = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(output, format="PNG", optimize=True)
    data = output.getvalue()
    assert len(data) < 200_000
    with pytest.raises(ValidationError) as error:
        inspect(data, "bomba.png", allowed={"png"})
    assert error.value.code in {"image_too_large", "image_bomb"}


def test_images_are_re_encoded_without_their_metadata():
    exif = Image.Exif()
    exif[0x010F] = "Marca de camara"  # Make
    exif[0x8825] = {2: (14.0, 37.0, 0.0)}  # GPSInfo
    original = image_bytes(exif=exif.tobytes())
    assert b"Marca de camara" in original
    clean = inspect(original, "dpi-frente.jpeg")
    data = clean.content.read()
    assert b"Marca de camara" not in data
    assert Image.open(io.BytesIO(data)).getexif() == {}
    assert clean.original_name == "dpi-frente.jpg"


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as error:
        inspect(b"", "vacio.pdf")
    assert error.value.code == "file_empty"
