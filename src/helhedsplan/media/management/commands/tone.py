"""``helhedsplan tone TEXT [--programme SLUG] --json``: the tone suggested for a Danish press
text, with the words that decided it.

It answers what a register form would (``services.tone_suggestion``): the rules blended with
a tone model that beat them out of sample. With ``--programme`` that is the programme's own
model when it blends, else the general one (trained on the labelled headlines the product
ships); without, the general one. The JSON's ``model_weighed_in`` says which weighed in:
``"programme"``, ``"general"``, or ``null`` for the rules alone.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from helhedsplan.media import services
from helhedsplan.programmes.models import Programme


class Command(BaseCommand):
    help = "Suggest the tone (positive, neutral, negative) of a Danish press text, offline."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", help="a headline, optionally with its excerpt")
        parser.add_argument(
            "--programme",
            metavar="SLUG",
            help="suggest as this programme's press form would, with its own model if it blends",
        )
        parser.add_argument("--json", action="store_true", help="print JSON (the default)")

    def handle(self, *args, **options) -> None:
        slug = options["programme"]
        programme = None
        if slug is not None:
            programme = Programme.objects.filter(slug=slug).first()
            if programme is None:
                raise CommandError(f"No programme with slug: {slug}")
        suggestion, weighed = services.tone_suggestion_weighed(
            headline=options["text"], excerpt="", programme=programme
        )
        # Added keys only: "tone", "score" and "reasons" stay as they were.
        result = suggestion.as_json() | {"model_weighed_in": weighed}
        if programme is not None:
            result |= {"programme": programme.slug}
        self.stdout.write(json.dumps(result, ensure_ascii=False))
