"""Accord settings, read from environment variables.

Every setting a deployment may need to change is an ACCORD_* (or DATABASE_URL) variable; the
defaults make `make run` work on a fresh machine with SQLite.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from accord.config.api_settings import REST_FRAMEWORK, SPECTACULAR_SETTINGS  # noqa: F401

# Tests import cache_settings and oidc_providers from here too.
from accord.config.environment import (
    api_rate,
    cache_settings,
    env_bool,
    env_list,
    oidc_providers,
)

# The package folder (accord/) and, for a checkout, the repository around it: var/ defaults to
# the checkout's own folder; an installed deployment sets ACCORD_VAR_DIR.
PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(os.environ.get("ACCORD_VAR_DIR", BASE_DIR / "var"))


TESTING = "pytest" in sys.modules or os.environ.get("ACCORD_TESTING") == "1"
DEBUG = env_bool("ACCORD_DEBUG", False)

SECRET_KEY = os.environ.get("ACCORD_SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        # A development-only key: production refuses to start without ACCORD_SECRET_KEY.
        SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"
    else:
        raise ImproperlyConfigured("Set ACCORD_SECRET_KEY (or ACCORD_DEBUG=1 for local work).")

ALLOWED_HOSTS = env_list("ACCORD_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("ACCORD_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "accord.core",
    "accord.people",
    "accord.portfolio",
    "accord.notifications",
    "accord.knowledge",
    "accord.health",
    "accord.governance",
    "accord.contracts",
    "accord.value",
    "accord.correspondence",
    "accord.reporting",
]

MIDDLEWARE = [
    "accord.core.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "accord.core.middleware.NullCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accord.core.scoping.CurrentUserMiddleware",
    "accord.people.middleware.ReaderLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accord.core.middleware.SessionLifetimeMiddleware",
    "accord.core.middleware.LoginRequiredMiddleware",
    "accord.people.middleware.MfaRequiredMiddleware",
    "accord.core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "accord.config.urls"
WSGI_APPLICATION = "accord.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accord.core.context_processors.accord",
            ],
        },
    },
]

# Django's form renderer, with drop-downs built without a template per option (core.forms).
FORM_RENDERER = "accord.core.forms.FormRenderer"

# --- Database -------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'accord.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # The web server and the task worker write to the same file: WAL lets readers go on
        # while one writes, and IMMEDIATE transactions fail fast instead of deadlocking.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use a file, not Django's shared in-memory database: concurrency tests (login
    # throttling, the audit chain) run real parallel connections, which shared-cache memory
    # databases refuse with "table is locked" instead of waiting, and backup tests need a file.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-accord.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL compiles a query to machine code (JIT) when its estimated cost is high: right
    # for reports that scan millions of rows, wrong for a page's counts, where compiling took
    # 0.8 s of a 0.83 s query (the dashboard's overdue obligations on big pharma).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "accord.people.adapters.AccordAccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
# Administrators manage accounts' addresses: nobody adds a second email to sign in with.
ACCOUNT_MAX_EMAIL_ADDRESSES = 1

SESSION_COOKIE_AGE = int(os.environ.get("ACCORD_SESSION_IDLE_SECONDS", 30 * 60))
# Renewed once a minute at most, not saved on every request (accord.core.sessions).
SESSION_ENGINE = "accord.core.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# However active, a session ends this long after sign-in (accord.core.middleware).
ACCORD_SESSION_MAX_SECONDS = int(os.environ.get("ACCORD_SESSION_MAX_SECONDS", 12 * 60 * 60))

# Login throttling: failed sign-ins per account (email) in a sliding window, counted in the
# database so that it holds across web server processes (accord.people.throttling).
ACCORD_LOGIN_MAX_FAILURES = int(os.environ.get("ACCORD_LOGIN_MAX_FAILURES", 10))
ACCORD_LOGIN_WINDOW_SECONDS = int(os.environ.get("ACCORD_LOGIN_WINDOW_SECONDS", 15 * 60))
if TESTING:
    # allauth's own per-IP limits live in each process's cache and would leak from one test
    # into the next (every test client is 127.0.0.1); the database throttle stays on.
    ACCOUNT_RATE_LIMITS = False

# --- Multi-factor authentication ------------------------------------------------------------
# People in these roles must enrol an authenticator app (TOTP) before they can do anything,
# and everyone who has enrolled passes the TOTP step at each sign-in. Production default:
# admins and leaders. Development (`make run`) and the tests default to none so that the demo
# works without an authenticator app; set ACCORD_MFA_REQUIRED_ROLES to try it.
ACCORD_MFA_REQUIRED_ROLES = env_list(
    "ACCORD_MFA_REQUIRED_ROLES", "" if (DEBUG or TESTING) else "admin,leader"
)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("ACCORD_MFA_ISSUER", "Accord")
MFA_RECOVERY_CODE_COUNT = 10
MFA_ADAPTER = "accord.people.adapters.AccordMFAAdapter"

# TOTP secrets (and the recovery codes' seed) are encrypted at rest with these Fernet keys
# (accord.people.encryption), comma-separated: the first encrypts, all decrypt, so a new key
# goes first and the old one stays while secrets encrypted with it remain. Kept apart from the
# database and its backups. Development and the tests derive one from the secret key;
# production has none until it is set (`accord check --deploy` warns).
ACCORD_FIELD_ENCRYPTION_KEYS = env_list("ACCORD_FIELD_ENCRYPTION_KEY")
ACCORD_FIELD_ENCRYPTION_KEY_DERIVED = not ACCORD_FIELD_ENCRYPTION_KEYS and (DEBUG or TESTING)
if ACCORD_FIELD_ENCRYPTION_KEY_DERIVED:
    import base64
    import hashlib

    ACCORD_FIELD_ENCRYPTION_KEYS = [
        base64.urlsafe_b64encode(
            hashlib.sha256(f"accord-field-encryption:{SECRET_KEY}".encode()).digest()
        ).decode()
    ]

# --- Single sign-on (optional) --------------------------------------------------------------
# OpenID Connect (e.g. Microsoft Entra ID) is switched on by setting the three variables below;
# it signs in existing accounts by their email address and never creates accounts.
SOCIALACCOUNT_ADAPTER = "accord.people.adapters.AccordSocialAccountAdapter"
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
# Someone who signs in only through the identity provider signs records (minutes approval,
# e-signatures) after signing in there again (prompt=login): that re-authentication counts
# for this long (accord.people.reauth).
ACCORD_SSO_REAUTH_SECONDS = int(os.environ.get("ACCORD_SSO_REAUTH_SECONDS", 5 * 60))


SOCIALACCOUNT_PROVIDERS = oidc_providers()

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
# The languages Accord ships (accord/locale/), each user choosing theirs (Settings); a visitor
# not signed in (sign-in page, survey links) gets the browser's. Every catalog is complete:
# accord/core/tests/test_translations.py fails on an untranslated or fuzzy message.
LANGUAGES = [
    ("en-gb", "English"),
    ("de", "Deutsch"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("zh-hans", "简体中文"),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("ACCORD_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    # Uploaded files (see "Uploaded files" below): the local folder, or S3 when configured.
    "default": {"BACKEND": "accord.core.storage.LocalFilesStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security headers -----------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True
# The Content-Security-Policy of every page (accord.core.middleware.SecurityHeadersMiddleware):
# scripts and styles only from our own static files, never inline; the QR code of the
# authenticator enrolment is a data: image. The Django admin gets the same policy.
ACCORD_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    # Single sign-on posts to our own URL, which redirects to the identity provider.
    "form-action": ["'self'", *env_list("ACCORD_CSP_FORM_ACTION")],
}
if SOCIALACCOUNT_PROVIDERS:
    from urllib.parse import urlsplit

    _idp = urlsplit(SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]["settings"]["server_url"])
    ACCORD_CSP["form-action"].append(f"{_idp.scheme}://{_idp.netloc}")
ACCORD_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("ACCORD_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("ACCORD_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto (opt in: trusting the header
    # without such a proxy would let clients fake HTTPS).
    if env_bool("ACCORD_BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- API ------------------------------------------------------------------------------------
# --- API rate limits --------------------------------------------------------------------------
# (REST_FRAMEWORK and SPECTACULAR_SETTINGS: accord.config.api_settings.)
# Requests per person (any token or session) and failed authentications per address, counted in
# the default cache (shared between processes when ACCORD_CACHE_URL names one). Off in tests
# unless a test sets them; "" or "off" turns a limit off.
ACCORD_API_RATE_USER = api_rate(
    "ACCORD_API_RATE_USER",
    os.environ.get("ACCORD_API_RATE_USER", "" if TESTING else "1000/hour"),
)
ACCORD_API_RATE_ANON = api_rate(
    "ACCORD_API_RATE_ANON",
    os.environ.get("ACCORD_API_RATE_ANON", "" if TESTING else "100/hour"),
)

# --- Uploaded files --------------------------------------------------------------------------
# Outside the web root and never served directly: only through views that check access.
ACCORD_FILES_ROOT = Path(os.environ.get("ACCORD_FILES_ROOT", VAR_DIR / "files"))
ACCORD_MAX_UPLOAD_MB = int(os.environ.get("ACCORD_MAX_UPLOAD_MB", 25))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Several machines share an S3-compatible bucket instead of the local folder. Objects stay
# private: every download streams through the app's access check, never a bucket URL.
ACCORD_S3_BUCKET = os.environ.get("ACCORD_S3_BUCKET", "")
if ACCORD_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": ACCORD_S3_BUCKET,
            "endpoint_url": os.environ.get("ACCORD_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("ACCORD_S3_REGION") or None,
            # Unset: boto3's own chain (instance role, AWS_* variables, ~/.aws).
            "access_key": os.environ.get("ACCORD_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("ACCORD_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("ACCORD_S3_PREFIX", "").strip("/"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": True,  # names are fresh UUIDs: no existence check needed
        },
    }

# --- Backups ---------------------------------------------------------------------------------
# `accord backup` signs its manifest (HMAC-SHA256) with this key and `accord restore` refuses a
# backup whose signature does not verify. Unset, a key is derived from SECRET_KEY
# (accord.core.backup.signing_key): set it so that backups outlive a secret-key rotation.
ACCORD_BACKUP_SIGNING_KEY = os.environ.get("ACCORD_BACKUP_SIGNING_KEY", "")

# --- Background work ------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

# Periodic jobs (accord.core.scheduling): a failed run is retried this many times, after 1, 4,
# 16… minutes, then the administrators are notified.
ACCORD_JOB_RETRIES = int(os.environ.get("ACCORD_JOB_RETRIES", 3))
# /healthz reports the task queue unhealthy when a ready task has waited longer than this.
ACCORD_HEALTH_MAX_TASK_WAIT_MINUTES = int(os.environ.get("ACCORD_HEALTH_MAX_TASK_WAIT_MINUTES", 15))
# Housekeeping (accord.core.tasks and people.prune_login_attempts): what is kept, in days.
# Notifications are kept longer than any reminder cycle, since their dedupe keys are what
# stops a reminder from being sent again.
ACCORD_RETENTION_TASK_RESULTS_DAYS = int(os.environ.get("ACCORD_RETENTION_TASK_RESULTS_DAYS", 30))
ACCORD_RETENTION_SCHEDULED_RUNS_DAYS = int(
    os.environ.get("ACCORD_RETENTION_SCHEDULED_RUNS_DAYS", 90)
)
ACCORD_RETENTION_LOGIN_ATTEMPTS_DAYS = int(
    os.environ.get("ACCORD_RETENTION_LOGIN_ATTEMPTS_DAYS", 90)
)
ACCORD_RETENTION_NOTIFICATIONS_DAYS = int(
    os.environ.get("ACCORD_RETENTION_NOTIFICATIONS_DAYS", 400)
)

# --- Cache ----------------------------------------------------------------------------------
# Everything several processes must agree on lives here: allauth's rate limits, TOTP replay
# protection, re-authentication counters, API throttles. Default: a table in the database
# (created by `accord migrate`), shared by every process on every machine that uses the same
# database; redis://host:6379/0 for Redis. A per-process memory cache (locmem://) would let
# each web server process keep its own counters, so production refuses it.
ACCORD_CACHE_URL = os.environ.get("ACCORD_CACHE_URL", "locmem://" if TESTING else "db://")


CACHES = {"default": cache_settings(ACCORD_CACHE_URL, allow_memory=DEBUG or TESTING)}

# --- Email ----------------------------------------------------------------------------------
# A sender's claim on notifications it is emailing (accord.notifications.actions) lapses after
# this long without progress, so another worker takes over from one that died.
ACCORD_EMAIL_CLAIM_MINUTES = int(os.environ.get("ACCORD_EMAIL_CLAIM_MINUTES", 15))
EMAIL_BACKEND = os.environ.get(
    "ACCORD_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("ACCORD_EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("ACCORD_EMAIL_PORT", 25))
# An authenticated relay (Microsoft 365, Google Workspace, a company relay): STARTTLS on 587
# (ACCORD_EMAIL_USE_TLS=1) or implicit TLS on 465 (ACCORD_EMAIL_USE_SSL=1), never both.
EMAIL_HOST_USER = os.environ.get("ACCORD_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("ACCORD_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("ACCORD_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("ACCORD_EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set ACCORD_EMAIL_USE_TLS or ACCORD_EMAIL_USE_SSL, not both.")
EMAIL_TIMEOUT = int(os.environ.get("ACCORD_EMAIL_TIMEOUT", 30))
DEFAULT_FROM_EMAIL = os.environ.get("ACCORD_FROM_EMAIL", "accord@localhost")
# Links in emails and calendar feeds point here.
ACCORD_BASE_URL = os.environ.get("ACCORD_BASE_URL", "http://127.0.0.1:8000")

# --- Receiving email (accord.correspondence) --------------------------------------------------
# Addresses are <kind>-<token>@ACCORD_MAILIN_DOMAIN. `accord mail-in` listens for SMTP (an MX or
# a relay delivers to it); `accord mail-poll` reads an IMAP mailbox instead. Either, both or
# neither: `accord serve` starts each one that is configured.
ACCORD_MAILIN_DOMAIN = os.environ.get("ACCORD_MAILIN_DOMAIN", "accord.invalid").strip().lower()
ACCORD_MAILIN_HOST = os.environ.get("ACCORD_MAILIN_HOST", "")
ACCORD_MAILIN_PORT = int(os.environ.get("ACCORD_MAILIN_PORT", 2525))
ACCORD_MAILIN_MAX_MB = int(os.environ.get("ACCORD_MAILIN_MAX_MB", 25))
ACCORD_MAILIN_MAX_PARTS = int(os.environ.get("ACCORD_MAILIN_MAX_PARTS", 100))
ACCORD_MAILIN_MAX_DEPTH = int(os.environ.get("ACCORD_MAILIN_MAX_DEPTH", 5))
ACCORD_MAILIN_TLS_CERT = os.environ.get("ACCORD_MAILIN_TLS_CERT", "")
ACCORD_MAILIN_TLS_KEY = os.environ.get("ACCORD_MAILIN_TLS_KEY", "")
# The authserv-id of the relay whose Authentication-Results header is believed (e.g.
# "mx.example.com"); empty: the header is ignored (anyone can write one).
ACCORD_MAILIN_TRUSTED_AUTHSERV = os.environ.get("ACCORD_MAILIN_TRUSTED_AUTHSERV", "").strip()
ACCORD_IMAP_HOST = os.environ.get("ACCORD_IMAP_HOST", "")
ACCORD_IMAP_PORT = int(os.environ.get("ACCORD_IMAP_PORT", 993))
ACCORD_IMAP_USER = os.environ.get("ACCORD_IMAP_USER", "")
ACCORD_IMAP_PASSWORD = os.environ.get("ACCORD_IMAP_PASSWORD", "")
ACCORD_IMAP_SSL = env_bool("ACCORD_IMAP_SSL", True)
ACCORD_IMAP_FOLDER = os.environ.get("ACCORD_IMAP_FOLDER", "INBOX")
# Processed messages move here (created if missing); refused ones to ACCORD_IMAP_REFUSED_FOLDER.
ACCORD_IMAP_DONE_FOLDER = os.environ.get("ACCORD_IMAP_DONE_FOLDER", "Accord/Filed")
ACCORD_IMAP_REFUSED_FOLDER = os.environ.get("ACCORD_IMAP_REFUSED_FOLDER", "Accord/Refused")
ACCORD_IMAP_INTERVAL = int(os.environ.get("ACCORD_IMAP_INTERVAL", 60))

# --- Calendar invitations -------------------------------------------------------------------
# Governance meetings send iCalendar invitations (METHOD:REQUEST / CANCEL) to their attendees.
# The ORGANIZER of every invitation is this address: calendar clients send their replies
# (METHOD:REPLY) there, so it must be a mailbox Accord reads (inbound email), not a person's.
ACCORD_CALENDAR_ORGANIZER_EMAIL = os.environ.get(
    "ACCORD_CALENDAR_ORGANIZER_EMAIL", DEFAULT_FROM_EMAIL
)
# The time zone a new meeting is held in until its organiser picks another (IANA name).
ACCORD_MEETING_TIME_ZONE = os.environ.get("ACCORD_MEETING_TIME_ZONE", TIME_ZONE)
# Reminders (VALARM) on meetings in the personal calendar feed, in minutes before the start.
ACCORD_MEETING_ALARM_MINUTES = tuple(
    int(m) for m in os.environ.get("ACCORD_MEETING_ALARM_MINUTES", "1440,30").split(",") if m
)

# --- Chat channels --------------------------------------------------------------------------
# Alliance and portfolio channels post cards to incoming webhooks (Teams, Slack, Google Chat,
# generic JSON). Only https URLs are accepted, and never to a private, loopback, link-local or
# metadata address, unless ACCORD_CHAT_ALLOW_PRIVATE_URLS=1 (a chat service on the company
# network; tests and development).
ACCORD_CHAT_ALLOW_PRIVATE_URLS = env_bool("ACCORD_CHAT_ALLOW_PRIVATE_URLS", DEBUG or TESTING)
ACCORD_CHAT_TIMEOUT_SECONDS = int(os.environ.get("ACCORD_CHAT_TIMEOUT_SECONDS", 10))
# A post that fails is tried this many times in all, waiting 1, 2, 4… x the base delay between.
ACCORD_CHAT_ATTEMPTS = int(os.environ.get("ACCORD_CHAT_ATTEMPTS", 5))
ACCORD_CHAT_RETRY_BASE_SECONDS = float(os.environ.get("ACCORD_CHAT_RETRY_BASE_SECONDS", 30))

# --- Logging --------------------------------------------------------------------------------
# "text" for people, "json" for a log collector: one JSON object per line with the UTC time,
# level, logger and message, and for requests their id, path, status and duration.
ACCORD_LOG_FORMAT = os.environ.get("ACCORD_LOG_FORMAT", "text").strip().lower()
if ACCORD_LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("ACCORD_LOG_FORMAT must be text or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "accord.core.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if ACCORD_LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("ACCORD_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Accord ---------------------------------------------------------------------------------
ACCORD_PAGE_SIZES = (25, 50, 100)
# Recurring playbook deliverables get their tasks this many days ahead (the daily job rolls on).
ACCORD_PLAYBOOK_HORIZON_DAYS = int(os.environ.get("ACCORD_PLAYBOOK_HORIZON_DAYS", 90))
# Owners of playbook tasks are reminded this many days before the due date, then when late.
ACCORD_TASK_REMINDER_DAYS = int(os.environ.get("ACCORD_TASK_REMINDER_DAYS", 7))
# Every value figure (forecast, realised, at risk) is converted into this one currency.
ACCORD_REPORTING_CURRENCY = os.environ.get("ACCORD_REPORTING_CURRENCY", "USD")
