"""Who may change events and lists: the POST actions the role matrix cannot reach with GET."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import World
from helhedsplan.events import services
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


@pytest.mark.parametrize("who", sorted(EVERYONE - {"administrator", "superuser"}))
def test_only_administrators_change_the_lists(client, world: World, who: str) -> None:
    venue = services.venue_create(programme=world.programme, name="Kulturhus Syd")
    client.force_login(world.user(who))
    responses = [
        client.post(
            reverse("events:list_entry_create", kwargs={"kind": "partners"}),
            {"programme": world.programme.pk, "name": "Jobcenter"},
        ),
        client.post(
            reverse("events:list_entry_create", kwargs={"kind": "types"}),
            {"type-name": "Sommerlejr", "type-code": "sommerlejr"},
        ),
        client.post(
            reverse("events:list_entry_retire", kwargs={"kind": "venues", "entry_id": venue.pk})
        ),
    ]
    assert [r.status_code for r in responses] == [403, 403, 403]
    venue.refresh_from_db()
    assert venue.active
    assert not world.programme.partners.exists()


def test_an_administrator_cannot_change_another_programmes_lists(client, world: World) -> None:
    venue = services.venue_create(programme=world.other_programme, name="Korsløkkehuset")
    client.force_login(world.user("administrator"))
    url = reverse("events:list_entry_retire", kwargs={"kind": "venues", "entry_id": venue.pk})
    assert client.post(url).status_code == 403
    create = reverse("events:list_entry_create", kwargs={"kind": "venues"})
    assert (
        client.post(create, {"programme": world.other_programme.pk, "name": "X"}).status_code == 403
    )


def test_police_see_no_events_in_the_navigation(client, world: World) -> None:
    client.force_login(world.user("police"))
    labels = [str(item.label) for item in client.get(reverse("home")).context["nav_items"]]
    assert "Arrangementer" not in labels
    client.force_login(world.user("board"))
    labels = [str(item.label) for item in client.get(reverse("home")).context["nav_items"]]
    assert "Arrangementer" in labels
