"""An agreement on a home page: its running year (what is at risk, each activity's criteria,
the overview) and the closed years' figures that moved."""

from __future__ import annotations

import datetime
from decimal import Decimal

from conftest import World
from helhedsplan.events.models import EventStatus, EventTypeCode
from helhedsplan.indicators import queries, services
from helhedsplan.indicators.models import Outcome
from helhedsplan.indicators.services import TargetSpec
from helhedsplan.indicators.tests.helpers import agreement, event, indicator, local

# Mid-June of the seed agreement's second year.
TODAY = datetime.date(2019, 6, 12)
CULTURAL = {"type": EventTypeCode.CULTURAL, "status": EventStatus.HELD}


def _k1(world: World):
    """K1: by mid-June one of Vapnagaard's four (at risk), one of Nøjsomhed's two (on track)."""
    k1 = indicator(
        world,
        "A3.1",
        code="K1",
        kind="count",
        source="events.event",
        source_filter=CULTURAL,
        targets=[TargetSpec(Decimal(4), world.vapnagaard), TargetSpec(Decimal(2), world.nojsomhed)],
    )
    event(world, EventTypeCode.CULTURAL, local(2019, 2, 4, 14), [world.vapnagaard])
    event(world, EventTypeCode.CULTURAL, local(2019, 3, 4, 14), [world.nojsomhed])
    return k1


def test_the_running_year_shows_what_needs_attention_and_each_activity(world: World) -> None:
    k1 = _k1(world)

    standing = queries.standing(agreement(world), today=TODAY, closed_years=False)

    assert standing is not None and standing.year == 2019
    attention = standing.needing_attention()
    assert [(e.indicator, e.cell.result.estate) for e in attention if e.cell] == [
        (k1, world.vapnagaard)
    ]
    assert dict(standing.summary())[Outcome.AT_RISK] == 1
    assert dict(standing.summary())[Outcome.ON_TRACK] == 1
    activities = {activity.name: rows for activity, rows in standing.activities()}
    assert "Kulturelle arrangementer" in activities
    assert k1 in [row.indicator for row in activities["Kulturelle arrangementer"]]
    # The overall criteria are the focus area's, not an activity's.
    assert all(row.criterion.activity is not None for rows in activities.values() for row in rows)
    assert standing.restated() == []


def test_an_agreement_that_does_not_run_this_year_has_no_standing(world: World) -> None:
    _k1(world)

    assert (
        queries.standing(agreement(world), today=datetime.date(2030, 1, 1), closed_years=False)
        is None
    )


def test_the_closed_years_figures_that_moved_are_restated(world: World) -> None:
    k1 = _k1(world)
    event(world, EventTypeCode.CULTURAL, local(2018, 3, 4, 14), [world.vapnagaard])
    services.period_lock(agreement=agreement(world), year=2018, today=TODAY)
    event(world, EventTypeCode.CULTURAL, local(2018, 9, 4, 14), [world.vapnagaard])

    standing = queries.standing(agreement(world), today=TODAY, closed_years=True)
    without = queries.standing(agreement(world), today=TODAY, closed_years=False)
    after = queries.standing(agreement(world), today=datetime.date(2030, 1, 1), closed_years=True)

    assert standing is not None and without is not None and after is not None
    restated = standing.restated()
    assert [(f.result.indicator, f.result.estate, f.result.year) for f in restated] == [
        (k1, world.vapnagaard, 2018)
    ]
    assert restated[0].restatement.snapshot.value == Decimal(1)
    assert restated[0].result.value == 2
    assert without.restated() == []
    # After the agreement, the closed years still show, with no running year.
    assert after.year is None and after.summary() == [] and len(after.restated()) == 1
