"""A session ends after eight hours without use (issue 11, item 3); it used to last 14 days."""

from __future__ import annotations

import datetime

import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from conftest import World

START = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


def _signed_in(client: Client) -> bool:
    response = client.get(reverse("home"))
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("accounts:login"))
        return False
    assert response.status_code == 200
    return True


def test_the_idle_timeout_is_eight_hours_by_default() -> None:
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60


def test_a_session_in_use_lives_on_and_an_idle_one_ends(client: Client, world: World) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(world.user("staff"))
        assert _signed_in(client)
        # Used every seven hours, the session outlives any fixed lifetime of a working day.
        for _ in range(3):
            traveller.shift(datetime.timedelta(hours=7))
            assert _signed_in(client)
        traveller.shift(datetime.timedelta(hours=8, minutes=1))
        assert not _signed_in(client)


def test_the_session_is_renewed_at_most_once_a_minute(client: Client, world: World) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(world.user("staff"))
        assert _signed_in(client)
        expires = Session.objects.get().expire_date
        traveller.shift(datetime.timedelta(seconds=30))
        assert _signed_in(client)
        assert Session.objects.get().expire_date == expires
        traveller.shift(datetime.timedelta(seconds=31))
        assert _signed_in(client)
        assert Session.objects.get().expire_date == expires + datetime.timedelta(seconds=61)


def test_signing_out_leaves_no_session(client: Client, world: World) -> None:
    client.force_login(world.user("staff"))
    assert _signed_in(client)
    client.post(reverse("accounts:logout"))
    assert not Session.objects.exists()
    assert not _signed_in(client)
    assert not Session.objects.exists()
