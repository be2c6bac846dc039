"""The indicator engine: from definitions and registrations to value, target and status.

Every figure is counted by the database. For each source the engine sends one grouped query
per scope (per estate, or all estates together when a row can belong to several), with one
filtered COUNT per indicator measure in it, by local day and added up into the calendar
months and ISO weeks the measures are read in (by PostgreSQL itself; on SQLite by Python), so
the number of queries depends on the definitions, never on the amount of data. Periods are
then sums of those few aggregated rows. A stock (a source whose rows are active from a start
to an end, such as volunteers) is counted on the days its periods are read on instead: one
query per source and scope, with one filtered COUNT per measure and day, grouped by estate.

The rules, stated on the pages as well:

* a finished period is *met* or *not met* against its target, direction included (``<=``
  for a target that falls);
* the running period is *on track* while the value so far is within 15 % of the pro-rata
  target (counts: the target times the share of the period gone; levels such as shares and
  statistics: the target itself), otherwise *at risk*;
* *no data* where nothing was registered or imported, or the source does not exist yet;
* a stock's figure is the rows active on the period's last day (31 December for a year),
  on today for the running period; a stock is read in periods of a year or longer;
* *not due* before the period starts;
* a questionnaire's indicator (H4, F3) is the share of the answers agreeing, for the year
  and each of its quarters (…) with their answers; a target staff set judges the year and
  each finished quarter, and without one the share is *measured*, never met;
* the year that sets a criterion's starting point (O1 and K4 in 2018) is *baseline*: it is
  measured, not judged, so it is never met;
* a weekly target is followed over the weeks that count (for the counselling: the weeks it
  was open); the year's figure is the share of those weeks that met it, and the year is met
  when that share is at least the criterion's *required share*: every week (100 %) unless the
  version of the agreement in force that year says less (the board approves it). The same
  holds for months, quarters and half-years.

What is counted comes from the sources the data apps register in
``helhedsplan.core.indicator_sources``; the engine knows no other app's models. It returns
figures and keys (an ISO week, a quarter's number), never display text: the words of a
cell are made in ``helhedsplan.indicators.presentation``.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import connections, router
from django.db.models import (
    Count,
    DateField,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import TruncDate
from django.utils import timezone

from helhedsplan.agreements.models import AgreementVersion, VersionStatus
from helhedsplan.core import indicator_sources as sources
from helhedsplan.core.suppression import SUPPRESSION_LIMIT
from helhedsplan.indicators.models import (
    ChangeUnit,
    Comparator,
    Direction,
    Indicator,
    IndicatorBaseline,
    IndicatorTarget,
    Kind,
    Outcome,
    Period,
    Reference,
)
from helhedsplan.programmes.models import Estate

PACE_TOLERANCE = 0.15
MONTH, WEEK = "month", "week"
SUB_YEAR_MONTHS = {Period.MONTH: 1, Period.QUARTER: 3, Period.HALF_YEAR: 6}
LEVEL_KINDS = {Kind.SHARE, Kind.SERIES, Kind.SURVEY}
UPWARD = {Comparator.AT_LEAST, Comparator.MORE_THAN}
DOWNWARD = {Comparator.AT_MOST, Comparator.LESS_THAN}
# ``Result.missing`` of an indicator that counts nothing yet; otherwise it names a source key
# and its unregistered filters.
NO_SOURCE = "-"
# The share of weeks (months, …) a year must meet when the agreement does not say otherwise.
EVERY_PERIOD = 100


# Measures and their counts -----------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """What one indicator counts: a source, a filter, a grain, and the scope it is read in."""

    source: str
    filter_items: tuple[tuple[str, str], ...]
    grain: str
    together: bool

    @classmethod
    def of(cls, source: str, wanted: dict, grain: str, together: bool) -> Measure:
        items = tuple(sorted((str(k), _json_key(v)) for k, v in wanted.items()))
        return cls(source, items, grain, together)

    @property
    def wanted(self) -> dict:
        return {k: _json_value(v) for k, v in self.filter_items}


def _json_key(value) -> str:
    # Filter values come from JSON; kept as text so that measures can be dictionary keys.
    return "true" if value is True else "false" if value is False else str(value)


def _json_value(text: str):
    return {"true": True, "false": False}.get(text, text)


# Counts keyed by (estate id or None for together, period key): month keys are (year, month),
# week keys (ISO year, ISO week). ``rows`` counts every row of the source in the scope, so an
# empty period of a source that has data elsewhere reads 0 and a source with nothing reads
# "no data".
Counts = dict[tuple[int | None, tuple[int, int]], int]
# The counts of one query's measures (the row count first) by the same keys.
Slots = dict[tuple[int | None, tuple[int, int]], Sequence[int]]
# A stock's counts keyed by (estate id or None for together, the day counted on).
DayCounts = dict[tuple[int | None, datetime.date], int]


@dataclass
class Tallies:
    counts: dict[Measure, Counts] = field(default_factory=dict)
    rows: dict[tuple[str, str, bool], Counts] = field(default_factory=dict)
    eligible: dict[str, dict[tuple[int, int], set[int]]] = field(default_factory=dict)
    series: dict[tuple[str, int | None, int], float] = field(default_factory=dict)
    # Stocks: each measure's rows active on a day, and (like ``rows``) every row of the source
    # active on it, by (source key, together).
    stocks: dict[Measure, DayCounts] = field(default_factory=dict)
    active: dict[tuple[str, bool], DayCounts] = field(default_factory=dict)


def local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _day(source: sources.Source) -> Combinable:
    """A row's local calendar day: converted once per row, and then added up into months and
    ISO weeks alike, so one query serves every grain."""
    field = source.model._meta.get_field(source.date_field)
    if isinstance(field, DateField) and not isinstance(field, DateTimeField):
        return F(source.date_field)
    return TruncDate(source.date_field)


def _periods_sql(sql: str, grouped: bool, counts: int, grains: list[str], totals: bool) -> str:
    """PostgreSQL: the day rows of ``sql`` (the estate when ``grouped``, the local day, then
    ``counts`` counts) added up in the database into the weeks and months the measures are
    read in, per estate and, with ``totals``, for all estates together: rows of (estate or
    NULL, the week's Monday or NULL, the month's first day or NULL, the counts). A day lies in
    exactly one ISO week and one month, so the sums are exact. Truncating the day rows (not
    each registration) keeps the scan the plain grouping by day, and truncating a
    ``timestamp`` (not a ``date``, which would be cast to a time zone first) stays cheap."""
    names = [f"c{index}" for index in range(counts)]
    estate = ["estate"] if grouped else []
    sets = []
    for grain in grains:
        column = "week" if grain == WEEK else "month"
        if grouped:
            sets.append(f"(estate, {column})")
        if totals or not grouped:
            sets.append(f"({column})")
    periods = ", ".join(
        [
            *estate,
            "date_trunc('week', day::timestamp)::date AS week",
            "date_trunc('month', day::timestamp)::date AS month",
            *names,
        ]
    )
    columns = ", ".join([*estate, "day", *names])
    summed = ", ".join(f"SUM({name})::bigint" for name in names)
    return (
        f"SELECT {'estate' if grouped else 'NULL'}, "
        f"{'week' if WEEK in grains else 'NULL'}, {'month' if MONTH in grains else 'NULL'}, "
        f"{summed} "
        f"FROM (SELECT {periods} FROM ({sql}) AS days ({columns})) AS periods "
        f"GROUP BY GROUPING SETS ({', '.join(sets)})"
    )


def _as_date(value: object) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


# Counting SQL, compiled once per definition: (database, source, measures, scope, estates,
# programme, days, time zone, minute) -> the SQL and its parameters. The key holds everything
# the SQL is made of, so a changed definition (another filter, grain or scope) or another set
# of estates or years is a new key, never a stale plan; the source is kept with its plan, so a
# source registered anew is compiled anew. A filter may compare with the present (an external
# booking counts once it has started), so a plan serves only the minute it was compiled in.
# Bounded: emptied when full (one atomic step, safe beside other threads).
_PLANS: dict[tuple, tuple[sources.Source, str, tuple, bool]] = {}
PLANS_KEPT = 512


def _plan(
    source: sources.Source,
    measures: list[Measure],
    together: bool,
    estate_ids: list[int],
    programme_id: int,
    first: datetime.date,
    end: datetime.date,
) -> tuple[str, str, tuple, bool]:
    """The database alias, SQL and parameters of ``_count_source``'s query, and whether its
    rows lead with the estate; compiled by the ORM on first use, then taken from ``_PLANS``."""
    model = source.model
    alias = router.db_for_read(model)
    key = (
        alias,
        source.key,
        tuple(measures),
        together,
        tuple(estate_ids),
        programme_id,
        first,
        end,
        timezone.get_current_timezone_name(),
        timezone.now().replace(second=0, microsecond=0),
    )
    cached = _PLANS.get(key)
    if cached is not None and cached[0] is source:
        return alias, cached[1], cached[2], cached[3]
    rows, group = _scoped(
        source,
        model._default_manager.filter(
            **{
                f"{source.date_field}__gte": local_midnight(first),
                f"{source.date_field}__lt": local_midnight(end),
            }
        ),
        together,
        estate_ids,
        programme_id,
    )
    # A row is never counted twice, so no DISTINCT (a sort per count): the estates are joined
    # only when grouping by them (one row per registration and estate), and filters reach
    # many-valued relations by EXISTS (``core.indicator_sources.has_related``).
    aggregates = {"n_all": Count("pk")}
    for index, measure in enumerate(measures):
        aggregates[f"n{index}"] = Count("pk", filter=_condition(source, measure.wanted))
    names = ["n_all", *(f"n{index}" for index in range(len(measures)))]
    query = (
        rows.annotate(day=_day(source))
        .values(*group, "day")
        .annotate(**aggregates)
        .order_by()
        .values_list(*group, "day", *names)
    )
    sql, params = query.query.sql_with_params()
    if connections[alias].vendor == "postgresql":
        # SQLite truncates dates in Python functions called per row, which would cost more
        # than it saves: there the rows stay days, added up in Python.
        grains = sorted({m.grain for m in measures})
        totals = bool(group) and not source.estates_many
        sql = _periods_sql(sql, bool(group), len(names), grains, totals)
    if len(_PLANS) >= PLANS_KEPT:
        _PLANS.clear()
    _PLANS[key] = (source, sql, tuple(params), bool(group))
    return alias, sql, tuple(params), bool(group)


def _scoped(
    source: sources.Source,
    rows: QuerySet,
    together: bool,
    estate_ids: list[int],
    programme_id: int,
) -> tuple[QuerySet, list[str]]:
    """``rows`` narrowed to the programme and the estates, and what to group them by: the
    estate, or nothing when rows in several estates are counted once for all of them."""
    if source.programme_field:
        # Narrows by an index before the estates are looked at; changes no count.
        rows = rows.filter(**{source.programme_field: programme_id})
    if together and source.estates_many:
        through = getattr(source.model, source.estate_field).through
        owner = source.model._meta.model_name
        rows = rows.filter(
            Exists(
                through._default_manager.filter(
                    **{owner: OuterRef("pk"), "estate_id__in": estate_ids}
                )
            )
        )
        return rows, []
    return rows.filter(**{f"{source.estate_field}__in": estate_ids}), [source.estate_field]


def _condition(source: sources.Source, wanted: dict, day: datetime.date | None = None) -> Q:
    """The rows a measure counts (as of ``day`` for a stock), its plain comparisons before
    its subqueries: PostgreSQL tests the conditions of a count's FILTER in the order written,
    so an EXISTS then runs only for the rows the comparisons let through."""
    parts = [
        sources.condition(source, {name: value}, day) for name, value in sorted(wanted.items())
    ]
    found = Q()
    for part in sorted(parts, key=_has_subquery):
        found &= part
    return found


def _has_subquery(condition: object) -> bool:
    if isinstance(condition, Exists):
        return True
    return any(_has_subquery(child) for child in getattr(condition, "children", ()))


def active_on(source: sources.Source, day: datetime.date) -> Q:
    """The rows of a stock active on ``day``: started on or before it, not ended before it."""
    start, end = source.date_field, source.end_field
    field = source.model._meta.get_field(start)
    if isinstance(field, DateTimeField):
        started = Q(**{f"{start}__lt": local_midnight(day + datetime.timedelta(days=1))})
        not_ended = Q(**{f"{end}__gte": local_midnight(day)})
    else:
        started, not_ended = Q(**{f"{start}__lte": day}), Q(**{f"{end}__gte": day})
    return started & (Q(**{f"{end}__isnull": True}) | not_ended)


def stock_day(span: Window, today: datetime.date) -> datetime.date:
    """The day a stock is read on for a period: its last day, or today while it runs."""
    return min(span.last, today)


def _stock_plan(
    source: sources.Source,
    measures: list[Measure],
    together: bool,
    estate_ids: list[int],
    programme_id: int,
    days: list[datetime.date],
) -> tuple[str, str, tuple, bool]:
    """The database alias, SQL and parameters of ``_count_stock``'s query, and whether it is
    grouped by estate: compiled by the ORM on first use (a filtered COUNT per measure and day
    costs milliseconds to compile), then taken from ``_PLANS`` as ``_plan``'s are."""
    alias = router.db_for_read(source.model)
    key = (
        "stock",
        alias,
        source.key,
        tuple(measures),
        together,
        tuple(estate_ids),
        programme_id,
        tuple(days),
        timezone.get_current_timezone_name(),
        timezone.now().replace(second=0, microsecond=0),
    )
    cached = _PLANS.get(key)
    if cached is not None and cached[0] is source:
        return alias, cached[1], cached[2], cached[3]
    rows, group = _scoped(
        source,
        source.model._default_manager.filter(**{f"{source.date_field}__lte": max(days)}),
        together,
        estate_ids,
        programme_id,
    )
    aggregates = {}
    for at, day in enumerate(days):
        active = active_on(source, day)
        aggregates[f"d{at}"] = Count("pk", filter=active)
        for index, measure in enumerate(measures):
            aggregates[f"d{at}_{index}"] = Count(
                "pk", filter=active & _condition(source, measure.wanted, day)
            )
    if not group:
        # A constant leads the row in place of the estate; grouping by it is no grouping.
        rows = rows.annotate(scope=Value(None, output_field=IntegerField()))
    lead = group or ["scope"]
    query = rows.values(*lead).annotate(**aggregates).order_by().values_list(*lead, *aggregates)
    sql, params = query.query.sql_with_params()
    if len(_PLANS) >= PLANS_KEPT:
        _PLANS.clear()
    _PLANS[key] = (source, sql, tuple(params), bool(group))
    return alias, sql, tuple(params), bool(group)


