"""Statuses against figures computed by hand, through ``queries.dashboard``."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db.models import Q

from conftest import World
from helhedsplan.core import indicator_sources as sources
from helhedsplan.core.lists.services import list_entry_create
from helhedsplan.counselling import services as counselling_services
from helhedsplan.counselling.models import Weekday
from helhedsplan.counselling.tests.helpers import register
from helhedsplan.events.models import (
    EventStatus,
    EventTypeCode,
    Partner,
    TargetGroup,
    TargetGroupCode,
)
from helhedsplan.indicators import presentation, services
from helhedsplan.indicators.demo import CATALOGUE
from helhedsplan.indicators.forms import proposal_initial
from helhedsplan.indicators.models import Outcome
from helhedsplan.indicators.phrases import propose_indicator
from helhedsplan.indicators.services import BaselineSpec, TargetSpec
from helhedsplan.indicators.tests.helpers import event, indicator, local, observe, results

AFTER = datetime.date(2030, 1, 1)
CULTURAL = {"type": EventTypeCode.CULTURAL, "status": EventStatus.HELD}


def test_one_criterion_carries_a_different_target_in_each_estate(world: World) -> None:
    indicator(
        world,
        "A3.1",
        kind="count",
        source="events.event",
        source_filter=CULTURAL,
        targets=[
            TargetSpec(Decimal(4), world.vapnagaard),
            TargetSpec(Decimal(2), world.nojsomhed),
        ],
    )
    for month in (3, 5, 9):
        event(world, EventTypeCode.CULTURAL, local(2019, month, 4, 14), [world.vapnagaard])
    # One event in both estates counts in each of them.
    event(world, EventTypeCode.CULTURAL, local(2019, 6, 1, 14), [world.vapnagaard, world.nojsomhed])
    event(world, EventTypeCode.CULTURAL, local(2019, 8, 1, 14), [world.nojsomhed])
    event(
        world,
        EventTypeCode.CULTURAL,
        local(2019, 10, 1, 14),
        [world.nojsomhed],
        status=EventStatus.CANCELLED,
    )

    found = results(world, today=AFTER, years=[2019])

    vapnagaard, nojsomhed = found[("A3.1", "Vapnagaard", 2019)], found[("A3.1", "Nøjsomhed", 2019)]
    assert (vapnagaard.value, vapnagaard.target, vapnagaard.status) == (4, 4, Outcome.MET)
    assert (nojsomhed.value, nojsomhed.target, nojsomhed.status) == (2, 2, Outcome.MET)
    assert presentation.words(vapnagaard) == "4 af 4 — nået"


def test_fewer_events_than_promised_is_not_met_and_a_year_without_any_is_no_data(
    world: World,
) -> None:
    indicator(
        world,
        "A3.1",
        kind="count",
        source="events.event",
        source_filter=CULTURAL,
        targets=[TargetSpec(Decimal(4), world.vapnagaard), TargetSpec(Decimal(2), world.nojsomhed)],
    )
    event(world, EventTypeCode.CULTURAL, local(2020, 3, 4, 14), [world.vapnagaard])

    found = results(world, today=AFTER, years=[2019, 2020])

    assert found[("A3.1", "Vapnagaard", 2020)].status == Outcome.NOT_MET
    assert presentation.words(found[("A3.1", "Vapnagaard", 2020)]) == "1 af 4 — ikke nået"
    assert found[("A3.1", "Vapnagaard", 2019)].status == Outcome.NO_DATA
    assert found[("A3.1", "Nøjsomhed", 2020)].status == Outcome.NO_DATA


def test_weekly_target_over_open_weeks_across_the_new_year(world: World) -> None:
    """Open on Tuesdays from 1 December 2020 to 10 January 2021, closed 21-27 December.

    ISO 2020 has 53 weeks: the open ones are 49, 50, 51 and 53 (week 52 is closed), and
    2 January 2021 lies in week 53 of 2020. Inquiries: 10, 9, 12, (5 in the closed week), 10.
    Three of four open weeks reach ten: 75 %, average (10 + 9 + 12 + 10) / 4 = 10,25.
    """
    estate = world.vapnagaard
    counselling_services.opening_hours_add(
        estate=estate,
        weekday=Weekday.TUESDAY,
        starts=datetime.time(13),
        ends=datetime.time(17),
        place="Beboerhuset",
        valid_from=datetime.date(2020, 12, 1),
        valid_until=datetime.date(2021, 1, 10),
    )
    counselling_services.closure_add(
        estate=estate,
        starts=datetime.date(2020, 12, 21),
        ends=datetime.date(2020, 12, 27),
        reason="Juleferie",
    )
    for day, count in ((1, 10), (8, 9), (15, 12), (22, 5)):
        register(estate, ["Boligstøtte"], at=local(2020, 12, day, 14), times=count)
    register(estate, ["Boligstøtte"], at=local(2021, 1, 2, 11), times=10)
    indicator(
        world,
        "A1.1",
        kind="count",
        source="counselling.inquiry",
        period="week",
        targets=[TargetSpec(Decimal(10))],
    )

    h1 = results(world, today=AFTER, years=[2020])[("A1.1", "Vapnagaard", 2020)]

    assert [presentation.sub_label(sub) for sub in h1.sub_results] == [
        "uge 49",
        "uge 50",
        "uge 51",
        "uge 53",
    ]
    assert [sub.value for sub in h1.sub_results] == [10, 9, 12, 10]
    assert h1.value == 75.0
    assert h1.average == 10.25
    assert h1.status == Outcome.NOT_MET
    assert presentation.words(h1) == "3 af 4 uger med mindst 10 — ikke nået"


def test_a_quarterly_target_counts_and_speaks_of_quarters(world: World) -> None:
    """Inquiries in Vapnagaard 2020, at least 5 a quarter: 6, 5, 0 and 7 — three of four."""
    for month, count in ((2, 6), (5, 5), (11, 7)):
        register(world.vapnagaard, ["Boligstøtte"], at=local(2020, month, 3, 14), times=count)
    indicator(
        world,
        "A1.1",
        kind="count",
        source="counselling.inquiry",
        period="quarter",
        targets=[TargetSpec(Decimal(5))],
    )

    quarterly = results(world, today=AFTER, years=[2020])[("A1.1", "Vapnagaard", 2020)]

    assert [sub.value for sub in quarterly.sub_results] == [6, 5, 0, 7]
    assert presentation.sub_label(quarterly.sub_results[0]) == "1. kvartal"
    assert presentation.words(quarterly) == "3 af 4 kvartaler med mindst 5 — ikke nået"
    assert presentation.average_text(quarterly) == "Gennemsnit 4,5 pr. kvartal"


@pytest.fixture
def complaints(monkeypatch):
    """A new kind of registration plugged in by registering a source: complaints, which the
    test keeps as events."""
    monkeypatch.setattr(sources, "_sources", dict(sources._sources))
    events = sources.get("events.event")
    assert events is not None
    sources.register(
        sources.Source(
            key="test.complaint",
            label="Klager",
            model=events.model,
            date_field="starts_at",
            estate_field="estates",
            estates_many=True,
        )
    )


def test_open_weeks_are_the_counsellings_own(world: World) -> None:
    """A weekly target counts the weeks the counselling's own pages call open."""
    from helhedsplan.counselling import queries as counselling_queries
    from helhedsplan.counselling.demo import _ensure_schedule

    estates = [world.nojsomhed, world.vapnagaard]
    for estate in estates:
        _ensure_schedule(estate, last_year=2021)
    counselling_services.closure_add(
        estate=world.vapnagaard,
        starts=datetime.date(2019, 3, 4),
        ends=datetime.date(2019, 3, 10),
        reason="Vandskade",
    )

    inquiries = sources.get("counselling.inquiry")
    assert inquiries is not None and inquiries.eligible_weeks is not None

    found = inquiries.eligible_weeks(estates, range(2018, 2022))

    for estate in estates:
        for year in range(2018, 2022):
            expected = set(counselling_queries.open_weeks(estate, year))
            assert found[(estate.pk, year)] == expected, (estate, year)
    assert 10 not in found[(world.vapnagaard.pk, 2019)]
    assert 10 in found[(world.nojsomhed.pk, 2019)]


