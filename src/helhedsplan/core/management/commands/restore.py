"""``helhedsplan restore FILE``: replace the whole database with a backup (``core.backup``)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from helhedsplan.core import backup


class Command(BaseCommand):
    help = (
        "Replace the whole database with a backup made by 'helhedsplan backup' (SQLite by its "
        "backup API, PostgreSQL with pg_restore --clean --if-exists in one transaction). "
        "Refuses a file that is not a backup of the same kind of database. Stop the server "
        "and the worker first, and run 'helhedsplan manage migrate' after restoring an older "
        "backup."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        try:
            kind = backup.restore(path)
        except (backup.BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] >= 1:
            self.stdout.write(f"Restored the {kind} database from {path}.")
