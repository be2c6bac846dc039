"""Uploaded files are stored privately: in the data directory, or in S3 when configured."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

S3_VARIABLES = [
    "S3_BUCKET",
    "S3_ENDPOINT_URL",
    "S3_REGION",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_PREFIX",
]


def _settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str) -> dict:
    """The settings module as it reads this environment (Django's own settings untouched)."""
    monkeypatch.setenv("HELHEDSPLAN_DATA_DIR", str(tmp_path))
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.find_spec("helhedsplan.settings")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return vars(module)


def test_files_are_kept_in_the_data_directory_for_the_server_alone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = _settings(monkeypatch, tmp_path)
    assert settings["STORAGES"]["default"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": tmp_path / "files",
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }
    assert settings["STORAGES"]["default"]["OPTIONS"]["location"] != settings["STATIC_ROOT"]


def test_the_s3_variables_configure_private_object_storage(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = _settings(
        monkeypatch,
        tmp_path,
        S3_BUCKET="helhedsplan-filer",
        S3_ENDPOINT_URL="https://s3.example.dk",
        S3_REGION="eu-north-1",
        S3_ACCESS_KEY_ID="nøgle",
        S3_SECRET_ACCESS_KEY="hemmelig",
        S3_PREFIX="helsingor",
    )
    assert settings["STORAGES"]["default"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "helhedsplan-filer",
            "default_acl": "private",
            "file_overwrite": False,
            "endpoint_url": "https://s3.example.dk",
            "region_name": "eu-north-1",
            "access_key": "nøgle",
            "secret_key": "hemmelig",
            "location": "helsingor",
        },
    }


def test_unset_s3_variables_are_left_to_boto3(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = _settings(monkeypatch, tmp_path, S3_BUCKET="helhedsplan-filer")
    assert settings["STORAGES"]["default"]["OPTIONS"] == {
        "bucket_name": "helhedsplan-filer",
        "default_acl": "private",
        "file_overwrite": False,
    }
