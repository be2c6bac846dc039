from __future__ import annotations

from decimal import Decimal

from conftest import World
from helhedsplan.series import queries
from helhedsplan.series.models import Scope
from helhedsplan.series.tests.factories import a_figure, complaints_series, safety_series


def test_values_by_estate_and_year_reads_everything_in_one_query(
    world: World, django_assert_num_queries
) -> None:
    safety, complaints = safety_series(world), complaints_series(world)
    a_figure(safety, world.nojsomhed, "2016", "59.2")
    a_figure(safety, world.vapnagaard, "2016", "59.9")
    a_figure(safety, world.vapnagaard, "2021", "62.4")
    a_figure(complaints, world.vapnagaard, "2016", "105")
    a_figure(complaints, world.vapnagaard, "01.07.2017", "31")
    a_figure(complaints, world.vapnagaard, "2017", "12")
    a_figure(complaints, None, "2016", "216", scope=Scope.HOUSING_ORGANISATION)
    a_figure(complaints, None, "2016", "900", scope=Scope.MUNICIPALITY)
    a_figure(safety, world.nojsomhed, "2015", "58.0")  # outside the years asked for

    with django_assert_num_queries(1):
        values = queries.values_by_estate_and_year(
            [safety.pk, complaints.pk],
            [world.nojsomhed.pk, world.vapnagaard.pk],
            [2016, 2017, 2021],
        )
        shown = {key: observation.value for key, observation in values.items()}

    assert shown == {
        (safety.pk, world.nojsomhed.pk, 2016): Decimal("59.2"),
        (safety.pk, world.vapnagaard.pk, 2016): Decimal("59.9"),
        (safety.pk, world.vapnagaard.pk, 2021): Decimal("62.4"),
        (complaints.pk, world.vapnagaard.pk, 2016): Decimal("105"),
        # The latest period of the year wins: 1 July over the year's start.
        (complaints.pk, world.vapnagaard.pk, 2017): Decimal("31"),
        # Under None the municipality comes before the housing organisation.
        (complaints.pk, None, 2016): Decimal("900"),
    }


def test_values_leave_out_estates_not_asked_for(world: World) -> None:
    safety = safety_series(world)
    a_figure(safety, world.nojsomhed, "2016", "59.2")
    a_figure(safety, world.vapnagaard, "2016", "59.9")
    values = queries.values_by_estate_and_year([safety.pk], [world.vapnagaard.pk], [2016])
    assert list(values) == [(safety.pk, world.vapnagaard.pk, 2016)]


def test_the_series_table_has_a_row_per_period_and_a_column_per_estate_and_comparison(
    world: World,
) -> None:
    complaints = complaints_series(world)
    a_figure(complaints, world.nojsomhed, "2016", "7")
    a_figure(complaints, world.vapnagaard, "01.07.2017", "31")
    a_figure(complaints, None, "2016", "216", scope=Scope.HOUSING_ORGANISATION)

    table = queries.series_table(complaints, world.programme.estates.all())

    assert [c.name for c in table.columns] == ["Nøjsomhed", "Vapnagaard", "Boliggården"]
    assert [
        (row.period_label, [cell and cell.value for cell in row.cells]) for row in table.rows
    ] == [
        ("2016", [Decimal("7"), None, Decimal("216")]),
        ("01.07.2017", [None, Decimal("31"), None]),
    ]


def test_observations_for_filters_by_estate_and_year(world: World) -> None:
    safety = safety_series(world)
    a_figure(safety, world.nojsomhed, "2016", "59.2")
    a_figure(safety, world.vapnagaard, "2016", "59.9")
    a_figure(safety, world.vapnagaard, "2018", "60.2")
    a_figure(safety, None, "2016", "75", scope=Scope.MUNICIPALITY)

    found = queries.observations_for(safety, [world.vapnagaard], [2016])
    assert [(o.where, o.value) for o in found] == [
        ("Vapnagaard", Decimal("59.9")),
        ("Helsingør Kommune", Decimal("75")),
    ]
    only_estates = queries.observations_for(safety, None, None, include_comparisons=False)
    assert only_estates.count() == 3
