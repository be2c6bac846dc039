"""P1 live: panel meetings per estate per year, counted from the meetings by the database,
through the seed agreement's catalogue (``panel.meeting``), against a count made by hand."""

from __future__ import annotations

import datetime

import pytest

from conftest import World
from helhedsplan.agreements.tests.factories import seed_agreement
from helhedsplan.indicators import queries
from helhedsplan.indicators.demo import CATALOGUE, create_from_catalogue
from helhedsplan.indicators.models import Indicator, Outcome
from helhedsplan.panels.indicator_sources import SOURCE_KEY
from helhedsplan.panels.tests.helpers import a_meeting, a_panel

# (estate, year) -> the months of its panel's meetings that year.
MEETINGS = {
    ("Vapnagaard", 2019): [1, 3, 5, 7, 9, 11],
    ("Vapnagaard", 2020): [2, 4, 6, 8, 10],
    ("Nøjsomhed", 2019): [3, 6, 9],
    ("Nøjsomhed", 2020): [1, 2, 3, 5, 7, 9],
}
# A joint panel's meeting held in Nøjsomhed counts there.
JOINT_IN_NOJSOMHED_2020 = 1
HAND_COUNT = {
    ("Vapnagaard", 2019): (6, Outcome.MET),
    ("Vapnagaard", 2020): (5, Outcome.NOT_MET),
    ("Nøjsomhed", 2019): (3, Outcome.NOT_MET),
    ("Nøjsomhed", 2020): (7, Outcome.MET),
}


@pytest.fixture
def p1(world: World) -> Indicator:
    police = world.user("police")
    estates = {estate.name: estate for estate in (world.nojsomhed, world.vapnagaard)}
    panels = {name: a_panel(world.programme, estate) for name, estate in estates.items()}
    for (name, year), months in MEETINGS.items():
        for month in months:
            a_meeting(panels[name], datetime.date(year, month, 12), by=police)
    joint = a_panel(world.programme, None)
    a_meeting(joint, datetime.date(2020, 11, 3), by=police, estate=world.nojsomhed)
    # Another programme's meetings count for it, not here.
    other = world.other_programme
    a_meeting(a_panel(other, other.estates.get()), datetime.date(2020, 5, 5), by=police)
    agreement = seed_agreement(world.programme)
    create_from_catalogue(agreement)
    return Indicator.objects.get(agreement=agreement, code="P1")


def test_the_catalogue_counts_p1_from_the_panels_meetings(p1: Indicator) -> None:
    assert CATALOGUE["A4.1"]["source"] == SOURCE_KEY == "panel.meeting"
    assert p1.source == SOURCE_KEY


def test_p1_equals_the_hand_count_per_estate_and_year(world: World, p1: Indicator) -> None:
    board = queries.dashboard(p1.agreement, years=[2019, 2020])
    for estate in (world.nojsomhed, world.vapnagaard):
        for year in (2019, 2020):
            cell = board.cell(p1, estate, year)
            assert cell is not None
            count, outcome = HAND_COUNT[(estate.name, year)]
            assert (cell.result.value, cell.result.status) == (count, outcome), (estate, year)
