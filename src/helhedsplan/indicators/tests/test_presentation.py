"""The indicators in words: figures with their units, sub-periods by name, a baseline year."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from conftest import World
from helhedsplan.events.models import EventStatus, EventTypeCode
from helhedsplan.indicators import presentation
from helhedsplan.indicators.models import Outcome, Unit
from helhedsplan.indicators.services import BaselineSpec, TargetSpec
from helhedsplan.indicators.tests.helpers import event, indicator, local, results

AFTER = datetime.date(2030, 1, 1)
CULTURAL = {"type": EventTypeCode.CULTURAL, "status": EventStatus.HELD}
NBSP = "\N{NO-BREAK SPACE}"


def test_figures_are_danish_and_keep_their_unit_on_the_line() -> None:
    assert presentation.number(1234) == "1.234"
    assert presentation.number(11.25) == "11,2"
    assert presentation.number(59.94, Unit.PERCENT, decimals=1) == f"59,9{NBSP}%"
    assert presentation.number(65, Unit.PERCENT) == f"65{NBSP}%"
    assert presentation.number(None) == "–"


@pytest.mark.parametrize(
    ("period", "labels"),
    [
        ("quarter", ["1. kvartal", "2. kvartal", "3. kvartal", "4. kvartal"]),
        ("half_year", ["1. halvår", "2. halvår"]),
        (
            "month",
            [
                "januar",
                "februar",
                "marts",
                "april",
                "maj",
                "juni",
                "juli",
                "august",
                "september",
                "oktober",
                "november",
                "december",
            ],
        ),
    ],
)
def test_the_parts_of_a_year_are_named(world: World, period: str, labels: list[str]) -> None:
    indicator(
        world,
        "A3.1",
        kind="count",
        source="events.event",
        source_filter=CULTURAL,
        per_area=False,
        period=period,
        targets=[TargetSpec(Decimal(1))],
    )
    event(world, EventTypeCode.CULTURAL, local(2019, 1, 4, 14), [world.vapnagaard])

    k1 = results(world, today=AFTER, years=[2019])[("A3.1", None, 2019)]

    assert [presentation.sub_label(sub) for sub in k1.sub_results] == labels
    assert [sub.value for sub in k1.sub_results] == [1] + [0] * (len(labels) - 1)
    assert k1.status == Outcome.NOT_MET


def test_the_baseline_year_reads_as_the_starting_point(world: World) -> None:
    indicator(
        world,
        "O4",
        kind="trend",
        source="events.event",
        source_filter=CULTURAL,
        per_area=False,
        reference="baseline",
        comparator=">=",
        baselines=[BaselineSpec(2019)],
    )
    for day in (4, 5, 6):
        event(world, EventTypeCode.CULTURAL, local(2019, 2, day, 14), [world.nojsomhed])

    o4 = results(world, today=AFTER, years=[2019])[("O4", None, 2019)]

    assert o4.is_baseline_year
    assert presentation.words(o4) == "Udgangspunkt: 3"
    assert presentation.scope_name(o4.estate) == "Alle boligområder"
