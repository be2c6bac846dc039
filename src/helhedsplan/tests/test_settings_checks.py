from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from django.core.checks import Error
from django.core.management.utils import get_random_secret_key

from helhedsplan.checks import check_production_settings

SAFE_KEY = "t3st-Only_9f8Qz2LmXv0RkPq7WcYhJd4NsBa6EuGi1oTlZy5xMrCe"


@pytest.fixture
def production(settings):
    settings.PRODUCTION = True
    settings.DEBUG = False
    settings.SECRET_KEY = SAFE_KEY
    settings.ALLOWED_HOSTS = ["helhedsplan.example.org"]
    settings.DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    return settings


def _errors(settings) -> set[str | None]:
    return {p.id for p in check_production_settings() if isinstance(p, Error)}


def test_a_safe_production_configuration_passes(production) -> None:
    assert check_production_settings() == []


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"SECRET_KEY": ""}, "helhedsplan.E001"),
        ({"SECRET_KEY": "short"}, "helhedsplan.E001"),
        (
            {"SECRET_KEY": "development-only-insecure-key-never-use-in-production"},
            "helhedsplan.E001",
        ),
        # Long enough, but not random: 5 letters over and over, and a repeated pattern of 16.
        ({"SECRET_KEY": "abcde" * 12}, "helhedsplan.E001"),
        ({"SECRET_KEY": "0123456789abcdef" * 4}, "helhedsplan.E001"),
        ({"SECRET_KEY": "a" * 45 + "bcdefghijklmno"}, "helhedsplan.E001"),
        ({"DEBUG": True}, "helhedsplan.E002"),
        ({"ALLOWED_HOSTS": []}, "helhedsplan.E003"),
        ({"ALLOWED_HOSTS": ["*"]}, "helhedsplan.E003"),
    ],
)
def test_unsafe_production_settings_are_errors(production, change: dict, error: str) -> None:
    for name, value in change.items():
        setattr(production, name, value)
    assert _errors(production) == {error}


@pytest.mark.parametrize(
    "generate",
    [get_random_secret_key, lambda: secrets.token_urlsafe(48), lambda: secrets.token_hex(32)],
    ids=["django", "token_urlsafe", "hex"],
)
def test_keys_the_usual_generators_make_pass(production, generate) -> None:
    for _ in range(200):
        production.SECRET_KEY = generate()
        assert _errors(production) == set(), production.SECRET_KEY


def test_sqlite_and_console_mail_are_warnings_in_production(production) -> None:
    production.DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3"}}
    production.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    ids = {p.id for p in check_production_settings()}
    assert ids == {"helhedsplan.W001", "helhedsplan.W002"}
    assert _errors(production) == set()


def test_development_is_not_checked(settings) -> None:
    settings.PRODUCTION = False
    settings.SECRET_KEY = "short"
    assert check_production_settings() == []


def _run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    unset = {"SECRET_KEY", "DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "-m", "helhedsplan.cli", *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_serve_refuses_to_start_with_an_unsafe_configuration(tmp_path) -> None:
    result = _run_cli(
        "serve", env={"HELHEDSPLAN_MODE": "production", "HELHEDSPLAN_DATA_DIR": str(tmp_path)}
    )
    assert result.returncode != 0
    assert "helhedsplan.E001" in result.stderr
    assert "Refusing to start" in result.stderr


def test_serve_applies_the_production_checks_whatever_the_mode(tmp_path) -> None:
    """In development mode ``serve`` used to start with the public key and DEBUG on."""
    result = _run_cli(
        "serve",
        "--bind",
        "127.0.0.1:0",
        env={
            "HELHEDSPLAN_MODE": "development",
            "HELHEDSPLAN_DATA_DIR": str(tmp_path),
            "DEBUG": "true",
            "ALLOWED_HOSTS": "helhedsplan.example.org",
        },
    )
    assert result.returncode == 2, result.stderr
    assert "helhedsplan.E001" in result.stderr and "helhedsplan.E002" in result.stderr
    assert "Refusing to start" in result.stderr


def test_check_deploy_passes_with_production_settings(tmp_path) -> None:
    result = _run_cli(
        "manage",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "HELHEDSPLAN_MODE": "production",
            "HELHEDSPLAN_DATA_DIR": str(tmp_path),
            "SECRET_KEY": SAFE_KEY,
            "ALLOWED_HOSTS": "helhedsplan.example.org",
            "DATABASE_URL": "postgres://helhedsplan@127.0.0.1:5432/helhedsplan",
            "EMAIL_HOST": "smtp.example.org",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
