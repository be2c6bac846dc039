"""Reads of indicators: the dashboard grid, one indicator's history, proposals, the status."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from helhedsplan.accounts.access import User
from helhedsplan.agreements.models import (
    Agreement,
    AgreementVersion,
    SuccessCriterion,
    VersionStatus,
)
from helhedsplan.agreements.queries import version_in_force
from helhedsplan.core import indicator_sources as sources
from helhedsplan.indicators import access, engine
from helhedsplan.indicators.models import (
    Indicator,
    IndicatorBaseline,
    IndicatorStatus,
    IndicatorTarget,
    Kind,
    Period,
    PeriodLock,
    Snapshot,
)
from helhedsplan.indicators.phrases import ProposedIndicator, propose_indicator
from helhedsplan.programmes.models import Estate
from helhedsplan.series.models import Series

Key = tuple[int, int | None, int]
# The lineage lists at most this many registrations; the count above says how many there are.
LISTED = 200


def agreements_for(user: User) -> QuerySet[Agreement]:
    return Agreement.objects.filter(programme__in=access.readable_programmes(user)).select_related(
        "programme", "focus_area"
    )


def current_version(agreement: Agreement, today: datetime.date) -> AgreementVersion | None:
    """The version in force today; before the first one starts, the first approved one."""
    return version_in_force(agreement, today) or (
        agreement.versions.filter(status=VersionStatus.APPROVED).order_by("number").first()
    )


def agreement_span(
    agreement: Agreement, version: AgreementVersion | None
) -> tuple[datetime.date, datetime.date]:
    programme = agreement.programme
    start = (version.period_start if version else None) or programme.period_start
    end = (version.period_end if version else None) or programme.period_end
    return start, end


def agreement_years(agreement: Agreement, version: AgreementVersion | None) -> list[int]:
    start, end = agreement_span(agreement, version)
    return list(range(start.year, end.year + 1))


def with_definitions(indicators: QuerySet[Indicator]) -> QuerySet[Indicator]:
    return indicators.prefetch_related(
        Prefetch("targets", queryset=IndicatorTarget.objects.order_by("estate_id", "year")),
        Prefetch("baselines", queryset=IndicatorBaseline.objects.order_by("estate_id")),
    )


def confirmed_indicators(agreement: Agreement) -> list[Indicator]:
    return list(
        with_definitions(
            Indicator.objects.filter(agreement=agreement, status=IndicatorStatus.CONFIRMED)
        ).order_by("code")
    )


def criteria_of(version: AgreementVersion | None) -> list[SuccessCriterion]:
    if version is None:
        return []
    return list(
        version.criteria.select_related("activity").order_by("activity__position", "position")
    )


def estates_of(agreement: Agreement, version: AgreementVersion | None) -> list[Estate]:
    if version is not None:
        chosen = list(version.estates.order_by("name"))
        if chosen:
            return chosen
    return list(agreement.programme.estates.order_by("name"))


def current_estates(agreement: Agreement, today: datetime.date) -> list[Estate]:
    """The estates of the version in force today."""
    return estates_of(agreement, current_version(agreement, today))


def indicator_codes(agreement: Agreement) -> set[str]:
    return set(Indicator.objects.filter(agreement=agreement).values_list("code", flat=True))


def proposed_indicators(agreement: Agreement) -> QuerySet[Indicator]:
    """The indicators waiting to be confirmed."""
    return Indicator.objects.filter(agreement=agreement, status=IndicatorStatus.PROPOSED)


def years_to_close(agreement: Agreement, today: datetime.date) -> tuple[list[int], list[int]]:
    """The finished years of the agreement that the board has not closed yet, and the closed
    years."""
    closed = sorted(agreement.period_locks.values_list("year", flat=True))
    years = agreement_years(agreement, current_version(agreement, today))
    return [y for y in years if y < today.year and y not in closed], closed


# The dashboard ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    result: engine.Result
    # The figure as the board closed the year, when the live one differs from it.
    snapshot: Snapshot | None = None

    @property
    def restated(self) -> bool:
        return self.snapshot is not None


@dataclass(frozen=True)
class Row:
    criterion: SuccessCriterion
    indicator: Indicator | None
    # One per estate shown, in order; a single one for all estates together.
    cells: list[Cell] = field(default_factory=list)


@dataclass(frozen=True)
class YearRow:
    """One indicator in one estate (or all together) over the agreement's years."""

    criterion: SuccessCriterion
    indicator: Indicator
    estate: Estate | None
    # None where the year has no result.
    cells: list[Cell | None]


