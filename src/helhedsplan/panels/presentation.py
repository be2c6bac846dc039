"""The concerns chart and its table: the database's counts (``queries.concern_counts``) laid
out per category and estate, and drawn with ``core.charts`` as the indicator pages are."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from helhedsplan.core import charts
from helhedsplan.panels.models import ConcernCategory


@dataclass(frozen=True)
class ConcernRow:
    category: str
    counts: list[int]


@dataclass(frozen=True)
class ConcernTable:
    estates: list[str]
    rows: list[ConcernRow]


def concern_table(counts: list[dict]) -> ConcernTable:
    """One row per category (every category, in the model's order), one column per estate
    with concerns; a combination the database did not count is 0."""
    estates = sorted({row["estate__name"] for row in counts})
    counted = {(row["category"], row["estate__name"]): row["count"] for row in counts}
    return ConcernTable(
        estates=estates,
        rows=[
            ConcernRow(
                category=str(label),
                counts=[counted.get((value, estate), 0) for estate in estates],
            )
            for value, label in ConcernCategory.choices
        ],
    )


def concern_chart(table: ConcernTable, year: int) -> SafeString:
    """Per estate, a bar for each category: the estates' names fit under the axis, the
    categories' longer names go in the legend."""
    return charts.grouped_bar_chart(
        title=_("Utrygheder per boligområde og kategori %(year)d") % {"year": year},
        groups=table.estates,
        series=[
            charts.Line(
                name=row.category,
                points=[
                    charts.Point(estate, count)
                    for estate, count in zip(table.estates, row.counts, strict=True)
                ],
            )
            for row in table.rows
        ],
        whole_numbers=True,
        width=720,
        height=360,
    )