def test_a_falling_target_is_judged_downwards_against_its_baseline_year(
    world: World, complaints
) -> None:
    """ "Antallet af klager falder med 20 % i forhold til 2019": 10 complaints in 2019 make
    the target at most 8; 8 in 2020 meets it, 9 in 2021 does not."""
    proposed = propose_indicator("Antallet af klager falder med 20 % i forhold til 2019")
    initial = proposal_initial(proposed, code="O4", name="Klager", estates=[])
    indicator(
        world,
        "O4",
        source="test.complaint",
        per_area=False,
        **{
            name: initial[name]
            for name in (
                "kind",
                "comparator",
                "direction",
                "reference",
                "change_value",
                "change_unit",
                "unit",
            )
        },
        baselines=[BaselineSpec(initial["baseline_year"])],
    )
    assert (initial["kind"], initial["comparator"], initial["direction"]) == ("trend", "<=", "down")
    for year, count in ((2019, 10), (2020, 8), (2021, 9)):
        for n in range(count):
            event(world, EventTypeCode.OTHER, local(year, 2, n + 1, 10), [world.nojsomhed])

    found = results(world, today=AFTER, years=[2019, 2020, 2021])

    assert found[("O4", None, 2019)].is_baseline_year
    assert (found[("O4", None, 2020)].target, found[("O4", None, 2020)].status) == (
        8.0,
        Outcome.MET,
    )
    assert found[("O4", None, 2021)].status == Outcome.NOT_MET
    assert presentation.words(found[("O4", None, 2021)]) == "9 (mål: højst 8) — ikke nået"


