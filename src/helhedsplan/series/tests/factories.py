"""Series and figures for tests, built through the services like the pages build them."""

from __future__ import annotations

from decimal import Decimal

from conftest import World
from helhedsplan.programmes.models import Estate
from helhedsplan.series import services
from helhedsplan.series.importers import parse_period
from helhedsplan.series.models import Granularity, Observation, Scope, Series, Unit


def safety_series(world: World) -> Series:
    """Politiets Tryghedsindeks' share feeling safe, as the seed agreement names it."""
    return services.series_ensure(
        programme=world.programme,
        code="tryghed",
        name="Trygge beboere",
        unit=Unit.PERCENT,
        source="Politiets Tryghedsindeks",
        granularity=Granularity.YEAR,
    )


def complaints_series(world: World) -> Series:
    return services.series_ensure(
        programme=world.programme,
        code="klager",
        name="Beboerklager",
        unit=Unit.COUNT,
        source="Boliggården",
        higher_is_better=False,
        granularity=Granularity.YEAR,
    )


def a_figure(
    series: Series, where: Estate | None, period: str, value: str, *, scope: str = Scope.ESTATE
) -> Observation:
    """``where`` is an estate, or None with ``scope`` naming the comparison."""
    parsed = parse_period(period)
    assert parsed is not None
    return services.observation_record(
        series=series,
        scope=scope if where is None else Scope.ESTATE,
        estate=where,
        period=parsed,
        value=Decimal(value),
        user=None,
    ).observation


def a_figure_for_the_matrix(world: World) -> Observation:
    return a_figure(safety_series(world), world.vapnagaard, "2016", "59.9")
