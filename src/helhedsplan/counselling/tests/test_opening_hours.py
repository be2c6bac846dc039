from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from conftest import World
from helhedsplan.counselling import queries, services
from helhedsplan.counselling.models import Weekday
from helhedsplan.counselling.tests.helpers import local

D = datetime.date
T = datetime.time


@pytest.fixture
def tuesdays(world: World):
    """Vapnagaard: Tuesday 13-17, closed over Christmas 2020 into the new year."""
    services.opening_hours_add(
        estate=world.vapnagaard,
        weekday=Weekday.TUESDAY,
        starts=T(13),
        ends=T(17),
        place="Beboerhuset",
        valid_from=D(2019, 1, 1),
    )
    services.closure_add(
        estate=world.vapnagaard, starts=D(2020, 12, 21), ends=D(2021, 1, 3), reason="Juleferie"
    )
    return world.vapnagaard


def test_weeks_inside_a_closure_are_not_open_across_the_new_year(tuesdays) -> None:
    assert queries.is_open_week(tuesdays, 2020, 51)
    assert not queries.is_open_week(tuesdays, 2020, 52)
    assert not queries.is_open_week(tuesdays, 2020, 53)
    assert queries.is_open_week(tuesdays, 2021, 1)
    assert queries.open_weeks(tuesdays, 2020) == list(range(1, 52))
    assert queries.open_weeks(tuesdays, 2021) == list(range(1, 53))


def test_a_week_is_open_when_a_closure_leaves_some_hours(tuesdays) -> None:
    services.opening_hours_add(
        estate=tuesdays, weekday=Weekday.THURSDAY, starts=T(9), ends=T(12), place="Beboerhuset"
    )
    services.closure_add(
        estate=tuesdays, starts=D(2021, 3, 2), ends=D(2021, 3, 2), reason="Personalemøde"
    )
    assert queries.is_open_week(tuesdays, 2021, 9)
    services.closure_add(estate=tuesdays, starts=D(2021, 3, 4), ends=D(2021, 3, 4), reason="Kursus")
    assert not queries.is_open_week(tuesdays, 2021, 9)


def test_weeks_before_the_schedule_began_are_not_open(tuesdays) -> None:
    assert queries.open_weeks(tuesdays, 2018) == []
    assert queries.open_weeks(tuesdays, 2019)[0] == 1


@time_machine.travel(local(2021, 3, 1, 10), tick=False)
def test_a_booking_must_lie_inside_the_opening_hours(tuesdays) -> None:
    booking = services.booking_create(
        estate=tuesdays,
        starts=local(2021, 3, 2, 16, 30),
        duration_minutes=30,
        name="A.B.",
        by=None,
    )
    assert booking.ends == local(2021, 3, 2, 17)
    for starts in (local(2021, 3, 2, 16, 45), local(2021, 3, 3, 13), local(2021, 3, 2, 12)):
        with pytest.raises(ValidationError, match="uden for rådgivningens åbningstid"):
            services.booking_create(
                estate=tuesdays, starts=starts, duration_minutes=30, name="A.B.", by=None
            )
    services.closure_add(estate=tuesdays, starts=D(2021, 3, 9), ends=D(2021, 3, 9), reason="Kursus")
    with pytest.raises(ValidationError, match="uden for rådgivningens åbningstid"):
        services.booking_create(
            estate=tuesdays,
            starts=local(2021, 3, 9, 13),
            duration_minutes=30,
            name="A.",
            by=None,
        )


@time_machine.travel(local(2020, 12, 14, 10), tick=False)
def test_the_page_shows_the_coming_hours_and_closures(client, tuesdays, world: World) -> None:
    client.force_login(world.user("staff"))
    url = reverse(
        "counselling:opening_hours",
        kwargs={"slug": world.programme.slug, "estate_id": tuesdays.pk},
    )
    response = client.get(url)
    weeks = response.context["weeks"]
    assert [(w.iso_year, w.iso_week) for w in weeks][:4] == [
        (2020, 51),
        (2020, 52),
        (2020, 53),
        (2021, 1),
    ]
    assert [s.day for s in weeks[0].sessions] == [D(2020, 12, 15)]
    assert weeks[1].sessions == [] and weeks[1].closures[0].reason == "Juleferie"
    body = response.content.decode()
    assert "Juleferie" in body
    assert "Beboerhuset" in body


@time_machine.travel(local(2020, 12, 14, 10), tick=False)
def test_the_ical_feed_lists_sessions_and_closures(client, tuesdays, world: World) -> None:
    client.force_login(world.user("board"))
    url = reverse(
        "counselling:opening_hours_ical",
        kwargs={"slug": world.programme.slug, "estate_id": tuesdays.pk},
    )
    response = client.get(url)
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = [c for c in calendar.walk("VEVENT")]
    sessions = [e for e in events if str(e.get("location")) == "Beboerhuset"]
    assert sessions[0].decoded("dtstart") == local(2020, 12, 15, 13)
    assert D(2020, 12, 22) not in {e.decoded("dtstart").date() for e in sessions}
    closed = [e for e in events if "Juleferie" in str(e["summary"])]
    assert closed[0].decoded("dtstart") == D(2020, 12, 21)
    assert calendar.walk("VTIMEZONE")


def test_the_secretariat_head_manages_hours_and_staff_cannot(client, world: World) -> None:
    slug, estate = world.programme.slug, world.nojsomhed
    add = reverse("counselling:opening_hours_add", kwargs={"slug": slug, "estate_id": estate.pk})
    data = {
        "hours-weekday": "2",
        "hours-starts": "13:00",
        "hours-ends": "16:00",
        "hours-place": "Fælleshuset",
    }
    client.force_login(world.user("staff"))
    assert client.post(add, data).status_code == 403
    client.force_login(world.user("secretariat_head"))
    assert client.post(add, data).status_code == 302
    assert client.post(add, {**data, "hours-ends": "12:00"}).status_code == 400
    closure = reverse("counselling:closure_add", kwargs={"slug": slug, "estate_id": estate.pk})
    response = client.post(
        closure,
        {
            "closure-starts": "2021-07-12",
            "closure-ends": "2021-08-01",
            "closure-reason": "Sommerferie",
        },
    )
    assert response.status_code == 302
    assert queries.open_weeks(estate, 2021) == [w for w in range(1, 53) if w not in (28, 29, 30)]
