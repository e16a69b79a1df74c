"""Uploads: checked by their content, never by their name; refused early when too large.

``inspect_upload`` reads the bytes, identifies the type with libmagic, refuses what
is not allowed, too large, malformed or active (PDFs with JavaScript, launch
actions or embedded files; images that would decompress into a memory bomb), and
returns a clean copy: images are re-encoded so their metadata (GPS position,
camera, author) is dropped. ``upload_limit`` marks the views whose POST size
``core.middleware.UploadSizeLimitMiddleware`` checks, and ``upload_redirect`` answers the
uploads sent by ``static/js/uploads.js``.
"""

import hashlib
import io
import re
import warnings
from dataclasses import dataclass

import magic
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

MEGABYTE = 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # a 40-megapixel photo is plenty for a DPI
MAX_PDF_PAGES = 50
MAX_PDF_OBJECTS = 20_000

# Extension people see → MIME type libmagic must find in the content.
FILE_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "mp4": "video/mp4",
    "webm": "video/webm",
}
IMAGE_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
ACTIVE_PDF_KEYS = {"/JS", "/JavaScript", "/Launch", "/EmbeddedFiles", "/EmbeddedFile", "/AA", "/RichMedia", "/XFA"}


@dataclass(frozen=True)
class CleanUpload:
    content: ContentFile
    content_type: str
    size: int
    sha256: str
    original_name: str


def upload_limit(max_bytes):
    """Mark a view so ``UploadSizeLimitMiddleware`` refuses (413) a POST declaring more than ``max_bytes``.

    ``max_bytes`` may be a callable (read at request time, e.g. from the admin's settings).
    The check uses the Content-Length header, before the body is read or stored.
    """

    def decorate(view):
        view.max_upload_bytes = max_bytes
        return view

    return decorate


def upload_redirect(request, url: str):
    """After an upload sent by static/js/uploads.js (``X-Upload: 1``), answer with where to go
    instead of redirecting; a plain form post is redirected."""
    if request.headers.get("X-Upload") == "1":
        return JsonResponse({"redirect": url})
    return redirect(url)


def declared_body_size(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def allowed_label(extensions) -> str:
    return ", ".join(sorted(extensions))


def inspect_upload(upload, *, allowed_extensions, max_bytes) -> CleanUpload:
    """Validate ``upload`` (a Django ``UploadedFile``) and return its clean content.

    Raises ``ValidationError`` with a message in Spanish that names the problem.
    """
    allowed_extensions = {ext.lower().lstrip(".") for ext in allowed_extensions}
    if upload.size > max_bytes:
        raise ValidationError(
            _("El archivo pesa %(size).1f MB; el máximo permitido es %(max).0f MB."),
            code="file_too_large",
            params={"size": upload.size / MEGABYTE, "max": max_bytes / MEGABYTE},
        )
    if upload.size == 0:
        raise ValidationError(_("El archivo está vacío."), code="file_empty")
    data = read_all(upload)
    detected = magic.from_buffer(data[:8192], mime=True)
    allowed_types = {FILE_TYPES[ext] for ext in allowed_extensions if ext in FILE_TYPES}
    if detected not in allowed_types:
        raise ValidationError(
            _("El contenido del archivo no es de un tipo permitido. Tipos de documentos permitidos: %(types)s."),
            code="file_type",
            params={"types": allowed_label(allowed_extensions)},
        )
    if detected in IMAGE_FORMATS:
        data = clean_image(data, IMAGE_FORMATS[detected])
    elif detected == "application/pdf":
        check_pdf(data)
    name = safe_name(upload.name, detected)
    return CleanUpload(
        content=ContentFile(data, name=name),
        content_type=detected,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        original_name=name,
    )


def read_all(upload) -> bytes:
    upload.seek(0)
    data = b"".join(upload.chunks())
    upload.seek(0)
    return data


def safe_name(name: str, content_type: str) -> str:
    """Keep a readable base name, with the extension of the real content."""
    stem = re.sub(r"[^\w\-]+", "_", (name or "archivo").rsplit(".", 1)[0], flags=re.UNICODE).strip("_")[:60]
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(content_type, "bin")
    if content_type.startswith("video/"):
        extension = content_type.split("/", 1)[1]
    return f"{stem or 'archivo'}.{extension}"


def clean_image(data: bytes, image_format: str) -> bytes:
    """Decode the image fully and re-encode it without metadata; refuse bombs."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                width, height = probe.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise ValidationError(
                        _("La imagen es demasiado grande (%(w)s × %(h)s píxeles)."),
                        code="image_too_large",
                        params={"w": width, "h": height},
                    )
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image = ImageOps.exif_transpose(image)
                if image_format == "JPEG" and image.mode not in ("RGB", "L"):
                    image = image.convert("RGB")
                output = io.BytesIO()
                options = {"quality": 88, "optimize": True} if image_format == "JPEG" else {"optimize": True}
                image.save(output, format=image_format, **options)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ValidationError(_("La imagen es demasiado grande para procesarla."), code="image_bomb") from error
        except (OSError, SyntaxError, ValueError) as error:
            raise ValidationError(_("La imagen está dañada o no se puede leer."), code="image_invalid") from error
    return output.getvalue()


def check_pdf(data: bytes) -> None:
    """Refuse PDFs that cannot be read, are encrypted, too long or carry active content."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("El PDF está protegido con contraseña; súbalo sin protección."), code="pdf_encrypted"
            )
        if len(reader.pages) > MAX_PDF_PAGES:
            raise ValidationError(
                _("El PDF tiene más de %(max)s páginas."), code="pdf_too_long", params={"max": MAX_PDF_PAGES}
            )
        if has_active_content(reader.trailer):
            raise_active_pdf()
    except (PdfReadError, ValueError, KeyError, TypeError, RecursionError) as error:
        raise ValidationError(_("El PDF está dañado o no se puede leer."), code="pdf_invalid") from error


def raise_active_pdf():
    raise ValidationError(
        _("El PDF contiene código o archivos incrustados (JavaScript, acciones automáticas) y no se acepta."),
        code="pdf_active_content",
    )


def has_active_content(root) -> bool:
    """Walk the object graph (compressed object streams included) looking for actions."""
    stack, seen = [root], set()
    while stack:
        if len(seen) > MAX_PDF_OBJECTS:
            raise ValidationError(_("El PDF es demasiado complejo."), code="pdf_too_complex")
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            if ACTIVE_PDF_KEYS & set(node.keys()):
                return True
            if node.get("/S") in ("/JavaScript", "/Launch"):
                return True
            stack.extend(node.values())
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return False
