"""A new event posted again after its answer was lost, with the form's key: stored once."""

from __future__ import annotations

from django.urls import reverse

from conftest import World
from helhedsplan.core.idempotency import FORM_FIELD
from helhedsplan.events.models import Event, EventType, EventTypeCode


def _posted(client, world: World) -> dict:
    page = client.get(reverse("events:create"))
    assert f'name="{FORM_FIELD}"' in page.content.decode()
    return {
        FORM_FIELD: page.context["form"][FORM_FIELD].value(),
        "type": EventType.objects.get(code=EventTypeCode.CULTURAL).pk,
        "title": "Gadeteater på plænen",
        "date": "2019-05-18",
        "start_time": "14:00",
        "end_time": "16:00",
        "estates": [world.vapnagaard.pk],
        "organiser": "programme",
        "status": "planned",
    }


def test_an_event_posted_twice_with_its_key_is_stored_once(client, world: World) -> None:
    client.force_login(world.user("staff"))
    data = _posted(client, world)
    first = client.post(reverse("events:create"), data)
    again = client.post(reverse("events:create"), data)
    event = Event.objects.get()
    assert first.status_code == again.status_code == 302
    assert first.url == again.url == event.get_absolute_url()


def test_the_key_reused_for_another_event_is_refused(client, world: World) -> None:
    client.force_login(world.user("staff"))
    data = _posted(client, world)
    client.post(reverse("events:create"), data)
    response = client.post(reverse("events:create"), {**data, "title": "Loppemarked"})
    assert response.status_code == 422
    assert Event.objects.count() == 1
