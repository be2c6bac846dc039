from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from helhedsplan.events import kulturhus, services
from helhedsplan.programmes.models import Estate, Programme


class Command(BaseCommand):
    help = (
        "Import Kulturhus Syd's booking calendar (.ics or CSV) as events at the venue, a "
        "repeating booking as one event per date in the programme's period; bookings imported "
        "before are updated, not added again, and cancelled when the calendar cancels them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the calendar file (.ics) or CSV export")
        parser.add_argument("--programme", required=True, help="the programme's name")
        parser.add_argument(
            "--estate",
            default=kulturhus.DEFAULT_ESTATE,
            help=f"the estate new events count in (default {kulturhus.DEFAULT_ESTATE})",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would change, store nothing"
        )

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from error
        programme = Programme.objects.filter(name=options["programme"]).first()
        if programme is None:
            raise CommandError(f"No programme is called {options['programme']!r}.")
        estate = Estate.objects.filter(programme=programme, name=options["estate"]).first()
        if estate is None:
            raise CommandError(f"{programme} has no estate called {options['estate']!r}.")
        try:
            bookings = kulturhus.parse_file(path.name, data, span=kulturhus.window(programme))
        except kulturhus.KulturhusImportError as error:
            raise CommandError(str(error)) from error

        rows = kulturhus.preview(programme=programme, bookings=bookings)
        for row in rows:
            starts_at = timezone.localtime(row.booking.starts_at)
            self.stdout.write(
                f"{row.status.value:9}  {starts_at:%Y-%m-%d %H:%M}  "
                f"{row.booking.title}  ({row.booking.organiser_name or '-'})"
            )
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was stored.")
            return
        try:
            counts = services.kulturhus_import(
                programme=programme, bookings=bookings, estate=estate, created_by=None
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                "Imported: {new} new, {updated} updated, {unchanged} unchanged, "
                "{cancelled} cancelled, {kept} kept as held.".format(
                    **{status.value: count for status, count in counts.items()}
                )
            )
        )
