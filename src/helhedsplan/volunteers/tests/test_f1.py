"""F1 live: volunteers aged 15-30 active on 31 December per estate, divided by the estate's
residents aged 15-30, checked against a count made by hand."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from helhedsplan.agreements.models import Agreement
from helhedsplan.indicators import engine, queries
from helhedsplan.indicators.models import Indicator, Outcome
from helhedsplan.indicators.services import BaselineSpec
from helhedsplan.indicators.tests.helpers import agreement, indicator, observe
from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.volunteers.tests.helpers import a_volunteer

D = datetime.date
# name: (estate, birth year, started, ended, counted in Vapnagaard on 31.12.2019)
VAPNAGAARD_2019 = {
    "Anna Aktiv": (2000, D(2018, 5, 1), None),  # 19, active: counted
    "Bo Begynder": (1995, D(2019, 12, 31), None),  # starts on 31 December: counted
    "Carl Cirka": (1990, D(2018, 1, 1), D(2019, 12, 30)),  # stops the day before: not
    "Dorte Dagen": (1989, D(2017, 3, 1), D(2019, 12, 31)),  # 30, stops on the day: counted
    "Erik Ældre": (1988, D(2019, 1, 1), None),  # 31 in 2019: not
    "Fie Femten": (2004, D(2019, 8, 1), None),  # 15 in 2019: counted
    "Gry Gryende": (2005, D(2019, 8, 1), None),  # 14 in 2019 (15 in 2020): not
    "Ivan Imorgen": (2001, D(2020, 1, 1), None),  # starts in 2020: not
}
COUNTED_2019 = {"Anna Aktiv", "Bo Begynder", "Dorte Dagen", "Fie Femten"}
# 2017: only Dorte (28) was active; 2020: Anna, Bo, Fie, Gry (15 now) and Ivan.
COUNTED_2017, COUNTED_2020 = 1, 5


def _register(world: World, estate: Estate | None, name: str, spec: tuple) -> None:
    birth_year, started_on, ended_on = spec
    changes: dict[str, Any] = {"birth_year": birth_year}
    if started_on.year - birth_year <= 15:
        changes["consent"] = _with_guardian(started_on)
    volunteer = a_volunteer(
        world.programme,
        estate,
        by=world.user("staff"),
        name=name,
        started_on=started_on,
        **changes,
    )
    if ended_on is not None:
        from helhedsplan.volunteers import services

        services.volunteer_end(volunteer=volunteer, ended_on=ended_on)


def _with_guardian(day: datetime.date) -> Any:
    from helhedsplan.privacy.models import ConsentMethod
    from helhedsplan.privacy.services import ConsentGiven

    return ConsentGiven(method=ConsentMethod.IN_PERSON, given_on=day, guardian_name="Forælder")


@pytest.fixture
def f1(world: World) -> Indicator:
    for name, spec in VAPNAGAARD_2019.items():
        _register(world, world.vapnagaard, name, spec)
    # Not a resident: counted by no estate.
    _register(world, None, "Hanne Hjemmefra", (2000, D(2018, 1, 1), None))
    _register(world, world.nojsomhed, "Jens Jævn", (1999, D(2019, 6, 1), None))
    _register(world, world.nojsomhed, "Karla Kort", (1998, D(2019, 2, 1), D(2019, 11, 1)))
    # Nøjsomhed's young residents were not counted in 2019: its share has no denominator.
    observe(
        "beboere-15-30",
        {
            (world.vapnagaard, 2017): "50",
            (world.vapnagaard, 2019): "80",
            (world.vapnagaard, 2020): "100",
            (world.nojsomhed, 2017): "60",
        },
        world,
    )
    return indicator(
        world,
        "A2.1",
        code="F1",
        name="Andel 15-30-årige, der er frivillige",
        kind="share",
        source="volunteers.volunteer",
        source_filter={"age": "15-30"},
        denominator_series="beboere-15-30",
        comparator=">",
        reference="baseline",
        unit="percent",
        baselines=[BaselineSpec(2017)],
    )


def test_f1_equals_the_hand_count_of_young_volunteers_active_on_31_december(
    world: World, f1: Indicator
) -> None:
    board = queries.dashboard(agreement(world), years=[2017, 2019, 2020])

    def result(estate: Estate, year: int):
        cell = board.cell(f1, estate, year)
        assert cell is not None
        return cell.result

    in_2019 = result(world.vapnagaard, 2019)
    assert (in_2019.numerator, in_2019.denominator) == (len(COUNTED_2019), 80)
    assert in_2019.value == pytest.approx(100 * 4 / 80)
    baseline = result(world.vapnagaard, 2017)
    assert (baseline.status, baseline.numerator, baseline.value) == (
        Outcome.BASELINE,
        COUNTED_2017,
        pytest.approx(2.0),
    )
    # Rising from the baseline (2 %) to 5 %: met.
    assert (in_2019.baseline_year, in_2019.baseline) == (2017, pytest.approx(2.0))
    assert in_2019.status == Outcome.MET
    in_2020 = result(world.vapnagaard, 2020)
    assert (in_2020.numerator, in_2020.denominator) == (COUNTED_2020, 100)
    # Nøjsomhed: Jens counts, Karla stopped in November; no young residents' figure.
    nojsomhed = result(world.nojsomhed, 2019)
    assert (nojsomhed.status, nojsomhed.numerator, nojsomhed.denominator) == (
        Outcome.NO_DATA,
        1,
        None,
    )


def _lineage(client, world: World, f1: Indicator, user: str) -> str:
    client.force_login(world.user(user))
    url = reverse("indicators:detail", kwargs={"indicator_id": f1.pk})
    response = client.get(url, {"year": 2019})
    assert response.status_code == 200
    return response.content.decode()


def test_the_lineage_names_the_counted_volunteers_only_to_their_keepers(
    client, world: World, f1: Indicator
) -> None:
    head = _lineage(client, world, f1, "secretariat_head")
    assert all(name in head for name in COUNTED_2019)
    assert not {"Carl Cirka", "Erik Ældre", "Gry Gryende", "Ivan Imorgen"} & {
        name for name in VAPNAGAARD_2019 if name in head
    }
    assert "Hanne Hjemmefra" not in head and "Karla Kort" not in head
    assert "Jens Jævn" in head
    # Nøjsomhed's count shows beside "Ingen data".
    assert "Tæller: 1." in head and "Ingen data" in head

    # Staff of Vapnagaard see Vapnagaard's volunteers by name, Nøjsomhed's as a count.
    staff = _lineage(client, world, f1, "staff")
    assert "Anna Aktiv" in staff and "Jens Jævn" not in staff

    board = _lineage(client, world, f1, "board")
    assert not any(name in board for name in COUNTED_2019) and "Jens Jævn" not in board
    assert "Tæller: 4." in board


def test_the_demo_shows_f1_rising_in_both_estates(demo: Programme) -> None:
    the_agreement = Agreement.objects.get(programme=demo)
    f1 = Indicator.objects.get(agreement=the_agreement, code="F1")
    seed_years = list(range(2017, 2022))
    board = queries.dashboard(the_agreement, years=seed_years)

    for estate in demo.estates.all():
        cells = [board.cell(f1, estate, year) for year in seed_years]
        shares = [cell.result.value for cell in cells if cell is not None]
        found = [share for share in shares if share is not None]
        assert len(found) == len(seed_years), (estate, shares)
        # Rising every year.
        assert found == sorted(set(found)), (estate, found)


def test_f1_is_counted_in_one_query_whatever_the_number_of_volunteers(
    world: World, f1: Indicator, django_assert_num_queries
) -> None:
    indicators = list(queries.with_definitions(Indicator.objects.filter(pk=f1.pk)))

    def count() -> engine.Tallies:
        return engine.gather(
            indicators,
            [world.nojsomhed, world.vapnagaard],
            [2019, 2020, 2021],
            world.programme.pk,
            today=D(2026, 11, 30),
            agreement_span=(D(2018, 1, 1), D(2021, 12, 31)),
        )

    # The volunteers active on each day counted, then the series and their observations.
    with django_assert_num_queries(3):
        before = count()
    for number in range(5):
        _register(world, world.nojsomhed, f"Ny Nummer{number}", (2001, D(2021, 3, 1), None))
    with django_assert_num_queries(3):
        after = count()

    measure = engine.measures_of(f1)[0]
    on_31_december = (world.nojsomhed.pk, D(2021, 12, 31))
    assert after.stocks[measure][on_31_december] == before.stocks[measure][on_31_december] + 5
