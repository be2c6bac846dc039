"""``helhedsplan backup FILE``: the whole database to one file (``core.backup``)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from helhedsplan.core import backup


class Command(BaseCommand):
    help = (
        "Write a backup of the whole database to FILE: SQLite through its online backup API, "
        "PostgreSQL with pg_dump in custom format. Safe while the server runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        try:
            kind = backup.backup(path)
        except (backup.BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] >= 1:
            size = path.expanduser().stat().st_size
            self.stdout.write(f"Wrote a {kind} backup to {path} ({size} bytes).")
