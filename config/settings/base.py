"""Settings shared by every environment.

Everything that differs between machines comes from environment variables;
``dev.py``, ``test.py`` and ``production.py`` only change defaults.
"""

import os
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from import_export.formats.base_formats import CSV, XLSX

from config.observability import init_sentry

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "oidc",  # before oauth2_provider: its templates and admin replace the toolkit's
    "accounts",
    "requests_app",
    "catalogs",
    "cms",
    "core",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.PortalWagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "simple_history",
    "django_fsm",
    "captcha",
    "axes",
    "import_export",
    "oauth2_provider",
    "django_tasks",
    "django_tasks_db",
    "config.apps.PortalAdminConfig",  # django.contrib.admin with config.admin_site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "csp",
    "config.apps.ObservabilityConfig",
]

# Form fields render through templates/django/forms/ (labels, help and errors tied by aria-describedby).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

MIDDLEWARE = [
    "config.observability.RequestIdMiddleware",  # first: every log line of the request carries its id
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.PortalCSPMiddleware",
    "oidc.middleware.SystemsFormActionMiddleware",  # form-action for the forms that return to a system
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.middleware.UploadSizeLimitMiddleware",  # before CSRF, which reads the body
    "django.middleware.csrf.CsrfViewMiddleware",
    "accounts.middleware.AuthenticationMiddleware",  # Django's, the user read at once
    "config.middleware.PrivatePagesNotStoredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.visitor_pages.VisitorPagesMiddleware",  # answers before the rest, after every header is set
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "accounts.middleware.TermsAcceptanceMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "accounts.context_processors.mailbox",
                "cms.context_processors.portal",
                "oidc.context_processors.authorised_systems",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "config.postgresql"  # the health check without a round trip
    # A database that does not answer fails the request (and the health check) in seconds
    # instead of holding a worker until the operating system gives up.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(env("DATABASE_CONNECT_TIMEOUT", "5"))
    # The statements of ``core.prepared`` (run through server-side binding cursors, config.postgresql) are
    # prepared by the server once a connection has run them this many times; Django's other queries bind
    # on the client and are never prepared. Empty: never (a pooler that cannot keep prepared statements).
    prepare_threshold = env("DATABASE_PREPARE_THRESHOLD", "5")
    DATABASES["default"]["OPTIONS"]["prepare_threshold"] = int(prepare_threshold) if prepare_threshold else None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Many readers and one writer without "database is locked" under the dev server.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "accounts.backends.EmailOrCuiBackend"]
LOGIN_URL = "/cuenta/ingresar/"
LOGIN_REDIRECT_URL = "/tablero/"
LOGOUT_REDIRECT_URL = "/"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2  # reset links work for two hours, once

# Login throttling (django-axes): 10 failures for the same username from the same IP
# lock that pair for a while; other people and other addresses are not affected.
# Counted in the database, not in Redis: sign-in throttling keeps working during a Redis outage.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "accounts.security.axes_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

# Real client addresses behind proxies (django-ipware, used by axes and by django-ratelimit
# through accounts.client_ip). TRUSTED_PROXY_COUNT is how many proxies stand in front of the
# app (nginx alone: 1; a load balancer then nginx: 2); each appends the address it received
# from to X-Forwarded-For. AXES_PROXY_COUNT is its former name and still works.


def client_ip_settings(trusted_proxies: int) -> dict:
    """ipware settings for ``trusted_proxies`` proxies; 0 trusts REMOTE_ADDR only."""
    if trusted_proxies <= 0:
        return {
            "AXES_IPWARE_PROXY_ORDER": "left-most",
            "AXES_IPWARE_PROXY_COUNT": None,
            "AXES_IPWARE_META_PRECEDENCE_ORDER": ("REMOTE_ADDR",),
            "IPWARE_STRICT": False,
        }
    return {
        # X-Forwarded-For is "client, proxy1, ..." with the last proxy's own address in
        # REMOTE_ADDR: the client is the entry just before the other trusted proxies, and
        # whatever a client wrote further left is ignored.
        "AXES_IPWARE_PROXY_ORDER": "left-most",
        "AXES_IPWARE_PROXY_COUNT": trusted_proxies - 1,
        "AXES_IPWARE_META_PRECEDENCE_ORDER": ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"),
        "IPWARE_STRICT": False,
    }


TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", env("AXES_PROXY_COUNT", "0")))
_client_ip = client_ip_settings(TRUSTED_PROXY_COUNT)
AXES_IPWARE_PROXY_ORDER = _client_ip["AXES_IPWARE_PROXY_ORDER"]
AXES_IPWARE_PROXY_COUNT = _client_ip["AXES_IPWARE_PROXY_COUNT"]
AXES_IPWARE_META_PRECEDENCE_ORDER = _client_ip["AXES_IPWARE_META_PRECEDENCE_ORDER"]
IPWARE_STRICT = _client_ip["IPWARE_STRICT"]
RATELIMIT_IP_META_KEY = "accounts.client_ip.client_ip"
AXES_VERBOSE = False

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    # Imported CAPE accounts (accounts/legacy.py): checked once, then rehashed to Argon2.
    "accounts.legacy.CapeSHA1PasswordHasher",
    "accounts.legacy.CapeMD5PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "cui", "first_name", "first_surname")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "accounts.validators.PortalPasswordRuleValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "es-gt"
LANGUAGES = [("es-gt", _("Español (Guatemala)"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "America/Guatemala"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Public media: images and documents that editors publish in the CMS.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Private uploads (identity evidence, supporting documents, certificates): never
# served by URL, only streamed by views that check who is asking.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def s3_storages(
    *,
    bucket_name,
    private_bucket_name=None,
    endpoint_url=None,
    region_name=None,
    addressing_style=None,
    public_location="public",
    private_location="private",
    **extra,
):
    """STORAGES entries for S3-compatible object storage (django-storages, boto3).

    Public CMS media (Wagtail images and documents) go under ``public_location`` with plain
    URLs: the bucket policy lets anyone read that prefix only. Private files (identity
    evidence, supporting documents, certificates) go under ``private_location``, optionally
    in another bucket; objects get no ACL (private), nobody reads them from the bucket, and
    views stream them after checking who asks.
    """
    common = {
        "endpoint_url": endpoint_url or None,
        "region_name": region_name or None,
        "addressing_style": addressing_style or None,
        "default_acl": None,
        "file_overwrite": False,
        **extra,
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**common, "bucket_name": bucket_name, "location": public_location, "querystring_auth": False},
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": private_bucket_name or bucket_name,
                "location": private_location,
                "querystring_auth": True,
            },
        },
    }


if env("AWS_STORAGE_BUCKET_NAME"):
    # Credentials come from boto3's usual chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, an
    # instance role...), never from the settings.
    STORAGES.update(
        s3_storages(
            bucket_name=env("AWS_STORAGE_BUCKET_NAME"),
            private_bucket_name=env("AWS_PRIVATE_STORAGE_BUCKET_NAME"),
            endpoint_url=env("AWS_S3_ENDPOINT_URL"),
            region_name=env("AWS_S3_REGION_NAME"),
            addressing_style=env("AWS_S3_ADDRESSING_STYLE"),
            public_location=env("AWS_S3_PUBLIC_LOCATION", "public"),
            private_location=env("AWS_S3_PRIVATE_LOCATION", "private"),
        )
    )

FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

REDIS_URL = env("REDIS_URL")


