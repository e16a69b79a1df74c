"""Retention: untouched drafts are announced once in the casillero, then deleted with their files;
identity evidence leaves storage a while after the decision, and the decision stays on record."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.utils import timezone

from accounts.identity import approve_identity, reject_identity
from accounts.models import IdentityVerification, Notification
from requests_app import services
from requests_app.constants import DocumentType, RequestState
from requests_app.models import CertificationRequest, DraftRetentionNotice, SupportingDocument
from requests_app.retention import apply_retention
from requests_app.setup import ensure_document_requirements
from tests.factories import CertificationRequestFactory, complete_applicant, jpeg_bytes, mp4_bytes, pdf_upload

pytestmark = pytest.mark.django_db(transaction=True)  # files leave storage when the transaction commits

DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def policy(settings):
    settings.RETENTION_DRAFT_DAYS = 30
    settings.RETENTION_DRAFT_WARNING_DAYS = 7
    settings.RETENTION_IDENTITY_EVIDENCE_DAYS = 60


@pytest.fixture
def applicant(catalogs):
    ensure_document_requirements()
    return complete_applicant()


def private_exists(name):
    return storages["private"].exists(name)


def draft_with_a_document(applicant, last_change):
    draft = services.request_create(applicant=applicant)
    document = services.document_upload(
        request=draft, user=applicant, document_type=DocumentType.DPI, upload=pdf_upload("dpi.pdf")
    )
    CertificationRequest.objects.filter(pk=draft.pk).update(updated_at=last_change)
    return draft, document.file.name


def notices(user):
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("title", flat=True))


def test_an_untouched_draft_is_announced_once_then_deleted_with_its_files(applicant):
    start = timezone.now()
    draft, file_name = draft_with_a_document(applicant, start)
    kept_file = private_exists(file_name)
    assert kept_file

    # Day 22: nothing yet (the notice goes out 7 days before the 30).
    assert apply_retention(start + 22 * DAY).drafts_warned == []
    # Day 23: the casillero notice, once.
    assert apply_retention(start + 23 * DAY).drafts_warned == [draft.pk]
    assert apply_retention(start + 24 * DAY).drafts_warned == []
    (title,) = notices(applicant)
    assert title.startswith(f"Su solicitud No. {draft.number} en creación se eliminará el ")
    assert (start + 30 * DAY).astimezone(timezone.get_current_timezone()).strftime("%d/%m/%Y") in title
    # Day 29: still there.
    assert apply_retention(start + 29 * DAY).drafts_deleted == []
    assert CertificationRequest.objects.filter(pk=draft.pk).exists()

    report = apply_retention(start + 30 * DAY + timedelta(minutes=1))

    assert report.drafts_deleted == [draft.pk]
    assert report.files_deleted == 1
    assert not CertificationRequest.objects.filter(pk=draft.pk).exists()
    assert not SupportingDocument.objects.filter(request_id=draft.pk).exists()
    assert not private_exists(file_name)
    assert not CertificationRequest.history.filter(id=draft.pk).exists()
    assert notices(applicant)[-1] == f"Su solicitud No. {draft.number} en creación fue eliminada"


def test_a_change_after_the_notice_keeps_the_draft_and_a_new_notice_comes_later(applicant):
    start = timezone.now()
    draft, file_name = draft_with_a_document(applicant, start)
    apply_retention(start + 23 * DAY)
    # The applicant comes back on day 25 and saves something.
    CertificationRequest.objects.filter(pk=draft.pk).update(updated_at=start + 25 * DAY)

    assert apply_retention(start + 31 * DAY).drafts_deleted == []
    assert private_exists(file_name)
    assert apply_retention(start + 47 * DAY).drafts_warned == []
    assert apply_retention(start + 48 * DAY).drafts_warned == [draft.pk]  # 25 + 23
    assert len(notices(applicant)) == 2


def test_a_draft_found_late_is_still_announced_a_full_week_before_deletion(applicant):
    start = timezone.now()
    draft, _file = draft_with_a_document(applicant, start)
    # The timer did not run for 100 days: the notice goes out now, the deletion a week later.
    assert apply_retention(start + 100 * DAY).drafts_warned == [draft.pk]
    assert apply_retention(start + 106 * DAY).drafts_deleted == []
    assert apply_retention(start + 107 * DAY + timedelta(minutes=1)).drafts_deleted == [draft.pk]


def test_submitted_requests_are_never_touched(applicant):
    start = timezone.now()
    sent = CertificationRequestFactory(applicant=applicant, state=RequestState.SUBMITTED)
    CertificationRequest.objects.filter(pk=sent.pk).update(updated_at=start - 400 * DAY)
    report = apply_retention(start)
    assert report.drafts_warned == report.drafts_deleted == []
    assert CertificationRequest.objects.filter(pk=sent.pk).exists()
    assert not DraftRetentionNotice.objects.exists()


def evidence(user):
    return IdentityVerification.objects.create(
        user=user,
        dpi_front=ContentFile(jpeg_bytes(), name="anverso.jpg"),
        dpi_front_type="image/jpeg",
        dpi_back=ContentFile(jpeg_bytes(), name="reverso.jpg"),
        dpi_back_type="image/jpeg",
        video=ContentFile(mp4_bytes(12), name="video.mp4"),
        video_type="video/mp4",
        video_seconds=12,
    )


def test_identity_evidence_leaves_storage_after_the_decision_and_the_decision_stays(applicant, staff_in):
    from requests_app.roles import IDENTITY_REVIEWER

    reviewer = staff_in(IDENTITY_REVIEWER)
    approved = evidence(applicant)
    names = [approved.dpi_front.name, approved.dpi_back.name, approved.video.name]
    approve_identity(verification=approved, reviewer=reviewer, read_cui=applicant.cui)
    other = complete_applicant()
    rejected = evidence(other)
    reject_identity(verification=rejected, reviewer=reviewer, reason="La imagen del DPI está borrosa.")
    pending = evidence(complete_applicant())
    assert all(private_exists(name) for name in names)
    decided = IdentityVerification.objects.get(pk=approved.pk).decided_at

    assert apply_retention(decided + 59 * DAY).identity_evidence_deleted == []
    report = apply_retention(decided + 61 * DAY)

    assert sorted(report.identity_evidence_deleted) == sorted([approved.pk, rejected.pk])
    assert not any(private_exists(name) for name in names)
    approved.refresh_from_db()
    assert approved.state == "verificada"
    assert approved.reviewer == reviewer and approved.decided_at == decided
    assert approved.evidence_deleted_at is not None
    assert not approved.dpi_front and not approved.video
    rejected.refresh_from_db()
    assert rejected.reason == "La imagen del DPI está borrosa."
    pending.refresh_from_db()
    assert pending.evidence_deleted_at is None and private_exists(pending.video.name)
    # The person is still verified, and running again does nothing more.
    applicant.refresh_from_db()
    assert applicant.identity_verified_at is not None
    assert apply_retention(decided + 90 * DAY).identity_evidence_deleted == []


def test_the_admin_and_the_file_link_say_the_evidence_is_gone(client, applicant, staff_in):
    from requests_app.roles import IDENTITY_REVIEWER

    reviewer = staff_in(IDENTITY_REVIEWER)
    verification = evidence(applicant)
    approve_identity(verification=verification, reviewer=reviewer, read_cui=applicant.cui)
    apply_retention(timezone.now() + 61 * DAY)
    client.force_login(reviewer)
    page = client.get(f"/admin/accounts/identityverification/{verification.pk}/change/").content.decode()
    assert "se eliminaron el" in page
    client.force_login(applicant)
    assert client.get(f"/cuenta/verificar-identidad/{verification.pk}/video/").status_code == 404


def test_deleting_rows_anywhere_removes_their_files(applicant, client, django_user_model):
    """The admin or a deleted account: no orphan file stays in private storage."""
    draft, file_name = draft_with_a_document(applicant, timezone.now())
    verification = evidence(applicant)
    video = verification.video.name
    SupportingDocument.objects.filter(request=draft).delete()  # as the admin's delete does
    assert not private_exists(file_name)
    IdentityVerification.objects.filter(pk=verification.pk).delete()
    assert not private_exists(video)


def test_replacing_a_document_removes_the_old_file(applicant):
    draft, first = draft_with_a_document(applicant, timezone.now())
    services.document_upload(
        request=draft, user=applicant, document_type=DocumentType.DPI, upload=pdf_upload("dpi-nuevo.pdf")
    )
    assert not private_exists(first)


def test_the_command_reports_what_it_removed(applicant, capsys):
    start = timezone.now()
    draft_with_a_document(applicant, start - 40 * DAY)
    call_command("apply_retention")
    out = capsys.readouterr().out
    assert "Borradores avisados: 1" in out
    assert "Borradores eliminados: 0" in out
    assert "Evidencias de identidad eliminadas: 0" in out


@pytest.mark.django_db(transaction=False)
def test_a_retention_period_of_zero_days_is_refused_at_start_up():
    import os
    import subprocess
    import sys

    from django.conf import settings

    environment = {**os.environ, "RETENTION_DRAFT_DAYS": "0", "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "RETENTION_*_DAYS" in result.stderr
