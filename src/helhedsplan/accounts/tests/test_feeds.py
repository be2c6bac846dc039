"""Calendar subscriptions: a secret, revocable address that opens a person's feeds, and
nothing else, without a session."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World
from helhedsplan.accounts import services
from helhedsplan.accounts.models import FeedToken, Membership, Role
from helhedsplan.events.tests.factories import an_event

CREATE = reverse("accounts:feed_token_create")


def _addresses(client, world: World, who: str) -> dict[str, str]:
    """The person makes their calendar addresses on their account page: label -> URL."""
    client.force_login(world.user(who))
    response = client.post(CREATE)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return dict(response.context["new_feeds"])


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.fixture
def coming_event(world: World):
    """A theme evening in Vapnagaard next week."""
    event = an_event(world)
    event.starts_at = timezone.now() + datetime.timedelta(days=7)
    event.save()
    return event


def test_a_calendar_app_reads_the_feed_without_a_session(
    client, world: World, coming_event
) -> None:
    addresses = _addresses(client, world, "board")
    assert set(addresses) == {
        "Arrangementer i Nøjsomhed",
        "Arrangementer i Vapnagaard",
        "Rådgivningens åbningstider i Nøjsomhed",
        "Rådgivningens åbningstider i Vapnagaard",
    }
    app = Client(enforce_csrf_checks=True)  # a calendar app: no cookies, no CSRF token
    response = app.get(_path(addresses["Arrangementer i Vapnagaard"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    assert b"Boligst" in response.content
    assert not response.cookies
    hours = app.get(_path(addresses["Rådgivningens åbningstider i Vapnagaard"]))
    assert hours.status_code == 200
    assert hours.content.startswith(b"BEGIN:VCALENDAR")
    # The feed opened no session: the app is still nobody to the rest of the site.
    assert app.get(reverse("events:list")).status_code == 302


def test_the_token_is_stored_only_as_a_digest(client, world: World) -> None:
    addresses = _addresses(client, world, "staff")
    token = _path(next(iter(addresses.values()))).split("/")[2]
    assert len(token) >= 43
    stored = FeedToken.objects.get(user=world.user("staff"))
    assert stored.digest != token and token not in stored.digest
    assert stored.digest == FeedToken.digest_of(token)
    # Shown once: the account page afterwards says it exists, not what it is.
    page = client.get(reverse("accounts:account")).content.decode()
    assert token not in page
    assert "Du har kalenderadresser" in page


def test_a_wrong_a_revoked_or_a_replaced_token_is_a_404(client, world: World) -> None:
    app = Client()
    first = _path(_addresses(client, world, "staff")["Arrangementer i Vapnagaard"])
    assert app.get(first).status_code == 200
    assert app.get(first.replace(first.split("/")[2], "x" * 43)).status_code == 404
    second = _path(_addresses(client, world, "staff")["Arrangementer i Vapnagaard"])
    assert app.get(first).status_code == 404
    assert app.get(second).status_code == 200
    response = client.post(reverse("accounts:feed_token_revoke"))
    assert response.status_code == 302
    assert app.get(second).status_code == 404
    assert not FeedToken.objects.filter(user=world.user("staff")).exists()


def test_the_rules_are_asked_at_each_request(client, world: World) -> None:
    """A withdrawn role or a deactivated account stops the feed; an estate of another
    programme was never in it."""
    app = Client()
    address = _path(_addresses(client, world, "board")["Arrangementer i Vapnagaard"])
    other_estate = world.other_programme.estates.get()
    assert app.get(address).status_code == 200
    assert app.get(re.sub(r"/\d+\.ics$", f"/{other_estate.pk}.ics", address)).status_code == 404
    services.user_set_active(user=world.user("board"), active=False)
    assert app.get(address).status_code == 404
    services.user_set_active(user=world.user("board"), active=True)
    assert app.get(address).status_code == 200
    Membership.objects.filter(user=world.user("board"), role=Role.BOARD).delete()
    assert app.get(address).status_code == 404


def test_the_token_opens_nothing_but_feeds(client, world: World) -> None:
    address = _path(_addresses(client, world, "administrator")["Arrangementer i Vapnagaard"])
    token = address.split("/")[2]
    app = Client()
    for url in (f"/events/?token={token}", f"/accounts/users/?token={token}"):
        assert app.get(url).status_code == 302, url
    assert app.get(f"/feeds/{token}/").status_code == 404
    assert app.post(address).status_code == 405


def test_police_have_no_feeds_and_are_offered_none(client, world: World) -> None:
    client.force_login(world.user("police"))
    page = client.get(reverse("accounts:account"))
    assert page.status_code == 200
    assert "Du har ingen kalendere at abonnere på." in page.content.decode()
    assert "feed_token_create" not in page.content.decode()
    assert CREATE not in page.content.decode()


def test_the_calendar_pages_point_to_the_subscription(client, world: World) -> None:
    client.force_login(world.user("staff"))
    page = client.get(reverse("events:calendar", kwargs={"estate_id": world.vapnagaard.pk}))
    assert reverse("accounts:account") + "#calendar" in page.content.decode()
