from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import World
from helhedsplan.counselling.models import Channel, Inquiry, Method
from helhedsplan.counselling.tests.helpers import referral, topic


def create_url(world: World) -> str:
    return reverse("counselling:inquiry_create", kwargs={"slug": world.programme.slug})


def test_the_form_starts_with_the_staff_members_estate_and_sensible_defaults(
    client, world: World
) -> None:
    client.force_login(world.user("staff"))
    form = client.get(create_url(world)).context["form"]
    assert form.initial["estate"] == world.vapnagaard.pk
    assert form["channel"].value() == Channel.DROP_IN
    assert form["method"].value() == Method.CONVERSATION
    assert form["occurred_at"].value() is not None


def test_a_typical_inquiry_needs_only_a_topic_and_a_place(client, world: World) -> None:
    client.force_login(world.user("staff"))
    page = client.get(create_url(world)).context["form"]
    # What the browser sends when the defaults are kept and two chips are tapped.
    data = {
        "estate": page.initial["estate"],
        "channel": page["channel"].value(),
        "method": page["method"].value(),
        "occurred_at": page["occurred_at"].value().strftime("%Y-%m-%dT%H:%M"),
        "topics": [topic(world.programme, "Boligstøtte").pk],
        "bridged_to": [referral(world.programme, "Borgerservice").pk],
    }
    response = client.post(create_url(world), data)
    assert response.status_code == 302
    assert response.url == create_url(world)
    inquiry = Inquiry.objects.get()
    assert inquiry.estate == world.vapnagaard
    assert inquiry.channel == Channel.DROP_IN
    assert inquiry.registered_by == world.user("staff")
    assert [t.name for t in inquiry.topics.all()] == ["Boligstøtte"]
    assert [r.name for r in inquiry.bridged_to.all()] == ["Borgerservice"]
    record = inquiry.history.get()
    # The audit trail keeps the links as they were when the inquiry was registered.
    assert [link.topic.name for link in record.topics.all()] == ["Boligstøtte"]
    assert [link.referral.name for link in record.bridged_to.all()] == ["Borgerservice"]


def test_register_another_like_this_keeps_the_choices(client, world: World) -> None:
    # The secretariat head works in both estates and starts in the first, Nøjsomhed.
    client.force_login(world.user("secretariat_head"))
    topics = [topic(world.programme, "MitID/NemID").pk, topic(world.programme, "Kost").pk]
    bridged_to = [referral(world.programme, "Jobcenter").pk]
    data = {
        "estate": world.vapnagaard.pk,
        "channel": Channel.PHONE,
        "method": Method.CALL_ON_BEHALF,
        "occurred_at": "2021-03-02T10:15",
        "topics": topics,
        "bridged_to": bridged_to,
        "follow_up_needed": "on",
        "note": "Kommer igen kl. 10.30",
        "again": "1",
    }
    response = client.post(create_url(world), data)
    assert response.status_code == 302
    first = Inquiry.objects.get()
    assert response.url == f"{create_url(world)}?like={first.pk}"
    form = client.get(response.url).context["form"]
    assert form["estate"].value() == world.vapnagaard.pk
    assert form["channel"].value() == Channel.PHONE
    assert form["method"].value() == Method.CALL_ON_BEHALF
    assert sorted(form["topics"].value()) == sorted(topics)
    assert form["bridged_to"].value() == bridged_to
    assert form["follow_up_needed"].value() is True
    # A note belongs to one resident's visit, never copied to the next.
    assert not form["note"].value()


def test_a_note_with_a_phone_number_is_refused_and_nothing_is_stored(client, world) -> None:
    client.force_login(world.user("staff"))
    response = client.post(
        create_url(world),
        {
            "estate": world.vapnagaard.pk,
            "channel": Channel.DROP_IN,
            "method": Method.CONVERSATION,
            "occurred_at": "2021-03-02T10:15",
            "topics": [topic(world.programme, "Boligstøtte").pk],
            "note": "ring på 20 30 40 50",
        },
    )
    assert response.status_code == 400
    assert "et telefonnummer" in response.content.decode()
    assert not Inquiry.objects.exists()


def test_an_inquiry_needs_a_topic(client, world: World) -> None:
    client.force_login(world.user("staff"))
    response = client.post(
        create_url(world),
        {
            "estate": world.vapnagaard.pk,
            "channel": "drop_in",
            "method": "conversation",
            "occurred_at": "2021-03-02T10:15",
        },
    )
    assert response.status_code == 400
    assert "Vælg mindst ét emne." in response.content.decode()
    assert not Inquiry.objects.exists()


def test_bad_input_gives_400_not_500(client, world: World) -> None:
    client.force_login(world.user("staff"))
    response = client.post(
        create_url(world),
        {
            "estate": "x",
            "channel": "nope",
            "topics": ["999999", "y"],
            "occurred_at": "soon",
            "duration_minutes": "-3",
        },
    )
    assert response.status_code == 400
    assert client.get(create_url(world), {"like": "abc"}).status_code == 200
    assert client.get(create_url(world), {"like": "999999"}).status_code == 200


def test_the_form_has_no_field_for_who_the_resident_is(client, world: World) -> None:
    client.force_login(world.user("staff"))
    fields = set(client.get(create_url(world)).context["form"].fields)
    assert not fields & {"name", "cpr", "address", "phone", "email"}


@pytest.mark.parametrize("who", ["board", "working_group", "police", "outsider"])
def test_only_staff_secretariat_and_administrators_register(client, world: World, who) -> None:
    client.force_login(world.user(who))
    response = client.post(
        create_url(world),
        {
            "estate": world.vapnagaard.pk,
            "channel": "drop_in",
            "method": "conversation",
            "occurred_at": "2021-03-02T10:15",
            "topics": [topic(world.programme, "Kost").pk],
        },
    )
    assert response.status_code == 403
    assert not Inquiry.objects.exists()


def test_a_category_from_another_programme_is_refused(client, world: World) -> None:
    client.force_login(world.user("superuser"))
    foreign = topic(world.other_programme, "Kost")
    response = client.post(
        create_url(world),
        {
            "estate": world.vapnagaard.pk,
            "channel": "drop_in",
            "method": "conversation",
            "occurred_at": "2021-03-02T10:15",
            "topics": [foreign.pk],
        },
    )
    assert response.status_code == 400
    assert not Inquiry.objects.exists()


def test_the_counselling_pages_link_to_the_theme_evenings(client, world: World) -> None:
    client.force_login(world.user("staff"))
    page = client.get(create_url(world)).content.decode()
    assert reverse("events:theme_evenings", kwargs={"slug": world.programme.slug}) in page
