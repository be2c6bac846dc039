"""System checks that refuse an unsafe production configuration.

They speak only when ``HELHEDSPLAN_MODE=production``; Django runs them before every management
command, and ``helhedsplan serve`` runs them (with Django's deploy checks) before it starts.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

MINIMUM_SECRET_KEY_LENGTH = 50


@register(Tags.security)
def check_production_settings(app_configs=None, **kwargs) -> list:
    if not settings.PRODUCTION:
        return []
    problems: list = []
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        key = ""
    if (
        key == settings.DEVELOPMENT_SECRET_KEY
        or len(key) < MINIMUM_SECRET_KEY_LENGTH
        or len(set(key)) < 5
    ):
        problems.append(
            Error(
                "SECRET_KEY is missing, the development key, or too short.",
                hint=f"Set SECRET_KEY to a random string of at least "
                f"{MINIMUM_SECRET_KEY_LENGTH} characters.",
                id="helhedsplan.E001",
            )
        )
    if settings.DEBUG:
        problems.append(
            Error(
                "DEBUG is on in production: error pages would show programme data.",
                hint="Unset DEBUG or set DEBUG=false.",
                id="helhedsplan.E002",
            )
        )
    if not settings.ALLOWED_HOSTS or "*" in settings.ALLOWED_HOSTS:
        problems.append(
            Error(
                "ALLOWED_HOSTS is empty or a wildcard.",
                hint="Set ALLOWED_HOSTS to the host names the site answers to, comma-separated.",
                id="helhedsplan.E003",
            )
        )
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        problems.append(
            Warning(
                "Production runs on an embedded SQLite database.",
                hint="Set DATABASE_URL=postgres://… : PostgreSQL is the production database.",
                id="helhedsplan.W001",
            )
        )
    if settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
        problems.append(
            Warning(
                "E-mail is printed to the console: password-reset mails will not reach anyone.",
                hint="Set EMAIL_HOST (and EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS).",
                id="helhedsplan.W002",
            )
        )
    return problems
