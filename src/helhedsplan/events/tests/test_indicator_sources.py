"""What the events offer the indicators: events by type, status, target group and organiser."""

from __future__ import annotations

from conftest import World
from helhedsplan.core import indicator_sources as sources
from helhedsplan.events.models import (
    Event,
    EventStatus,
    EventTypeCode,
    Organiser,
    TargetGroup,
    TargetGroupCode,
)
from helhedsplan.indicators.tests.helpers import event, local


def _source() -> sources.Source:
    source = sources.get("events.event")
    assert source is not None
    return source


def _listed(wanted: dict) -> list[Event]:
    return list(Event.objects.filter(sources.condition(_source(), wanted)))


def _rows(wanted: dict) -> set[Event]:
    return set(_listed(wanted))


def test_events_are_counted_by_type_status_target_group_and_organiser(world: World) -> None:
    youth = TargetGroup.objects.get(code=TargetGroupCode.YOUTH)
    mixed = TargetGroup.objects.get(code=TargetGroupCode.MIXED)
    both = [world.vapnagaard, world.nojsomhed]
    concert = event(world, EventTypeCode.CULTURAL, local(2021, 5, 1, 19), both)
    cancelled = event(
        world,
        EventTypeCode.CULTURAL,
        local(2021, 5, 8, 19),
        both,
        status=EventStatus.CANCELLED,
    )
    youth_night = event(
        world,
        EventTypeCode.YOUTH_INITIATIVE,
        local(2021, 5, 2, 19),
        [world.nojsomhed],
        organiser=Organiser.RESIDENTS,
        target_groups=[youth, mixed],
    )

    assert _rows({"type": EventTypeCode.CULTURAL}) == {concert, cancelled}
    assert _rows({"type": EventTypeCode.CULTURAL, "status": EventStatus.HELD}) == {concert}
    # An event for two target groups is one event, not two.
    assert _listed({"target_group": TargetGroupCode.YOUTH}) == [youth_night]
    assert _rows({"target_group": TargetGroupCode.MIXED}) == {youth_night}
    assert _rows({"organiser": Organiser.RESIDENTS}) == {youth_night}
    row_url = _source().row_url
    assert row_url is not None and row_url(concert) == concert.get_absolute_url()
