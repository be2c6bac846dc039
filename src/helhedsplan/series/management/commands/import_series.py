from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from helhedsplan.programmes.models import Programme
from helhedsplan.series import queries, services
from helhedsplan.series.importers import ImportFileError, parse_observations


class Command(BaseCommand):
    help = (
        "Import external statistics (columns serie, boligområde, periode, værdi) from CSV or "
        "XLSX into a programme, or with --dry-run show what would be stored. A file with any "
        "bad row stores nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--programme", required=True, help="the programme's name")
        parser.add_argument("--dry-run", action="store_true", help="write nothing")

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        programme = Programme.objects.filter(name__iexact=options["programme"].strip()).first()
        if programme is None:
            raise CommandError(f"Der er ingen indsats ved navn «{options['programme']}».")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Kan ikke læse {path}: {error.strerror}") from error
        try:
            parsed = parse_observations(programme, path.name, data)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        if parsed.errors:
            for message in parsed.errors:
                self.stderr.write(message)
            raise CommandError(f"{path.name} er ikke importeret: {len(parsed.errors)} fejl.")
        if options["dry_run"]:
            plan = queries.import_plan(parsed.rows)
            counts = {
                a: sum(1 for p in plan if p.action == a) for a in ("new", "changed", "unchanged")
            }
            self.stdout.write(
                f"{path.name}: {counts['new']} nye, {counts['changed']} ændrede og "
                f"{counts['unchanged']} uændrede målinger (intet gemt)."
            )
            return
        try:
            result = services.observations_import(rows=parsed.rows, user=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"{path.name} er importeret: {result.created} nye, {result.updated} ændrede og "
            f"{result.unchanged} uændrede målinger."
        )
