"""The managed lists' services, run on the lists the apps register."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conftest import World
from helhedsplan.agreements.models import FocusArea
from helhedsplan.core.lists import registry
from helhedsplan.core.lists.models import Direction
from helhedsplan.core.lists.registry import Scope
from helhedsplan.core.lists.services import (
    list_entry_create,
    list_entry_ensure,
    list_entry_move,
    list_entry_rename,
    list_entry_restore,
    list_entry_retire,
    normalise_name,
)
from helhedsplan.counselling.models import Topic
from helhedsplan.events.models import EventType, EventTypeCode, TargetGroup, TargetGroupCode, Venue
from helhedsplan.media.models import Outlet, OutletKind


def test_the_lists_are_global_or_a_programmes_as_decided() -> None:
    assert {managed.slug for managed in registry.managed_lists(Scope.GLOBAL)} == {
        "event-types",
        "target-groups",
        "focus-areas",
    }
    assert {managed.slug for managed in registry.managed_lists(Scope.PROGRAMME)} == {
        "venues",
        "partners",
        "outlets",
        "topics",
        "referrals",
        "interests",
    }


def test_names_are_normalised_the_same_way_everywhere() -> None:
    assert normalise_name("  Kulturhus \t Syd\n") == "Kulturhus Syd"
    assert normalise_name(" \n ") == ""


def test_a_new_entry_comes_last_with_its_name_normalised(world: World) -> None:
    first = list_entry_create(model=Venue, programme=world.programme, name="Beboerhuset")
    second = list_entry_create(model=Venue, programme=world.programme, name="  Kulturhus   Syd ")
    assert second.name == "Kulturhus Syd"
    assert second.position > first.position
    assert list(world.programme.venues.all()) == [first, second]


def test_an_empty_name_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        list_entry_create(model=Venue, programme=world.programme, name=" \t ")
    assert list(caught.value.message_dict) == ["name"]
    assert not Venue.objects.exists()


def test_names_are_unique_in_their_list_whatever_their_case(world: World) -> None:
    list_entry_create(model=Venue, programme=world.programme, name="Kulturhus Syd")
    with pytest.raises(ValidationError) as caught:
        list_entry_create(model=Venue, programme=world.programme, name="kulturhus  SYD")
    assert caught.value.message_dict["name"] == ["Listen har allerede »Kulturhus Syd«."]
    list_entry_create(model=Venue, programme=world.other_programme, name="Kulturhus Syd")
    with pytest.raises(ValidationError):
        list_entry_create(model=FocusArea, name="TRYGHED OG TRIVSEL")
    assert Venue.objects.count() == 2


def test_the_database_refuses_a_name_twice_whatever_its_case(world: World) -> None:
    list_entry_create(model=Topic, programme=world.programme, name="Kost")
    with pytest.raises(IntegrityError), transaction.atomic():
        Topic.objects.create(programme=world.programme, name="KOST")
    Topic.objects.create(programme=world.other_programme, name="KOST")


def test_a_programmes_list_needs_its_programme_and_a_global_list_none(world: World) -> None:
    with pytest.raises(ValueError):
        list_entry_create(model=Venue, name="Kulturhus Syd")
    with pytest.raises(ValueError):
        list_entry_create(model=FocusArea, programme=world.programme, name="Sundhed")


def test_renaming_keeps_the_entry_and_records_its_history(world: World) -> None:
    venue = list_entry_create(model=Venue, programme=world.programme, name="Kulturhus Syd")
    list_entry_create(model=Venue, programme=world.programme, name="Beboerhuset")
    list_entry_rename(entry=venue, name=" Kulturhuset  Syd ")
    venue.refresh_from_db()
    assert venue.name == "Kulturhuset Syd"
    assert venue.history.first().name == "Kulturhuset Syd"
    with pytest.raises(ValidationError) as caught:
        list_entry_rename(entry=venue, name="beboerhuset")
    assert list(caught.value.message_dict) == ["name"]
    list_entry_rename(entry=venue, name="kulturhuset syd")
    venue.refresh_from_db()
    assert venue.name == "kulturhuset syd"


def test_a_rename_changes_what_may_change_and_never_a_fixed_code(world: World) -> None:
    outlet = list_entry_create(
        model=Outlet,
        programme=world.programme,
        name="Kulturhus Syds nyhedsbrev",
        details={"kind": OutletKind.OWN_CHANNEL},
    )
    list_entry_rename(entry=outlet, name="Nyhedsbrevet", details={"kind": OutletKind.LOCAL_PRESS})
    outlet.refresh_from_db()
    assert (outlet.name, outlet.kind) == ("Nyhedsbrevet", OutletKind.LOCAL_PRESS)
    camp = list_entry_create(model=EventType, name="Sommerlejr", details={"code": "sommerlejr"})
    with pytest.raises(ValueError):
        list_entry_rename(entry=camp, name="Sommerlejr", details={"code": "lejr"})
    camp.refresh_from_db()
    assert camp.code == "sommerlejr"


def test_retiring_and_restoring(world: World) -> None:
    venue = list_entry_create(model=Venue, programme=world.programme, name="Kulturhus Syd")
    list_entry_retire(entry=venue)
    venue.refresh_from_db()
    assert not venue.active
    list_entry_restore(entry=venue)
    venue.refresh_from_db()
    assert venue.active
    assert venue.history.count() == 3


@pytest.mark.parametrize(
    ("model", "code"),
    [(EventType, EventTypeCode.THEME_EVENING), (TargetGroup, TargetGroupCode.YOUTH)],
)
def test_what_the_indicators_count_stays_in_use(db, model, code) -> None:
    counted = model.objects.get(code=code)
    with pytest.raises(ValidationError, match="tælles af indikatorerne"):
        list_entry_retire(entry=counted)
    counted.refresh_from_db()
    assert counted.active
    list_entry_rename(entry=counted, name="Et nyt navn")
    counted.refresh_from_db()
    assert (counted.name, counted.code, counted.active) == ("Et nyt navn", code, True)


def test_an_entry_the_indicators_do_not_count_may_be_retired(db) -> None:
    camp = list_entry_create(model=EventType, name="Sommerlejr", details={"code": "sommerlejr"})
    list_entry_retire(entry=camp)
    camp.refresh_from_db()
    assert not camp.active


def _names(world: World) -> list[str]:
    return [venue.name for venue in world.programme.venues.all()]


def test_moving_an_entry_up_and_down(world: World) -> None:
    a, b, c = (
        list_entry_create(model=Venue, programme=world.programme, name=name)
        for name in ("A-huset", "B-huset", "C-huset")
    )
    list_entry_move(entry=c, direction=Direction.UP)
    assert _names(world) == ["A-huset", "C-huset", "B-huset"]
    list_entry_move(entry=a, direction=Direction.DOWN)
    assert _names(world) == ["C-huset", "A-huset", "B-huset"]
    with pytest.raises(ValidationError, match="øverst"):
        list_entry_move(entry=Venue.objects.get(pk=c.pk), direction=Direction.UP)
    with pytest.raises(ValidationError, match="nederst"):
        list_entry_move(entry=Venue.objects.get(pk=b.pk), direction=Direction.DOWN)
    assert _names(world) == ["C-huset", "A-huset", "B-huset"]


def test_entries_that_share_a_position_still_move(world: World) -> None:
    for name in ("A-huset", "B-huset", "C-huset"):
        Venue.objects.create(programme=world.programme, name=name, position=0)
    list_entry_move(entry=Venue.objects.get(name="C-huset"), direction=Direction.UP)
    assert _names(world) == ["A-huset", "C-huset", "B-huset"]


def test_moving_stays_inside_the_programmes_list(world: World) -> None:
    list_entry_create(model=Venue, programme=world.other_programme, name="Korsløkkehuset")
    venue = list_entry_create(model=Venue, programme=world.programme, name="Kulturhus Syd")
    with pytest.raises(ValidationError):
        list_entry_move(entry=venue, direction=Direction.UP)


def test_ensure_finds_an_entry_whatever_its_case_and_spacing(world: World) -> None:
    made = list_entry_ensure(
        model=Outlet,
        programme=world.programme,
        name="Helsingør Dagblad",
        details={"kind": OutletKind.LOCAL_PRESS},
    )
    list_entry_retire(entry=made)
    found = list_entry_ensure(
        model=Outlet,
        programme=world.programme,
        name=" helsingør  dagblad",
        details={"kind": OutletKind.OWN_CHANNEL},
    )
    assert found == made
    assert (found.kind, found.active) == (OutletKind.LOCAL_PRESS, False)
    elsewhere = list_entry_ensure(model=Outlet, programme=world.other_programme, name="Dagbladet")
    assert elsewhere.programme == world.other_programme
    assert Outlet.objects.count() == 2
