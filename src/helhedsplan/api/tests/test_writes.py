"""Writes through the API: the same forms and services as the pages, a read-write token, the
caller's estates, CSRF for a session, and an Idempotency-Key that never writes twice."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from conftest import World
from helhedsplan.accounts.models import ApiTokenScope
from helhedsplan.api.tests.helpers import a_token, bearer
from helhedsplan.core.lists.services import list_entry_retire
from helhedsplan.counselling.models import Inquiry
from helhedsplan.counselling.tests.helpers import topic
from helhedsplan.events.models import Event, EventStatus
from helhedsplan.series.models import Observation
from helhedsplan.series.tests.factories import safety_series


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    cache.clear()


def _post(client: Client, path: str, body: dict, secret: str, **headers: str):
    return client.post(
        path, json.dumps(body), content_type="application/json", headers=bearer(secret) | headers
    )


def _writer(world: World, who: str) -> str:
    return a_token(world.user(who), scope=ApiTokenScope.READ_WRITE)


def _inquiries(world: World) -> str:
    return f"/api/v1/programmes/{world.programme.slug}/inquiries"


def _inquiry(world: World, estate=None, **changes) -> dict:
    return {
        "estate": (estate or world.vapnagaard).pk,
        "topics": [topic(world.programme, "Kost").pk],
        "channel": "drop_in",
        **changes,
    }


def test_a_read_write_token_registers_an_inquiry(client: Client, world: World) -> None:
    response = _post(client, _inquiries(world), _inquiry(world), _writer(world, "staff"))
    assert response.status_code == 201, response.content
    inquiry = Inquiry.objects.get()
    assert response.json()["id"] == inquiry.pk
    assert inquiry.registered_by == world.user("staff")
    assert [t.name for t in inquiry.topics.all()] == ["Kost"]


def test_a_read_only_token_writes_nothing(client: Client, world: World) -> None:
    secret = a_token(world.user("staff"), scope=ApiTokenScope.READ)
    response = _post(client, _inquiries(world), _inquiry(world), secret)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "insufficient_scope"
    assert not Inquiry.objects.exists()


def test_an_estate_limited_person_registers_only_in_their_estates(
    client: Client, world: World
) -> None:
    secret = _writer(world, "staff")
    response = _post(client, _inquiries(world), _inquiry(world, world.nojsomhed), secret)
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["loc"] == ["body", "estate"]
    assert not Inquiry.objects.exists()


def test_the_note_guard_holds_for_the_api(client: Client, world: World) -> None:
    body = _inquiry(world, note="Ring til 20 30 40 50")
    response = _post(client, _inquiries(world), body, _writer(world, "staff"))
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["loc"] == ["body", "note"]
    assert not Inquiry.objects.exists()


def test_a_retry_with_its_key_answers_the_first_result(client: Client, world: World) -> None:
    secret = _writer(world, "staff")
    first = _post(client, _inquiries(world), _inquiry(world), secret, **{"Idempotency-Key": "k-1"})
    again = _post(client, _inquiries(world), _inquiry(world), secret, **{"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Inquiry.objects.count() == 1
    other = _inquiry(world, channel="phone")
    reused = _post(client, _inquiries(world), other, secret, **{"Idempotency-Key": "k-1"})
    assert reused.status_code == 422
    assert reused.json()["error"]["code"] == "idempotency_key"
    assert Inquiry.objects.count() == 1


def test_a_retry_answers_first_even_when_its_topic_was_retired_since(
    client: Client, world: World
) -> None:
    # The first request wrote, its answer was lost, and the topic was retired before the
    # retry: the retry gets the first answer, not the refusal a new registration would get.
    secret, key = _writer(world, "staff"), {"Idempotency-Key": "k-retired"}
    first = _post(client, _inquiries(world), _inquiry(world), secret, **key)
    list_entry_retire(entry=topic(world.programme, "Kost"))
    again = _post(client, _inquiries(world), _inquiry(world), secret, **key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Inquiry.objects.count() == 1


def test_a_session_writes_only_with_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("staff"))
    body = json.dumps(_inquiry(world))
    response = client.post(_inquiries(world), body, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"
    assert not Inquiry.objects.exists()
    client.get("/accounts/me/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        _inquiries(world), body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert response.status_code == 201


def _events(world: World) -> str:
    return f"/api/v1/programmes/{world.programme.slug}/events"


def _event(world: World, *estates) -> dict:
    return {
        "type": "cultural",
        "title": "Teater i gården",
        "starts_at": "2019-05-18T14:00:00+02:00",
        "estates": [estate.pk for estate in estates or [world.vapnagaard]],
    }


def test_an_event_is_registered_and_marked_held(client: Client, world: World) -> None:
    secret = _writer(world, "staff")
    created = _post(client, _events(world), _event(world), secret)
    assert created.status_code == 201, created.content
    event = Event.objects.get()
    assert timezone.localtime(event.starts_at).time() == datetime.time(14)
    assert event.created_by == world.user("staff")
    held = _post(
        client,
        f"{_events(world)}/{event.pk}/held",
        {"participants_residents": 30, "participants_non_residents": 4},
        secret,
    )
    assert held.status_code == 200, held.content
    assert held.json()["status"] == EventStatus.HELD
    event.refresh_from_db()
    assert (event.status, event.participants_residents) == (EventStatus.HELD, 30)


def test_an_event_only_in_another_estate_is_refused(client: Client, world: World) -> None:
    response = _post(
        client, _events(world), _event(world, world.nojsomhed), _writer(world, "staff")
    )
    assert response.status_code == 422
    assert not Event.objects.exists()


def test_a_figure_is_recorded_by_the_secretariat_only(client: Client, world: World) -> None:
    series = safety_series(world)
    path = f"/api/v1/programmes/{world.programme.slug}/series/{series.code}/observations"
    body = {"where": str(world.nojsomhed.pk), "period": "2016", "value": 59.2}
    refused = _post(client, path, body, _writer(world, "staff"))
    assert refused.status_code == 403
    response = _post(client, path, body, _writer(world, "secretariat_head"))
    assert response.status_code == 201, response.content
    observation = Observation.objects.get()
    assert str(observation.value) == "59.2000"
    assert observation.estate == world.nojsomhed
    again = _post(client, path, body | {"value": 61}, _writer(world, "secretariat_head"))
    assert again.status_code == 200
    assert Observation.objects.get().value == 61
