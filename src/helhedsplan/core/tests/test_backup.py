"""``helhedsplan backup`` and ``restore``: a round trip brings back every row, and a restore
refuses a file that is not a backup of this kind of database.

A restore replaces the database outside any transaction, so these tests run outside the test
transaction (``transaction=True``); each runs on the database the suite runs on.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from conftest import World
from helhedsplan.core import backup
from helhedsplan.counselling.models import Inquiry
from helhedsplan.counselling.tests.helpers import register

pytestmark = pytest.mark.django_db(transaction=True)


def inquiries() -> tuple[int, str]:
    """How many inquiries and a checksum of what they hold."""
    rows = Inquiry.objects.order_by("pk").values_list("pk", "estate_id", "occurred_at", "note")
    return len(rows), hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def round_trip(world: World, tmp_path: Path) -> None:
    register(world.vapnagaard, ["Kost"], by=world.user("staff"), times=3)
    before = inquiries()
    file = tmp_path / "helhedsplan.backup"
    call_command("backup", str(file), verbosity=0)
    assert file.stat().st_mode & 0o777 == 0o600
    # What happens after the backup is undone by the restore.
    register(world.nojsomhed, ["Kost"], by=world.user("staff"), times=2)
    Inquiry.objects.order_by("pk")[0].delete()
    assert inquiries() != before
    call_command("restore", str(file), verbosity=0)
    assert inquiries() == before


def refuses(file: Path, message: str) -> None:
    before = inquiries()
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(file), verbosity=0)
    assert inquiries() == before


@pytest.fixture
def on_sqlite() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite backup; the suite's PostgreSQL run tests pg_dump")


@pytest.fixture
def on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL backup; runs in the suite's PostgreSQL run (bin/test)")


def test_sqlite_round_trip_restores_every_row(on_sqlite, world: World, tmp_path: Path) -> None:
    round_trip(world, tmp_path)


def test_sqlite_restore_refuses_what_is_not_its_backup(
    on_sqlite, world: World, tmp_path: Path
) -> None:
    register(world.vapnagaard, ["Kost"], by=world.user("staff"))
    text = tmp_path / "notes.txt"
    text.write_text("not a backup")
    refuses(text, "is not a backup made by 'helhedsplan backup'")
    dump = tmp_path / "other.dump"
    dump.write_bytes(backup.PG_DUMP_SIGNATURE + b"\x01\x0e\x00")
    refuses(dump, "is a backup of a PostgreSQL database, but this installation uses SQLite")
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as other:
        other.execute("CREATE TABLE t (x)")
    refuses(foreign, "not one of helhedsplan's")
    refuses(tmp_path / "missing", "is not a file")


def test_postgresql_round_trip_restores_every_row(
    on_postgresql, world: World, tmp_path: Path
) -> None:
    round_trip(world, tmp_path)


def test_postgresql_restore_refuses_an_sqlite_backup(
    on_postgresql, world: World, tmp_path: Path
) -> None:
    register(world.vapnagaard, ["Kost"], by=world.user("staff"))
    file = tmp_path / "sqlite.backup"
    with sqlite3.connect(file) as other:
        other.execute("CREATE TABLE django_migrations (x)")
    refuses(file, "is a backup of a SQLite database, but this installation uses PostgreSQL")


def test_postgresql_backup_says_what_to_install_when_pg_dump_is_missing(
    on_postgresql, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup, "POSTGRESQL_BINARIES", str(tmp_path / "none"))
    monkeypatch.setenv("PATH", str(tmp_path / "none"))
    with pytest.raises(CommandError, match=r"pg_dump was not found.*postgresql-client-"):
        call_command("backup", str(tmp_path / "x.backup"), verbosity=0)
    assert not list(tmp_path.glob("*x.backup*"))
