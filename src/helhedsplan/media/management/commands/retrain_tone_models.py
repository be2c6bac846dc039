"""``helhedsplan manage retrain_tone_models [slug ...] [--general]``: retrain tone models now.

The worker retrains a programme's model after each registration or changed tone
(``media.tasks``); this is for a person, or a cron line, who wants it done at once, e.g.
after an upgrade that changes the rules or the labelled headlines the product ships. Without
arguments it retrains every programme's model and the general one; with slugs, those
programmes' only; with ``--general``, the general one only.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from helhedsplan.media import services
from helhedsplan.media.models import ToneModel
from helhedsplan.programmes.models import Programme


class Command(BaseCommand):
    help = (
        "Retrain the tone model of every programme and the general one, or of the programmes "
        "whose slugs are given, or (--general) the general one only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slugs", nargs="*", help="programme slugs (default: all)")
        parser.add_argument(
            "--general",
            action="store_true",
            help="retrain only the general model, trained on the labelled headlines shipped",
        )

    def handle(self, *args, **options) -> None:
        if options["general"] and options["slugs"]:
            raise CommandError("Give programme slugs or --general, not both.")
        programmes = Programme.objects.order_by("slug")
        if options["slugs"]:
            programmes = programmes.filter(slug__in=options["slugs"])
            missing = set(options["slugs"]) - set(programmes.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"No programme with slug: {', '.join(sorted(missing))}")
        if not options["general"]:
            for programme in programmes:
                self._report(
                    programme.slug, services.tone_model_train(programme=programme), options
                )
        if not options["slugs"]:
            self._report("general", services.tone_model_train_general(), options)

    def _report(self, name: str, model: ToneModel | None, options: dict) -> None:
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"{name}: "
                + (
                    f"{model.labels} labels, model {model.model_accuracy:.3f}, "
                    f"rules {model.rules_accuracy:.3f}, blend {model.blend_accuracy:.3f}, "
                    f"blends {model.blends}"
                    if model
                    else "too few labels; the rules alone decide"
                )
            )
