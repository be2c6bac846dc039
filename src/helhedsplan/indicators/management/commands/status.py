from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from helhedsplan.indicators import queries
from helhedsplan.programmes.models import Programme


class Command(BaseCommand):
    help = "Print a programme's indicator status for a year: criterion, estate, value, target."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", required=True, help="the programme's name")
        parser.add_argument("--year", required=True, type=int, help="the calendar year")
        parser.add_argument("--json", action="store_true", help="print JSON (the default)")

    def handle(self, *args, **options) -> None:
        programme = Programme.objects.filter(name=options["programme"]).first()
        if programme is None:
            raise CommandError(f"No programme named {options['programme']!r}.")
        entries = queries.programme_grid(programme, options["year"])
        self.stdout.write(json.dumps(entries, ensure_ascii=False, indent=2))
