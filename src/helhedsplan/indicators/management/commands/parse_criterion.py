from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandParser

from helhedsplan.indicators.phrases import propose_indicator


class Command(BaseCommand):
    help = "Propose an indicator from the Danish text of a success criterion."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", help="the criterion, e.g. 'mindst 10 beboere hver uge'")
        parser.add_argument(
            "--areas", default="", help="the estates, comma-separated, e.g. Nøjsomhed,Vapnagaard"
        )
        parser.add_argument("--data-source", help="the criterion's data source, if known")
        parser.add_argument("--json", action="store_true", help="print JSON (the default)")

    def handle(self, *args, **options) -> None:
        areas = [name.strip() for name in options["areas"].split(",") if name.strip()]
        proposal = propose_indicator(options["text"], areas, data_source=options["data_source"])
        self.stdout.write(json.dumps(proposal.as_json(), ensure_ascii=False))