def redis_caches(url, *, timeout=0.5):
    """Redis for the web nodes, so that an outage slows the site down but breaks nothing.

    ``default`` (cached menus, throttling counters) ignores Redis errors and logs them: a
    read is a miss, a write is skipped. ``sessions`` raises them to ``config.sessions``,
    which keeps sessions in the database and Redis only as a copy. Both give up on an
    unreachable Redis after ``timeout`` seconds, and then leave it alone for
    ``REDIS_RETRY_AFTER`` seconds (``config.redis``) instead of holding every request.
    """
    from config.redis import CircuitBreakerConnection

    options = {
        "SOCKET_CONNECT_TIMEOUT": timeout,
        "SOCKET_TIMEOUT": timeout,
        "CONNECTION_POOL_KWARGS": {"connection_class": CircuitBreakerConnection},
    }
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {**options, "IGNORE_EXCEPTIONS": True},
        },
        "sessions": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {**options, "IGNORE_EXCEPTIONS": False},
        },
    }


REDIS_RETRY_AFTER = float(env("REDIS_RETRY_AFTER", "5"))
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "portal.cache"
# Seconds a session's copy lives in Redis (the database holds the session itself).
SESSION_CACHE_TIMEOUT = int(env("SESSION_CACHE_TIMEOUT", "300"))
if REDIS_URL:
    CACHES = redis_caches(REDIS_URL, timeout=float(env("REDIS_TIMEOUT", "0.5")))
    SESSION_ENGINE = "config.sessions"
    SESSION_CACHE_ALIAS = "sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Throttling counters (django-ratelimit) live in the cache. When it cannot count, each form
# decides (accounts.throttling): forms that send email refuse with a clear message (503),
# the rest let the request through. Sign-in throttling (django-axes) uses the database.
RATELIMIT_FAIL_OPEN = True

# /salud/ reports the task queue as down when a task has waited longer than this (seconds).
HEALTH_QUEUE_MAX_AGE = int(env("HEALTH_QUEUE_MAX_AGE", "600"))

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Portal de Servicios Electrónicos <no-responder@portal.gob.gt>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Background work (emails, certificate generation and signing).
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# db_worker's supervisor: a job RUNNING longer than this lost its worker and is queued again
# (the longest job, signing a certificate, takes seconds); housekeeping runs this often.
TASKS_STALE_AFTER_SECONDS = int(env("TASKS_STALE_AFTER_SECONDS", "300"))
TASKS_MAINTENANCE_INTERVAL_SECONDS = float(env("TASKS_MAINTENANCE_INTERVAL_SECONDS", "30"))
# Certificates En firma longer than this are listed on the admin index as needing attention.
CERTIFICATE_ISSUE_ALERT_MINUTES = int(env("CERTIFICATE_ISSUE_ALERT_MINUTES", "10"))

