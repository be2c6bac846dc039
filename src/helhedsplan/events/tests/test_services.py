from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conftest import World
from helhedsplan.core.lists.services import (
    list_entry_create,
    list_entry_rename,
    list_entry_restore,
    list_entry_retire,
)
from helhedsplan.events import queries, services
from helhedsplan.events.models import (
    Event,
    EventStatus,
    EventType,
    Organiser,
    Partner,
    TargetGroup,
    TargetGroupCode,
    Venue,
)
from helhedsplan.events.tests.conftest import moment


def test_it_creates_an_event_in_both_estates_with_partners(world: World, make_event) -> None:
    partner = list_entry_create(model=Partner, programme=world.programme, name="Borgerservice")
    event = make_event(estates=[world.nojsomhed, world.vapnagaard], partners=[partner])
    assert set(event.estates.all()) == {world.nojsomhed, world.vapnagaard}
    assert list(event.partners.all()) == [partner]
    assert event.status == EventStatus.PLANNED
    assert event.created_by == world.user("staff")


def test_an_event_needs_an_estate_of_its_own_programme(world: World, make_event) -> None:
    with pytest.raises(ValidationError) as empty:
        make_event(estates=[])
    assert "estates" in empty.value.message_dict
    foreign = world.other_programme.estates.get()
    with pytest.raises(ValidationError) as other:
        make_event(estates=[foreign])
    assert "estates" in other.value.message_dict
    assert not Event.objects.exists()


def test_a_held_event_needs_both_participant_counts(make_event) -> None:
    with pytest.raises(ValidationError) as error:
        make_event(status=EventStatus.HELD, participants_residents=12)
    assert list(error.value.message_dict) == ["participants_non_residents"]
    event = make_event(
        status=EventStatus.HELD, participants_residents=12, participants_non_residents=0
    )
    assert event.participants_total == 12


def test_it_refuses_an_end_before_the_start(make_event) -> None:
    with pytest.raises(ValidationError) as error:
        make_event(starts_at=moment(2019, 3, 12, 18), ends_at=moment(2019, 3, 12, 17))
    assert "ends_at" in error.value.message_dict


def test_an_outside_organiser_must_be_named(make_event) -> None:
    with pytest.raises(ValidationError) as error:
        make_event(organiser=Organiser.EXTERNAL)
    assert "organiser_name" in error.value.message_dict
    event = make_event(organiser=Organiser.EXTERNAL, organiser_name="Helsingør Skakklub")
    assert event.organiser_name == "Helsingør Skakklub"


