"""Events for tests outside this app, such as the role matrix."""

from __future__ import annotations

import datetime

from django.utils import timezone

from conftest import World
from helhedsplan.events import services
from helhedsplan.events.models import Event, EventType, EventTypeCode


def an_event(world: World) -> Event:
    """A planned theme evening in Vapnagaard, created by the staff member."""
    return services.event_create(
        programme=world.programme,
        type=EventType.objects.get(code=EventTypeCode.THEME_EVENING),
        title="Boligstøtte – sådan søger du",
        starts_at=timezone.make_aware(datetime.datetime(2019, 3, 12, 17)),
        estates=[world.vapnagaard],
        created_by=world.user("staff"),
    )
