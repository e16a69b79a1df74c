"""CAPE accounts: imported from the CAPE user list, then signing in here with the old password once."""

import hashlib
import html

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from accounts.legacy import legacy_password
from accounts.models import User
from core.identifiers import make_cui
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

CSV_FORMAT = "0"  # IMPORT_EXPORT_FORMATS = [CSV, XLSX]
NAME_COLUMNS = "primer_nombre,segundo_nombre,primer_apellido,segundo_apellido"
HEADER = f"correo,cui,{NAME_COLUMNS},fecha_nacimiento,algoritmo,hash_contrasena"
# What production uses (Argon2 first) plus the legacy hashers; the test settings hash with MD5 for speed.
PRODUCTION_HASHERS = override_settings(
    PASSWORD_HASHERS=[
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "accounts.legacy.CapeSHA1PasswordHasher",
        "accounts.legacy.CapeMD5PasswordHasher",
    ]
)
OLD_PASSWORD = "Cape.Antigua.2019"


def sha1_row(email, cui, password=OLD_PASSWORD, salt="k9Zq"):
    digest = hashlib.sha1((salt + password).encode()).hexdigest()  # noqa: S324 — what CAPE stored
    return f"{email},{cui},María,José,Tzul,Ajú,14/02/1980,sha1,{salt}${digest}"


def md5_row(email, cui, password=OLD_PASSWORD):
    return f"{email},{cui},Pedro,,Caal,,01/06/1975,md5,{hashlib.md5(password.encode()).hexdigest()}"  # noqa: S324


def upload(*rows):
    content = "\n".join([HEADER, *rows]) + "\n"
    return SimpleUploadedFile("cape.csv", content.encode("utf-8"), content_type="text/csv")


@pytest.fixture
def admin_client(client, home_page):
    client.force_login(StaffFactory(is_superuser=True))
    return client


def preview(client, *rows):
    return client.post(
        reverse("admin:accounts_user_import"), {"format": CSV_FORMAT, "resource": "0", "import_file": upload(*rows)}
    )


@pytest.mark.parametrize(
    ("algorithm", "value"),
    [
        ("sha1", "sal$" + "a" * 39),
        ("sha1", "a" * 40),
        ("md5", "z" * 32),
        ("bcrypt", "$2b$12$abc"),
        ("pbkdf2_sha256", "x"),
    ],
)
def test_hashes_we_cannot_check_are_refused(algorithm, value):
    with pytest.raises(ValueError, match=r"hash|Algoritmo"):
        legacy_password(algorithm, value)


@PRODUCTION_HASHERS
def test_each_supported_format_checks_the_old_password():
    salt, digest = "s4l", hashlib.sha1(b"s4l" + OLD_PASSWORD.encode()).hexdigest()  # noqa: S324
    sha1 = legacy_password("SHA1", f"{salt}${digest.upper()}")
    md5 = legacy_password("md5", hashlib.md5(OLD_PASSWORD.encode()).hexdigest())  # noqa: S324
    from django.contrib.auth.hashers import make_password

    pbkdf2 = legacy_password("pbkdf2_sha256", make_password(OLD_PASSWORD, hasher="pbkdf2_sha256"))
    for encoded, name in ((sha1, "cape_sha1"), (md5, "cape_md5"), (pbkdf2, "pbkdf2_sha256")):
        assert identify_hasher(encoded).algorithm == name
        assert check_password(OLD_PASSWORD, encoded)
        assert not check_password("otra-clave", encoded)


