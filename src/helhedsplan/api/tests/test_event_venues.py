"""Events written through the API with a venue and partners, chosen by id from the
programme's managed lists as the event form chooses them."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client

from conftest import World
from helhedsplan.accounts.models import ApiTokenScope
from helhedsplan.api.tests.helpers import a_token, bearer
from helhedsplan.core.lists.services import list_entry_create, list_entry_retire
from helhedsplan.events.models import Event, Partner, Venue


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    cache.clear()


def _post(client: Client, path: str, body: dict, secret: str):
    return client.post(
        path, json.dumps(body), content_type="application/json", headers=bearer(secret)
    )


def _writer(world: World) -> str:
    return a_token(world.user("staff"), scope=ApiTokenScope.READ_WRITE)


def _events(world: World, rest: str = "") -> str:
    return f"/api/v1/programmes/{world.programme.slug}/{rest or 'events'}"


def test_an_event_gets_a_venue_and_partners_by_id(client: Client, world: World) -> None:
    venue = list_entry_create(model=Venue, programme=world.programme, name="Beboerhuset")
    partner = list_entry_create(model=Partner, programme=world.programme, name="Biblioteket")
    retired = list_entry_create(model=Partner, programme=world.programme, name="Klubben")
    list_entry_retire(entry=retired)
    reader = bearer(a_token(world.user("staff"), scope=ApiTokenScope.READ))
    venues = client.get(_events(world, "venues"), headers=reader).json()
    partners = client.get(_events(world, "partners"), headers=reader).json()
    assert venues["items"] == [{"id": venue.pk, "name": "Beboerhuset"}]
    assert partners["items"] == [{"id": partner.pk, "name": "Biblioteket"}]
    body = {
        "type": "cultural",
        "title": "Teater i gården",
        "starts_at": "2019-05-18T14:00:00+02:00",
        "estates": [world.vapnagaard.pk],
        "venue": venue.pk,
        "partners": [partner.pk],
    }
    secret = _writer(world)
    refused = _post(client, _events(world), body | {"partners": [retired.pk]}, secret)
    assert refused.status_code == 422
    assert refused.json()["error"]["fields"][0]["loc"] == ["body", "partners"]
    response = _post(client, _events(world), body, secret)
    assert response.status_code == 201, response.content
    event = Event.objects.get()
    assert (event.venue, list(event.partners.all())) == (venue, [partner])
    answer = response.json()
    assert (answer["venue_id"], answer["venue"]) == (venue.pk, "Beboerhuset")
    assert (answer["partner_ids"], answer["partners"]) == ([partner.pk], ["Biblioteket"])
    read = client.get(_events(world, f"events/{event.pk}"), headers=reader).json()
    assert (read["venue_id"], read["partner_ids"]) == (venue.pk, [partner.pk])


def test_a_venue_of_another_programme_is_refused(client: Client, world: World) -> None:
    elsewhere = list_entry_create(model=Venue, programme=world.other_programme, name="Salen")
    body = {
        "type": "cultural",
        "title": "Teater",
        "starts_at": "2019-05-18T14:00:00+02:00",
        "estates": [world.vapnagaard.pk],
        "venue": elsewhere.pk,
    }
    response = _post(client, _events(world), body, _writer(world))
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["loc"] == ["body", "venue"]
    assert not Event.objects.exists()
