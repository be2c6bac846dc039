"""An estate's coming events as an iCalendar feed (RFC 5545)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import icalendar
from django.utils import timezone

from helhedsplan.events.models import Event, EventStatus
from helhedsplan.programmes.models import Estate

ICAL_STATUS = {
    EventStatus.PLANNED: "CONFIRMED",
    EventStatus.HELD: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
}


def event_uid(event: Event) -> str:
    """The same for an event in every feed and on every download, so a calendar that
    subscribes updates the event instead of adding it again."""
    return f"event-{event.pk}@helhedsplan"


def estate_calendar(
    *, estate: Estate, events: Iterable[Event], absolute_url: Callable[[str], str]
) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//helhedsplan//arrangementer//DA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{estate.programme.name} – {estate.name}")
    for event in events:
        entry = icalendar.Event()
        entry.add("uid", event_uid(event))
        entry.add("dtstamp", event.updated_at)
        entry.add("last-modified", event.updated_at)
        entry.add("dtstart", timezone.localtime(event.starts_at))
        if event.ends_at is not None:
            entry.add("dtend", timezone.localtime(event.ends_at))
        entry.add("summary", event.title)
        entry.add("status", ICAL_STATUS[EventStatus(event.status)])
        entry.add("categories", [event.type.name])
        if event.venue is not None:
            entry.add("location", event.venue.name)
        description = [event.type.name]
        partners = [partner.name for partner in event.partners.all()]
        if partners:
            description.append(", ".join(partners))
        entry.add("description", "\n".join(description))
        entry.add("url", absolute_url(event.get_absolute_url()))
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar
