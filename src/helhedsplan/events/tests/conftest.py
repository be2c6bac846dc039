"""Events in the shared test world."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone

from conftest import World
from helhedsplan.events import services
from helhedsplan.events.models import Event, EventType, EventTypeCode


def moment(year: int, month: int, day: int, hour: int = 17) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


@pytest.fixture
def theme_evening(db) -> EventType:
    return EventType.objects.get(code=EventTypeCode.THEME_EVENING)


@pytest.fixture
def make_event(world: World, theme_evening: EventType) -> Callable[..., Event]:
    """An event in Helsingør Syd: a planned theme evening in Vapnagaard unless told otherwise."""

    def make(**overrides) -> Event:
        details = {
            "programme": world.programme,
            "type": theme_evening,
            "title": "Boligstøtte – sådan søger du",
            "starts_at": moment(2019, 3, 12),
            "estates": [world.vapnagaard],
            "created_by": world.user("staff"),
            **overrides,
        }
        return services.event_create(**details)

    return make