def test_the_database_refuses_negative_counts_and_held_events_without_counts(
    make_event,
) -> None:
    event = make_event()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(participants_residents=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(status=EventStatus.HELD)


def test_marking_held_records_the_counts(make_event) -> None:
    event = make_event()
    services.event_mark_held(event=event, participants_residents=14, participants_non_residents=3)
    event.refresh_from_db()
    assert (event.status, event.participants_residents, event.participants_non_residents) == (
        EventStatus.HELD,
        14,
        3,
    )


@time_machine.travel(datetime.datetime(2019, 3, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_an_event_cannot_be_held_before_it_starts(make_event) -> None:
    event = make_event(starts_at=moment(2019, 3, 12))
    with pytest.raises(ValidationError) as error:
        services.event_mark_held(
            event=event, participants_residents=1, participants_non_residents=0
        )
    assert "status" in error.value.message_dict
    event.refresh_from_db()
    assert event.status == EventStatus.PLANNED


def test_a_held_event_cannot_be_cancelled(make_event) -> None:
    held = make_event(
        status=EventStatus.HELD, participants_residents=5, participants_non_residents=1
    )
    with pytest.raises(ValidationError):
        services.event_cancel(event=held)
    planned = make_event()
    services.event_cancel(event=planned)
    planned.refresh_from_db()
    assert planned.status == EventStatus.CANCELLED


def test_update_replaces_the_details_and_keeps_history(world: World, make_event) -> None:
    event = make_event()
    services.event_update(
        event=event,
        type=event.type,
        title="MitID: kom godt i gang",
        starts_at=event.starts_at,
        ends_at=None,
        estates=[world.nojsomhed],
        venue=None,
        organiser=Organiser.PROGRAMME,
        organiser_name="",
        partners=[],
        target_groups=[],
        status=EventStatus.PLANNED,
        participants_residents=None,
        participants_non_residents=None,
        resident_volunteers=None,
        notes="Tolk på arabisk.",
    )
    event.refresh_from_db()
    assert event.title == "MitID: kom godt i gang"
    assert list(event.estates.all()) == [world.nojsomhed]
    titles = [record.title for record in event.history.order_by("history_date")]
    assert (titles[0], titles[-1]) == ("Boligstøtte – sådan søger du", "MitID: kom godt i gang")


def test_a_retired_venue_is_no_longer_offered_but_stays_on_its_events(
    world: World, make_event
) -> None:
    venue = list_entry_create(model=Venue, programme=world.programme, name="Kulturhus Syd")
    event = make_event(venue=venue)
    list_entry_retire(entry=venue)
    assert venue not in queries.venues_for_choice(programme=world.programme)
    assert venue in queries.venues_for_choice(programme=world.programme, keep=venue)
    event.refresh_from_db()
    assert event.venue == venue
    with pytest.raises(ValidationError) as error:
        make_event(venue=venue)
    assert "venue" in error.value.message_dict
    # An event that already has it may keep it when edited.
    services.event_mark_held(event=event, participants_residents=9, participants_non_residents=2)
    assert venue.history.count() == 2


def test_a_retired_partner_and_type_stay_on_their_events(world: World, make_event) -> None:
    partner = list_entry_create(model=Partner, programme=world.programme, name="Jobcenter")
    event_type = list_entry_create(
        model=EventType, name="Sommerlejr", details={"code": "sommerlejr"}
    )
    event = make_event(type=event_type, partners=[partner])
    list_entry_retire(entry=partner)
    list_entry_retire(entry=event_type)
    assert event_type not in queries.event_types_for_choice()
    assert partner not in queries.partners_for_choice(programme=world.programme)
    event.refresh_from_db()
    assert (event.type, list(event.partners.all())) == (event_type, [partner])
    with pytest.raises(ValidationError) as error:
        make_event(type=event_type)
    assert "type" in error.value.message_dict
    list_entry_restore(entry=partner)
    assert partner in queries.partners_for_choice(programme=world.programme)


def test_the_types_indicators_count_cannot_be_retired(theme_evening: EventType) -> None:
    with pytest.raises(ValidationError):
        list_entry_retire(entry=theme_evening)
    list_entry_rename(entry=theme_evening, name="Temaaften om hverdagen")
    theme_evening.refresh_from_db()
    assert (theme_evening.active, theme_evening.code) == (True, "theme_evening")


def test_the_migration_creates_the_counted_types(db) -> None:
    assert dict(EventType.objects.values_list("code", "name")) == {
        "theme_evening": "Temaaften",
        "cultural": "Kulturelt arrangement",
        "open_house": "Åbent hus",
        "resident_activity": "Beboerdrevet social aktivitet",
        "youth_initiative": "Frivilligt initiativ for unge",
        "network_meeting": "Netværksmøde for frivillige",
        "other": "Andet",
    }


def test_deleting_an_event_leaves_a_trace_in_its_history(make_event) -> None:
    event = make_event()
    pk = event.pk
    services.event_delete(event=event)
    assert not Event.objects.filter(pk=pk).exists()
    assert Event.history.filter(id=pk, history_type="-").exists()


def test_the_counted_types_are_restored_where_missing(theme_evening: EventType) -> None:
    theme_evening.delete()
    services.event_types_ensure()
    services.event_types_ensure()
    assert EventType.objects.get(code="theme_evening").name == "Temaaften"
    assert EventType.objects.count() == 7


def _group(code: str) -> TargetGroup:
    return TargetGroup.objects.get(code=code)


def test_it_stores_target_groups_and_resident_volunteers(make_event) -> None:
    event = make_event(
        target_groups=[_group(TargetGroupCode.YOUTH), _group(TargetGroupCode.MIXED)],
        status=EventStatus.HELD,
        participants_residents=30,
        participants_non_residents=4,
        resident_volunteers=6,
    )
    event.refresh_from_db()
    assert set(event.target_groups.values_list("code", flat=True)) == {"youth", "mixed"}
    assert event.resident_volunteers == 6
    assert set(
        event.history.latest().target_groups.values_list("targetgroup__code", flat=True)
    ) == {
        "youth",
        "mixed",
    }


def test_resident_volunteers_cannot_be_negative(make_event) -> None:
    with pytest.raises(ValidationError) as error:
        make_event(resident_volunteers=-1)
    assert list(error.value.message_dict) == ["resident_volunteers"]
    event = make_event()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(resident_volunteers=-1)


def test_a_retired_target_group_cannot_be_added_but_stays_on_its_events(make_event) -> None:
    group = list_entry_create(model=TargetGroup, name="Seniorer", details={"code": "seniorer"})
    event = make_event(target_groups=[group])
    list_entry_retire(entry=group)
    assert group not in queries.target_groups_for_choice()
    assert group in queries.target_groups_for_choice(keep=event.target_groups.all())
    services.event_mark_held(event=event, participants_residents=5, participants_non_residents=0)
    assert list(event.target_groups.all()) == [group]
    with pytest.raises(ValidationError) as error:
        make_event(target_groups=[group])
    assert list(error.value.message_dict) == ["target_groups"]


def test_marking_held_records_the_volunteers_or_keeps_them(make_event) -> None:
    event = make_event(resident_volunteers=3)
    services.event_mark_held(event=event, participants_residents=14, participants_non_residents=3)
    event.refresh_from_db()
    assert event.resident_volunteers == 3
    services.event_mark_held(
        event=event, participants_residents=14, participants_non_residents=3, resident_volunteers=5
    )
    event.refresh_from_db()
    assert event.resident_volunteers == 5


def test_the_target_groups_indicators_count_are_fixed(db) -> None:
    assert dict(TargetGroup.objects.values_list("code", "name")) == {
        "youth": "Unge 15-25 år",
        "mixed": "Blandet gruppe på tværs af etnicitet og generationer",
    }
    youth = _group(TargetGroupCode.YOUTH)
    with pytest.raises(ValidationError):
        list_entry_retire(entry=youth)
    youth.delete()
    services.target_groups_ensure()
    services.target_groups_ensure()
    assert _group(TargetGroupCode.YOUTH).name == "Unge 15-25 år"
    assert TargetGroup.objects.count() == 2
