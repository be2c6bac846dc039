from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from conftest import World
from helhedsplan.counselling import services
from helhedsplan.counselling.models import Booking, Weekday
from helhedsplan.counselling.tests.helpers import local


@pytest.fixture
def open_tuesdays(world: World):
    services.opening_hours_add(
        estate=world.vapnagaard,
        weekday=Weekday.TUESDAY,
        starts=datetime.time(13),
        ends=datetime.time(17),
        place="Beboerhuset",
    )
    return world.vapnagaard


def test_booking_details_vanish_once_their_day_has_passed(client, world, open_tuesdays) -> None:
    with time_machine.travel(local(2021, 3, 1, 10), tick=False):
        client.force_login(world.user("staff"))
        response = client.post(
            reverse("counselling:booking_create", kwargs={"slug": world.programme.slug}),
            {
                "estate": open_tuesdays.pk,
                "day": "2021-03-02",
                "time": "13:30",
                "duration_minutes": "30",
                "name": "Mona",
                "phone": "+45 20 30 40 50",
            },
        )
        assert response.status_code == 302
        booking = Booking.objects.get()
        assert (booking.name, booking.phone) == ("Mona", "20304050")
    with time_machine.travel(local(2021, 3, 2, 23, 59), tick=False):
        call_command("purge_bookings", verbosity=0)
        booking.refresh_from_db()
        assert booking.name == "Mona"
    with time_machine.travel(local(2021, 3, 3, 0, 1), tick=False):
        call_command("purge_bookings", verbosity=0)
        booking.refresh_from_db()
        assert (booking.name, booking.phone) == ("", "")
        assert booking.purged_at == local(2021, 3, 3, 0, 1)
        assert Booking.objects.count() == 1
        # A day later the morning's session has idled out: the worker signs in again.
        client.force_login(world.user("staff"))
        page = client.get(
            reverse("counselling:booking_list", kwargs={"slug": world.programme.slug})
        )
        assert page.context["past_counts"] == {"Vapnagaard": 1}
        assert "Mona" not in page.content.decode()
    # The audit trail never held the personal part in the first place.
    assert not hasattr(booking.history.first(), "name")


@time_machine.travel(local(2021, 3, 1, 10), tick=False)
def test_a_booking_outside_the_hours_or_with_a_bad_phone_is_refused(
    client, world, open_tuesdays
) -> None:
    client.force_login(world.user("staff"))
    url = reverse("counselling:booking_create", kwargs={"slug": world.programme.slug})
    data = {
        "estate": open_tuesdays.pk,
        "day": "2021-03-02",
        "time": "13:30",
        "duration_minutes": "30",
        "name": "K.H.",
    }
    assert client.post(url, {**data, "time": "18:00"}).status_code == 400
    assert client.post(url, {**data, "phone": "1234"}).status_code == 400
    assert client.post(url, {**data, "day": "2021-02-23"}).status_code == 400
    assert not Booking.objects.exists()


def test_only_registrars_see_and_make_bookings(client, world, open_tuesdays) -> None:
    url = reverse("counselling:booking_list", kwargs={"slug": world.programme.slug})
    for who, status in [("staff", 200), ("board", 403), ("working_group", 403), ("police", 403)]:
        client.force_login(world.user(who))
        assert client.get(url).status_code == status, who
