"""Every answer carries the browser protections; private pages are never stored; production is HTTPS only."""

import os
import re
import secrets
import subprocess
import sys

import pytest
from csp.constants import NONCE, SELF
from csp.utils import build_policy
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from cms.setup import ensure_portal_content
from config.middleware import as_written
from tests.factories import StaffFactory

from .test_private_urls import PRIVATE

pytestmark = pytest.mark.django_db

STRICT_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "media-src": "'self' blob:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(response, header="Content-Security-Policy"):
    directives = (part.strip().split(" ", 1) for part in response[header].split(";"))
    return dict(directives)


@pytest.fixture
def public_page(client, home_page):
    return client.get("/")


@pytest.fixture
def private_page(client, applicant):
    client.force_login(applicant)
    return client.get(reverse("accounts:dashboard"))


@pytest.fixture(params=["public_page", "private_page"])
def page(request):
    response = request.getfixturevalue(request.param)
    assert response.status_code == 200
    return response


def test_pages_have_the_strict_content_security_policy(page):
    assert policy(page) == STRICT_POLICY


def test_pages_carry_the_browser_protections(page):
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["X-Frame-Options"] == "DENY"
    assert page["Referrer-Policy"] == "same-origin"
    assert page["Cross-Origin-Opener-Policy"] == "same-origin"


def test_private_pages_are_never_stored(private_page):
    directives = {part.strip() for part in private_page["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives


def test_the_home_page_may_be_stored(public_page):
    assert "no-store" not in public_page.get("Cache-Control", "")


def test_any_page_answered_to_a_signed_in_person_is_not_stored(client, applicant, home_page):
    """Even the public pages show the person's name and unread notifications once signed in."""
    client.force_login(applicant)
    assert "no-store" in client.get("/")["Cache-Control"]


def test_a_view_that_sets_its_own_cache_control_keeps_it(client, applicant):
    client.force_login(applicant)
    assert client.get(reverse("health"))["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_the_admins_get_a_policy_that_allows_their_inline_code_and_nothing_from_elsewhere(client, home_page):
    client.force_login(StaffFactory(is_superuser=True))
    for path in ("/admin/", "/cms/"):
        directives = policy(client.get(path))
        assert directives["script-src"] == directives["style-src"] == "'self' 'unsafe-inline'"
        assert directives["default-src"] == "'self'"
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"


def test_a_policy_with_a_nonce_a_set_or_a_switch_is_written_as_django_csp_writes_it():
    """The middleware hands django-csp each directive's sources as one string; what django-csp treats specially
    (the nonce stand-in, a set, a boolean directive) still comes out as django-csp writes it."""
    directives = {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "img-src": {"data:", SELF},
        "upgrade-insecure-requests": True,
        "block-all-mixed-content": [False],
    }
    written = build_policy(config=as_written(directives), nonce="abc123")
    assert written == build_policy(config=directives, nonce="abc123")
    assert "script-src 'self' 'nonce-abc123'" in written


def test_the_policy_written_once_follows_a_change_of_its_setting(client, home_page, settings):
    """The header is written once per process and policy; changing the policy's setting writes it anew."""
    assert policy(client.get("/"))["img-src"] == "'self' data:"
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "img-src": [SELF, "https://mapas.gob.gt"]}
    }
    assert policy(client.get("/"))["img-src"] == "'self' https://mapas.gob.gt"


def test_private_files_may_be_shown_inside_the_admin_only(client, owned, applicant):
    """Chrome's PDF viewer fails under default-src or object-src, so files only say who may frame them."""
    client.force_login(applicant)
    document = client.get(reverse("requests_app:document", args=[owned.draft.pk, owned.document.pk]))
    assert document["X-Frame-Options"] == "SAMEORIGIN"
    assert policy(document) == {"frame-ancestors": "'self'"}
    evidence = client.get(reverse("accounts:identity_file", args=[owned.verification.pk, "video"]))
    assert policy(evidence) == {"frame-ancestors": "'none'"}
    assert "no-store" in evidence["Cache-Control"]


INLINE_CODE = re.compile(r"<style|\sstyle=|\son[a-z]+=|javascript:", re.I)
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.I)


def assert_no_inline_code(body):
    assert not INLINE_CODE.findall(body)
    for tag in SCRIPT_TAG.findall(body):
        assert " src=" in tag or 'type="application/json"' in tag, tag


APPLICANT_PAGES = sorted(name for name, spec in PRIVATE.items() if spec.get and spec.owner == 200 and not spec.file)


@pytest.mark.parametrize("name", APPLICANT_PAGES)
def test_applicant_pages_have_no_inline_script_or_style(client, owned, applicant, name):
    client.force_login(applicant)
    response = client.get(reverse(name, args=PRIVATE[name].args(owned)))
    assert response.status_code == 200
    assert_no_inline_code(response.content.decode())


def test_public_pages_have_no_inline_script_or_style(client, catalogs):
    pages = ensure_portal_content()
    paths = [
        "/",
        "/buscar/?q=certificación",
        "/cuenta/ingresar/",
        "/cuenta/registro/",
        "/cuenta/recuperar/",
        "/cuenta/recuperar/sin-correo/",
        "/cuenta/confirmar/reenviar/",
        "/no-existe/",
        *(page.url for page in pages.values()),
    ]
    for path in paths:
        assert_no_inline_code(client.get(path).content.decode())


def test_htmx_adds_no_style_element_and_evaluates_no_code(client, applicant):
    client.force_login(applicant)
    body = client.get(reverse("accounts:personal_data")).content.decode()
    assert 'hx-get="/cuenta/municipios/"' in body
    assert '"includeIndicatorStyles": false, "allowEval": false' in body


@override_settings(
    SECURE_SSL_REDIRECT=True,
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_HSTS_PRELOAD=True,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
)
def test_https_only_behind_the_proxy(client, home_page):
    plain = client.get("/cuenta/ingresar/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/cuenta/ingresar/"
    secure = client.get("/cuenta/ingresar/", headers={"X-Forwarded-Proto": "https"})
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def production_environment(**extra):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "CAPTCHA_TEST_MODE"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="servicios.gob.gt",
        CERTIFICATE_TSA_URL="https://tsa.servicios.gob.gt/tsr",
        OIDC_RSA_PRIVATE_KEY=oidc_signing_key(),
        OIDC_PAIRWISE_SALT=secrets.token_urlsafe(32),
        **extra,
    )
    return environment


def oidc_signing_key():
    from oidc.management.commands.make_oidc_key import new_private_key_pem

    return new_private_key_pem().decode()


def run(*command):
    return subprocess.run(
        [sys.executable, *command],
        cwd=settings.BASE_DIR,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_are_https_only_with_secure_cookies():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SECURE_HSTS_PRELOAD, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SESSION_COOKIE_SAMESITE, s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.DEBUG, "
        "'csp.middleware.CSPMiddleware' in s.MIDDLEWARE or 'config.middleware.PortalCSPMiddleware' in s.MIDDLEWARE)"
    )
    result = run("-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "True",
        "True",
        "True",
        "True",
        "Lax",
        "__Host-sessionid",
        "__Host-csrftoken",
        "False",
        "True",
    ]


def test_check_deploy_passes_without_warnings():
    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
