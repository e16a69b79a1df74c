"""S3-compatible storage, against moto's S3 server on loopback (tests/ops/conftest.py).

Identity evidence, supporting documents and certificate PDFs land under the private prefix;
only the application's views hand them out (owner or staff; 404 to anyone else), and the
bucket refuses an anonymous GET of the object. CMS images live under the public prefix and
are readable straight from the bucket; CMS documents go through Wagtail's view.
"""

import hashlib
import os
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import IdentityVerification
from core.storage import private_storage
from requests_app import services
from requests_app.constants import DocumentType, RequestState
from requests_app.models import Certificate, SupportingDocument
from requests_app.roles import IDENTITY_REVIEWER, REVIEWER
from requests_app.setup import ensure_document_requirements
from tests.factories import (
    CertificationRequestFactory,
    UserFactory,
    complete_applicant,
    jpeg_bytes,
    mp4_bytes,
    pdf_upload,
)

from .conftest import S3_KEYS, S3_REGION

pytestmark = pytest.mark.django_db


def anonymous_get(url):
    """GET straight to the bucket, without credentials: (status, body)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback test server)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def body(response):
    return b"".join(response.streaming_content)


@pytest.fixture
def applicant(catalogs, home_page):
    ensure_document_requirements()
    return complete_applicant()


@pytest.fixture
def person(home_page):
    """A new citizen who has not verified their identity yet."""
    return UserFactory()


@pytest.fixture
def uploaded(s3, client, applicant, person):
    """A new citizen sends identity evidence, an applicant a supporting document, both through
    the site; a certificate PDF is stored the way issuing stores it."""
    client.force_login(person)
    front, video = jpeg_bytes(), mp4_bytes(12)
    response = client.post(
        reverse("accounts:identity"),
        {
            "cui": person.cui,
            "dpi_front": SimpleUploadedFile("frente.jpg", front),
            "dpi_back": pdf_upload("reverso.pdf"),
            "video": SimpleUploadedFile("video.mp4", video),
        },
    )
    assert response.status_code == 302, response.content.decode()
    client.force_login(applicant)
    draft = services.request_create(applicant=applicant)
    document_pdf = pdf_upload("dpi.pdf").read()
    response = client.post(
        reverse("requests_app:step_documents", args=[draft.pk]),
        {
            "document_type": DocumentType.DPI,
            "specification": "",
            "file": SimpleUploadedFile("dpi.pdf", document_pdf, content_type="application/pdf"),
        },
    )
    assert response.status_code in (200, 302)
    document = SupportingDocument.objects.get(request=draft)
    issued = CertificationRequestFactory(applicant=applicant, state=RequestState.ISSUED)
    certificate_pdf = pdf_upload("certificado.pdf").read()
    certificate = Certificate(request=issued, issued_at=timezone.now())
    certificate.pdf.save(f"{issued.pk}.pdf", ContentFile(certificate_pdf), save=False)
    certificate.sha256 = hashlib.sha256(certificate_pdf).hexdigest()
    certificate.save()
    return {
        "verification": IdentityVerification.objects.get(user=person),
        "front": front,
        "video": video,
        "draft": draft,
        "document": document,
        "document_pdf": document_pdf,
        "certificate": certificate,
        "certificate_pdf": certificate_pdf,
    }


def private_names(uploaded):
    verification = uploaded["verification"]
    return [
        verification.dpi_front.name,
        verification.dpi_back.name,
        verification.video.name,
        uploaded["document"].file.name,
        uploaded["certificate"].pdf.name,
    ]


def test_private_files_land_under_the_private_prefix_only(s3, uploaded):
    assert s3.keys() == sorted(f"private/{name}" for name in private_names(uploaded))
    assert s3.keys("public/") == []
    stored = s3.client.get_object(Bucket=s3.bucket, Key=f"private/{uploaded['certificate'].pdf.name}")
    assert stored["Body"].read() == uploaded["certificate_pdf"]
    assert private_storage().__class__.__name__ == "S3Storage"


def test_the_bucket_refuses_an_anonymous_get_of_every_private_object(s3, uploaded):
    for name in private_names(uploaded):
        status, content = anonymous_get(f"{s3.endpoint}/{s3.bucket}/private/{name}")
        assert status == 403, name
        assert content == b""


def test_the_owner_gets_each_file_through_the_site(client, s3, uploaded, person):
    verification, draft, document = uploaded["verification"], uploaded["draft"], uploaded["document"]
    owner_of_evidence = Client()
    owner_of_evidence.force_login(person)
    front = owner_of_evidence.get(reverse("accounts:identity_file", args=[verification.pk, "anverso"]))
    assert front.status_code == 200
    assert body(front)[:3] == b"\xff\xd8\xff"  # the stored JPEG (re-encoded without metadata)
    video = owner_of_evidence.get(reverse("accounts:identity_file", args=[verification.pk, "video"]))
    assert body(video) == uploaded["video"]
    response = client.get(reverse("requests_app:document", args=[draft.pk, document.pk]))
    assert response.status_code == 200
    assert hashlib.sha256(body(response)).hexdigest() == document.sha256
    response = client.get(reverse("requests_app:certificate", args=[uploaded["certificate"].request_id]))
    assert response.status_code == 200
    assert body(response) == uploaded["certificate_pdf"]
    assert "no-store" in response["Cache-Control"]


def test_the_pages_never_link_to_the_bucket(client, s3, uploaded):
    draft = uploaded["draft"]
    for url in (
        reverse("requests_app:step_documents", args=[draft.pk]),
        reverse("requests_app:issued"),
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert s3.endpoint not in page.content.decode()
        assert s3.bucket not in page.content.decode()


def test_other_people_get_404_and_staff_with_the_role_get_the_file(s3, uploaded, staff_in):
    verification, draft, document = uploaded["verification"], uploaded["draft"], uploaded["document"]
    urls = [
        reverse("accounts:identity_file", args=[verification.pk, "anverso"]),
        reverse("requests_app:document", args=[draft.pk, document.pk]),
        reverse("requests_app:certificate", args=[uploaded["certificate"].request_id]),
    ]
    anonymous, intruder = Client(), Client()
    intruder.force_login(complete_applicant())
    for url in urls:
        assert anonymous.get(url).status_code == 404, url
        assert intruder.get(url).status_code == 404, url
    identity_reviewer, reviewer = Client(), Client()
    identity_reviewer.force_login(staff_in(IDENTITY_REVIEWER))
    reviewer.force_login(staff_in(REVIEWER))
    assert identity_reviewer.get(urls[0]).status_code == 200
    assert reviewer.get(urls[0]).status_code == 404  # a request reviewer does not see identity evidence
    assert body(reviewer.get(urls[1])) == uploaded["document_pdf"]
    assert body(reviewer.get(urls[2])) == uploaded["certificate_pdf"]


def test_cms_images_are_public_and_cms_documents_go_through_the_site(client, s3):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    image = get_image_model().objects.create(
        title="Portada", file=ContentFile(jpeg_bytes((120, 80)), name="portada.jpg")
    )
    rendition = image.get_rendition("width-60")
    document = get_document_model().objects.create(
        title="Guía", file=ContentFile(pdf_upload("guia.pdf").read(), name="guia.pdf")
    )
    keys = s3.keys()
    assert f"public/{image.file.name}" in keys
    assert f"public/{rendition.file.name}" in keys
    assert f"public/{document.file.name}" in keys
    assert not [key for key in keys if not key.startswith("public/")]
    assert image.file.url.startswith(f"{s3.endpoint}/{s3.bucket}/public/original_images/")
    assert "Signature" not in image.file.url  # plain, cacheable URLs
    assert anonymous_get(image.file.url)[0] == 200
    assert anonymous_get(rendition.url)[0] == 200
    # Documents keep Wagtail's privacy: the bucket refuses them, the site's view serves them.
    assert anonymous_get(f"{s3.endpoint}/{s3.bucket}/public/{document.file.name}")[0] == 403
    response = client.get(document.url)
    assert response.status_code == 200
    assert body(response)[:4] == b"%PDF"


def test_s3_is_configured_from_the_environment_with_the_pinned_requirements(s3):
    """The process starts with AWS_STORAGE_BUCKET_NAME set (boto3 present) and writes to the private prefix."""
    code = (
        "import django; django.setup()\n"
        "from django.core.files.base import ContentFile\n"
        "from core.storage import private_storage\n"
        "storage = private_storage()\n"
        "name = storage.save('prueba/entorno.txt', ContentFile(b'desde el entorno'))\n"
        "print(storage.__class__.__name__, storage.location, name, storage.open(name).read().decode())\n"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "AWS_STORAGE_BUCKET_NAME": s3.bucket,
        "AWS_S3_ENDPOINT_URL": s3.endpoint,
        "AWS_S3_REGION_NAME": S3_REGION,
        "AWS_S3_ADDRESSING_STYLE": "path",
        "AWS_ACCESS_KEY_ID": S3_KEYS["access_key"],
        "AWS_SECRET_ACCESS_KEY": S3_KEYS["secret_key"],
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["S3Storage", "private", "prueba/entorno.txt", "desde", "el", "entorno"]
    assert s3.keys() == ["private/prueba/entorno.txt"]
