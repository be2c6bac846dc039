"""The coming opening hours of an estate's counselling as an iCalendar feed."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from helhedsplan.counselling.queries import schedule
from helhedsplan.programmes.models import Estate

FEED_WEEKS = 12


def opening_hours_calendar(estate: Estate, *, today: datetime.date) -> bytes:
    """Each session of the next weeks as an event, and each closure as an all-day event."""
    plan = schedule(estate)
    last = today + datetime.timedelta(weeks=FEED_WEEKS)
    calendar = Calendar()
    calendar.add("prodid", "-//helhedsplan//counselling//DA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Hverdagsrådgivning %(estate)s") % {"estate": estate.name})
    stamp = timezone.now()
    for session in plan.sessions_between(today, last):
        event = Event()
        event.add("uid", f"counselling-{estate.pk}-{session.day:%Y%m%d}-{session.starts:%H%M}")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.start_datetime())
        event.add("dtend", session.end_datetime())
        event.add("summary", _("Hverdagsrådgivning – %(estate)s") % {"estate": estate.name})
        event.add("location", session.place)
        calendar.add_component(event)
    for closure in plan.closures:
        if closure.ends < today or closure.starts > last:
            continue
        event = Event()
        event.add("uid", f"counselling-closure-{closure.pk}")
        event.add("dtstamp", stamp)
        event.add("dtstart", closure.starts)
        # An all-day event ends on the day after its last day.
        event.add("dtend", closure.ends + datetime.timedelta(days=1))
        event.add("summary", _("Rådgivningen er lukket: %(reason)s") % {"reason": closure.reason})
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
