"""``helhedsplan purge-bookings``: blank the name and phone of bookings whose day has passed.

Safe to run as often as wanted: the worker runs it hourly (``counselling.tasks``), the demo at
start, a person by hand.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from helhedsplan.counselling import services


class Command(BaseCommand):
    help = "Delete the personal part (name, phone) of counselling bookings whose day has passed."

    def handle(self, *args, **options) -> None:
        purged = services.bookings_purge()
        if options["verbosity"] >= 1:
            self.stdout.write(f"Purged personal data from {purged} booking(s).")
