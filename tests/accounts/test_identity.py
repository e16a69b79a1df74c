"""Identity verification: evidence checked by content, blind CUI check, private files."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.constants import IdentityState
from accounts.models import IdentityVerification, Notification
from requests_app.roles import IDENTITY_REVIEWER, REVIEWER
from tests.factories import UserFactory, jpeg_bytes, mp4_bytes, pdf_upload

pytestmark = pytest.mark.django_db
URL = "/cuenta/verificar-identidad/"


def evidence(user, **overrides):
    data = {
        "cui": user.cui,
        "dpi_front": SimpleUploadedFile("frente.jpg", jpeg_bytes()),
        "dpi_back": pdf_upload("reverso.pdf"),
        "video": SimpleUploadedFile("video.mp4", mp4_bytes(12)),
    }
    data.update(overrides)
    return data


@pytest.fixture
def person(client, home_page):
    user = UserFactory()
    client.force_login(user)
    return user


@pytest.fixture
def pending(client, person):
    response = client.post(URL, evidence(person))
    assert response.status_code == 302
    return IdentityVerification.objects.get(user=person)


def test_sending_evidence_leaves_it_pending_with_the_orange_notice(client, person, pending):
    assert pending.state == IdentityState.PENDING
    assert pending.video_seconds == 12
    page = client.get(URL).content.decode()
    assert "SOLICITUD ENVIADA - PENDIENTE DE CONFIRMAR" in page
    assert 'name="video"' not in page  # nothing more to send while pending
    assert Notification.objects.filter(recipient=person, title__icontains="verificación").exists()


def test_the_cui_must_be_the_accounts(client, person):
    other = UserFactory()
    response = client.post(URL, evidence(person, cui=other.cui))
    assert "El CUI no coincide con el de su cuenta." in response.content.decode()
    assert not IdentityVerification.objects.exists()


def gif_named_png():
    output = io.BytesIO()
    Image.new("RGB", (10, 10)).save(output, format="GIF")
    return SimpleUploadedFile("dpi.png", output.getvalue())


def bomb_png():
    output = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(output, format="PNG", optimize=True)
    return SimpleUploadedFile("dpi.png", output.getvalue())


def pdf_with_javascript():
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
    )
    output = io.BytesIO()
    writer.write(output)
    return SimpleUploadedFile("dpi.pdf", output.getvalue())


@pytest.mark.parametrize(
    ("field", "upload", "fragment"),
    [
        ("dpi_front", lambda: SimpleUploadedFile("dpi.pdf", b"MZ\x90\x00" + b"\0" * 300), "no es de un tipo permitido"),
        ("dpi_front", gif_named_png, "no es de un tipo permitido"),
        ("dpi_back", pdf_with_javascript, "JavaScript"),
        ("dpi_back", bomb_png, "demasiado grande"),
        ("dpi_front", lambda: SimpleUploadedFile("dpi.jpg", jpeg_bytes() + b"\0" * (9 * 1024 * 1024)), "máximo"),
        ("video", lambda: SimpleUploadedFile("video.mp4", mp4_bytes(300)), "entre 3 y 90 segundos"),
        ("video", lambda: SimpleUploadedFile("video.mp4", jpeg_bytes()), "no es de un tipo permitido"),
    ],
)
def test_each_upload_rule_is_enforced(client, person, field, upload, fragment):
    response = client.post(URL, evidence(person, **{field: upload()}))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert fragment in errors, errors
    assert not IdentityVerification.objects.exists()


def test_images_are_stored_without_metadata(client, person):
    exif = Image.Exif()
    exif[0x010F] = "Camara del telefono"
    output = io.BytesIO()
    Image.new("RGB", (60, 40)).save(output, format="JPEG", exif=exif.tobytes())
    client.post(URL, evidence(person, dpi_front=SimpleUploadedFile("f.jpg", output.getvalue())))
    stored = IdentityVerification.objects.get(user=person).dpi_front.read()
    assert b"Camara del telefono" not in stored


def test_files_are_private_attachments(client, person, pending):
    url = reverse("accounts:identity_file", args=[pending.pk, "anverso"])
    own = client.get(url)
    assert own.status_code == 200
    assert own["Content-Disposition"].startswith("attachment")
    assert own["X-Content-Type-Options"] == "nosniff"
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404
    assert client.get(reverse("accounts:identity_file", args=[pending.pk, "otro"])).status_code == 404


def test_staff_without_the_identity_role_cannot_see_evidence(client, pending, staff_in):
    client.force_login(staff_in(REVIEWER))
    assert client.get(reverse("accounts:identity_file", args=[pending.pk, "video"])).status_code == 404


def test_reviewer_approves_only_with_the_cui_read_on_the_dpi(client, person, pending, staff_in):
    client.force_login(staff_in(IDENTITY_REVIEWER))
    change = reverse("admin:accounts_identityverification_change", args=[pending.pk])
    page = client.get(change).content.decode()
    assert person.cui not in page  # blind: the CUI is not shown
    assert "<video" in page and "<img" in page
    approve = reverse("admin:accounts_identityverification_transition", args=[pending.pk, "approve"])
    wrong = person.cui[:-1] + ("0" if person.cui[-1] != "0" else "1")
    client.post(approve, {"read_cui": wrong})
    pending.refresh_from_db()
    assert pending.state == IdentityState.PENDING
    client.post(approve, {"read_cui": f"{person.cui[:4]} {person.cui[4:9]} {person.cui[9:]}"})
    pending.refresh_from_db()
    person.refresh_from_db()
    assert pending.state == IdentityState.VERIFIED
    assert person.identity_verified_at is not None
    assert Notification.objects.filter(recipient=person, title="Su identidad fue verificada").exists()


def test_the_approval_page_shows_the_evidence_beside_the_cui_field(client, person, pending, staff_in):
    import re

    client.force_login(staff_in(IDENTITY_REVIEWER))
    approve = reverse("admin:accounts_identityverification_transition", args=[pending.pk, "approve"])
    page = client.get(approve).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()
    assert title.startswith("Aprobar identidad · Verificación de"), title
    evidence = page.split('class="transition-review__evidence"')[1].split('class="transition-review__form"')[0]
    decision = page.split('class="transition-review__form"')[1]
    anverso = reverse("accounts:identity_file", args=[pending.pk, "anverso"])
    video = reverse("accounts:identity_file", args=[pending.pk, "video"])
    assert f'src="{anverso}"' in evidence and f'<video src="{video}"' in evidence
    assert person.get_full_name() in evidence
    assert 'name="read_cui"' in decision and "CUI leído en la imagen del DPI" in decision
    assert person.cui not in page  # still blind


def test_a_rejection_shows_the_reason_and_allows_new_evidence(client, person, pending, staff_in):
    from django.test import Client

    reviewer_client = Client()
    reviewer_client.force_login(staff_in(IDENTITY_REVIEWER))
    reject = reverse("admin:accounts_identityverification_transition", args=[pending.pk, "reject"])
    reviewer_client.post(reject, {"reason": "La imagen del DPI está borrosa; tome otra foto con buena luz."})
    pending.refresh_from_db()
    assert pending.state == IdentityState.REJECTED
    page = client.get(URL).content.decode()
    assert "borrosa" in page
    assert 'name="video"' in page
    assert client.post(URL, evidence(person)).status_code == 302
    assert IdentityVerification.objects.filter(user=person, state=IdentityState.PENDING).count() == 1


def test_applicants_cannot_decide_their_own_verification(client, person, pending):
    approve = reverse("admin:accounts_identityverification_transition", args=[pending.pk, "approve"])
    client.post(approve, {"read_cui": person.cui})
    pending.refresh_from_db()
    assert pending.state == IdentityState.PENDING


def test_the_profile_shows_the_orange_box_while_pending(client, person, pending, catalogs):
    assert "SOLICITUD ENVIADA - PENDIENTE DE CONFIRMAR" in client.get("/cuenta/datos-personales/").content.decode()
    assert "pendiente de confirmar" in client.get("/tablero/").content.decode()