def _count_stock(
    source: sources.Source,
    measures: list[Measure],
    together: bool,
    estate_ids: list[int],
    programme_id: int,
    days: list[datetime.date],
    tallies: Tallies,
) -> None:
    """One query for every measure of the stock ``source`` on every day in this scope: per
    estate (all estates are their sum), or once for all when a row has several estates."""
    alias, sql, params, grouped = _stock_plan(
        source, measures, together, estate_ids, programme_id, days
    )
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    every = tallies.active.setdefault((source.key, together), {})
    chosen = [tallies.stocks.setdefault(measure, {}) for measure in measures]
    for estate, *counted in found:
        scopes = [estate, None] if grouped else [None]
        for at, day in enumerate(days):
            row = counted[at * (len(measures) + 1) :]
            for scope in scopes:
                # A row of a foreign-key source belongs to one estate: all are their sum.
                every[(scope, day)] = every.get((scope, day), 0) + row[0]
                for index, counts in enumerate(chosen, start=1):
                    counts[(scope, day)] = counts.get((scope, day), 0) + row[index]


def _count_source(
    source: sources.Source,
    measures: list[Measure],
    together: bool,
    estate_ids: list[int],
    programme_id: int,
    first: datetime.date,
    end: datetime.date,
    tallies: Tallies,
) -> None:
    """One grouped query for every measure of ``source`` in this scope, by local day; on
    PostgreSQL the database adds the days up into the weeks and months the measures are read
    in, on SQLite Python does."""
    alias, sql, params, grouped = _plan(
        source, measures, together, estate_ids, programme_id, first, end
    )
    # The rows are read straight off the cursor, since turning thousands of (estate, day,
    # counts) tuples into Python values through the ORM costs more than the query.
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    grains = sorted({m.grain for m in measures})
    if connections[alias].vendor == "postgresql":
        sums = _periods_read(found)
    else:
        sums = _days_added_up(found, grouped, grains, source.estates_many)
    for grain in grains:
        by_slot = sums.get(grain, {})
        every = tallies.rows.setdefault((source.key, grain, together), {})
        chosen = [
            (index, tallies.counts.setdefault(m, {}))
            for index, m in enumerate(measures, start=1)
            if m.grain == grain
        ]
        for slot, counted in by_slot.items():
            every[slot] = counted[0]
            for index, counts in chosen:
                counts[slot] = counted[index]


