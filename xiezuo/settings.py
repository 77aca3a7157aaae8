"""Settings for xiezuo, read from environment variables (see docs/OPERATIONS.md).

Nothing set: a demo/development instance on SQLite under ./var.
XIEZUO_PRODUCTION=1: refuses to start with DEBUG on or without a real secret key.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from xiezuo.core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("XIEZUO_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

PRODUCTION = env_bool("XIEZUO_PRODUCTION", False)
DEBUG = env_bool("XIEZUO_DEBUG", False)
# Demo mode (the default outside production): the demo data and its shared password may be
# used, and administrators need no second factor. Production refuses it.
DEMO = env_bool("XIEZUO_DEMO", not PRODUCTION)

INSECURE_SECRETS = {"", "change-me", "secret", "xiezuo", "django-insecure"}


def _secret_key() -> str:
    key = env_str("XIEZUO_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        return ""
    # Development and demo: one random key per installation, kept under var/.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        # written whole under another name, then linked into place: processes starting
        # together (test workers, app servers) all read the one key that won, never half of it
        draft = path.with_name(f"secret_key.{os.getpid()}.{secrets.token_hex(4)}")
        draft.write_text(secrets.token_urlsafe(50))
        draft.chmod(0o600)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


SECRET_KEY = _secret_key()

if PRODUCTION:
    if DEMO:
        raise ImproperlyConfigured("XIEZUO_PRODUCTION=1 refuses XIEZUO_DEMO=1 (the demo's "
                                   "shared password and optional second factor).")
    if DEBUG:
        raise ImproperlyConfigured("XIEZUO_PRODUCTION=1 refuses to run with XIEZUO_DEBUG on.")
    if SECRET_KEY.lower() in INSECURE_SECRETS or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "XIEZUO_PRODUCTION=1 needs XIEZUO_SECRET_KEY set to a random value of 32+ characters."
        )

ALLOWED_HOSTS = env_list("XIEZUO_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("XIEZUO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "xiezuo.core",
    "xiezuo.accounts",
    "xiezuo.regions",
    "xiezuo.pairings",
    "xiezuo.ledgers",
    "xiezuo.projects",
    "xiezuo.funds",
    "xiezuo.people",
    "xiezuo.labour",
    "xiezuo.consumption",
    "xiezuo.industry",
    "xiezuo.social",
    "xiezuo.meetings",
    "xiezuo.indicators",
    "xiezuo.assessment",
    "xiezuo.news",
    "xiezuo.transfer",
    "xiezuo.sheets",
    "xiezuo.checklists",
    "xiezuo.situation",
    "xiezuo.reporting",
    "xiezuo.notices",
    "xiezuo.delivery",
    "xiezuo.opendata",
    "ninja",
    "xiezuo.api",
]
#: apps an installation adds (a ledger of its own is one app: its declaration does the rest)
INSTALLED_APPS += env_list("XIEZUO_EXTRA_APPS", [])

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "xiezuo.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "xiezuo.core.locale.ChineseFirstLocaleMiddleware",
    "xiezuo.core.middleware.NulRefusalMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "xiezuo.core.dbrouter.ReadYourWritesMiddleware",
    "xiezuo.accounts.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "xiezuo.core.middleware.ActorMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "xiezuo.accounts.middleware.AccountGateMiddleware",
    # last: turns a locked-out login into the lockout page (xiezuo/accounts/lockout.py)
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "xiezuo.urls"
WSGI_APPLICATION = "xiezuo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "xiezuo.nav.shell",
            ],
        },
    },
]
# Django's widget templates, the plainest of them written in Python (xiezuo/core/renderers.py)
FORM_RENDERER = "xiezuo.core.renderers.FormRenderer"


def _database() -> dict[str, object]:
    url = env_str("XIEZUO_DATABASE_URL")
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "xiezuo.sqlite3"),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    return _postgres("XIEZUO_DATABASE_URL", url)


def _postgres(name: str, url: str) -> dict[str, Any]:
    from urllib.parse import unquote, urlparse

    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"{name} must be postgresql://user:password@host:port/name, not {url!r}"
        )
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")) or "xiezuo",
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        "CONN_MAX_AGE": env_int("XIEZUO_DB_CONN_MAX_AGE", 60),
        "TEST": {"NAME": env_str("XIEZUO_TEST_DATABASE_NAME") or None},
    }


DATABASES = {"default": _database()}
# A streaming replica of the primary (docs/SCALE.md): dashboards, exports and the API's reads
# go to it (xiezuo/core/dbrouter.py) unless it is down, behind by more than the bounds, or the
# person changed something in the last REPLICA_PIN_SECONDS.
PRIMARY_DATABASE = "default"
REPLICA_DATABASE = ""
if env_str("XIEZUO_REPLICA_URL"):
    REPLICA_DATABASE = "replica"
    DATABASES[REPLICA_DATABASE] = {
        **_postgres("XIEZUO_REPLICA_URL", env_str("XIEZUO_REPLICA_URL")),
        "OPTIONS": {"connect_timeout": env_int("XIEZUO_REPLICA_CONNECT_TIMEOUT", 2)},
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["xiezuo.core.dbrouter.ReplicaRouter"]
REPLICA_MAX_LAG_SECONDS = env_int("XIEZUO_REPLICA_MAX_LAG_SECONDS", 30)
REPLICA_MAX_LAG_BYTES = env_int("XIEZUO_REPLICA_MAX_LAG_BYTES", 16 * 1_048_576)
REPLICA_CHECK_SECONDS = env_int("XIEZUO_REPLICA_CHECK_SECONDS", 5)
REPLICA_PIN_SECONDS = env_int("XIEZUO_REPLICA_PIN_SECONDS", 10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# The password policy (xiezuo/accounts/passwords.py): 10+ characters of three kinds, not one
# of the last five, not the demo's outside demo mode; a lifetime in days (0: no expiry).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "xiezuo.accounts.passwords.CharacterClassesValidator"},
    {"NAME": "xiezuo.accounts.passwords.HistoryValidator"},
    {"NAME": "xiezuo.accounts.passwords.NotDemoPasswordValidator"},
]
PASSWORD_MAX_AGE_DAYS = env_int("XIEZUO_PASSWORD_MAX_AGE_DAYS", 0 if DEMO else 90)
# TOTP second factor (django-otp) for office and national administrators.
OTP_REQUIRED = env_bool("XIEZUO_OTP_REQUIRED", not DEMO)
OTP_TOTP_ISSUER = env_str("XIEZUO_OTP_ISSUER", "xiezuo")

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Login lockout (django-axes, xiezuo/accounts/lockout.py): failed logins allowed per account
# and, separately, per client address within the window (seconds), which is also how long a
# lock lasts unless an administrator lifts it.
LOGIN_FAILURE_LIMIT = env_int("XIEZUO_LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("XIEZUO_LOGIN_ADDRESS_FAILURE_LIMIT", 30)
LOGIN_FAILURE_WINDOW = env_int("XIEZUO_LOGIN_FAILURE_WINDOW", 15 * 60)
# The client address: REMOTE_ADDR, or the header a reverse proxy sets (X-Forwarded-For,
# X-Real-IP), honoured only on requests that come from one of the trusted proxies.
CLIENT_IP_HEADER = env_str("XIEZUO_CLIENT_IP_HEADER", "")
TRUSTED_PROXIES = frozenset(env_list("XIEZUO_TRUSTED_PROXIES", ["127.0.0.1", "::1"]))
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "xiezuo.accounts.lockout.SeparateLimits"
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = dt.timedelta(seconds=LOGIN_FAILURE_WINDOW)
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "xiezuo.accounts.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "xiezuo.accounts.lockout.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A session ends after SESSION_AGE (absolute, from sign-in) or after SESSION_IDLE seconds
# without a request, whichever comes first (xiezuo/core/middleware.py IdleTimeoutMiddleware).
SESSION_COOKIE_AGE = env_int("XIEZUO_SESSION_AGE", 8 * 3600)
SESSION_IDLE_TIMEOUT = env_int("XIEZUO_SESSION_IDLE", 30 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Permissions-Policy: the browser features no page of the platform uses, turned off.
PERMISSIONS_POLICY = ("accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
                      "magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()")
# Content-Security-Policy (django-csp): scripts, styles, images and data from the platform
# itself only; no inline script or style anywhere (templates load static files), no eval,
# no plugins, no framing. Chart tooltips are drawn on the canvas, not as HTML.
CONTENT_SECURITY_POLICY: dict[str, dict[str, Any]] = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
if PRODUCTION:
    # Behind HTTPS: cookies only over it, plain HTTP redirected, browsers told to come back
    # over HTTPS for a year (XIEZUO_HSTS_SECONDS=0 turns that off, e.g. while trying it out).
    SESSION_COOKIE_SECURE = env_bool("XIEZUO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("XIEZUO_HTTPS_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("XIEZUO_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("XIEZUO_HSTS_SUBDOMAINS", False)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

# Caches. With XIEZUO_REDIS_URL (redis://host:6379/0) both live in Redis, shared by every app
# server. Without it: "default" (API rate limits, small per-request memos) is each process's
# own memory — never a database write per request — and "shared" (dashboards filled ahead by
# `xiezuo warm_dashboards` for every process) is the database cache table.
REDIS_URL = env_str("XIEZUO_REDIS_URL", "")
if REDIS_URL:
    _redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    CACHES: dict[str, dict[str, Any]] = {"default": {**_redis, "KEY_PREFIX": "xiezuo"},
              "shared": {**_redis, "KEY_PREFIX": "xiezuo-shared"}}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                    "LOCATION": "xiezuo", "OPTIONS": {"MAX_ENTRIES": 10_000}},
        "shared": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                   "LOCATION": "xiezuo_cache"},
    }

# Background jobs: Django's Tasks interface (the django-tasks backport), kept in the database
# (django-tasks-db): `xiezuo db_worker` on any number of machines runs them; a job is taken by
# one worker only (row locks). XIEZUO_TASKS_BACKEND=immediate runs them in the request instead
# (a one-process trial).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if env_str("XIEZUO_TASKS_BACKEND", "database") == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "xiezuo" / "locale"]
TIME_ZONE = env_str("XIEZUO_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("XIEZUO_STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("XIEZUO_MEDIA_ROOT", str(VAR_DIR / "media")))


def _file_storage() -> dict[str, Any]:
    """Uploaded files: a Django storage every app server shares (docs/SCALE.md). Default: the
    file system under XIEZUO_MEDIA_ROOT (one machine, or a volume mounted on every server).
    XIEZUO_STORAGE_BACKEND names another storage class (an S3-compatible bucket:
    storages.backends.s3.S3Storage from the optional django-storages), XIEZUO_STORAGE_OPTIONS
    its options as a JSON object."""
    import json

    backend = env_str("XIEZUO_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")
    raw = env_str("XIEZUO_STORAGE_OPTIONS", "")
    try:
        options = json.loads(raw) if raw.strip() else {}
    except ValueError as exc:
        raise ImproperlyConfigured(f"XIEZUO_STORAGE_OPTIONS must be a JSON object: {exc}") from exc
    if not isinstance(options, dict):
        raise ImproperlyConfigured("XIEZUO_STORAGE_OPTIONS must be a JSON object")
    return {"BACKEND": backend, "OPTIONS": options}


STORAGES = {
    "default": _file_storage(),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# E-mail: an SMTP server when XIEZUO_EMAIL_HOST is set (the console otherwise).
EMAIL_HOST = env_str("XIEZUO_EMAIL_HOST", "")
EMAIL_BACKEND = env_str("XIEZUO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
                        if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = EMAIL_HOST or "localhost"
EMAIL_PORT = env_int("XIEZUO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("XIEZUO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("XIEZUO_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("XIEZUO_EMAIL_TLS", False)
EMAIL_USE_SSL = env_bool("XIEZUO_EMAIL_SSL", False)
EMAIL_TIMEOUT = env_int("XIEZUO_EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("XIEZUO_EMAIL_FROM", "xiezuo@localhost")

# Notifications beyond the in-app list (xiezuo.delivery): links in them start with the
# site's address; a failed delivery is tried again after 1, 4, 16 … minutes, at most
# XIEZUO_DELIVERY_ATTEMPTS times.
XIEZUO_SITE_URL = env_str("XIEZUO_SITE_URL", "")
XIEZUO_DELIVERY_ATTEMPTS = env_int("XIEZUO_DELIVERY_ATTEMPTS", 5)
XIEZUO_DELIVERY_BACKOFF = env_int("XIEZUO_DELIVERY_BACKOFF", 60)
XIEZUO_WEBHOOK_TIMEOUT = env_int("XIEZUO_WEBHOOK_TIMEOUT", 10)
# the hosts a robot's webhook may name (企业微信, 钉钉): nothing else is ever posted to
XIEZUO_WEBHOOK_HOSTS = env_list("XIEZUO_WEBHOOK_HOSTS",
                                ["qyapi.weixin.qq.com", "oapi.dingtalk.com"])
# The scheduler (`xiezuo schedule`): overdue reminders daily from this hour; last month's
# situation report drafted from this day of the month; the assessment re-run nightly in
# these months, from this hour.
XIEZUO_OVERDUE_HOUR = env_int("XIEZUO_OVERDUE_HOUR", 8)
XIEZUO_SITUATION_DAY = env_int("XIEZUO_SITUATION_DAY", 3)
XIEZUO_ASSESSMENT_MONTHS = [int(m) for m in env_list("XIEZUO_ASSESSMENT_MONTHS", ["12", "1"])]
XIEZUO_ASSESSMENT_HOUR = env_int("XIEZUO_ASSESSMENT_HOUR", 1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal": {"()": "xiezuo.core.logging.MaskPersonalDataFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_personal"]},
    },
    "root": {"handlers": ["console"], "level": env_str("XIEZUO_LOG_LEVEL", "WARNING")},
    # Django's own loggers (requests, the development server's access log) write through the
    # same masked handler instead of Django's default ones, which do not mask.
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Attachments: allowed types and the largest upload, in bytes.
ATTACHMENT_TYPES = set(env_list("XIEZUO_ATTACHMENT_TYPES",
                                ["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx",
                                 "ofd", "wps"]))
ATTACHMENT_MAX_BYTES = env_int("XIEZUO_ATTACHMENT_MAX_MB", 20) * 1_048_576
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1_048_576
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1_048_576
# Money allocated to a project and not spent after this many months counts as idle (滞留).
IDLE_FUNDS_MONTHS = env_int("XIEZUO_IDLE_FUNDS_MONTHS", 6)
FILTERS_EMPTY_CHOICE_LABEL = _("全部")
# Import and export (xiezuo.transfer): the largest upload, the most it may unpack to (zip
# bombs stop there), and the size up to which an upload is read at once instead of queued
# for `xiezuo db_worker`; lists longer than EXPORT_INLINE_ROWS export as a background job.
IMPORT_MAX_BYTES = env_int("XIEZUO_IMPORT_MAX_MB", 30) * 1_048_576
IMPORT_MAX_UNPACKED_BYTES = env_int("XIEZUO_IMPORT_MAX_UNPACKED_MB", 400) * 1_048_576
IMPORT_INLINE_BYTES = env_int("XIEZUO_IMPORT_INLINE_KB", 256) * 1024
#: seconds a running import or export may stay silent before its worker counts as stopped
TRANSFER_JOB_TIMEOUT = env_int("XIEZUO_JOB_TIMEOUT", 600)
#: runs of a job whose worker stopped each time before it is marked failed
TRANSFER_JOB_ATTEMPTS = env_int("XIEZUO_JOB_ATTEMPTS", 3)
EXPORT_INLINE_ROWS = env_int("XIEZUO_EXPORT_INLINE_ROWS", 10_000)
# Open data (xiezuo.opendata): the publisher's IATI organisation identifier (e.g.
# CN-USCC-<统一社会信用代码>) and name; the default is a placeholder to be replaced.
OPENDATA_IATI_ORG_ID = env_str("XIEZUO_IATI_ORG_ID", "XZ-PLACEHOLDER")
OPENDATA_IATI_ORG_NAME = env_str("XIEZUO_IATI_ORG_NAME", "东西部协作信息平台")
# The audit log's hash chain (xiezuo/core/chain.py): the HMAC key. Empty: derived from the
# secret key. Keep it (like the secret key) apart from the database and its backups.
AUDIT_KEY = env_str("XIEZUO_AUDIT_KEY", "")
# API tokens (xiezuo.api): lifetime of a new token in days, and requests per token a minute.
API_TOKEN_DAYS = env_int("XIEZUO_API_TOKEN_DAYS", 365)
API_RATE_LIMIT = env_int("XIEZUO_API_RATE_LIMIT", 120)
