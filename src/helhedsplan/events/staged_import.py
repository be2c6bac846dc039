"""Kulturhus Syd's booking calendar as a staged import (``core.staging``).

The calendar is read once, when it is uploaded, and its bookings are stored as JSON; the
preview and the confirmation work with the bookings rebuilt from it. The target names the
programme and the estate the bookings count in.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError

from helhedsplan.core.staging import Importer, Target
from helhedsplan.events import kulturhus
from helhedsplan.events.models import BookingSource

KIND = "events.kulturhus"


def parse(data: bytes, name: str, target: Target) -> list[dict[str, Any]]:
    try:
        bookings = kulturhus.parse_file(name, data)
    except kulturhus.KulturhusImportError as error:
        raise ValidationError(str(error), code="unreadable") from error
    return [_booking_json(booking) for booking in bookings]


def _booking_json(booking: kulturhus.Booking) -> dict[str, Any]:
    return {
        "source": booking.source.value,
        "key": booking.key,
        "position": booking.position,
        "title": booking.title,
        "starts_at": booking.starts_at.isoformat(),
        "ends_at": booking.ends_at.isoformat() if booking.ends_at else None,
        "organiser_name": booking.organiser_name,
        "room": booking.room,
    }


def rebuild(parsed: list[dict[str, Any]], target: Target) -> list[kulturhus.Booking]:
    return [
        kulturhus.Booking(
            source=BookingSource(data["source"]),
            key=data["key"],
            position=data["position"],
            title=data["title"],
            starts_at=datetime.datetime.fromisoformat(data["starts_at"]),
            ends_at=datetime.datetime.fromisoformat(data["ends_at"]) if data["ends_at"] else None,
            organiser_name=data["organiser_name"],
            room=data["room"],
        )
        for data in parsed
    ]


IMPORTER = Importer(kind=KIND, parse=parse, rebuild=rebuild, max_bytes=5 * 1024 * 1024)
