"""Backup and restore of the whole database: ``helhedsplan backup FILE`` / ``restore FILE``.

SQLite is copied with its online backup API (``sqlite3.Connection.backup``) in one step: a
consistent snapshot taken while the server goes on writing (WAL lets it). PostgreSQL is
dumped with ``pg_dump`` in its custom format and restored with ``pg_restore --clean
--if-exists`` in one transaction, so a restore that fails leaves the database as it was.

A restore first reads the file's signature and refuses a file that is not a backup of the
same kind of database. Uploaded files are not in the database: back up the data directory's
``files/`` (or the S3 bucket) beside it.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.db import connection

SQLITE_SIGNATURE = b"SQLite format 3\x00"
# pg_dump's custom format (``-Fc``) begins with these bytes.
PG_DUMP_SIGNATURE = b"PGDMP"
POSTGRESQL_BINARIES = "/usr/lib/postgresql"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, for the operator."""


def database_kind() -> str:
    """``sqlite`` or ``postgresql``: the kind of the configured database."""
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def file_kind(path: Path) -> str | None:
    """The kind of database a backup file holds, by its signature; ``None`` if neither."""
    with path.open("rb") as file:
        head = file.read(len(SQLITE_SIGNATURE))
    if head == SQLITE_SIGNATURE:
        return "sqlite"
    if head.startswith(PG_DUMP_SIGNATURE):
        return "postgresql"
    return None


def backup(path: Path) -> str:
    """Write a backup of the whole database to ``path``; the database's kind.

    The file is written beside ``path`` and renamed into place when complete: a backup that
    fails leaves no half-written file under that name.
    """
    kind = database_kind()
    path = path.expanduser().resolve()
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    handle, partial_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    partial = Path(partial_name)
    try:
        if kind == "sqlite":
            _sqlite_backup(partial)
        else:
            _pg_run("pg_dump", "--format=custom", "--no-owner", f"--file={partial}")
        partial.chmod(0o600)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return kind


def restore(path: Path) -> str:
    """Replace the whole database with the backup in ``path``; the database's kind."""
    kind = database_kind()
    path = path.expanduser().resolve()
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    found = file_kind(path)
    if found is None:
        raise BackupError(
            f"{path.name} is not a backup made by 'helhedsplan backup' "
            "(neither an SQLite database nor a pg_dump custom-format file). Nothing was changed."
        )
    if found != kind:
        raise BackupError(
            f"{path.name} is a backup of a {_NAMES[found]} database, but this installation uses "
            f"{_NAMES[kind]}. Nothing was changed."
        )
    if kind == "sqlite":
        _sqlite_restore(path)
    else:
        _pg_run(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            str(path),
        )
    return kind


_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _sqlite_backup(target_path: Path) -> None:
    connection.ensure_connection()
    source = connection.connection
    target = sqlite3.connect(target_path)
    try:
        # All pages in one step: a consistent snapshot even while others write.
        source.backup(target)
    finally:
        target.close()


def _sqlite_restore(source_path: Path) -> None:
    # Opened read-only: a restore never changes its backup file.
    source = sqlite3.connect(f"{source_path.as_uri()}?mode=ro", uri=True)
    try:
        try:
            tables = {
                name
                for (name,) in source.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        except sqlite3.DatabaseError as error:
            raise BackupError(
                f"{source_path.name} is not a readable SQLite database: {error}"
            ) from error
        if "django_migrations" not in tables:
            raise BackupError(
                f"{source_path.name} is an SQLite database but not one of helhedsplan's "
                "(it has no django_migrations table). Nothing was changed."
            )
        if connection.in_atomic_block:
            raise BackupError("A restore cannot run inside a transaction.")
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()


def _pg_binary(name: str) -> str:
    """``pg_dump``/``pg_restore`` of the server's major version if installed (as bin/test
    finds PostgreSQL's programs), else the newest installed, else the one on PATH."""
    connection.ensure_connection()
    major = connection.pg_version // 10000  # type: ignore[attr-defined]
    candidates = [f"{POSTGRESQL_BINARIES}/{major}/bin/{name}"]
    candidates += sorted(
        glob.glob(f"{POSTGRESQL_BINARIES}/*/bin/{name}"),
        key=lambda found: (
            int(Path(found).parent.parent.name) if Path(found).parent.parent.name.isdigit() else 0
        ),
        reverse=True,
    )
    on_path = shutil.which(name)
    candidates += [on_path] if on_path else []
    for candidate in candidates:
        if os.access(candidate, os.X_OK):
            return candidate
    raise BackupError(
        f"{name} was not found (looked in {POSTGRESQL_BINARIES}/*/bin and on PATH). Install "
        f"PostgreSQL's client programs of version {major} or newer (Debian: "
        f"'postgresql-client-{major}')."
    )


def _pg_run(name: str, *arguments: str) -> None:
    settings = connection.settings_dict
    env = {**os.environ}
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    completed = subprocess.run(
        [_pg_binary(name), f"--dbname={settings['NAME']}", *arguments],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise BackupError(f"{name} failed: {completed.stderr.strip()}")
