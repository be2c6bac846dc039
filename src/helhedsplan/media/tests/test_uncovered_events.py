"""What a home page reads of the press: a person's own last mentions, and the cultural events
held without a mention (criterion K3 asks that every one is covered)."""

from __future__ import annotations

import datetime

import time_machine

from conftest import World
from helhedsplan.events.models import EventStatus, EventTypeCode
from helhedsplan.indicators.tests.helpers import event, local
from helhedsplan.media import queries
from helhedsplan.media.tests.factories import a_mention

D = datetime.date


def test_a_person_s_last_mentions_are_those_they_registered_newest_first(world: World) -> None:
    with time_machine.travel(local(2019, 3, 15, 10), tick=False):
        older = a_mention(world, headline="Først")
    with time_machine.travel(local(2019, 3, 16, 10), tick=False):
        newer = a_mention(world, headline="Siden", published_on=D(2019, 1, 2))
        a_mention(world, headline="Lederens", registered_by=world.user("secretariat_head"))

    found = queries.mentions_registered_by(
        user=world.user("staff"), programme=world.programme, limit=5
    )

    assert found == [newer, older]


def test_held_cultural_events_without_a_mention_in_the_period_and_estates(world: World) -> None:
    uncovered = event(
        world, EventTypeCode.CULTURAL, local(2019, 5, 4, 14), [world.vapnagaard], title="Teater"
    )
    covered = event(world, EventTypeCode.CULTURAL, local(2019, 5, 5, 14), [world.vapnagaard])
    a_mention(world, events=[covered])
    event(world, EventTypeCode.CULTURAL, local(2019, 5, 6, 14), [world.nojsomhed])
    event(world, EventTypeCode.CULTURAL, local(2018, 12, 6, 14), [world.vapnagaard])
    event(
        world,
        EventTypeCode.CULTURAL,
        local(2019, 5, 7, 14),
        [world.vapnagaard],
        status=EventStatus.PLANNED,
    )
    event(world, EventTypeCode.OPEN_HOUSE, local(2019, 5, 8, 14), [world.vapnagaard])

    found = queries.cultural_events_without_mention(
        programme=world.programme,
        estates=[world.vapnagaard],
        first=D(2019, 1, 1),
        last=D(2019, 6, 1),
    )

    assert list(found) == [uncovered]
