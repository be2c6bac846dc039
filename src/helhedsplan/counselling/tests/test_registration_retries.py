"""A registration whose answer was lost is posted again with the form's key: stored once."""

from __future__ import annotations

from django.urls import reverse

from conftest import World
from helhedsplan.core.idempotency import FORM_FIELD, REPLAYED_HEADER
from helhedsplan.core.lists.services import list_entry_retire
from helhedsplan.counselling.models import Inquiry
from helhedsplan.counselling.tests.helpers import topic


def create_url(world: World) -> str:
    return reverse("counselling:inquiry_create", kwargs={"slug": world.programme.slug})


def rendered_form(client, world: World) -> dict:
    """What the browser sends for the rendered form, its hidden key included."""
    page = client.get(create_url(world))
    form = page.context["form"]
    assert f'name="{FORM_FIELD}"' in page.content.decode()
    return {
        FORM_FIELD: form[FORM_FIELD].value(),
        "estate": form.initial["estate"],
        "channel": form["channel"].value(),
        "method": form["method"].value(),
        "occurred_at": form["occurred_at"].value().strftime("%Y-%m-%dT%H:%M"),
        "topics": [topic(world.programme, "Boligstøtte").pk],
        "again": "1",
    }


def test_each_rendering_of_the_form_carries_a_new_key(client, world: World) -> None:
    client.force_login(world.user("staff"))
    first, second = rendered_form(client, world), rendered_form(client, world)
    assert first[FORM_FIELD] and second[FORM_FIELD]
    assert first[FORM_FIELD] != second[FORM_FIELD]


def test_a_registration_posted_twice_with_its_key_is_stored_once(client, world: World) -> None:
    client.force_login(world.user("staff"))
    data = rendered_form(client, world)
    first = client.post(create_url(world), data)
    # The answer was lost; the browser (or the person) sends the same form again.
    again = client.post(create_url(world), data)
    inquiry = Inquiry.objects.get()
    assert first.status_code == again.status_code == 302
    assert first.url == again.url == f"{create_url(world)}?like={inquiry.pk}"


def test_the_key_reused_with_other_answers_is_refused_and_nothing_more_is_stored(
    client, world: World
) -> None:
    client.force_login(world.user("staff"))
    data = rendered_form(client, world)
    client.post(create_url(world), data)
    changed = {**data, "topics": [topic(world.programme, "Kost").pk]}
    response = client.post(create_url(world), changed)
    assert response.status_code == 422
    assert "allerede brugt til en anden forespørgsel" in response.content.decode()
    assert Inquiry.objects.count() == 1


def test_a_refused_registration_keeps_its_key_usable(client, world: World) -> None:
    client.force_login(world.user("staff"))
    data = rendered_form(client, world)
    refused = client.post(create_url(world), {**data, "topics": []})
    assert refused.status_code == 400
    assert client.post(create_url(world), data).status_code == 302
    assert Inquiry.objects.count() == 1


def test_forms_without_a_key_still_register(client, world: World) -> None:
    client.force_login(world.user("staff"))
    data = rendered_form(client, world)
    del data[FORM_FIELD]
    client.post(create_url(world), data)
    client.post(create_url(world), data)
    assert Inquiry.objects.count() == 2


def test_a_retry_that_the_first_request_made_invalid_still_gets_the_first_answer(
    client, world: World
) -> None:
    """The key is looked up when the form refuses the POST: a topic retired after the first
    request must not turn its retry into an error."""
    client.force_login(world.user("staff"))
    data = rendered_form(client, world)
    first = client.post(create_url(world), data)
    list_entry_retire(entry=topic(world.programme, "Boligstøtte"))
    again = client.post(create_url(world), data)
    assert (again.status_code, again.url) == (first.status_code, first.url)
    assert again[REPLAYED_HEADER] == "true"
    assert Inquiry.objects.count() == 1
