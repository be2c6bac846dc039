"""The follow-up's figures: planned beside spent per line and year, and staff hours."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from conftest import World
from helhedsplan.budget import queries, services
from helhedsplan.budget.models import BudgetEntry, StaffReport
from helhedsplan.budget.tests.helpers import a_version, an_agreement


def test_a_year_is_planned_as_entered_else_the_line_spread_over_the_period(world: World) -> None:
    agreement = an_agreement(world.programme)
    services.budget_entry_set(
        agreement=agreement,
        line="Landsbyggefonden",
        year=2019,
        planned=Decimal(130_000),
        spent=Decimal(140_000),
        user=world.user("secretariat_head"),
    )
    table = queries.budget_table(agreement)
    assert table.years == [2018, 2019, 2020, 2021]
    # The agreement's total is no line of its own.
    assert [line.name for line in table.lines] == ["Landsbyggefonden", "Lokal medfinansiering"]
    fund = table.lines[0]
    assert [cell.planned for cell in fund.years] == [
        Decimal(100_000),
        Decimal(130_000),
        Decimal(100_000),
        Decimal(100_000),
    ]
    assert [cell.over for cell in fund.years] == [False, True, False, False]
    assert fund.over
    assert fund.planned == Decimal(430_000)
    assert fund.spent == Decimal(140_000)
    assert fund.share == pytest.approx(100 * 140 / 430)
    assert table.lines[1].planned is None
    assert table.year_totals[1].spent == Decimal(140_000)
    assert table.share == pytest.approx(100 * 140 / 430)


def test_a_line_or_year_the_agreement_does_not_have_is_refused(world: World) -> None:
    agreement = an_agreement(world.programme)
    with pytest.raises(ValidationError, match="Budgetlinjen »Kommunen« findes ikke"):
        services.budget_entry_set(
            agreement=agreement, line="Kommunen", year=2019, planned=None, spent=None, user=None
        )
    with pytest.raises(ValidationError, match="2022 ligger uden for delaftalens periode"):
        services.budget_entry_set(
            agreement=agreement,
            line="Landsbyggefonden",
            year=2022,
            planned=None,
            spent=Decimal(1),
            user=None,
        )
    assert not BudgetEntry.objects.exists()


def test_a_year_of_all_lines_is_stored_whole_or_not_at_all(world: World) -> None:
    agreement = an_agreement(world.programme)
    with pytest.raises(ValidationError):
        services.budget_year_set(
            agreement=agreement,
            year=2020,
            amounts=[
                ("Landsbyggefonden", None, Decimal(5)),
                ("Lokal medfinansiering", Decimal(-1), None),
            ],
            user=None,
        )
    assert not BudgetEntry.objects.exists()


def test_planned_hours_are_count_times_hours_times_periods_a_year(world: World) -> None:
    agreement = an_agreement(world.programme)
    table = queries.staff_table(agreement)
    assert [row.role for row in table.rows] == [
        "Netværkskoordinatorer",
        "Repræsentanter (Ungdomsskolen)",
        "Repræsentanter (Kulturhus Syd)",
    ]
    # 2 × 16 hours × 52 weeks; one person's 5 hours × 2 half-years; 10 hours × 1 year.
    assert [row.years[0].planned for row in table.rows] == [
        Decimal(1664),
        Decimal(10),
        Decimal(10),
    ]


def test_reported_hours_are_kept_per_role_and_year_and_removed_when_emptied(
    world: World,
) -> None:
    agreement = an_agreement(world.programme)
    services.staff_report_set(
        agreement=agreement, role="Netværkskoordinatorer", year=2020, hours=Decimal(1500), user=None
    )
    row = queries.staff_table(agreement).rows[0]
    assert row.reported == [None, None, Decimal(1500), None]
    with pytest.raises(ValidationError, match="Rollen »Pedel« findes ikke"):
        services.staff_report_set(
            agreement=agreement, role="Pedel", year=2020, hours=Decimal(1), user=None
        )
    services.staff_report_set(
        agreement=agreement, role="Netværkskoordinatorer", year=2020, hours=None, user=None
    )
    assert not StaffReport.objects.exists()


def test_a_follow_up_agreement_adds_its_years_with_its_own_lines(world: World) -> None:
    agreement = an_agreement(world.programme)
    a_version(
        agreement,
        lines={"Landsbyggefonden": Decimal(800_000), "Boligorganisationen": Decimal(200_000)},
        staff=[("Sekretariatsleder", 1, Decimal(5), "week", "Helhedsplanen")],
        first=2024,
        last=2027,
    )
    table = queries.budget_table(agreement)
    assert table.years == [2018, 2019, 2020, 2021, 2024, 2025, 2026, 2027]
    fund, _local, organisation = table.lines
    assert fund.years[0].planned == Decimal(100_000)
    assert fund.years[4].planned == Decimal(200_000)
    assert organisation.years[0].planned is None
    assert organisation.years[4].planned == Decimal(50_000)
    with pytest.raises(ValidationError, match="»Boligorganisationen« findes ikke i delaftalen for"):
        services.budget_entry_set(
            agreement=agreement,
            line="Boligorganisationen",
            year=2019,
            planned=None,
            spent=Decimal(1),
            user=None,
        )


def test_the_year_figures_for_the_annual_report(world: World) -> None:
    agreement = an_agreement(world.programme)
    services.budget_entry_set(
        agreement=agreement,
        line="Landsbyggefonden",
        year=2020,
        planned=None,
        spent=Decimal(75_000),
        user=None,
    )
    services.staff_report_set(
        agreement=agreement, role="Netværkskoordinatorer", year=2020, hours=Decimal(1600), user=None
    )
    figures = queries.year_figures(agreement, 2020)
    assert figures.year == 2020
    fund = figures.lines[0]
    assert (fund.line, fund.planned, fund.spent, fund.share, fund.over) == (
        "Landsbyggefonden",
        Decimal(100_000),
        Decimal(75_000),
        75.0,
        False,
    )
    assert figures.planned == Decimal(100_000)
    assert figures.spent == Decimal(75_000)
    coordinators = figures.staff[0]
    assert (coordinators.planned_hours, coordinators.reported_hours) == (
        Decimal(1664),
        Decimal(1600),
    )
    assert queries.year_figures(agreement, 2030).lines == []
