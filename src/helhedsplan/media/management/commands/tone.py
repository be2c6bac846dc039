from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandParser

from helhedsplan.media.tone import suggest_tone


class Command(BaseCommand):
    help = "Suggest the tone (positive, neutral, negative) of a Danish press text, offline."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", help="a headline, optionally with its excerpt")
        parser.add_argument("--json", action="store_true", help="print JSON (the default)")

    def handle(self, *args, **options) -> None:
        self.stdout.write(json.dumps(suggest_tone(options["text"]).as_json(), ensure_ascii=False))
