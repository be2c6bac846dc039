"""Who may change events: the POST actions the role matrix cannot reach with GET. Who may
change the lists events draw on is tested with the lists (core)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import World
from helhedsplan.events.models import Event, EventStatus

EDITORS = {"administrator", "secretariat_head", "staff", "superuser"}
EVERYONE = EDITORS | {"board", "working_group", "police", "outsider"}


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_only_the_programmes_editors_cancel_events(client, world: World, make_event, who) -> None:
    event = make_event()
    client.force_login(world.user(who))
    response = client.post(reverse("events:cancel", kwargs={"event_id": event.pk}))
    event.refresh_from_db()
    if who in EDITORS:
        assert event.status == EventStatus.CANCELLED
    else:
        assert response.status_code == 403
        assert event.status == EventStatus.PLANNED


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_only_the_programmes_editors_mark_events_held(
    client, world: World, make_event, who
) -> None:
    event = make_event()
    client.force_login(world.user(who))
    response = client.post(
        reverse("events:mark_held", kwargs={"event_id": event.pk}),
        {"held-participants_residents": "3", "held-participants_non_residents": "0"},
    )
    event.refresh_from_db()
    assert (event.status == EventStatus.HELD) == (who in EDITORS)
    if who not in EDITORS:
        assert response.status_code == 403


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_only_the_programmes_editors_delete_events(client, world: World, make_event, who) -> None:
    event = make_event()
    client.force_login(world.user(who))
    client.post(reverse("events:delete", kwargs={"event_id": event.pk}))
    assert Event.objects.filter(pk=event.pk).exists() == (who not in EDITORS)


def test_police_see_no_events_in_the_navigation(client, world: World) -> None:
    client.force_login(world.user("police"))
    labels = [str(item.label) for item in client.get(reverse("home")).context["nav_items"]]
    assert "Arrangementer" not in labels
    client.force_login(world.user("board"))
    labels = [str(item.label) for item in client.get(reverse("home")).context["nav_items"]]
    assert "Arrangementer" in labels
