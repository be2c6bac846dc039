from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from helhedsplan.agreements.models import Agreement
from helhedsplan.programmes.models import Programme
from helhedsplan.reports import queries, render


class Command(BaseCommand):
    help = (
        "Write a programme's (or one agreement's) annual status report for a year as PDF, "
        "Word or Excel: the same report the page offers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", required=True, help="the programme's name")
        parser.add_argument("--year", required=True, type=int, help="the calendar year")
        parser.add_argument("--format", required=True, choices=sorted(render.CONTENT_TYPES))
        parser.add_argument("--output", required=True, type=Path, help="the file to write")
        parser.add_argument("--agreement", help="one agreement's focus area; all by default")

    def handle(self, *args, **options) -> None:
        programme = Programme.objects.filter(name=options["programme"]).first()
        if programme is None:
            raise CommandError(f"No programme named {options['programme']!r}.")
        agreement = None
        if options["agreement"]:
            agreement = (
                Agreement.objects.filter(programme=programme, focus_area__name=options["agreement"])
                .select_related("focus_area", "programme")
                .first()
            )
            if agreement is None:
                raise CommandError(f"No agreement named {options['agreement']!r}.")
        year = options["year"]
        if year not in queries.report_years(programme, agreement):
            raise CommandError(f"No agreement runs in {year}.")
        report = queries.report(programme, year, agreement=agreement)
        options["output"].write_bytes(render.render(report, options["format"]))
        self.stdout.write(f"Wrote {options['output']}")
