"""The managed lists' pages: one index, one page per list, one URL per action."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import World
from helhedsplan.core.lists import registry
from helhedsplan.core.lists.services import list_entry_create
from helhedsplan.counselling.models import Topic
from helhedsplan.events.models import (
    EventType,
    EventTypeCode,
    TargetGroup,
    TargetGroupCode,
    Venue,
)
from helhedsplan.media.models import Outlet, OutletKind


def _url(action: str, kind: str, programme=None, entry=None) -> str:
    kwargs: dict = {"kind": kind}
    if programme is not None:
        kwargs["slug"] = programme.slug
    if entry is not None:
        kwargs["entry_id"] = entry.pk
    return reverse(f"lists:{action}", kwargs=kwargs)


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize("managed", registry.managed_lists(), ids=lambda managed: managed.slug)
def test_every_list_has_its_page(client, world: World, managed) -> None:
    client.force_login(world.user("superuser"))
    programme = None if managed.is_global else world.programme
    response = client.get(_url("list", managed.slug, programme))
    assert response.status_code == 200
    assert response.context["may_change"]
    assert response.context["create_form"].prefix == "new"


def test_the_index_shows_the_global_lists_and_the_programmes_own(client, world: World) -> None:
    client.force_login(world.user("administrator"))
    response = client.get(reverse("lists:index"))
    page = response.content.decode()
    assert _url("list", "event-types") in page
    assert _url("list", "venues", world.programme) in page
    assert _url("list", "venues", world.other_programme) not in page
    assert "Du kan se de fælles lister, men ikke ændre dem." in page
    client.force_login(world.user("superuser"))
    page = client.get(reverse("lists:index")).content.decode()
    assert _url("list", "venues", world.other_programme) in page
    assert "men ikke ændre dem" not in page


def test_administrators_read_the_global_lists_without_forms(client, world: World) -> None:
    client.force_login(world.user("administrator"))
    response = client.get(_url("list", "event-types"))
    assert response.status_code == 200
    assert not response.context["may_change"]
    page = response.content.decode()
    assert "Temaaften" in page
    assert 'method="post"' not in page.split("<main")[1].split("</main>")[0]


def test_an_administrator_keeps_the_programmes_lists(client, world: World) -> None:
    client.force_login(world.user("administrator"))
    response = client.post(
        _url("create", "venues", world.programme), {"new-name": " Kulturhus  Syd "}
    )
    assert response.status_code == 302
    assert response.url == _url("list", "venues", world.programme)
    venue = world.programme.venues.get()
    assert venue.name == "Kulturhus Syd"
    client.post(
        _url("rename", "venues", world.programme, venue),
        {f"entry-{venue.pk}-name": "Kulturhuset Syd"},
    )
    client.post(_url("retire", "venues", world.programme, venue))
    venue.refresh_from_db()
    assert (venue.name, venue.active) == ("Kulturhuset Syd", False)
    response = client.post(_url("restore", "venues", world.programme, venue), follow=True)
    assert _messages(response)[-1] == "»Kulturhuset Syd« er i brug igen."
    assert "Kulturhuset Syd" in response.content.decode()
    venue.refresh_from_db()
    assert venue.active


def test_a_superuser_keeps_the_global_lists_with_their_own_fields(client, world: World) -> None:
    client.force_login(world.user("superuser"))
    response = client.post(
        _url("create", "event-types"), {"new-name": "Sommerlejr", "new-code": "sommerlejr"}
    )
    assert response.status_code == 302
    camp = EventType.objects.get(code="sommerlejr")
    assert camp.name == "Sommerlejr"
    client.post(_url("create", "target-groups"), {"new-name": "Seniorer", "new-code": "seniorer"})
    seniors = TargetGroup.objects.get(code="seniorer")
    client.post(_url("retire", "target-groups", entry=seniors))
    youth = TargetGroup.objects.get(code=TargetGroupCode.YOUTH)
    assert client.post(_url("retire", "target-groups", entry=youth)).status_code == 400
    seniors.refresh_from_db()
    youth.refresh_from_db()
    assert (seniors.active, youth.active) == (False, True)
    page = client.get(_url("list", "target-groups")).content.decode()
    assert "Seniorer" in page
    # The code is fixed once made: the rename form has no field for it.
    response = client.post(
        _url("rename", "event-types", entry=camp),
        {f"entry-{camp.pk}-name": "Sommerlejren", f"entry-{camp.pk}-code": "lejr"},
    )
    camp.refresh_from_db()
    assert (camp.name, camp.code) == ("Sommerlejren", "sommerlejr")


def test_an_outlets_kind_is_chosen_and_changed(client, world: World) -> None:
    client.force_login(world.user("administrator"))
    client.post(
        _url("create", "outlets", world.programme),
        {"new-name": "Kulturhus Syds nyhedsbrev", "new-kind": "own_channel"},
    )
    outlet = world.programme.outlets.get()
    assert outlet.kind == OutletKind.OWN_CHANNEL
    client.post(
        _url("rename", "outlets", world.programme, outlet),
        {
            f"entry-{outlet.pk}-name": "Kulturhus Syd – nyhedsbrev",
            f"entry-{outlet.pk}-kind": "local_press",
        },
    )
    outlet.refresh_from_db()
    assert (outlet.name, outlet.kind) == ("Kulturhus Syd – nyhedsbrev", OutletKind.LOCAL_PRESS)
    page = client.get(_url("list", "outlets", world.programme)).content.decode()
    assert "Kulturhus Syd – nyhedsbrev · Lokalavis" in page


def test_bad_input_shows_the_form_again_with_status_400(client, world: World) -> None:
    client.force_login(world.user("administrator"))
    response = client.post(_url("create", "partners", world.programme), {"new-name": "  "})
    assert response.status_code == 400
    assert response.context["create_form"].errors
    assert not world.programme.partners.exists()
    response = client.post(
        _url("create", "outlets", world.programme), {"new-name": "Avisen", "new-kind": "x"}
    )
    assert response.status_code == 400
    assert "kind" in response.context["create_form"].errors
    assert not Outlet.objects.exists()
    kost = list_entry_create(model=Venue, programme=world.programme, name="Beboerhuset")
    other = list_entry_create(model=Venue, programme=world.programme, name="Kulturhus Syd")
    response = client.post(
        _url("rename", "venues", world.programme, other), {f"entry-{other.pk}-name": "BEBOERHUSET"}
    )
    assert response.status_code == 400
    row = next(row for row in response.context["rows"] if row.entry.pk == other.pk)
    assert row.rename_form.errors["name"] == ["Listen har allerede »Beboerhuset«."]
    other.refresh_from_db()
    assert other.name == "Kulturhus Syd"
    response = client.post(_url("move", "venues", world.programme, kost), {"direction": "sideways"})
    assert response.status_code == 400
    assert _messages(response) == ["Vælg, om punktet skal flyttes op eller ned."]


def test_what_the_indicators_count_cannot_be_retired_from_the_page(client, world: World) -> None:
    client.force_login(world.user("superuser"))
    theme = EventType.objects.get(code=EventTypeCode.THEME_EVENING)
    response = client.post(_url("retire", "event-types", entry=theme))
    assert response.status_code == 400
    assert _messages(response) == [
        "»Temaaften« tælles af indikatorerne og kan ikke tages ud af brug."
    ]
    theme.refresh_from_db()
    assert theme.active


def test_moving_an_entry_from_the_page(client, world: World) -> None:
    client.force_login(world.user("administrator"))
    first = list_entry_create(model=Venue, programme=world.programme, name="Beboerhuset")
    second = list_entry_create(model=Venue, programme=world.programme, name="Kulturhus Syd")
    response = client.post(
        _url("move", "venues", world.programme, second), {"direction": "up"}, follow=True
    )
    assert [row.entry for row in response.context["rows"]] == [second, first]
    response = client.post(_url("move", "venues", world.programme, second), {"direction": "up"})
    assert response.status_code == 400
    assert _messages(response) == ["»Kulturhus Syd« står allerede øverst."]


@pytest.mark.parametrize(
    "url",
    [
        "/lists/colours/",
        "/lists/venues/",
        "/lists/event-types/helsingor-syd/",
        "/lists/venues/no-such-programme/",
    ],
)
def test_an_unknown_list_or_programme_is_not_found(client, world: World, url: str) -> None:
    client.force_login(world.user("superuser"))
    assert client.get(url).status_code == 404


def test_another_programmes_entry_is_not_found_through_ones_own_list(client, world: World) -> None:
    theirs = list_entry_create(model=Venue, programme=world.other_programme, name="Korsløkkehuset")
    client.force_login(world.user("administrator"))
    response = client.post(_url("retire", "venues", world.programme, theirs))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.active


def _every_change(client, world: World, kind: str, programme, entry, data: dict) -> list[int]:
    """The status of each action on ``entry`` of the list ``kind`` (of ``programme``)."""
    return [
        client.post(_url("create", kind, programme), {"new-name": "Nyt navn", **data}).status_code,
        client.post(
            _url("rename", kind, programme, entry), {f"entry-{entry.pk}-name": "Omdøbt"}
        ).status_code,
        client.post(_url("move", kind, programme, entry), {"direction": "down"}).status_code,
        client.post(_url("retire", kind, programme, entry)).status_code,
        client.post(_url("restore", kind, programme, entry)).status_code,
    ]


def test_one_programmes_administrator_cannot_change_another_programmes_lists(
    client, world: World
) -> None:
    theirs = [
        list_entry_create(model=Venue, programme=world.other_programme, name=name)
        for name in ("Korsløkkehuset", "Biblioteket")
    ]
    client.force_login(world.user("administrator"))
    statuses = _every_change(client, world, "venues", world.other_programme, theirs[0], {})
    assert statuses == [403] * 5
    assert [(v.name, v.active) for v in world.other_programme.venues.all()] == [
        ("Korsløkkehuset", True),
        ("Biblioteket", True),
    ]
    assert client.get(_url("list", "venues", world.other_programme)).status_code == 403


def test_no_programmes_administrator_changes_the_global_lists(client, world: World) -> None:
    camp = list_entry_create(model=EventType, name="Sommerlejr", details={"code": "sommerlejr"})
    list_entry_create(model=EventType, name="Vinterlejr", details={"code": "vinterlejr"})
    before = list(EventType.objects.values_list("pk", "name", "position", "active"))
    client.force_login(world.user("administrator"))
    statuses = _every_change(client, world, "event-types", None, camp, {"new-code": "nyt"})
    assert statuses == [403] * 5
    assert list(EventType.objects.values_list("pk", "name", "position", "active")) == before


def test_a_superuser_changes_any_list(client, world: World) -> None:
    theirs = [
        list_entry_create(model=Venue, programme=world.other_programme, name=name)
        for name in ("Korsløkkehuset", "Biblioteket")
    ]
    client.force_login(world.user("superuser"))
    statuses = _every_change(client, world, "venues", world.other_programme, theirs[1], {})
    assert statuses == [302] * 5
    assert [(v.name, v.active) for v in world.other_programme.venues.all()] == [
        ("Korsløkkehuset", True),
        ("Nyt navn", True),
        ("Omdøbt", True),
    ]


@pytest.mark.parametrize(
    "who", ["secretariat_head", "staff", "board", "working_group", "police", "outsider"]
)
def test_only_administrators_keep_a_programmes_lists(client, world: World, who: str) -> None:
    venue = list_entry_create(model=Venue, programme=world.programme, name="Kulturhus Syd")
    client.force_login(world.user(who))
    statuses = _every_change(client, world, "venues", world.programme, venue, {})
    assert statuses == [403] * 5
    assert [(v.name, v.active) for v in world.programme.venues.all()] == [("Kulturhus Syd", True)]
    response = client.post(
        _url("create", "event-types"), {"new-name": "Sommerlejr", "new-code": "sommerlejr"}
    )
    assert response.status_code == 403
    assert not EventType.objects.filter(code="sommerlejr").exists()
    assert client.get(reverse("lists:index")).status_code == 403


def test_an_empty_list_starts_with_its_usual_entries_and_a_begun_one_is_left(
    client, world: World
) -> None:
    starter = registry.for_model(Topic).starter
    assert starter
    client.force_login(world.user("administrator"))
    client.get(_url("list", "topics", world.programme))
    assert [t.name for t in world.programme.topics.all()] == list(starter)
    list_entry_create(model=Topic, programme=world.other_programme, name="Boligstøtte")
    client.force_login(world.user("superuser"))
    client.get(_url("list", "topics", world.other_programme))
    assert [t.name for t in world.other_programme.topics.all()] == ["Boligstøtte"]
    client.force_login(world.user("administrator"))
    client.get(_url("list", "referrals", world.other_programme))
    assert not world.other_programme.referrals.exists()
