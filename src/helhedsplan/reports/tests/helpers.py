from __future__ import annotations

from decimal import Decimal

from conftest import World
from helhedsplan.events.models import EventStatus, EventTypeCode
from helhedsplan.indicators.models import Indicator
from helhedsplan.indicators.services import TargetSpec
from helhedsplan.indicators.tests.helpers import event, indicator, local


def cultural_events(world: World) -> Indicator:
    """K1 (criterion A3.1): held cultural events per estate, four a year wanted in
    Vapnagaard and two in Nøjsomhed; one and two were held in 2019, three and two in 2020."""
    found = indicator(
        world,
        "A3.1",
        code="K1",
        name="Kulturelle arrangementer",
        kind="count",
        source="events.event",
        source_filter={"type": EventTypeCode.CULTURAL, "status": EventStatus.HELD},
        targets=[TargetSpec(Decimal(4), world.vapnagaard), TargetSpec(Decimal(2), world.nojsomhed)],
    )
    event(world, EventTypeCode.CULTURAL, local(2019, 3, 4, 14), [world.vapnagaard])
    event(world, EventTypeCode.CULTURAL, local(2019, 4, 4, 14), [world.nojsomhed])
    event(world, EventTypeCode.CULTURAL, local(2019, 5, 4, 14), [world.nojsomhed])
    for month in (2, 3, 4):
        event(world, EventTypeCode.CULTURAL, local(2020, month, 4, 14), [world.vapnagaard])
    for month in (5, 6):
        event(world, EventTypeCode.CULTURAL, local(2020, month, 4, 14), [world.nojsomhed])
    return found