def _periods_read(found: list[tuple]) -> dict[str, Slots]:
    """The rows of ``_periods_sql`` by grain and (estate id or None, period key)."""
    sums: dict[str, Slots] = {WEEK: {}, MONTH: {}}
    weeks: dict[datetime.date, tuple[int, int]] = {}
    for estate, week, month, *counted in found:
        if week is not None:
            key = weeks.get(week)
            if key is None:
                iso = week.isocalendar()
                key = weeks[week] = (iso.year, iso.week)
            sums[WEEK][(estate, key)] = counted
        else:
            sums[MONTH][(estate, (month.year, month.month))] = counted
    return sums


def _days_added_up(
    found: list[tuple], grouped: bool, grains: list[str], estates_many: bool
) -> dict[str, Slots]:
    """SQLite: the day rows (estate when ``grouped``, day, counts) added up by grain and
    (estate id or None, period key); for a foreign-key source grouped by estate, all estates
    are the sum of the estates."""
    # (estate id or None, month or ISO week) -> the day rows that fall in it; they are summed
    # per slot afterwards, column by column, which is much cheaper than adding row by row.
    parts: dict[str, dict[tuple[int | None, tuple[int, int]], list[Sequence[int]]]] = {
        g: defaultdict(list) for g in grains
    }
    periods: dict[object, dict[str, tuple[int, int]]] = {}
    for row in found:
        estate = row[0] if grouped else None
        start = 1 if grouped else 0
        day = row[start]
        counted = row[start + 1 :]
        keys = periods.get(day)
        if keys is None:
            date = _as_date(day)
            week = date.isocalendar()
            keys = periods[day] = {MONTH: (date.year, date.month), WEEK: (week.year, week.week)}
        for grain in grains:
            parts[grain][(estate, keys[grain])].append(counted)
    sums: dict[str, Slots] = {
        grain: {
            slot: [sum(column) for column in zip(*rows, strict=True)]
            for slot, rows in by_slot.items()
        }
        for grain, by_slot in parts.items()
    }
    if grouped and not estates_many:
        # A row of a foreign-key source belongs to one estate: all estates are their sum.
        for by_slot in sums.values():
            for (_estate, key), summed in list(by_slot.items()):
                total = by_slot.get((None, key))
                by_slot[(None, key)] = (
                    summed if total is None else [a + b for a, b in zip(total, summed, strict=True)]
                )
    return sums