WAGTAIL_SITE_NAME = "Portal de Servicios Electrónicos"
WAGTAILADMIN_BASE_URL = env("SITE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("es", "Español")]
WAGTAIL_PASSWORD_RESET_ENABLED = False

SIMPLE_HISTORY_REVERT_DISABLED = False
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_FORMATS = [CSV, XLSX]
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# "No soy un robot": django-simple-captcha, images made by the project itself.
CAPTCHA_TEST_MODE = env_bool("CAPTCHA_TEST_MODE", False)  # accepts "PASSED"; refused in production
CAPTCHA_LENGTH = 5
CAPTCHA_TIMEOUT = 10
CAPTCHA_IMAGE_SIZE = (150, 50)
CAPTCHA_FONT_SIZE = 34
CAPTCHA_LETTER_ROTATION = (-25, 25)
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.random_char_challenge"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp, chosen per response by config.middleware.PortalCSPMiddleware).
# The public site and the applicant pages run only the project's own files: scripts and
# styles live in static/, data for scripts goes in data-* attributes or json_script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "media-src": [SELF, "blob:"],  # the identity video's camera preview and recording
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The Django admin and the Wagtail admin ship inline scripts and styles; they are for
# staff only and still load nothing from other origins.
CSP_RELAXED_URL_PREFIXES = ("/admin/", "/cms/")
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "font-src": [SELF, "data:"],
        "frame-src": [SELF],
    }
}
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Logs: one JSON object per line on stderr (python-json-logger) with the request id and, in the
# worker, the task id; LOG_FORMAT=plain for a terminal. Errors also go by email to ADMINS
# ("Nombre <correo>,..."; "correo" alone works) and, when SENTRY_DSN is set, to Sentry.
ADMINS = [parseaddr(item) for item in env_list("ADMINS")]
ADMINS = [(name or address, address) for name, address in ADMINS if address]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "context": {"()": "config.observability.ContextFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s %(task_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601, UTC
        },
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain" if env("LOG_FORMAT", "json") == "plain" else "json",
            "filters": ["context"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["context", "require_debug_false"],
        },
    },
    "root": {"handlers": ["console", "mail_admins"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own records go to the handlers above only once (through the root logger).
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # The portal's own operational lines (access log with request ids, tasks enqueued,
        # retention) stay at INFO even where the root level is WARNING (production).
        "portal": {"level": env("PORTAL_LOG_LEVEL", "INFO")},
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

SENTRY_DSN = env("SENTRY_DSN")
init_sentry(
    SENTRY_DSN,
    environment=env("SENTRY_ENVIRONMENT"),
    release=env("SENTRY_RELEASE"),
    traces=float(env("SENTRY_TRACES_SAMPLE_RATE", "0")),
)

SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

# Retention (manage.py apply_retention, daily): drafts untouched for RETENTION_DRAFT_DAYS are
# deleted with their files, after a casillero notice RETENTION_DRAFT_WARNING_DAYS before; identity
# evidence (DPI images, video) leaves storage RETENTION_IDENTITY_EVIDENCE_DAYS after the decision.
RETENTION_DRAFT_DAYS = int(env("RETENTION_DRAFT_DAYS", "90"))
RETENTION_DRAFT_WARNING_DAYS = int(env("RETENTION_DRAFT_WARNING_DAYS", "7"))
RETENTION_IDENTITY_EVIDENCE_DAYS = int(env("RETENTION_IDENTITY_EVIDENCE_DAYS", "90"))
if min(RETENTION_DRAFT_DAYS, RETENTION_IDENTITY_EVIDENCE_DAYS) < 1 or RETENTION_DRAFT_WARNING_DAYS < 1:
    raise ImproperlyConfigured("Los plazos de retención (RETENTION_*_DAYS) deben ser de al menos un día.")

# Certificate signing (PAdES, pyHanko): one key and certificate per signer, in order, as
# PEM files outside the repository. `python manage.py make_dev_signers` creates
# self-signed ones for development; in production point SIGNING_DIR at the real ones
# (and set CERTIFICATE_<ROLE>_PASSPHRASE when a key is encrypted).
SIGNING_DIR = Path(env("SIGNING_DIR", str(BASE_DIR / "signing")))
CERTIFICATE_SIGNER_ROLES = ("analista", "jefe", "director")


def certificate_signers(signing_dir: Path) -> dict:
    return {
        role: {
            "key": signing_dir / f"{role}.key.pem",
            "cert": signing_dir / f"{role}.cert.pem",
            "passphrase": env(f"CERTIFICATE_{role.upper()}_PASSPHRASE"),
        }
        for role in CERTIFICATE_SIGNER_ROLES
    }


def certificate_tsa(signing_dir: Path) -> dict:
    """The RFC 3161 time-stamping authority; without a URL, the development one from make_dev_signers."""
    return {
        "url": env("CERTIFICATE_TSA_URL", ""),
        "username": env("CERTIFICATE_TSA_USERNAME", ""),
        "password": env("CERTIFICATE_TSA_PASSWORD", ""),
        "key": signing_dir / "tsa.key.pem",
        "cert": signing_dir / "tsa.cert.pem",
    }


def certificate_trust(signing_dir: Path) -> dict:
    """Trust roots and revocation data used to validate signatures when signing and when verifying."""
    return {
        "roots": [signing_dir / "ca.cert.pem", *[Path(path) for path in env_list("CERTIFICATE_TRUST_ROOTS")]],
        "crls": [signing_dir / "ca.crl.pem"],
        "allow_fetching": env_bool("CERTIFICATE_FETCH_REVOCATION", False),
    }


CERTIFICATE_SIGNERS = certificate_signers(SIGNING_DIR)
CERTIFICATE_SIGNING_CA = SIGNING_DIR / "ca.cert.pem"
CERTIFICATE_TSA = certificate_tsa(SIGNING_DIR)
CERTIFICATE_TRUST = certificate_trust(SIGNING_DIR)


# OpenID Connect provider for the authorised systems (django-oauth-toolkit, app `oidc`).
# ID tokens are signed with RS256: the key comes from OIDC_RSA_PRIVATE_KEY (PEM) or the file
# OIDC_RSA_PRIVATE_KEY_FILE; in development `manage.py make_oidc_key` writes SIGNING_DIR/oidc.key.pem.
# During a rotation the previous key (OIDC_RSA_PREVIOUS_KEY, or the file OIDC_RSA_PREVIOUS_KEY_FILE)
# stays published in the JWKS until the tokens it signed have expired.
def read_pem(path) -> str:
    path = Path(path)
    return path.read_text() if path.is_file() else ""


def oidc_keys(signing_dir: Path) -> tuple[str, list[str]]:
    current = env("OIDC_RSA_PRIVATE_KEY") or read_pem(
        env("OIDC_RSA_PRIVATE_KEY_FILE", str(signing_dir / "oidc.key.pem"))
    )
    previous = env("OIDC_RSA_PREVIOUS_KEY") or read_pem(
        env("OIDC_RSA_PREVIOUS_KEY_FILE", str(signing_dir / "oidc.previous.key.pem"))
    )
    return current, [previous] if previous else []


OAUTH2_PROVIDER_APPLICATION_MODEL = "oidc.AuthorisedSystem"
_oidc_key, _oidc_previous_keys = oidc_keys(SIGNING_DIR)
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": _oidc_key,
    "OIDC_RSA_PRIVATE_KEYS_INACTIVE": _oidc_previous_keys,
    "OIDC_ISS_ENDPOINT": env("OIDC_ISSUER", ""),  # e.g. https://portal.gob.gt; empty: the request's host
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": True,
    "OIDC_RP_INITIATED_LOGOUT_STRICT_REDIRECT_URIS": True,
    "OIDC_RESPONSE_TYPES_SUPPORTED": ["code"],
    "OIDC_SUBJECT_TYPES_SUPPORTED": ["pairwise"],
    "OAUTH2_VALIDATOR_CLASS": "oidc.validators.PortalOAuth2Validator",
    "SCOPES_BACKEND_CLASS": "oidc.scopes.PortalScopes",
    "APPLICATION_ADMIN_CLASS": "oidc.admin.AuthorisedSystemAdmin",
    "PKCE_REQUIRED": True,  # public clients always; confidential ones when they send a challenge (validators.py)
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,  # S256 only
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,  # `iss` in the authorization response (RFC 9207)
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,  # only a SHA-256 checksum of each token is stored
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 60,
    "ACCESS_TOKEN_EXPIRE_SECONDS": 300,
    "ID_TOKEN_EXPIRE_SECONDS": 300,
    "REFRESH_TOKEN_EXPIRE_SECONDS": 60 * 60 * 8,
    "ROTATE_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    "REQUEST_APPROVAL_PROMPT": "force",  # the portal's own consent records decide (oidc.views)
}
OIDC_PAIRWISE_SALT = env("OIDC_PAIRWISE_SALT", "")  # empty: derived from SECRET_KEY (set it so a key change keeps sub)
OIDC_TOKEN_RATE = env("OIDC_TOKEN_RATE", "60/m")  # token endpoint requests per IP
