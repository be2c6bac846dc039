"""``helhedsplan manage retrain_tone_models [slug ...]``: retrain the programmes' tone models now.

The worker retrains a programme's model after each registration or changed tone
(``media.tasks``); this is for a person, or a cron line, who wants it done at once, e.g.
after an upgrade that changes the rules.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from helhedsplan.media import services
from helhedsplan.programmes.models import Programme


class Command(BaseCommand):
    help = "Retrain the tone model of every programme, or of those whose slugs are given."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slugs", nargs="*", help="programme slugs (default: all)")

    def handle(self, *args, **options) -> None:
        programmes = Programme.objects.order_by("slug")
        if options["slugs"]:
            programmes = programmes.filter(slug__in=options["slugs"])
            missing = set(options["slugs"]) - set(programmes.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"No programme with slug: {', '.join(sorted(missing))}")
        for programme in programmes:
            model = services.tone_model_train(programme=programme)
            if options["verbosity"] >= 1:
                self.stdout.write(
                    f"{programme.slug}: "
                    + (
                        f"{model.labels} labels, model {model.model_accuracy:.3f}, "
                        f"rules {model.rules_accuracy:.3f}, blends {model.blends}"
                        if model
                        else "too few labels; the rules alone decide"
                    )
                )