def gather(
    indicators: Sequence[Indicator],
    estates: Sequence[Estate],
    years: Iterable[int],
    programme_id: int,
    *,
    today: datetime.date,
    agreement_span: tuple[datetime.date, datetime.date],
) -> Tallies:
    """Count everything ``indicators`` need for ``years`` (and the years their baselines and
    previous-year comparisons reach back to) in a fixed number of queries."""
    years = set(years)
    evaluated = sorted(years)
    for indicator in indicators:
        years |= {b.year for b in indicator.baselines.all()}
        if indicator.reference == Reference.PREVIOUS:
            years |= {year - 1 for year in years}
    # ISO weeks reach a few days into the neighbouring calendar years.
    first = datetime.date(min(years) - 1, 12, 20)
    end = datetime.date(max(years) + 1, 1, 10)
    estate_ids = [estate.pk for estate in estates]
    counted: dict[str, sources.Source] = {}
    wanted: dict[tuple[str, bool], set[Measure]] = defaultdict(set)
    series_codes: set[str] = set()
    # The days each stock is read on: the last day of each period its indicators judge.
    days: dict[str, set[datetime.date]] = defaultdict(set)
    for indicator in indicators:
        for measure in measures_of(indicator):
            source = sources.get(measure.source)
            if source is not None and sources.missing(measure.source, measure.wanted) is None:
                counted[source.key] = source
                wanted[(source.key, measure.together)].add(measure)
                if source.end_field and not _in_sub_periods(indicator):
                    days[source.key] |= {
                        stock_day(window(indicator.period, year, agreement_span), today)
                        for year in years
                    }
        series_codes |= {c for c in (indicator.series_code, indicator.denominator_series) if c}
    tallies = Tallies()
    weekly: dict[str, sources.Source] = {}
    for (key, together), group in sorted(wanted.items()):
        source = counted[key]
        if source.end_field:
            if days[key]:
                chosen = sorted(group, key=lambda m: m.filter_items)
                _count_stock(
                    source, chosen, together, estate_ids, programme_id, sorted(days[key]), tallies
                )
            continue
        _count_source(
            source,
            sorted(group, key=lambda m: (m.grain, m.filter_items)),
            together,
            estate_ids,
            programme_id,
            first,
            end,
            tallies,
        )
        if any(measure.grain == WEEK for measure in group):
            weekly[source.key] = source
    for key, source in sorted(weekly.items()):
        if source.eligible_weeks:
            # Only the evaluated years: working out open weeks is the costly part in Python.
            tallies.eligible[key] = source.eligible_weeks(list(estates), evaluated)
    tallies.series = sources.series_values(
        programme_id, series_codes, estate_ids, range(min(years), max(years) + 1)
    )
    return tallies


def is_survey_share(indicator: Indicator) -> bool:
    """A questionnaire's indicator with a denominator: the share of answers agreeing."""
    return indicator.kind == Kind.SURVEY and bool(indicator.denominator_source)


def _in_sub_periods(indicator: Indicator) -> bool:
    return indicator.period == Period.WEEK or indicator.period in SUB_YEAR_MONTHS


