"""The dashboard's definitions and counting SQL are compiled once per definition version and
kept: a changed definition or target (in this process or another), new registrations and the
passing of time are never answered from a stale cache."""

from __future__ import annotations

import datetime
from decimal import Decimal

import time_machine
from django.utils import timezone

from conftest import World
from helhedsplan.events.models import (
    BookingSource,
    Event,
    EventStatus,
    EventTypeCode,
    ExternalBooking,
    Organiser,
)
from helhedsplan.indicators import queries, services
from helhedsplan.indicators.models import Indicator, Outcome, PeriodLock
from helhedsplan.indicators.services import TargetSpec
from helhedsplan.indicators.tests.helpers import agreement, event, indicator, local, results

AFTER = datetime.date(2030, 1, 1)


def test_a_changed_definition_counts_by_the_new_definition(world: World) -> None:
    counted = indicator(
        world,
        "A3.1",
        kind="count",
        source="events.event",
        source_filter={"type": EventTypeCode.CULTURAL, "status": EventStatus.HELD},
    )
    for month in (3, 5):
        event(world, EventTypeCode.CULTURAL, local(2019, month, 4, 14), [world.vapnagaard])
    event(world, EventTypeCode.THEME_EVENING, local(2019, 6, 4, 19), [world.vapnagaard])
    assert results(world, today=AFTER, years=[2019])[("A3.1", "Vapnagaard", 2019)].value == 2

    services.indicator_update(
        indicator=counted,
        source_filter={"type": EventTypeCode.THEME_EVENING, "status": EventStatus.HELD},
    )

    assert results(world, today=AFTER, years=[2019])[("A3.1", "Vapnagaard", 2019)].value == 1


def test_changed_targets_judge_the_figure(world: World) -> None:
    counted = indicator(
        world,
        "A3.1",
        kind="count",
        source="events.event",
        source_filter={"type": EventTypeCode.CULTURAL, "status": EventStatus.HELD},
        targets=[TargetSpec(Decimal(2), world.vapnagaard)],
    )
    for month in (3, 5):
        event(world, EventTypeCode.CULTURAL, local(2019, month, 4, 14), [world.vapnagaard])
    assert results(world, today=AFTER, years=[2019])[("A3.1", "Vapnagaard", 2019)].status == (
        Outcome.MET
    )

    services.indicator_targets_set(
        indicator=counted, targets=[TargetSpec(Decimal(3), world.vapnagaard)], baselines=[]
    )

    found = results(world, today=AFTER, years=[2019])[("A3.1", "Vapnagaard", 2019)]
    assert (found.target, found.status) == (3, Outcome.NOT_MET)


def test_a_definition_changed_by_another_process_is_seen(world: World) -> None:
    """Another server process changes the definition: no signal reaches this one, the
    definition's stamp in the database moves."""
    counted = indicator(
        world,
        "A3.1",
        kind="count",
        source="events.event",
        source_filter={"type": EventTypeCode.CULTURAL, "status": EventStatus.HELD},
        targets=[TargetSpec(Decimal(2), world.vapnagaard)],
    )
    event(world, EventTypeCode.CULTURAL, local(2019, 3, 4, 14), [world.vapnagaard])
    assert results(world, today=AFTER, years=[2019])[("A3.1", "Vapnagaard", 2019)].status == (
        Outcome.NOT_MET
    )

    # An update without signals, as this process sees another's save.
    Indicator.objects.filter(pk=counted.pk).update(comparator="<=", updated_at=timezone.now())

    assert results(world, today=AFTER, years=[2019])[("A3.1", "Vapnagaard", 2019)].status == (
        Outcome.MET
    )


def test_registrations_after_the_first_count_are_counted(world: World) -> None:
    indicator(
        world,
        "A3.1",
        kind="count",
        source="events.event",
        source_filter={"type": EventTypeCode.CULTURAL, "status": EventStatus.HELD},
    )
    event(world, EventTypeCode.CULTURAL, local(2019, 3, 4, 14), [world.vapnagaard])
    assert results(world, today=AFTER, years=[2019])[("A3.1", "Vapnagaard", 2019)].value == 1

    event(world, EventTypeCode.CULTURAL, local(2019, 9, 4, 14), [world.vapnagaard])

    assert results(world, today=AFTER, years=[2019])[("A3.1", "Vapnagaard", 2019)].value == 2


def test_a_plan_comparing_with_the_present_is_compiled_again_as_time_passes(
    world: World,
) -> None:
    """The Kulturhus filter counts a planned external booking once it has started."""
    indicator(
        world,
        "A3.1",
        kind="count",
        source="events.event",
        source_filter={"type": EventTypeCode.CULTURAL, "took_place": True},
    )
    booked = event(
        world,
        EventTypeCode.CULTURAL,
        local(2019, 3, 4, 14),
        [world.vapnagaard],
        status=EventStatus.PLANNED,
    )
    # What the Kulturhus import makes: an external organiser's event and its booking.
    Event.objects.filter(pk=booked.pk).update(
        organiser=Organiser.EXTERNAL, organiser_name="Foreningen"
    )
    ExternalBooking.objects.create(
        programme=world.programme,
        event=booked,
        source=BookingSource.CSV,
        key="B-1",
        series="B-1",
    )
    with time_machine.travel(local(2019, 3, 4, 13, 30), tick=False):
        before = results(world, today=datetime.date(2019, 12, 31), years=[2019])
    with time_machine.travel(local(2019, 3, 4, 14, 30), tick=False):
        after = results(world, today=datetime.date(2019, 12, 31), years=[2019])

    assert before[("A3.1", "Vapnagaard", 2019)].value == 0
    assert after[("A3.1", "Vapnagaard", 2019)].value == 1


def test_a_year_closed_by_another_process_is_seen(world: World) -> None:
    """The dashboard asks for closed years only when the stamp counts one: a lock written
    without signals, as another process's, still moves it."""
    indicator(
        world,
        "A3.1",
        kind="count",
        source="events.event",
        source_filter={"type": EventTypeCode.CULTURAL, "status": EventStatus.HELD},
    )
    assert not queries.dashboard(agreement(world), today=AFTER, years=[2019]).locks

    PeriodLock.objects.bulk_create(
        [PeriodLock(agreement=agreement(world), year=2019, locked_at=timezone.now())]
    )

    assert list(queries.dashboard(agreement(world), today=AFTER, years=[2019]).locks) == [2019]