def test_straight_path_from_the_baseline_guides_each_year(world: World) -> None:
    """O2: 59,2 % in 2016 → 65 % in 2021; the straight path guides 2018 at 61,5 % and 2019
    at 62,7 %."""
    baselines = [BaselineSpec(2016, Decimal("59.2"), world.nojsomhed)]
    indicator(
        world,
        "O2",
        kind="series",
        series_code="tryghed",
        unit="percent",
        baselines=baselines,
        targets=services.straight_path(
            baselines=baselines, final_year=2021, final_value=Decimal(65)
        ),
    )
    observe(
        "tryghed",
        {
            (world.nojsomhed, 2018): "61.5",
            (world.nojsomhed, 2019): "62.0",
            (world.nojsomhed, 2021): "65.3",
        },
        world,
    )

    found = results(world, today=AFTER)

    assert (found[("O2", "Nøjsomhed", 2018)].target, found[("O2", "Nøjsomhed", 2018)].guide) == (
        61.5,
        True,
    )
    assert found[("O2", "Nøjsomhed", 2018)].status == Outcome.MET
    assert found[("O2", "Nøjsomhed", 2019)].target == 62.7
    assert found[("O2", "Nøjsomhed", 2019)].status == Outcome.NOT_MET
    assert (
        presentation.words(found[("O2", "Nøjsomhed", 2019)])
        == "62,0\N{NO-BREAK SPACE}% (pejlemærke: mindst 62,7\N{NO-BREAK SPACE}%) — ikke nået"
    )
    assert found[("O2", "Nøjsomhed", 2020)].status == Outcome.NO_DATA
    assert (found[("O2", "Nøjsomhed", 2021)].target, found[("O2", "Nøjsomhed", 2021)].guide) == (
        65.0,
        False,
    )
    assert found[("O2", "Nøjsomhed", 2021)].status == Outcome.MET