def measures_of(indicator: Indicator) -> list[Measure]:
    grain = WEEK if indicator.period == Period.WEEK else MONTH
    found = []
    for key, wanted in (
        (indicator.source, indicator.source_filter),
        (indicator.denominator_source, indicator.denominator_filter),
    ):
        if key:
            source = sources.get(key)
            # Only rows in several estates need a count of their own for all estates together;
            # for the others it is the sum of the estates' counts, from the same query.
            together = not indicator.per_area and (source is None or source.estates_many)
            found.append(Measure.of(key, wanted, grain, together))
    return found


# Periods -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """A period as days: ``first`` up to, not including, ``end``."""

    first: datetime.date
    end: datetime.date

    @property
    def last(self) -> datetime.date:
        return self.end - datetime.timedelta(days=1)

    def months(self) -> list[tuple[int, int]]:
        found, year, month = [], self.first.year, self.first.month
        while datetime.date(year, month, 1) < self.end:
            found.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found

    def fraction_gone(self, today: datetime.date) -> float:
        return min(1.0, max(0.0, (today - self.first).days / (self.end - self.first).days))


def window(period: str, year: int, agreement_span: tuple[datetime.date, datetime.date]) -> Window:
    """The period a year's cell judges: the calendar year, the school year ending in July of
    the year, or for a target over the whole agreement, its start up to the end of the year."""
    if period == Period.SCHOOL_YEAR:
        return Window(datetime.date(year - 1, 8, 1), datetime.date(year, 8, 1))
    if period == Period.AGREEMENT:
        start, last = agreement_span
        return Window(start, min(datetime.date(year + 1, 1, 1), last + datetime.timedelta(1)))
    if period == Period.WEEK:
        return Window(
            datetime.date.fromisocalendar(year, 1, 1),
            datetime.date.fromisocalendar(year + 1, 1, 1),
        )
    return Window(datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1))


def sub_periods(period: str, year: int) -> list[tuple[int, Window, list[tuple[int, int]]]]:
    """The months, quarters or half-years of a year, each with its number in the year (the
    month's, the quarter's or the half-year's) and its months."""
    size = SUB_YEAR_MONTHS[Period(period)]
    found = []
    for number, start in enumerate(range(1, 13, size), start=1):
        first = datetime.date(year, start, 1)
        end = (
            datetime.date(year + 1, 1, 1)
            if start + size > 12
            else datetime.date(year, start + size, 1)
        )
        found.append((number, Window(first, end), Window(first, end).months()))
    return found


# Results --------------------------------------------------------------------------------


class SubResult(NamedTuple):
    """One week (or month, quarter, half-year) of a weekly (…) target: ``number`` is the ISO
    week (or the month's, quarter's, half-year's number) in the year of the result. A tuple:
    a year of weeks makes fifty of them per cell.

    A questionnaire's quarter holds its share agreeing (in %) as ``value`` and the answers it
    was counted from as ``answers``; ``met`` is None while nothing judges it (no target, or
    the quarter still running)."""

    period: str
    number: int
    value: float
    met: bool | None
    answers: int | None = None


@dataclass(frozen=True)
class Result:
    indicator: Indicator
    estate: Estate | None
    year: int
    status: Outcome
    value: float | None = None
    target: float | None = None
    comparator: str = ""
    guide: bool = False
    is_baseline_year: bool = False
    numerator: float | None = None
    denominator: float | None = None
    expected: float | None = None
    missing: str | None = None
    sub_target: float | None = None
    sub_results: tuple[SubResult, ...] = ()
    # The share (in %) of the sub-periods the year had to meet; None for other indicators.
    required_share: int | None = None
    average: float | None = None
    baseline: float | None = None
    baseline_year: int | None = None
    window: Window | None = None
    computed_at: datetime.datetime | None = None
    # The version of the agreement in force in the period, whose targets judged it (None:
    # the agreement has no approved version).
    version: AgreementVersion | None = None


def _compare(value: float, comparator: str, target: float) -> bool:
    # Rounded as shown, so that 65,0 % meets "at least 65 %" whatever the float arithmetic.
    value, target = round(value, 6), round(target, 6)
    # Asked for every week of every cell: plain comparisons, not a table built per call.
    if comparator == Comparator.AT_LEAST:
        return value >= target
    if comparator == Comparator.MORE_THAN:
        return value > target
    if comparator == Comparator.AT_MOST:
        return value <= target
    if comparator == Comparator.LESS_THAN:
        return value < target
    if comparator == Comparator.EXACTLY:
        return math.isclose(value, target)
    raise ValueError(comparator)


def judge(
    value: float,
    target: float | None,
    comparator: str,
    *,
    fraction: float | None,
    accumulating: bool,
) -> tuple[Outcome, float | None]:
    """The status and, for a running period, the pro-rata target it was held against.

    ``fraction`` is the share of a running period gone, None for a finished one.
    """
    if target is None:
        # A measurement without a numeric target: recording it is what was promised.
        return (Outcome.MET if fraction is None else Outcome.ON_TRACK), None
    if fraction is None:
        return (Outcome.MET if _compare(value, comparator, target) else Outcome.NOT_MET), None
    expected = target * fraction if accumulating else target
    if comparator in UPWARD:
        on_track = value >= expected * (1 - PACE_TOLERANCE)
    elif comparator in DOWNWARD:
        on_track = value <= expected * (1 + PACE_TOLERANCE)
    else:
        on_track = abs(value - expected) <= abs(expected) * PACE_TOLERANCE
    return (Outcome.ON_TRACK if on_track else Outcome.AT_RISK), expected


# Evaluation --------------------------------------------------------------------------------


