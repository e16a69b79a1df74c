"""The test suite: fast hashing, in-memory email, immediate tasks, isolated files."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import certificate_signers, certificate_trust, certificate_tsa, env

DEBUG = False
SECRET_KEY = "test-only-key-not-secret-4b8d1e6f0a2c9e7b5d3f1a8c6e4b2d0f"  # noqa: S105
ALLOWED_HOSTS = ["*"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run at once in the test process; a test that starts a real db_worker process sets TASKS_BACKEND.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}
CAPTCHA_TEST_MODE = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"  # tests/ops switch to Redis themselves

# A process started by a test (a db_worker) gets the test process's folders through PORTAL_TEST_DIR.
_tmp = Path(env("PORTAL_TEST_DIR") or tempfile.mkdtemp(prefix="portal-test-"))
MEDIA_ROOT = _tmp / "media"
PRIVATE_MEDIA_ROOT = _tmp / "private"
# Development signers are made here by the tests (make_dev_signers), never in the repository.
SIGNING_DIR = _tmp / "signing"
CERTIFICATE_SIGNERS = certificate_signers(SIGNING_DIR)
CERTIFICATE_SIGNING_CA = SIGNING_DIR / "ca.cert.pem"
CERTIFICATE_TSA = certificate_tsa(SIGNING_DIR)
CERTIFICATE_TRUST = certificate_trust(SIGNING_DIR)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if env("DATABASE_URL", "").startswith("postgres"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", "test_portal")}

# Static files straight from the app folders (no collectstatic outside production).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# OpenID Connect: a signing key made for this run; relying parties on loopback http.
from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: E402

OAUTH2_PROVIDER = {
    **OAUTH2_PROVIDER,
    "OIDC_RSA_PRIVATE_KEY": rsa.generate_private_key(public_exponent=65537, key_size=2048)
    .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    .decode(),
    "OIDC_RSA_PRIVATE_KEYS_INACTIVE": [],
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],
}