def test_keeping_the_level_of_each_estates_own_baseline(world: World) -> None:
    indicator(
        world,
        "O3",
        kind="series",
        series_code="tillid-politi",
        unit="percent",
        reference="baseline",
        baselines=[
            BaselineSpec(2016, Decimal("77.6"), world.nojsomhed),
            BaselineSpec(2016, Decimal("71.9"), world.vapnagaard),
        ],
    )
    observe(
        "tillid-politi",
        {
            (world.nojsomhed, 2019): "77.6",
            (world.vapnagaard, 2019): "71.8",
        },
        world,
    )

    found = results(world, today=AFTER, years=[2019])

    assert (found[("O3", "Nøjsomhed", 2019)].target, found[("O3", "Nøjsomhed", 2019)].status) == (
        77.6,
        Outcome.MET,
    )
    assert (
        found[("O3", "Vapnagaard", 2019)].target,
        found[("O3", "Vapnagaard", 2019)].status,
    ) == (71.9, Outcome.NOT_MET)


def test_a_milestone_is_met_by_categorised_registrations(world: World) -> None:
    indicator(
        world,
        "A1.2",
        kind="milestone",
        source="counselling.inquiry",
        source_filter={"categorised": True},
        per_area=False,
        targets=[TargetSpec(Decimal(1))],
    )
    register(world.nojsomhed, ["Boligstøtte"], at=local(2019, 3, 5, 14))

    found = results(world, today=AFTER, years=[2019, 2020])

    assert found[("A1.2", None, 2019)].status == Outcome.MET
    assert presentation.words(found[("A1.2", None, 2019)]) == "Registreret — nået"
    assert found[("A1.2", None, 2020)].status == Outcome.NO_DATA


@pytest.fixture
def press_covered(monkeypatch):
    """A stand-in for the press app's filter: events whose title says they were covered."""
    monkeypatch.setattr(sources, "_extra_filters", {})
    sources.register_filter(
        "events.event",
        "press_covered",
        sources.Filter("omtalt i pressen", lambda wanted: Q(title__startswith="Omtalt")),
    )


@pytest.fixture
def no_press(monkeypatch):
    """As before the press app: nothing adds a filter to the events."""
    monkeypatch.setattr(sources, "_extra_filters", {})


def _k3(world: World) -> None:
    indicator(
        world,
        "A3.3",
        kind="share",
        unit="percent",
        source="events.event",
        source_filter={**CULTURAL, "press_covered": True},
        denominator_source="events.event",
        denominator_filter=CULTURAL,
        per_area=False,
        comparator="=",
        targets=[TargetSpec(Decimal(100))],
    )
    for day, title in ((1, "Omtalt: teater"), (2, "Omtalt: koncert"), (3, "Værksted")):
        event(
            world, EventTypeCode.CULTURAL, local(2019, 5, day, 14), [world.vapnagaard], title=title
        )


def test_a_share_with_a_pluggable_numerator(world: World, press_covered) -> None:
    _k3(world)

    k3 = results(world, today=AFTER, years=[2019])[("A3.3", None, 2019)]

    assert (k3.numerator, k3.denominator) == (2, 3)
    assert k3.value == pytest.approx(200 / 3)
    assert k3.status == Outcome.NOT_MET
    assert (
        presentation.words(k3)
        == "66,7\N{NO-BREAK SPACE}% (mål: præcis 100\N{NO-BREAK SPACE}%) — ikke nået"
    )


def test_a_share_whose_numerator_is_not_registered_yet_is_no_data(world: World, no_press) -> None:
    _k3(world)

    k3 = results(world, today=AFTER, years=[2019])[("A3.3", None, 2019)]

    assert k3.status == Outcome.NO_DATA
    assert k3.missing == "events.event: press_covered"
    assert k3.denominator == 3