@dataclass
class Evaluator:
    tallies: Tallies
    today: datetime.date
    agreement_span: tuple[datetime.date, datetime.date]
    computed_at: datetime.datetime
    # (criterion key, year) -> the share of sub-periods the version in force that year asks
    # for; a criterion that is not named asks for every period.
    required_shares: Mapping[tuple[str, int], int] = field(default_factory=dict)
    # year -> the version of the agreement in force in it: its targets judge the year.
    versions: Mapping[int, AgreementVersion | None] = field(default_factory=dict)
    # Worked out once per indicator (and estate), however many years are evaluated.
    gaps: dict[int, str | None] = field(default_factory=dict)
    baselines: dict[tuple[int, int | None], tuple[int, float | None] | None] = field(
        default_factory=dict
    )
    measures: dict[int, list[Measure]] = field(default_factory=dict)
    measure_gaps: dict[Measure, str | None] = field(default_factory=dict)
    # The prefetched targets and baselines as lists: asking the prefetch again per cell
    # makes a queryset each time.
    target_rows: dict[int, list[IndicatorTarget]] = field(default_factory=dict)
    baseline_rows: dict[int, list[IndicatorBaseline]] = field(default_factory=dict)

    def evaluate(self, indicator: Indicator, estate: Estate | None, year: int) -> Result:
        span = window(indicator.period, year, self.agreement_span)
        if span.first > self.today:
            return self._result(indicator, estate, year, span, status=Outcome.NOT_DUE)
        if is_survey_share(indicator):
            return self._survey_share(indicator, estate, span, year)
        if _in_sub_periods(indicator):
            return self._sub_periods(indicator, estate, span, year)
        finished = span.end <= self.today
        fraction = None if finished else span.fraction_gone(self.today)
        value, numerator, denominator = self._value(indicator, estate, span)
        found = self.baseline(indicator, estate)
        # The result is made once, with every field, when it is known: a frozen dataclass
        # copied field by field per step costs more than the rest of the evaluation.
        known = {
            "numerator": numerator,
            "denominator": denominator,
            "missing": self._missing(indicator),
            "baseline_year": found[0] if found else None,
            "baseline": found[1] if found else None,
        }
        if value is None:
            return self._result(indicator, estate, year, span, status=Outcome.NO_DATA, **known)
        baseline = self._baseline_row(indicator, estate)
        if indicator.reference != Reference.TARGET and baseline and baseline.year == year:
            return self._result(
                indicator,
                estate,
                year,
                span,
                status=Outcome.BASELINE,
                value=value,
                is_baseline_year=True,
                **known,
            )
        comparator = indicator.comparator or Comparator.AT_LEAST
        target, guide = self._target(indicator, estate, year)
        status, expected = judge(
            value,
            target,
            comparator,
            fraction=fraction,
            accumulating=indicator.kind not in LEVEL_KINDS,
        )
        return self._result(
            indicator,
            estate,
            year,
            span,
            status=status,
            value=value,
            target=target,
            comparator=comparator,
            guide=guide,
            expected=expected,
            **known,
        )

    def _result(
        self,
        indicator: Indicator,
        estate: Estate | None,
        year: int,
        span: Window,
        **known: Any,
    ) -> Result:
        return Result(
            indicator=indicator,
            estate=estate,
            year=year,
            window=span,
            computed_at=self.computed_at,
            version=self.versions.get(year),
            **known,
        )

    def _measures(self, indicator: Indicator) -> list[Measure]:
        found = self.measures.get(indicator.pk)
        if found is None:
            found = self.measures[indicator.pk] = measures_of(indicator)
        return found

    # Values

    def _missing(self, indicator: Indicator) -> str | None:
        if indicator.pk not in self.gaps:
            self.gaps[indicator.pk] = self._find_missing(indicator)
        return self.gaps[indicator.pk]

    def _find_missing(self, indicator: Indicator) -> str | None:
        for measure in self._measures(indicator):
            gap = sources.missing(measure.source, measure.wanted)
            if gap:
                return gap
        if indicator.kind in {Kind.COUNT, Kind.MILESTONE, Kind.TREND, Kind.SURVEY} and not (
            indicator.source or indicator.series_code
        ):
            return NO_SOURCE
        return None

    def _count(self, measure: Measure, scope: int | None, span: Window) -> int | None:
        if measure not in self.measure_gaps:
            self.measure_gaps[measure] = sources.missing(measure.source, measure.wanted)
        if self.measure_gaps[measure]:
            return None
        source = sources.get(measure.source)
        if source is not None and source.end_field:
            day = stock_day(span, self.today)
            if not self.tallies.active.get((measure.source, measure.together), {}).get(
                (scope, day)
            ):
                return None
            return self.tallies.stocks.get(measure, {}).get((scope, day), 0)
        every = self.tallies.rows.get((measure.source, measure.grain, measure.together), {})
        months = span.months()
        if not any((scope, month) in every for month in months):
            return None
        counts = self.tallies.counts.get(measure, {})
        return sum(counts.get((scope, month), 0) for month in months)

    def _series(self, code: str, estate: Estate | None, year: int) -> float | None:
        if estate is None:
            return None
        return self.tallies.series.get((code, estate.pk, year))

    def _value(
        self, indicator: Indicator, estate: Estate | None, span: Window
    ) -> tuple[float | None, float | None, float | None]:
        """The value, and for a share its numerator and denominator as far as they exist."""
        scope = estate.pk if estate else None
        measures = self._measures(indicator)
        year = span.last.year
        if indicator.kind == Kind.SERIES or (indicator.series_code and not indicator.source):
            return self._series(indicator.series_code, estate, year), None, None
        if indicator.kind == Kind.SHARE or is_survey_share(indicator):
            numerator = self._count(measures[0], scope, span) if indicator.source else None
            if indicator.denominator_series:
                denominator = self._series(indicator.denominator_series, estate, year)
            elif indicator.denominator_source:
                denominator = self._count(measures[-1], scope, span)
            else:
                denominator = None
            if numerator is None or not denominator:
                return None, numerator, denominator
            return 100 * numerator / denominator, numerator, denominator
        if not measures:
            return None, None, None
        count = self._count(measures[0], scope, span)
        return (None if count is None else float(count)), None, None

    # Targets and baselines

    def _baseline_row(
        self, indicator: Indicator, estate: Estate | None
    ) -> IndicatorBaseline | None:
        rows = self.baseline_rows.get(indicator.pk)
        if rows is None:
            rows = self.baseline_rows[indicator.pk] = list(indicator.baselines.all())
        own = [b for b in rows if estate is not None and b.estate_id == estate.pk]
        shared = [b for b in rows if b.estate_id is None]
        return next(iter(own or shared), None)

    def baseline(
        self, indicator: Indicator, estate: Estate | None
    ) -> tuple[int, float | None] | None:
        """The baseline year and value; a value still to be established is the measured one."""
        key = (indicator.pk, estate.pk if estate else None)
        if key not in self.baselines:
            self.baselines[key] = self._find_baseline(indicator, estate)
        return self.baselines[key]

    def _find_baseline(
        self, indicator: Indicator, estate: Estate | None
    ) -> tuple[int, float | None] | None:
        row = self._baseline_row(indicator, estate)
        if row is None:
            return None
        if row.value is not None:
            return row.year, float(row.value)
        span = window(Period.YEAR, row.year, self.agreement_span)
        return row.year, self._value(indicator, estate, span)[0]

    def _target(
        self, indicator: Indicator, estate: Estate | None, year: int
    ) -> tuple[float | None, bool]:
        explicit = self._explicit_target(indicator, estate, year)
        if explicit is not None:
            return float(explicit.value), explicit.guide
        if indicator.reference == Reference.BASELINE:
            found = self.baseline(indicator, estate)
            start = found[1] if found else None
        elif indicator.reference == Reference.PREVIOUS:
            span = window(indicator.period, year - 1, self.agreement_span)
            start = self._value(indicator, estate, span)[0]
        else:
            return None, False
        return (None if start is None else self._moved(indicator, start)), False

    def _explicit_target(
        self, indicator: Indicator, estate: Estate | None, year: int
    ) -> IndicatorTarget | None:
        rows = self._targets_in_force(indicator, year)
        estate_id = estate.pk if estate else None
        for wanted_estate, wanted_year in (
            (estate_id, year),
            (estate_id, None),
            (None, year),
            (None, None),
        ):
            if wanted_estate is None and estate_id is not None and not indicator.per_area:
                continue
            for row in rows:
                if row.estate_id == wanted_estate and row.year == wanted_year:
                    return row
        return None

    def _targets_in_force(self, indicator: Indicator, year: int) -> list[IndicatorTarget]:
        """The targets of the latest version, up to the one in force in ``year``, that
        confirmed targets for the indicator: a version without targets of its own keeps the
        earlier ones. A year without a version given is judged by the latest targets."""
        rows = self.target_rows.get(indicator.pk)
        if rows is None:
            rows = self.target_rows[indicator.pk] = list(indicator.targets.all())
        if not rows:
            return rows
        by_number: dict[int, list[IndicatorTarget]] = {}
        for row in rows:
            if row.version is not None and row.version.status != VersionStatus.APPROVED:
                # Confirmed for a draft: they count once the board approves it.
                continue
            number = row.version.number if row.version is not None else 0
            by_number.setdefault(number, []).append(row)
        if not by_number:
            return []
        in_force = self.versions.get(year)
        eligible = [n for n in by_number if in_force is None or n <= in_force.number]
        return by_number[max(eligible) if eligible else min(by_number)]

    @staticmethod
    def _moved(indicator: Indicator, start: float) -> float:
        if indicator.change_value is None:
            return start
        change = float(indicator.change_value)
        sign = -1 if indicator.direction == Direction.DOWN else 1
        if indicator.change_unit == ChangeUnit.PERCENT:
            return start * (1 + sign * change / 100)
        if indicator.change_unit == ChangeUnit.PERCENTAGE_POINTS:
            return start + sign * change
        return start * change

    # A questionnaire's share agreeing

    def _survey_share(
        self, indicator: Indicator, estate: Estate | None, span: Window, year: int
    ) -> Result:
        """The year's share agreeing and, for a quarterly (…) indicator, each started
        period's share with its answers. A target staff set judges the year (a running year
        by its share so far) and each finished period; without one the figure is shown as
        measured, never as met."""
        target_row = self._explicit_target(indicator, estate, year)
        target = float(target_row.value) if target_row else None
        comparator = indicator.comparator or Comparator.AT_LEAST
        value, numerator, denominator = self._value(indicator, estate, span)
        known: dict[str, Any] = {
            "numerator": numerator,
            "denominator": denominator,
            "missing": self._missing(indicator),
        }
        if value is None or (denominator or 0) < SUPPRESSION_LIMIT:
            # Under five answers one person's answer could be read from the share: not shown.
            known |= {"numerator": None, "denominator": None}
            return self._result(indicator, estate, year, span, status=Outcome.NO_DATA, **known)
        subs = []
        if indicator.period in SUB_YEAR_MONTHS:
            for number, part, _months in sub_periods(indicator.period, year):
                if part.first > self.today:
                    continue
                share, _agreeing, answers = self._value(indicator, estate, part)
                if share is None or (answers or 0) < SUPPRESSION_LIMIT:
                    continue
                met = None
                if target is not None and part.end <= self.today:
                    met = _compare(share, comparator, target)
                subs.append(SubResult(indicator.period, number, share, met, int(answers or 0)))
            # The periods left out must not be found as the year less the others: when what
            # they hold together is under five answers too, no period is shown.
            if 0 < (denominator or 0) - sum(sub.answers or 0 for sub in subs) < SUPPRESSION_LIMIT:
                subs = []
        if target is None:
            status, expected = Outcome.MEASURED, None
        else:
            finished = span.end <= self.today
            status, expected = judge(
                value,
                target,
                comparator,
                fraction=None if finished else span.fraction_gone(self.today),
                accumulating=False,
            )
        return self._result(
            indicator,
            estate,
            year,
            span,
            status=status,
            value=value,
            target=target,
            comparator=comparator if target is not None else "",
            expected=expected,
            sub_results=tuple(subs),
            **known,
        )

    # Weekly (monthly, quarterly, half-yearly) targets

    def _sub_periods(
        self, indicator: Indicator, estate: Estate | None, span: Window, year: int
    ) -> Result:
        target_row = self._explicit_target(indicator, estate, year)
        target = float(target_row.value) if target_row else None
        required = self.required_shares.get((indicator.criterion_key, year), EVERY_PERIOD)
        # The year's rule holds whether or not anything was registered yet.
        known: dict[str, Any] = {"sub_target": target, "required_share": required}
        missing = self._missing(indicator)
        if missing or not indicator.source:
            return self._result(
                indicator, estate, year, span, status=Outcome.NO_DATA, missing=missing, **known
            )
        measure = self._measures(indicator)[0]
        scope = estate.pk if estate else None
        every = self.tallies.rows.get((measure.source, measure.grain, measure.together), {})
        counts = self.tallies.counts.get(measure, {})
        comparator = indicator.comparator or Comparator.AT_LEAST
        periods = self._sub_period_counts(indicator, measure, scope, year, every, counts)
        if periods is None:
            return self._result(indicator, estate, year, span, status=Outcome.NO_DATA, **known)
        finished = [(number, n) for number, n, end in periods if end <= self.today]
        if not finished:
            status = Outcome.ON_TRACK if periods else Outcome.NO_DATA
            return self._result(indicator, estate, year, span, status=status, **known)
        subs = tuple(
            SubResult(
                indicator.period,
                number,
                n,
                # Without a numeric target, a period is met when anything was measured in it.
                n > 0 if target is None else _compare(n, comparator, target),
            )
            for number, n in finished
        )
        share = 100 * sum(1 for sub in subs if sub.met) / len(subs)
        running = len(finished) < len(periods)
        status, expected = judge(
            share,
            float(required),
            Comparator.AT_LEAST,
            fraction=span.fraction_gone(self.today) if running else None,
            accumulating=False,
        )
        return self._result(
            indicator,
            estate,
            year,
            span,
            status=status,
            value=share,
            target=float(required),
            comparator=Comparator.AT_LEAST,
            expected=expected,
            sub_results=subs,
            average=sum(sub.value for sub in subs) / len(subs),
            **known,
        )

    def _sub_period_counts(
        self,
        indicator: Indicator,
        measure: Measure,
        scope: int | None,
        year: int,
        every: Counts,
        counts: Counts,
    ) -> list[tuple[int, int, datetime.date]] | None:
        """(number, count, end) of each sub-period that counts; None when there is no data."""
        if indicator.period == Period.WEEK:
            eligible = self.tallies.eligible.get(measure.source)
            last_week = datetime.date(year, 12, 28).isocalendar().week
            weeks = set(range(1, last_week + 1))
            if eligible is not None:
                if scope is None:
                    weeks = set().union(*(v for (_e, y), v in eligible.items() if y == year))
                else:
                    weeks = eligible.get((scope, year), set())
            if not any((scope, (year, w)) in every for w in weeks):
                return None
            # A week ends on the Monday after it: the first Monday of the year, weeks later.
            monday = datetime.date.fromisocalendar(year, 1, 1)
            return [
                (
                    week,
                    counts.get((scope, (year, week)), 0),
                    monday + datetime.timedelta(weeks=week),
                )
                for week in sorted(weeks)
            ]
        parts = sub_periods(indicator.period, year)
        if not any((scope, m) in every for _n, _w, months in parts for m in months):
            return None
        return [
            (number, sum(counts.get((scope, m), 0) for m in months), span.end)
            for number, span, months in parts
        ]


