"""The demo's indicators: the catalogue of docs/domain.md, over the demo's registrations."""

from __future__ import annotations

import datetime

import pytest

from helhedsplan.agreements.models import Agreement
from helhedsplan.indicators import queries
from helhedsplan.indicators.models import Indicator, IndicatorStatus, Outcome
from helhedsplan.programmes.models import Programme

AFTER = datetime.date(2030, 1, 1)


@pytest.fixture
def agreement(demo: Programme) -> Agreement:
    """The seed agreement of the shared demo (loaded twice: the second run adds nothing)."""
    return Agreement.objects.get(programme=demo)


def test_every_seed_criterion_has_a_confirmed_indicator_from_the_catalogue(agreement) -> None:
    indicators = {i.code: i for i in Indicator.objects.filter(agreement=agreement)}

    assert sorted(indicators) == sorted(
        [
            "O1",
            "O2",
            "O3",
            "O4",
            "H1",
            "H2",
            "H3",
            "H4",
            "F1",
            "F2",
            "F3",
            "F4",
            "K1",
            "K2",
            "K3",
            "K4",
            "P1",
            "P2",
        ]
    )
    assert {i.status for i in indicators.values()} == {IndicatorStatus.CONFIRMED}
    k1 = {
        (t.estate.name if t.estate else None, int(t.value)) for t in indicators["K1"].targets.all()
    }
    assert k1 == {("Vapnagaard", 4), ("Nøjsomhed", 2)}
    assert indicators["H1"].period == "week"
    assert not indicators["H3"].per_area
    assert indicators["K4"].reference == "previous"
    assert indicators["F2"].source_filter["partner"] == "Ungdomsskolen"
    assert indicators["F2"].source_filter["target_group"] == "youth"
    assert indicators["F4"].source_filter["target_group"] == "mixed"
    provenance = indicators["K1"].provenance
    assert provenance is not None
    assert provenance["targets_by_area"] == {"Vapnagaard": 4, "Nøjsomhed": 2}


def test_the_demo_shows_every_kind_of_status(agreement) -> None:
    board = queries.dashboard(agreement, today=AFTER)
    found = {
        (r.indicator.code, r.estate.name if r.estate else None, r.year): r.status
        for r in board.results.values()
    }

    assert found[("H3", None, 2019)] == Outcome.MET
    assert found[("H3", None, 2020)] == Outcome.NOT_MET  # three theme evenings in 2020
    assert found[("K1", "Vapnagaard", 2020)] == Outcome.NOT_MET
    assert found[("K1", "Nøjsomhed", 2020)] == Outcome.MET
    assert found[("F4", "Nøjsomhed", 2020)] == Outcome.NOT_MET
    assert found[("O2", "Nøjsomhed", 2021)] == Outcome.MET
    assert found[("O2", "Vapnagaard", 2021)] == Outcome.NOT_MET
    assert found[("P1", "Vapnagaard", 2021)] == Outcome.NO_DATA
    assert not board.unmeasured


def test_the_youth_and_resident_activity_figures_count_by_target_group(agreement) -> None:
    board = queries.dashboard(agreement, today=AFTER)
    values = {
        (r.indicator.code, r.estate.name if r.estate else None, r.year): r.value
        for r in board.results.values()
        if r.indicator.code in {"F2", "F4"}
    }

    assert [values[("F2", None, year)] for year in range(2018, 2022)] == [2, 3, 1, 2]
    assert [values[("F4", "Nøjsomhed", year)] for year in range(2018, 2022)] == [4, 4, 3, 4]
    assert [values[("F4", "Vapnagaard", year)] for year in range(2018, 2022)] == [4, 4, 4, 4]
