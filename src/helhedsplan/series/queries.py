"""Reads of the external statistics, for the pages and for the indicators engine."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from helhedsplan.core import exports
from helhedsplan.core.search import matching
from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.series.importers import ParsedRow
from helhedsplan.series.models import Observation, Scope, Series

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _Counted(TypedDict):
    observation_count: int


# When a series has figures for both comparisons in a year, the municipality is the one
# returned under the estate None: it is the comparison the agreement's statistics use.
COMPARISON_PRECEDENCE: dict[str, int] = {
    Scope.ESTATE: 0,
    Scope.HOUSING_ORGANISATION: 1,
    Scope.MUNICIPALITY: 2,
}


# What the search box of the list looks in.
SEARCHED_FIELDS = ("name", "code", "source", "description")


def series_for(
    programme: Programme, *, search: str = ""
) -> QuerySet[WithAnnotations[Series, _Counted]]:
    """The programme's series by name, each with its number of observations; ``search``
    looks in the name, code, source and description."""
    return (
        Series.objects.filter(programme=programme)
        .filter(matching(search, SEARCHED_FIELDS))
        .select_related("programme")
        .annotate(observation_count=Count("observations"))
        .order_by("name")
    )


# The list's export: the list's columns and what a series' page says of it besides.
EXPORT_COLUMNS: list[exports.Column[WithAnnotations[Series, _Counted]]] = [
    exports.Column(_("Serie"), lambda s: s.name, 36),
    exports.Column(_("Kode"), lambda s: s.code, 16),
    exports.Column(_("Kilde"), lambda s: s.source, 28),
    exports.Column(_("Enhed"), lambda s: s.get_unit_display(), 12),
    exports.Column(_("Periode"), lambda s: s.get_granularity_display(), 10),
    exports.Column(_("Højere er bedre"), lambda s: s.higher_is_better, 10),
    exports.Column(_("Målinger"), lambda s: s.observation_count, 10),
    exports.Column(_("Beskrivelse"), lambda s: s.description, 48),
]


def observations_for(
    series: Series,
    estates: Iterable[Estate] | None = None,
    years: Iterable[int] | None = None,
    *,
    include_comparisons: bool = True,
) -> QuerySet[Observation]:
    """The series' observations for ``estates`` (all when None) and the comparisons, in
    ``years`` (all when None), oldest first."""
    observations = Observation.objects.filter(series=series).select_related(
        "estate", "series__programme", "entered_by"
    )
    if estates is not None:
        wanted = Q(estate__in=list(estates))
        if include_comparisons:
            wanted |= Q(estate__isnull=True)
        observations = observations.filter(wanted)
    elif not include_comparisons:
        observations = observations.filter(estate__isnull=False)
    if years is not None:
        observations = observations.filter(period_start__year__in=list(years))
    return observations.order_by("period_start", "scope", "estate__name")


def values_by_estate_and_year(
    series_ids: Iterable[int], estate_ids: Iterable[int], years: Iterable[int]
) -> dict[tuple[int, int | None, int], Observation]:
    """The observations of the series for the estates and the comparison (estate None), by
    (series id, estate id or None, calendar year of the period's start), in one query.

    Where a year holds several observations (a half-year series, or a count as of 1 July),
    the latest period in the year is returned; under None the municipality comes before
    the housing organisation.
    """
    observations = Observation.objects.filter(
        Q(estate_id__in=list(estate_ids)) | Q(estate__isnull=True),
        series_id__in=list(series_ids),
        period_start__year__in=list(years),
    )
    ranked = sorted(observations, key=lambda o: (COMPARISON_PRECEDENCE[o.scope], o.period_start))
    return {(o.series_id, o.estate_id, o.period_start.year): o for o in ranked}


def existing_for(rows: Iterable[ParsedRow]) -> dict[tuple, Observation]:
    """The stored observations the parsed rows would update, by the rows' keys."""
    rows = list(rows)
    if not rows:
        return {}
    series_ids = {row.series.pk for row in rows}
    starts = {row.period.start for row in rows}
    stored = Observation.objects.filter(series_id__in=series_ids, period_start__in=starts)
    by_key = {(o.series_id, o.scope, o.estate_id, o.period_start): o for o in stored}
    return {row.key: by_key[row.key] for row in rows if row.key in by_key}


@dataclass(frozen=True)
class PlannedRow:
    row: ParsedRow
    existing: Observation | None

    @property
    def action(self) -> str:
        """ "new", "changed" or "unchanged": what importing the row would do."""
        if self.existing is None:
            return "new"
        return "changed" if self.existing.differences(self.row.stored_fields) else "unchanged"


def import_plan(rows: Iterable[ParsedRow]) -> list[PlannedRow]:
    """Each parsed row with the observation it would update (None: it creates one)."""
    rows = list(rows)
    existing = existing_for(rows)
    return [PlannedRow(row, existing.get(row.key)) for row in rows]


@dataclass(frozen=True)
class Column:
    """A column of a series table: an estate, or a comparison."""

    scope: str
    estate: Estate | None
    name: str

    @property
    def key(self) -> tuple[str, int | None]:
        return (self.scope, self.estate.pk if self.estate else None)


@dataclass(frozen=True)
class TableRow:
    period_start: datetime.date
    period_label: str
    cells: list[Observation | None]


@dataclass(frozen=True)
class SeriesTable:
    columns: list[Column]
    rows: list[TableRow]
    observations: list[Observation]


def series_table(series: Series, estates: Iterable[Estate]) -> SeriesTable:
    """The series by period (rows) and estate or comparison (columns): every estate of the
    programme, then the comparisons that have figures."""
    observations = list(observations_for(series, estates))
    programme = series.programme
    columns = [Column(Scope.ESTATE, estate, estate.name) for estate in estates]
    present = {o.scope for o in observations if o.estate_id is None}
    if Scope.MUNICIPALITY in present:
        columns.append(Column(Scope.MUNICIPALITY, None, programme.municipality))
    if Scope.HOUSING_ORGANISATION in present:
        columns.append(Column(Scope.HOUSING_ORGANISATION, None, programme.housing_organisation))
    periods: dict[datetime.date, str] = {}
    cells: dict[tuple, Observation] = {}
    for observation in observations:
        periods.setdefault(observation.period_start, observation.period_label)
        cells[(observation.period_start, observation.scope, observation.estate_id)] = observation
    rows = [
        TableRow(
            period_start=start,
            period_label=label,
            cells=[cells.get((start, *column.key)) for column in columns],
        )
        for start, label in sorted(periods.items())
    ]
    return SeriesTable(columns=columns, rows=rows, observations=observations)