def evaluate_all(
    indicators: Sequence[Indicator],
    estates: Sequence[Estate],
    years: Sequence[int],
    *,
    programme_id: int,
    agreement_span: tuple[datetime.date, datetime.date],
    today: datetime.date | None = None,
    required_shares: Mapping[tuple[str, int], int] | None = None,
    versions: Mapping[int, AgreementVersion | None] | None = None,
) -> dict[tuple[int, int | None, int], Result]:
    """Every indicator for every estate (or all together) and year, keyed by
    (indicator id, estate id or None, year). ``indicators`` come with their targets and
    baselines prefetched; ``required_shares`` are the agreement's by (criterion key, year);
    ``versions`` the version in force in each year (``queries.versions_for_years``), whose
    targets judge it and which each result names. Without it every year is judged by the
    latest targets."""
    if not indicators or not years:
        return {}
    today = today or timezone.localdate()
    tallies = gather(
        indicators, estates, years, programme_id, today=today, agreement_span=agreement_span
    )
    evaluator = Evaluator(
        tallies=tallies,
        today=today,
        agreement_span=agreement_span,
        computed_at=timezone.now(),
        required_shares=required_shares or {},
        versions=versions or {},
    )
    results = {}
    for indicator in indicators:
        scopes: list[Estate | None] = list(estates) if indicator.per_area else [None]
        for scope in scopes:
            for year in years:
                result = evaluator.evaluate(indicator, scope, year)
                results[(indicator.pk, scope.pk if scope else None, year)] = result
    return results


def decimal_or_none(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 4)))
