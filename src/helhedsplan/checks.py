"""System checks that refuse an unsafe production configuration.

They speak only when ``HELHEDSPLAN_MODE=production``; Django runs them before every management
command, and ``helhedsplan serve`` runs them (with Django's deploy checks) before it starts.
"""

from __future__ import annotations

import math
from collections import Counter

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

MINIMUM_SECRET_KEY_LENGTH = 50
# What a key drawn at random shows, and a typed or patterned one does not. Django's own check
# asks for 5 distinct characters only: a 60-character key of 5 letters passed it. The figures
# leave room for every key the usual generators make (Django's get_random_secret_key, 64 hex
# digits, secrets.token_urlsafe), measured over 20,000 keys of each: the estimate of their
# entropy never fell below 217 bits, their distinct characters below 13, their distinct
# three-character runs below 87 %.
MINIMUM_SECRET_KEY_BITS = 192
MINIMUM_SECRET_KEY_DISTINCT = 10
MINIMUM_SECRET_KEY_DISTINCT_RUNS = 0.75


def secret_key_looks_random(key: str) -> bool:
    """Whether ``key`` is long and varied enough to have been drawn at random.

    The entropy is estimated from how often each character occurs (length × Shannon entropy
    per character); a repeated pattern of many characters is caught by its repeated runs.
    """
    if len(key) < MINIMUM_SECRET_KEY_LENGTH:
        return False
    counts = Counter(key)
    bits = -sum(count * math.log2(count / len(key)) for count in counts.values())
    runs = [key[start : start + 3] for start in range(len(key) - 2)]
    return (
        len(counts) >= MINIMUM_SECRET_KEY_DISTINCT
        and bits >= MINIMUM_SECRET_KEY_BITS
        and len(set(runs)) >= MINIMUM_SECRET_KEY_DISTINCT_RUNS * len(runs)
    )


@register(Tags.security)
def check_production_settings(app_configs=None, **kwargs) -> list:
    if not settings.PRODUCTION:
        return []
    problems: list = []
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        key = ""
    if key == settings.DEVELOPMENT_SECRET_KEY or not secret_key_looks_random(key):
        problems.append(
            Error(
                "SECRET_KEY is missing, the development key, too short or not random.",
                hint=f"Set SECRET_KEY to a random string of at least "
                f"{MINIMUM_SECRET_KEY_LENGTH} characters, such as the output of "
                "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`.",
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
