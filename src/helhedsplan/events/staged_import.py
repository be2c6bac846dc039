"""Kulturhus Syd's booking calendar as a staged import (``core.staging``).

The calendar is read once, when it is uploaded, and its bookings are stored as JSON; the
preview and the confirmation work with the bookings rebuilt from it. The target names the
programme, within whose period repeating bookings are unfolded, and the estate the bookings
count in.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError

from helhedsplan.core.staging import Importer, Target
from helhedsplan.events import kulturhus
from helhedsplan.events.models import BookingSource
from helhedsplan.programmes.models import Programme

KIND = "events.kulturhus"


def parse(data: bytes, name: str, target: Target) -> list[dict[str, Any]]:
    span = kulturhus.window(Programme.objects.get(pk=target["programme"]))
    try:
        bookings = kulturhus.parse_file(name, data, span=span)
    except kulturhus.KulturhusImportError as error:
        raise ValidationError(str(error), code="unreadable") from error
    return [_booking_json(booking) for booking in bookings]


def _booking_json(booking: kulturhus.Booking) -> dict[str, Any]:
    return {
        "source": booking.source.value,
        "key": booking.key,
        "series": booking.series,
        "occurrence": booking.occurrence.isoformat() if booking.occurrence else None,
        "position": booking.position,
        "title": booking.title,
        "starts_at": booking.starts_at.isoformat(),
        "ends_at": booking.ends_at.isoformat() if booking.ends_at else None,
        "organiser_name": booking.organiser_name,
        "room": booking.room,
        "cancelled": booking.cancelled,
    }


def _moment(text: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(text) if text else None


def rebuild(parsed: list[dict[str, Any]], target: Target) -> list[kulturhus.Booking]:
    return [
        kulturhus.Booking(
            source=BookingSource(data["source"]),
            key=data["key"],
            series=data["series"],
            occurrence=_moment(data["occurrence"]),
            position=data["position"],
            title=data["title"],
            starts_at=datetime.datetime.fromisoformat(data["starts_at"]),
            ends_at=_moment(data["ends_at"]),
            organiser_name=data["organiser_name"],
            room=data["room"],
            cancelled=data["cancelled"],
        )
        for data in parsed
    ]


# Version 2: repeating bookings unfolded into dates (series, occurrence, cancelled).
IMPORTER = Importer(
    kind=KIND, parse=parse, rebuild=rebuild, max_bytes=kulturhus.MAX_FILE_BYTES, version=2
)