@dataclass(frozen=True)
class Dashboard:
    agreement: Agreement
    version: AgreementVersion | None
    estates: list[Estate]
    shown_estates: list[Estate]
    years: list[int]
    rows: list[Row]
    locks: dict[int, PeriodLock]
    results: dict[Key, engine.Result]
    snapshots: dict[Key, Snapshot]
    computed_at: datetime.datetime

    def cell(self, indicator: Indicator, estate: Estate | None, year: int) -> Cell | None:
        key = (indicator.pk, estate.pk if estate else None, year)
        result = self.results.get(key)
        if result is None:
            return None
        snapshot = self.snapshots.get(key)
        return Cell(result, snapshot if snapshot and differs(result, snapshot) else None)

    def for_year(self, year: int) -> list[Row]:
        rows = []
        for row in self.rows:
            if row.indicator is None:
                rows.append(row)
                continue
            scopes = self._scopes(row.indicator)
            cells = [self.cell(row.indicator, scope, year) for scope in scopes]
            rows.append(Row(row.criterion, row.indicator, [c for c in cells if c is not None]))
        return rows

    def over_years(self) -> list[YearRow]:
        rows = []
        for row in self.rows:
            if row.indicator is None:
                continue
            scopes = self._scopes(row.indicator)
            for scope in scopes:
                cells = [self.cell(row.indicator, scope, year) for year in self.years]
                rows.append(YearRow(row.criterion, row.indicator, scope, cells))
        return rows

    def _scopes(self, indicator: Indicator) -> list[Estate | None]:
        return list(self.shown_estates) if indicator.per_area else [None]

    @property
    def unmeasured(self) -> list[SuccessCriterion]:
        return [row.criterion for row in self.rows if row.indicator is None]


def differs(result: engine.Result, snapshot: Snapshot) -> bool:
    return (
        engine.decimal_or_none(result.value) != snapshot.value or result.status != snapshot.status
    )


def dashboard(
    agreement: Agreement,
    *,
    today: datetime.date | None = None,
    estate: Estate | None = None,
    years: list[int] | None = None,
    version: AgreementVersion | None = None,
    estates: list[Estate] | None = None,
) -> Dashboard:
    """Every criterion of the current version with its indicators, evaluated for ``years``
    (the agreement's by default) in every estate, in a number of queries that does not
    depend on the amount of data. ``version`` and ``estates`` save reading them again."""
    today = today or timezone.localdate()
    version = version or current_version(agreement, today)
    estates = estates if estates is not None else estates_of(agreement, version)
    all_years = years or agreement_years(agreement, version)
    indicators = confirmed_indicators(agreement)
    by_key: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        by_key.setdefault(indicator.criterion_key, []).append(indicator)
    criteria = criteria_of(version)
    unmeasured: list[Indicator | None] = [None]
    rows = [
        Row(criterion, indicator)
        for criterion in criteria
        for indicator in by_key.get(criterion.key) or unmeasured
    ]
    keys = {criterion.key for criterion in criteria}
    results = engine.evaluate_all(
        [indicator for indicator in indicators if indicator.criterion_key in keys],
        estates,
        all_years,
        programme_id=agreement.programme_id,
        agreement_span=agreement_span(agreement, version),
        today=today,
    )
    locks = {lock.year: lock for lock in agreement.period_locks.all()}
    snapshots = {
        (s.indicator_id, s.estate_id, s.lock.year): s
        for s in Snapshot.objects.filter(lock__agreement=agreement).select_related("lock")
    }
    return Dashboard(
        agreement=agreement,
        version=version,
        estates=estates,
        shown_estates=[estate] if estate else estates,
        years=all_years,
        rows=rows,
        locks=locks,
        results=results,
        snapshots=snapshots,
        computed_at=timezone.now(),
    )


def grid(
    agreement: Agreement, year: int, *, today: datetime.date | None = None
) -> list[dict[str, object]]:
    """The year as plain data: one entry per indicator and estate (or all together)."""
    board = dashboard(agreement, today=today, years=[year])
    entries: list[dict[str, object]] = []
    for row in board.for_year(year):
        if row.indicator is None:
            entries.append(
                {
                    "criterion": row.criterion.key,
                    "criterion_key": row.criterion.key,
                    "activity": row.criterion.activity.name if row.criterion.activity else None,
                    "estate": None,
                    "period": year,
                    "value": None,
                    "target": None,
                    "status": "no_data",
                }
            )
            continue
        for cell in row.cells:
            result = cell.result
            entries.append(
                {
                    "criterion": row.indicator.code,
                    "criterion_key": row.criterion.key,
                    "activity": row.criterion.activity.name if row.criterion.activity else None,
                    "estate": result.estate.name if result.estate else None,
                    "period": year,
                    "value": None if result.value is None else round(result.value, 4),
                    "target": None if result.target is None else round(result.target, 4),
                    "status": str(result.status),
                }
            )
    return entries


