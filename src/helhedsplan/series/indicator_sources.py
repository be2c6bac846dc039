"""What the external statistics offer the indicators (``helhedsplan.core.indicator_sources``).

O1, O2, O3 and the shares over residents read a series' value for an estate and year: the
programme's series by code, and of each year the observation ``values_by_estate_and_year``
chooses (the latest period in the year; for the comparison, the municipality first).
"""

from __future__ import annotations

from collections.abc import Iterable

from helhedsplan.core import indicator_sources as sources
from helhedsplan.series.models import Series
from helhedsplan.series.queries import values_by_estate_and_year


def series_values(
    programme_id: int, codes: set[str], estate_ids: list[int], years: Iterable[int]
) -> dict[tuple[str, int | None, int], float]:
    """The values by (series code, estate id or None, year), in two queries."""
    by_id = dict(
        Series.objects.filter(programme_id=programme_id, code__in=codes).values_list("pk", "code")
    )
    found = values_by_estate_and_year(by_id, estate_ids, years)
    return {
        (by_id[series_id], estate_id, year): float(observation.value)
        for (series_id, estate_id, year), observation in found.items()
    }


def register() -> None:
    sources.register_series_values(series_values)
