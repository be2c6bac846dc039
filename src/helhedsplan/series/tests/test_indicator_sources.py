"""What the statistics offer the indicators: a series' value per estate and year."""

from __future__ import annotations

from conftest import World
from helhedsplan.core import indicator_sources as sources
from helhedsplan.series.models import Scope
from helhedsplan.series.tests.factories import a_figure, complaints_series, safety_series


def test_the_indicators_read_a_programmes_series_by_code_in_two_queries(
    world: World, django_assert_num_queries
) -> None:
    safety, complaints = safety_series(world), complaints_series(world)
    a_figure(safety, world.nojsomhed, "2019", "61.5")
    a_figure(safety, world.vapnagaard, "2019", "58")
    a_figure(safety, None, "2019", "80.1", scope=Scope.MUNICIPALITY)
    a_figure(safety, world.nojsomhed, "2017", "59")
    a_figure(complaints, world.nojsomhed, "2019", "12")
    estates = [world.nojsomhed.pk, world.vapnagaard.pk]

    with django_assert_num_queries(2):
        found = sources.series_values(world.programme.pk, {"tryghed"}, estates, [2018, 2019])

    assert found == {
        ("tryghed", world.nojsomhed.pk, 2019): 61.5,
        ("tryghed", world.vapnagaard.pk, 2019): 58.0,
        ("tryghed", None, 2019): 80.1,
    }
    assert sources.series_values(world.other_programme.pk, {"tryghed"}, estates, [2019]) == {}
