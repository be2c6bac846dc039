"""The cockpit's demo: the other apps' demos leave some kinds of gap out of the running year
(every open week has inquiries, every past event is marked held), so two are added here,
through those apps' services, for the cockpit to show one of each kind it can.

The panels' demo keeps the pace of six meetings a year in every estate on purpose (P1), so
no estate is behind it in the running year.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from helhedsplan.counselling import queries as counselling_queries
from helhedsplan.counselling import services as counselling_services
from helhedsplan.counselling.models import Inquiry
from helhedsplan.events import queries as event_queries
from helhedsplan.events import services as event_services
from helhedsplan.events.models import Event, EventTypeCode
from helhedsplan.programmes.demo import DEMO_PROGRAMME
from helhedsplan.programmes.models import Estate, Programme

QUIET_ESTATE = "Nøjsomhed"
UNCOUNTED_EVENT = "Fællesspisning i beboerhuset"


def load_demo_data() -> None:
    programme = Programme.objects.filter(name=DEMO_PROGRAMME).first()
    if programme is None:
        return
    estate = Estate.objects.get(programme=programme, name=QUIET_ESTATE)
    today = timezone.localdate()
    _quiet_week(estate, today)
    _uncounted_event(programme, estate, today)


def _quiet_week(estate: Estate, today: datetime.date) -> None:
    """The running year's first finished open week loses its inquiries: as if they were
    never registered. Idempotent: the week stays the first open one of the year."""
    this_week = today.isocalendar()
    weeks = [
        week
        for week in counselling_queries.open_weeks(estate, today.year)
        if (today.year, week) < (this_week.year, this_week.week)
    ]
    if not weeks:
        return
    monday = datetime.date.fromisocalendar(today.year, weeks[0], 1)
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min))
    for inquiry in Inquiry.objects.filter(
        estate=estate,
        occurred_at__gte=start,
        occurred_at__lt=start + datetime.timedelta(weeks=1),
    ).order_by("pk"):
        counselling_services.inquiry_delete(inquiry=inquiry, by=None)


def _uncounted_event(programme: Programme, estate: Estate, today: datetime.date) -> None:
    """A communal dinner early in the running year, still planned: held, but not counted."""
    day = datetime.date(today.year, 1, 15)
    if day >= today:
        return
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(17)))
    if Event.objects.filter(programme=programme, title=UNCOUNTED_EVENT).exists():
        return
    event_services.event_create(
        programme=programme,
        type=event_queries.event_type_by_code(EventTypeCode.CULTURAL),
        title=UNCOUNTED_EVENT,
        starts_at=starts_at,
        estates=[estate],
        created_by=None,
    )
