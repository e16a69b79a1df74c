"""Two applicants with complete data: one owns a request of every kind, the other tries to reach it."""

from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import IdentityVerification, Notification
from requests_app import services
from requests_app.constants import DocumentType, RequestState
from requests_app.models import Certificate
from requests_app.setup import ensure_document_requirements
from tests.factories import (
    CertificationRequestFactory,
    ServicePeriodFactory,
    ThirdPartyFactory,
    complete_applicant,
    jpeg_bytes,
    mp4_bytes,
    pdf_upload,
)


@pytest.fixture
def applicant(catalogs):
    ensure_document_requirements()
    return complete_applicant()


@pytest.fixture
def intruder(applicant):
    """Another signed-up citizen with complete data, who must not reach the applicant's things."""
    return complete_applicant()


@pytest.fixture
def owned(applicant):
    """One of everything the applicant owns: a draft with a period and a document, an issued certificate,
    a third party, a notification and identity evidence."""
    draft = services.request_create(applicant=applicant)
    period = ServicePeriodFactory(request=draft)
    document = services.document_upload(
        request=draft, user=applicant, document_type=DocumentType.DPI, upload=pdf_upload("dpi.pdf")
    )
    issued = CertificationRequestFactory(applicant=applicant, state=RequestState.ISSUED)
    Certificate.objects.create(
        request=issued, issued_at=timezone.now(), pdf=ContentFile(pdf_upload().read(), name="certificado.pdf")
    )
    verification = IdentityVerification.objects.create(
        user=applicant,
        dpi_front=ContentFile(jpeg_bytes(), name="anverso.jpg"),
        dpi_front_type="image/jpeg",
        dpi_back=ContentFile(jpeg_bytes(), name="reverso.jpg"),
        dpi_back_type="image/jpeg",
        video=ContentFile(mp4_bytes(12), name="video.mp4"),
        video_type="video/mp4",
        video_seconds=12,
    )
    return SimpleNamespace(
        draft=draft,
        period=period,
        document=document,
        issued=issued,
        third_party=ThirdPartyFactory(owner=applicant),
        notification=Notification.objects.create(recipient=applicant, title="Aviso de prueba"),
        verification=verification,
        consent=consent_for(applicant),
    )


def consent_for(user):
    """The applicant let an authorised system use their account."""
    from oidc.models import Consent
    from oidc.services import register_system

    system, _secret = register_system(name="Sistema de prueba", redirect_uris=["https://rp.example.gt/cb"])
    return Consent.objects.create(user=user, system=system, scopes="openid email")
