"""Settings for helhedsplan, read from the environment.

Zero configuration gives a development setup on SQLite in the user's data directory.
``HELHEDSPLAN_MODE=production`` switches on the checks in ``helhedsplan.checks`` that refuse
an unsafe configuration.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from helhedsplan.environment import data_dir, envbool, envlist, private_file_storage

BASE_DIR = Path(__file__).resolve().parent

PRODUCTION = os.environ.get("HELHEDSPLAN_MODE", "development") == "production"
DEVELOPMENT_SECRET_KEY = "development-only-insecure-key-never-use-in-production"

SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else DEVELOPMENT_SECRET_KEY)
DEBUG = envbool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", default=[])

DATA_DIR = data_dir()
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'helhedsplan.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the single writer proceed together, and the busy timeout makes
    # concurrent writers wait instead of failing: an acknowledged write must be stored.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    # Two-factor sign-in (see the block "Two-factor sign-in" below).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # The API's framework (helhedsplan.api): installed so that its docs page is rendered from
    # the package's template and static files, never from a CDN.
    "ninja",
    "helhedsplan",
    "helhedsplan.core",
    "helhedsplan.programmes",
    "helhedsplan.accounts",
    "helhedsplan.audit",
    "helhedsplan.agreements",
    "helhedsplan.events",
    "helhedsplan.counselling",
    "helhedsplan.series",
    "helhedsplan.indicators",
    "helhedsplan.media",
    # Issue 12: the privacy lifecycle of registers of named people, and the volunteers.
    "helhedsplan.privacy",
    "helhedsplan.volunteers",
    # Issue 13: the resident grant pools.
    "helhedsplan.grants",
    # Issue 14: the resident panel with the police.
    "helhedsplan.panels",
    "helhedsplan.surveys",
    "helhedsplan.governance",
    "helhedsplan.budget",
    "helhedsplan.reports",
    "helhedsplan.completeness",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "helhedsplan.middleware.SessionIdleTimeoutMiddleware",
    "helhedsplan.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor sign-in: which device verified this session (after auth, which it reads),
    # then the requirement of REQUIRE_TWO_FACTOR_FOR.
    "django_otp.middleware.OTPMiddleware",
    "helhedsplan.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # django-axes must come last so that it sees the outcome of every login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "helhedsplan.urls"
WSGI_APPLICATION = "helhedsplan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "helhedsplan.core.navigation.navigation",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Security findings of issue 11: failures from one address across usernames have a limit of
# their own (LoginThrottle), and behind the proxy the client's address is the one the proxy
# reports, not the proxy's own, which every client would share.
AXES_HANDLER = "helhedsplan.middleware.LoginThrottle"
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_CLIENT_IP_CALLABLE = "helhedsplan.middleware.client_address"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The sign-in log (audit app) reads axes' own records: its access log of every login and,
# with this, its log of every failed attempt. Its attempts table only counts towards a
# lock-out and is emptied when the user gets in. The audit app purges both logs after 90 days.
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# Two-factor sign-in (django-otp): an authenticator app (TOTP) with recovery codes, set up by
# the person on "Min konto". Whoever has one gives a code after the password. The roles in
# REQUIRE_TWO_FACTOR_FOR (comma-separated, e.g. "administrator,secretariat_head"; a superuser
# holds every role) must set one up before anything else; none by default, so the demo users
# sign in with their password alone.
REQUIRE_TWO_FACTOR_FOR = envlist("REQUIRE_TWO_FACTOR_FOR", default=[])
OTP_TOTP_ISSUER = "helhedsplan"
# Wrong codes wait 1, 2, 4, 8, … seconds before the next try (django-otp's throttling, per
# device); the code step of a sign-in lasts TWO_FACTOR_LOGIN_SECONDS.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
TWO_FACTOR_LOGIN_SECONDS = 300

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["helhedsplan.formats"]
LANGUAGE_COOKIE_NAME = "helhedsplan_language"

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
# Uploaded files are private: nothing serves them but ``core.views.private_file``, which asks
# the owning app's rule. They live in the data directory, or in S3-compatible object storage
# when S3_BUCKET is set, so that several servers share them.
STORAGES = {
    "default": private_file_storage(DATA_DIR / "files"),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without collectstatic (development, tests) whitenoise serves straight from the finders.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# Background and scheduled work: tasks are rows in the database, run by `helhedsplan worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "helhedsplan@localhost")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
# The idle timeout: a session unused this long ends (helhedsplan.middleware renews it while
# it is used). Django's default of 14 days regardless of use is far too long for personal data.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "480")) * 60
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", default=PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", default=PRODUCTION)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
BEHIND_PROXY = envbool("BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The address segments followed by a key that opens a page with no login (the volunteer's
# personal link and card check under /volunteers/, the calendar feeds): never written to a log
# (core/logs.py).
LOG_KEYED_PATHS = ["me", "card", "feeds"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"keys": {"()": "helhedsplan.core.logs.RedactKeys", "segments": LOG_KEYED_PATHS}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["keys"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Issue 12, part 3: the volunteer's personal link --------------------------------------------
# The throttles of public pages (core/throttle.py) read the client's address with the same
# function as django-axes: behind the proxy, the address the proxy reports.
CLIENT_ADDRESS_CALLABLE = AXES_CLIENT_IP_CALLABLE
# Days a volunteer's personal link works. Half a year covers a season of logging hours from
# the same mail or QR code, and a link forgotten on an old phone or in an old mailbox still
# stops working by itself; staff issue a new one whenever asked.
PERSONAL_LINK_DAYS = int(os.environ.get("PERSONAL_LINK_DAYS", "180"))
