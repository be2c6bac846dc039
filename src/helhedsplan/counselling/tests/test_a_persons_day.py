"""What a field worker's home page reads of the counselling: today's hours of their estates,
their own last inquiries, and the open weeks in which nothing was registered."""

from __future__ import annotations

import datetime

import time_machine

from conftest import World
from helhedsplan.counselling import queries, services
from helhedsplan.counselling.models import Weekday
from helhedsplan.counselling.tests.helpers import local, register

D = datetime.date
T = datetime.time
# A Tuesday.
TODAY = D(2020, 12, 15)


def _tuesdays(world: World) -> None:
    """Vapnagaard on Tuesdays 13-17, closed over Christmas; Nøjsomhed on Thursdays."""
    services.opening_hours_add(
        estate=world.vapnagaard, weekday=Weekday.TUESDAY, starts=T(13), ends=T(17), place="Huset"
    )
    services.closure_add(
        estate=world.vapnagaard, starts=D(2020, 12, 21), ends=D(2021, 1, 3), reason="Juleferie"
    )
    services.opening_hours_add(
        estate=world.nojsomhed, weekday=Weekday.THURSDAY, starts=T(9), ends=T(11), place="Caféen"
    )


def test_a_day_has_its_sessions_or_its_closure_and_the_next_session(
    world: World, django_assert_num_queries
) -> None:
    _tuesdays(world)

    with django_assert_num_queries(2):
        today = queries.counselling_on([world.vapnagaard, world.nojsomhed], day=TODAY)
    christmas = queries.counselling_on([world.vapnagaard], day=D(2020, 12, 22))[0]

    vapnagaard, nojsomhed = today
    assert [(s.starts, s.place) for s in vapnagaard.sessions] == [(T(13), "Huset")]
    assert vapnagaard.closure is None
    assert nojsomhed.sessions == []
    assert nojsomhed.next_session is not None and nojsomhed.next_session.day == D(2020, 12, 17)
    assert christmas.sessions == []
    assert christmas.closure is not None and christmas.closure.reason == "Juleferie"
    assert christmas.next_session is not None and christmas.next_session.day == D(2021, 1, 5)


def test_a_person_s_last_inquiries_are_their_own_newest_first(world: World) -> None:
    staff = world.user("staff")
    with time_machine.travel(local(2020, 12, 8, 14), tick=False):
        older = register(world.vapnagaard, ["Kost"], by=staff)[0]
    with time_machine.travel(local(2020, 12, 15, 14), tick=False):
        newer = register(world.vapnagaard, ["Boligstøtte"], by=staff)[0]
        register(world.vapnagaard, ["Kost"], by=world.user("secretariat_head"))

    found = queries.inquiries_registered_by(user=staff, programme=world.programme, limit=5)
    limited = queries.inquiries_registered_by(user=staff, programme=world.programme, limit=1)

    assert found == [newer, older]
    assert limited == [newer]
    assert [topic.name for topic in found[0].topics.all()] == ["Boligstøtte"]


def test_quiet_weeks_are_open_finished_weeks_without_inquiries(
    world: World, django_assert_num_queries
) -> None:
    _tuesdays(world)
    # Week 50 (7-13 December) and week 48 have inquiries in Vapnagaard; Nøjsomhed none.
    register(world.vapnagaard, ["Kost"], at=local(2020, 12, 8, 14))
    register(world.vapnagaard, ["Kost"], at=local(2020, 11, 24, 14))
    # This week's inquiry does not make a finished week busy.
    register(world.vapnagaard, ["Kost"], at=local(2020, 12, 15, 14))

    with django_assert_num_queries(3):
        quiet = queries.quiet_weeks([world.vapnagaard, world.nojsomhed], today=TODAY, weeks=3)

    assert [(week.estate.name, week.iso_week, week.monday) for week in quiet] == [
        ("Nøjsomhed", 50, D(2020, 12, 7)),
        ("Vapnagaard", 49, D(2020, 11, 30)),
        ("Nøjsomhed", 49, D(2020, 11, 30)),
        ("Nøjsomhed", 48, D(2020, 11, 23)),
    ]


def test_a_closed_week_is_never_quiet(world: World) -> None:
    _tuesdays(world)

    quiet = queries.quiet_weeks([world.vapnagaard], today=D(2021, 1, 11), weeks=3)

    # Weeks 52 and 53 of 2020 were closed for Christmas; week 1 of 2021 was open.
    assert [(week.iso_year, week.iso_week) for week in quiet] == [(2021, 1)]