@pytest.mark.parametrize(
    ("held_before_july", "expected"),
    [(2, Outcome.ON_TRACK), (1, Outcome.AT_RISK)],
)
def test_the_running_year_is_judged_by_its_pace(
    world: World, held_before_july: int, expected: Outcome
) -> None:
    """On 2 July 2019 almost half the year has gone (182 of 365 days): the pro-rata target
    for four events is 1,99, and 15 % below it is 1,69."""
    indicator(
        world,
        "A3.1",
        kind="count",
        source="events.event",
        source_filter=CULTURAL,
        targets=[TargetSpec(Decimal(4), world.vapnagaard), TargetSpec(Decimal(2), world.nojsomhed)],
    )
    for month in range(held_before_july):
        event(world, EventTypeCode.CULTURAL, local(2019, month + 2, 3, 14), [world.vapnagaard])
    event(world, EventTypeCode.OPEN_HOUSE, local(2019, 3, 3, 14), [world.nojsomhed])

    with time_machine.travel(local(2019, 7, 2, 12), tick=False):
        found = results(world, today=datetime.date(2019, 7, 2))

    vapnagaard = found[("A3.1", "Vapnagaard", 2019)]
    assert vapnagaard.status == expected
    assert vapnagaard.expected == pytest.approx(4 * 182 / 365)
    assert found[("A3.1", "Nøjsomhed", 2019)].status == Outcome.AT_RISK
    assert found[("A3.1", "Vapnagaard", 2020)].status == Outcome.NOT_DUE
    assert found[("A3.1", "Vapnagaard", 2018)].status == Outcome.NO_DATA


def test_only_youth_initiatives_for_the_young_with_ungdomsskolen_count_for_f2(
    world: World,
) -> None:
    f2 = CATALOGUE["A2.2"]
    indicator(
        world,
        "A2.2",
        kind="count",
        source="events.event",
        source_filter=f2["source_filter"],
        per_area=False,
        targets=[TargetSpec(Decimal(2))],
    )
    ungdomsskolen = list_entry_create(
        model=Partner, programme=world.programme, name="Ungdomsskolen"
    )
    youth = TargetGroup.objects.get(code=TargetGroupCode.YOUTH)
    mixed = TargetGroup.objects.get(code=TargetGroupCode.MIXED)
    counted: dict[str, Any] = {"partners": [ungdomsskolen], "target_groups": [youth, mixed]}
    both = [world.vapnagaard, world.nojsomhed]
    event(world, EventTypeCode.YOUTH_INITIATIVE, local(2019, 4, 2, 16), both, **counted)
    event(
        world,
        EventTypeCode.YOUTH_INITIATIVE,
        local(2019, 5, 2, 16),
        both,
        partners=[ungdomsskolen],
        target_groups=[mixed],
    )
    event(
        world,
        EventTypeCode.YOUTH_INITIATIVE,
        local(2019, 6, 2, 16),
        both,
        target_groups=[youth],
    )
    event(world, EventTypeCode.RESIDENT_ACTIVITY, local(2019, 7, 2, 16), both, **counted)

    found = results(world, today=AFTER)[("A2.2", None, 2019)]
    assert (found.value, found.status) == (1, Outcome.NOT_MET)


def test_statistics_without_an_app_that_provides_them_are_no_data(
    world: World, monkeypatch
) -> None:
    indicator(world, "O2", kind="series", series_code="tryghed", unit="percent")
    observe("tryghed", {(world.nojsomhed, 2019): "61.5"}, world)
    with_series = results(world, today=AFTER, years=[2019])[("O2", "Nøjsomhed", 2019)]
    monkeypatch.setattr(sources, "_series_provider", None)

    without = results(world, today=AFTER, years=[2019])[("O2", "Nøjsomhed", 2019)]

    assert (with_series.value, with_series.status) == (61.5, Outcome.MET)
    assert (without.value, without.status) == (None, Outcome.NO_DATA)