# One indicator ------------------------------------------------------------------------


@dataclass(frozen=True)
class Lineage:
    """What one figure is made of."""

    source: sources.Source | None
    first: datetime.date | None
    last: datetime.date | None
    list_url: str | None
    # (text, page) of each registration counted; None for anonymous sources.
    rows: list[tuple[str, str | None]] | None


def indicator_results(
    indicator: Indicator, *, today: datetime.date | None = None
) -> tuple[Dashboard, list[Estate | None]]:
    agreement = indicator.agreement
    board = dashboard(agreement, today=today)
    if indicator.status != IndicatorStatus.CONFIRMED or indicator.pk not in {
        key[0] for key in board.results
    }:
        # A proposed indicator, or one whose criterion left the version, is still shown.
        version = board.version
        board_results = engine.evaluate_all(
            list(with_definitions(Indicator.objects.filter(pk=indicator.pk))),
            board.estates,
            board.years,
            programme_id=agreement.programme_id,
            agreement_span=agreement_span(agreement, version),
            today=today,
        )
        board.results.update(board_results)
    scopes: list[Estate | None] = list(board.estates) if indicator.per_area else [None]
    return board, scopes


def series_of(indicator: Indicator) -> list[Series]:
    """The statistics an indicator reads, for links to their observations."""
    codes = [c for c in (indicator.series_code, indicator.denominator_series) if c]
    return list(Series.objects.filter(programme=indicator.agreement.programme, code__in=codes))


def lineage(
    indicator: Indicator, estates: list[Estate], result: engine.Result, user: User
) -> Lineage:
    span = result.window
    source = sources.get(indicator.source) if indicator.source else None
    programme = indicator.agreement.programme
    list_url = None
    rows = None
    if source is not None and span is not None and result.missing is None:
        last = min(span.last, timezone.localdate())
        if source.list_url and (source.may_list is None or source.may_list(user, programme)):
            list_url = source.list_url(programme, result.estate, span.first, last)
        if not source.anonymous:
            rows = [
                (str(row), source.row_url(row) if source.row_url else None)
                for row in _counted_rows(source, indicator, estates, result, span)[:LISTED]
            ]
    return Lineage(
        source=source,
        first=span.first if span else None,
        last=span.last if span else None,
        list_url=list_url,
        rows=rows,
    )


def _counted_rows(
    source: sources.Source,
    indicator: Indicator,
    estates: list[Estate],
    result: engine.Result,
    span: engine.Window,
):
    """The registrations behind a figure, listed (never for anonymous sources)."""
    chosen = [result.estate] if result.estate else estates
    rows = source.model._default_manager.filter(
        sources.condition(source, indicator.source_filter),
        **{
            f"{source.date_field}__gte": engine.local_midnight(span.first),
            f"{source.date_field}__lt": engine.local_midnight(span.end),
            f"{source.estate_field}__in": chosen,
        },
    )
    return rows.distinct().order_by(source.date_field)


# Proposals ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    criterion: SuccessCriterion
    proposed: ProposedIndicator

    @property
    def kind_label(self) -> str:
        return str(Kind(self.proposed.kind).label)

    @property
    def period_label(self) -> str:
        return str(Period(self.proposed.period).label) if self.proposed.period else "–"


def proposals(agreement: Agreement, *, today: datetime.date | None = None) -> list[Proposal]:
    """The parser's proposal for every criterion of the current version without an indicator."""
    today = today or timezone.localdate()
    version = current_version(agreement, today)
    taken = set(
        Indicator.objects.filter(agreement=agreement).values_list("criterion_key", flat=True)
    )
    names = [estate.name for estate in estates_of(agreement, version)]
    return [
        Proposal(criterion, propose_indicator(criterion.text, names, criterion.data_source or None))
        for criterion in criteria_of(version)
        if criterion.key not in taken
    ]


def proposal_for(agreement: Agreement, key: str) -> Proposal | None:
    for proposal in proposals(agreement):
        if proposal.criterion.key == key:
            return proposal
    return None


def suggested_code(criterion: SuccessCriterion, existing: set[str]) -> str:
    """A display code for a criterion: its key, made unique among the agreement's codes."""
    code, number = criterion.key, 2
    while code in existing:
        code, number = f"{criterion.key}-{number}", number + 1
    return code
