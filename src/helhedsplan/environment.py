"""Small typed readers of the environment, used by the settings before Django is set up."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def envbool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ValueError(f"{name} must be one of {sorted(TRUE_WORDS | FALSE_WORDS)}, not {raw!r}")


def envlist(name: str, *, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    """Where the embedded database and collected files live: HELHEDSPLAN_DATA_DIR, else the
    per-user data directory of the XDG convention."""
    explicit = os.environ.get("HELHEDSPLAN_DATA_DIR")
    if explicit:
        path = Path(explicit).expanduser()
    else:
        base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
        path = Path(base) / "helhedsplan"
    path.mkdir(parents=True, exist_ok=True)
    return path


# The environment variables of S3-compatible object storage, by the option of django-storages'
# S3Storage each sets. Unset ones are left to django-storages and boto3 (which also read the
# AWS_* variables and instance credentials).
S3_OPTIONS = {
    "S3_ENDPOINT_URL": "endpoint_url",
    "S3_REGION": "region_name",
    "S3_ACCESS_KEY_ID": "access_key",
    "S3_SECRET_ACCESS_KEY": "secret_key",
    "S3_PREFIX": "location",
}


def private_file_storage(directory: Path) -> dict[str, Any]:
    """Where uploaded files are kept: ``directory``, readable by the server's user alone, or the
    S3 bucket S3_BUCKET names, where every file is private. Neither gives a file a public URL."""
    bucket = os.environ.get("S3_BUCKET")
    if not bucket:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {
                "location": directory,
                "file_permissions_mode": 0o600,
                "directory_permissions_mode": 0o700,
            },
        }
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "default_acl": "private",
        "file_overwrite": False,
    }
    for variable, option in S3_OPTIONS.items():
        if os.environ.get(variable):
            options[option] = os.environ[variable]
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
