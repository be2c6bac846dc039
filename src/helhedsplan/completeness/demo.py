"""The cockpit's demo: the events' demo marks every past event held, so a past event still
planned is added here, through the events' services, for the cockpit to show.

Two kinds stay empty in the demo on purpose: the counselling's demo registers inquiries in
every open week (and loading it again restores any week emptied here), and the panels' demo
keeps the pace of six meetings a year in every estate (P1).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from helhedsplan.events import queries as event_queries
from helhedsplan.events import services as event_services
from helhedsplan.events.models import Event, EventTypeCode
from helhedsplan.programmes.demo import DEMO_PROGRAMME
from helhedsplan.programmes.models import Estate, Programme

EVENT_ESTATE = "Nøjsomhed"
UNCOUNTED_EVENT = "Fællesspisning i beboerhuset"


def load_demo_data() -> None:
    programme = Programme.objects.filter(name=DEMO_PROGRAMME).first()
    if programme is None:
        return
    estate = Estate.objects.get(programme=programme, name=EVENT_ESTATE)
    today = timezone.localdate()
    _uncounted_event(programme, estate, today)


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
