"""What a home page reads of the events: a person's own last events, and the events that have
taken place but are still planned."""

from __future__ import annotations

import datetime

import time_machine

from conftest import World
from helhedsplan.events import queries, services
from helhedsplan.events.tests.conftest import moment

D = datetime.date


def test_a_person_s_last_events_are_those_they_registered_newest_first(
    world: World, make_event
) -> None:
    with time_machine.travel(moment(2019, 3, 1), tick=False):
        older = make_event(title="Første")
    with time_machine.travel(moment(2019, 3, 2), tick=False):
        newer = make_event(title="Anden", starts_at=moment(2019, 1, 10))
        make_event(title="Lederens", created_by=world.user("secretariat_head"))

    found = queries.events_created_by(user=world.user("staff"), programme=world.programme, limit=5)

    assert found == [newer, older]


def test_events_left_planned_are_past_still_planned_and_in_the_estates_asked(
    world: World, make_event
) -> None:
    forgotten = make_event(title="Glemt", starts_at=moment(2019, 3, 12))
    joint = make_event(
        title="Fælles", starts_at=moment(2019, 3, 5), estates=[world.vapnagaard, world.nojsomhed]
    )
    make_event(title="Nøjsomheds", starts_at=moment(2019, 3, 6), estates=[world.nojsomhed])
    make_event(title="Før perioden", starts_at=moment(2018, 12, 30))
    make_event(title="I dag", starts_at=moment(2019, 3, 14))
    cancelled = make_event(title="Aflyst", starts_at=moment(2019, 3, 7))
    services.event_cancel(event=cancelled)
    make_event(
        title="Afholdt",
        starts_at=moment(2019, 3, 8),
        status="held",
        participants_residents=4,
        participants_non_residents=0,
    )

    found = queries.events_left_planned(
        programme=world.programme,
        estates=[world.vapnagaard],
        first=D(2019, 1, 1),
        today=D(2019, 3, 14),
    )

    assert list(found) == [forgotten, joint]