def test_the_preview_lists_row_errors_and_nothing_is_written(admin_client):
    good_cui, bad_cui = make_cui(41_000_001, "0101"), make_cui(41_000_002, "0101")
    bad_cui = bad_cui[:8] + str((int(bad_cui[8]) + 1) % 10) + bad_cui[9:]

    response = preview(
        admin_client,
        sha1_row("buena@correo.gt", good_cui),
        sha1_row("digito@correo.gt", bad_cui),
        f"clave@correo.gt,{make_cui(41_000_003, '0101')},Ana,,Pop,,01/01/1990,bcrypt,$2b$12$xyz",
    )

    result = response.context["result"]
    assert result.has_errors() and result.has_validation_errors()
    row_errors = {number: " ".join(str(error.error) for error in errors) for number, errors in result.row_errors()}
    assert "El CUI no es válido: el dígito verificador no corresponde" in row_errors[2]
    invalid = {row.number: str(row.error_dict) for row in result.invalid_rows}
    assert "Algoritmo de contraseña no admitido: «bcrypt»" in invalid[3]
    assert "dígito verificador no corresponde" in html.unescape(response.content.decode())
    assert response.context.get("confirm_form") is None
    assert not User.objects.filter(email__in=["buena@correo.gt", "digito@correo.gt", "clave@correo.gt"]).exists()


def test_import_after_preview_creates_the_accounts_and_never_changes_existing_ones(admin_client):
    existing = StaffFactory(is_staff=False, cui=make_cui(41_000_010, "0101"), email="ya@correo.gt")
    old_hash = existing.password
    cui = make_cui(41_000_011, "0101")

    response = preview(
        admin_client,
        sha1_row("Maria.Tzul@Correo.gt", cui),
        md5_row("pedro@correo.gt", make_cui(41_000_012, "0101")),
        sha1_row("ya@correo.gt", existing.cui),
    )
    assert not response.context["result"].has_validation_errors(), response.context["result"].invalid_rows
    confirm = admin_client.post(reverse("admin:accounts_user_process_import"), response.context["confirm_form"].initial)
    assert confirm.status_code == 302

    maria = User.objects.get(cui=cui)
    assert (maria.email, maria.first_name, maria.second_name, maria.last_name) == (
        "maria.tzul@correo.gt",
        "María",
        "José",
        "Tzul",
    )
    assert maria.birth_date.isoformat() == "1980-02-14"
    assert maria.legacy_source == "cape" and maria.email_confirmed_at is None
    assert maria.password.startswith("cape_sha1$k9Zq$")
    assert User.objects.get(email="pedro@correo.gt").password.startswith("cape_md5$$")
    existing.refresh_from_db()
    assert existing.password == old_hash and existing.legacy_source == ""
    assert maria.history.count() == 1


@PRODUCTION_HASHERS
def test_an_imported_person_signs_in_with_the_old_password_which_becomes_argon2(
    admin_client, client, django_capture_on_commit_callbacks, mailoutbox
):
    cui = make_cui(41_000_021, "0101")
    response = preview(admin_client, sha1_row("cape@correo.gt", cui))
    admin_client.post(reverse("admin:accounts_user_process_import"), response.context["confirm_form"].initial)
    admin_client.logout()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:login"),
            {"username": cui, "password": OLD_PASSWORD, "captcha_0": "x", "captcha_1": "PASSED"},
        )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:legacy_welcome"))
    user = User.objects.get(cui=cui)
    assert identify_hasher(user.password).algorithm == "argon2"
    assert user.check_password(OLD_PASSWORD)
    assert [message.to for message in mailoutbox] == [["cape@correo.gt"]]  # the confirmation link
    page = client.get(response["Location"], follow=True).content.decode()
    assert "Confirme su correo electrónico: le enviamos un enlace a cape@correo.gt" in page
    assert "Complete sus datos personales" in page

    client.logout()
    wrong = client.post(
        reverse("accounts:login"), {"username": cui, "password": "otra", "captcha_0": "x", "captcha_1": "PASSED"}
    )
    assert wrong.status_code == 200  # the form again, with its error


def test_a_person_who_registered_here_still_must_confirm_the_email(client, home_page):
    from tests.factories import PASSWORD, UserFactory

    user = UserFactory(email_confirmed_at=None)
    response = client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": PASSWORD, "captcha_0": "x", "captcha_1": "PASSED"},
    )
    assert response.status_code == 200
    assert "Aún no ha confirmado su correo electrónico" in response.content.decode()
