"""Reads of indicators: the dashboard grid, one indicator's history, proposals, the status."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from django.db import connections, router
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import get_history_manager_for_model

from helhedsplan.accounts.access import User
from helhedsplan.agreements.models import (
    Activity,
    Agreement,
    AgreementVersion,
    SuccessCriterion,
    VersionStatus,
)
from helhedsplan.agreements.queries import version_in_force
from helhedsplan.core import indicator_sources as sources
from helhedsplan.core.exports import Column
from helhedsplan.core.numbers import format_percent
from helhedsplan.indicators import access, engine
from helhedsplan.indicators.definitions import definition_of
from helhedsplan.indicators.models import (
    Comparator,
    Indicator,
    IndicatorBaseline,
    IndicatorStatus,
    IndicatorTarget,
    Kind,
    Outcome,
    Period,
    PeriodLock,
    Snapshot,
)
from helhedsplan.indicators.phrases import ProposedIndicator, propose_indicator
from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.series.models import Series

Key = tuple[int, int | None, int]
# The lineage lists at most this many registrations; the count above says how many there are.
LISTED = 200


def agreements_for(user: User) -> QuerySet[Agreement]:
    return Agreement.objects.filter(programme__in=access.readable_programmes(user)).select_related(
        "programme", "focus_area"
    )


def current_version(
    agreement: Agreement, today: datetime.date, definitions: _Definitions | None = None
) -> AgreementVersion | None:
    """The version in force today; before the first one starts, the first approved one. Kept
    with the agreement's definitions, since approved versions never change."""
    definitions = definitions or _definitions(agreement)
    if today not in definitions.versions:
        definitions.versions[today] = version_in_force(agreement, today) or (
            agreement.versions.filter(status=VersionStatus.APPROVED).order_by("number").first()
        )
    return definitions.versions[today]


def first_approved_version(agreement: Agreement) -> AgreementVersion | None:
    return agreement.versions.filter(status=VersionStatus.APPROVED).order_by("number").first()


def version_for_year(
    agreement: Agreement, year: int, *, today: datetime.date | None = None
) -> AgreementVersion | None:
    """The version of the agreement a year is evaluated against: the one in force at the
    year's end (for the running year, today); before the first comes into force, the first
    approved one. None when no version is approved."""
    today = today or timezone.localdate()
    return current_version(agreement, min(datetime.date(year, 12, 31), today))


def versions_for_years(
    agreement: Agreement,
    years: Iterable[int],
    today: datetime.date,
    definitions: _Definitions | None = None,
) -> dict[int, AgreementVersion | None]:
    """``version_for_year`` for each of ``years``, from the agreement's cached definitions."""
    definitions = definitions or _definitions(agreement)
    return {
        year: current_version(agreement, min(datetime.date(year, 12, 31), today), definitions)
        for year in years
    }


def agreement_span(
    agreement: Agreement, version: AgreementVersion | None
) -> tuple[datetime.date, datetime.date]:
    programme = agreement.programme
    start = (version.period_start if version else None) or programme.period_start
    end = (version.period_end if version else None) or programme.period_end
    return start, end


def agreement_years(agreement: Agreement, version: AgreementVersion | None) -> list[int]:
    """The years of the version's period and of the approved periods before it: once a
    follow-up agreement (a version with a period of its own) is in force, the years of the
    periods it follows stay on the dashboard."""
    start, end = agreement_span(agreement, version)
    years = set(range(start.year, end.year + 1))
    if start > agreement.programme.period_start:
        # Only then can an earlier period exist; the common case costs no query.
        earlier = agreement.versions.filter(
            status=VersionStatus.APPROVED, period_start__lt=start, period_end__isnull=False
        ).values_list("period_start", "period_end")
        # Both dates are set: the filter asks for a start before ``start`` and an end.
        for first, last in cast(Iterable[tuple[datetime.date, datetime.date]], earlier):
            years.update(range(first.year, min(last, end).year + 1))
    return sorted(years)


def with_definitions(indicators: QuerySet[Indicator]) -> QuerySet[Indicator]:
    return indicators.prefetch_related(
        Prefetch(
            "targets",
            queryset=IndicatorTarget.objects.select_related("version").order_by(
                "estate_id", "year"
            ),
        ),
        Prefetch("baselines", queryset=IndicatorBaseline.objects.order_by("estate_id")),
    )


def confirmed_indicators(agreement: Agreement) -> list[Indicator]:
    return list(
        with_definitions(
            Indicator.objects.filter(agreement=agreement, status=IndicatorStatus.CONFIRMED)
        ).order_by("code")
    )


# The dashboard's definitions, compiled once per definition version: an agreement's confirmed
# indicators with their targets and baselines, its approved versions (the one in force on a
# day, their criteria and required shares), kept per process and database while the
# agreement's definition stamp holds. The stamp is one grouped query: how many indicators and
# when one last changed (every save sets ``updated_at``), how many targets and baselines and
# their highest id (they are replaced, never edited, and ids are never reused), how many
# versions are approved and the highest id and approval time among them (an approved version
# is immutable, its criteria included; approval is the only way in, so a new one moves the
# count). A change in another process moves the stamp; one in this process also bumps
# ``_GENERATION`` (a rolled-back transaction can leave the stamp where it was). Closed years
# and their snapshots are read anew every time (the stamp counts the closed years, so that
# without one neither is asked for), estates and the programme too. Bounded: emptied when
# full.
@dataclass
class _Definitions:
    stamp: tuple[object, ...]
    indicators: list[Indicator] | None = None
    # The approved version in force on a day (or, before the first, the first approved).
    versions: dict[datetime.date, AgreementVersion | None] = field(default_factory=dict)
    criteria: dict[int, list[SuccessCriterion]] = field(default_factory=dict)
    # (in force from, number, criterion key, required share) of every approved version.
    shares: list[tuple[datetime.date, int, str, int]] | None = None

    @property
    def any_closed_year(self) -> bool:
        """Whether the board has closed a year: the stamp's last figure, read anew on every
        request like the rest of it."""
        return bool(self.stamp[-1])


_DEFINITIONS: dict[tuple[str, int], _Definitions] = {}
DEFINITIONS_KEPT = 256
_GENERATION = [0]
# The stamp's SQL and parameters per database and agreement, compiled by the ORM once.
_STAMPS: dict[tuple[str, int], tuple[str, tuple]] = {}


def _definitions_changed(**_kwargs: object) -> None:
    _GENERATION[0] += 1


for _model in (
    Indicator,
    IndicatorTarget,
    IndicatorBaseline,
    AgreementVersion,
    Activity,
    SuccessCriterion,
):
    post_save.connect(_definitions_changed, sender=_model, dispatch_uid=f"definitions-{_model}")
    post_delete.connect(_definitions_changed, sender=_model, dispatch_uid=f"definitions-{_model}")


def _definition_stamp(agreement: Agreement) -> tuple[object, ...]:
    alias = router.db_for_read(Indicator)
    compiled = _STAMPS.get((alias, agreement.pk))
    if compiled is None:
        approved = Q(versions__status=VersionStatus.APPROVED)
        query = (
            Agreement.objects.filter(pk=agreement.pk)
            .annotate(
                n_indicators=Count("indicators", distinct=True),
                changed=Max("indicators__updated_at"),
                n_targets=Count("indicators__targets", distinct=True),
                last_target=Max("indicators__targets__id"),
                n_baselines=Count("indicators__baselines", distinct=True),
                last_baseline=Max("indicators__baselines__id"),
                n_approved=Count("versions", filter=approved, distinct=True),
                last_approved=Max("versions__id", filter=approved),
                approved_at=Max("versions__approved_at", filter=approved),
                n_locks=Count("period_locks", distinct=True),
            )
            .order_by()
            .values_list(
                "n_indicators",
                "changed",
                "n_targets",
                "last_target",
                "n_baselines",
                "last_baseline",
                "n_approved",
                "last_approved",
                "approved_at",
                "n_locks",
            )
        )
        sql, params = query.query.sql_with_params()
        if len(_STAMPS) >= DEFINITIONS_KEPT:
            _STAMPS.clear()
        compiled = _STAMPS[(alias, agreement.pk)] = (sql, tuple(params))
    with connections[alias].cursor() as cursor:
        cursor.execute(*compiled)
        found = cursor.fetchone()
    return (_GENERATION[0], *(found or ()))


def _definitions(agreement: Agreement) -> _Definitions:
    """The agreement's cached definitions, checked against the stamp: one query."""
    key = (router.db_for_read(Indicator), agreement.pk)
    stamp = _definition_stamp(agreement)
    cached = _DEFINITIONS.get(key)
    if cached is None or cached.stamp != stamp:
        if len(_DEFINITIONS) >= DEFINITIONS_KEPT:
            _DEFINITIONS.clear()
        cached = _DEFINITIONS[key] = _Definitions(stamp)
    return cached


def confirmed_definitions(
    agreement: Agreement, definitions: _Definitions | None = None
) -> list[Indicator]:
    """``confirmed_indicators``, from the per-process cache while the stamp holds. The
    indicators are shared between requests: read them, never change them."""
    definitions = definitions or _definitions(agreement)
    if definitions.indicators is None:
        definitions.indicators = confirmed_indicators(agreement)
    for indicator in definitions.indicators:
        # The caller's agreement, never one cached with an earlier request.
        indicator.agreement = agreement
    return list(definitions.indicators)


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


def _share_rows(agreement: Agreement) -> list[tuple[datetime.date, int, str, int]]:
    """(in force from, number, criterion key, required share) of every approved version's
    criteria."""
    rows = (
        SuccessCriterion.objects.filter(
            version__agreement=agreement, version__status=VersionStatus.APPROVED
        )
        .order_by()
        .values_list("version__in_force_from", "version__number", "key", "required_share")
    )
    # An approved version always has its first day (constraint version_approved_has_start).
    return cast(list[tuple[datetime.date, int, str, int]], list(rows))


def _shares_in_force(
    rows: Iterable[tuple[datetime.date, int, str, int]],
    years: Iterable[int],
    today: datetime.date,
) -> dict[tuple[str, int], int]:
    """(criterion key, year) -> the share of weeks (months, …) the year must meet, where the
    version in force at the end of that year (for the running year: today) asks for less than
    every one; before the first version comes into force, the first approved one rules."""
    shares: dict[tuple[datetime.date, int], dict[str, int]] = {}
    for in_force_from, number, key, share in rows:
        shares.setdefault((in_force_from, number), {})[key] = share
    if not shares:
        return {}
    first = min(shares, key=lambda version: version[1])
    found = {}
    for year in years:
        on = min(datetime.date(year, 12, 31), today)
        in_force = [version for version in shares if version[0] <= on]
        chosen = max(in_force) if in_force else first
        for key, share in shares[chosen].items():
            if share != engine.EVERY_PERIOD:
                found[(key, year)] = share
    return found


# The dashboard ----------------------------------------------------------------------------


def version_words(version: AgreementVersion | None) -> str:
    """Which version a period was judged by, as every page says it: "vurderet efter version
    1", or for a later one "vurderet efter version 2 fra 01.01.2021"."""
    if version is None:
        return ""
    if version.number == 1 or version.in_force_from is None:
        return _("vurderet efter version %(number)s") % {"number": version.number}
    return _("vurderet efter version %(number)s fra %(date)s") % {
        "number": version.number,
        "date": version.in_force_from.strftime("%d.%m.%Y"),
    }


@dataclass(frozen=True)
class Restatement:
    """A closed year's figure that has moved since the board closed the year: the figure as
    it was then, and why it moved, in words."""

    snapshot: Snapshot
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Cell:
    result: engine.Result
    # The figure as the board closed the year, when the live one differs from it.
    restatement: Restatement | None = None

    @property
    def restated(self) -> bool:
        return self.restatement is not None


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
class Entry:
    """One line of a year's status: an indicator in an estate (or all together), or a
    criterion without an indicator, which has no data. The status JSON prints these lines and
    the dashboard's summary counts them, so the two always agree."""

    criterion: SuccessCriterion
    indicator: Indicator | None
    cell: Cell | None

    @property
    def status(self) -> str:
        return str(self.cell.result.status) if self.cell else str(Outcome.NO_DATA)


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
    restatements: dict[Key, Restatement]
    computed_at: datetime.datetime
    # year -> the version in force in it, which judged it, and that version's criteria by
    # key (a revision may reword a criterion: the year shows the words it was judged by).
    year_versions: dict[int, AgreementVersion | None] = field(default_factory=dict)
    year_criteria: dict[int, dict[str, SuccessCriterion]] = field(default_factory=dict)

    def version_for(self, year: int) -> AgreementVersion | None:
        return self.year_versions.get(year, self.version)

    def version_words(self, year: int) -> str:
        return version_words(self.version_for(year))

    def cell(self, indicator: Indicator, estate: Estate | None, year: int) -> Cell | None:
        key = (indicator.pk, estate.pk if estate else None, year)
        result = self.results.get(key)
        if result is None:
            return None
        return Cell(result, self.restatements.get(key))

    def for_year(self, year: int) -> list[Row]:
        rows = []
        for row in self.rows:
            criterion = self.year_criteria.get(year, {}).get(row.criterion.key, row.criterion)
            if row.indicator is None:
                rows.append(Row(criterion, None))
                continue
            scopes = self._scopes(row.indicator)
            cells = [self.cell(row.indicator, scope, year) for scope in scopes]
            rows.append(Row(criterion, row.indicator, [c for c in cells if c is not None]))
        return rows

    def entries(self, year: int) -> list[Entry]:
        """The year's lines in the dashboard's order."""
        found = []
        for row in self.for_year(year):
            cells: list[Cell | None] = list(row.cells) if row.indicator is not None else [None]
            found += [Entry(row.criterion, row.indicator, cell) for cell in cells]
        return found

    def summary(self, year: int) -> list[tuple[Outcome, int]]:
        """How many of the year's lines have each status, in the statuses' order; a baseline
        year is a status of its own, never counted as met."""
        counted = Counter(entry.status for entry in self.entries(year))
        return [(outcome, counted[outcome]) for outcome in Outcome if counted[outcome]]

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


class _Reasons:
    """Why closed figures moved. What a snapshot was judged under is compared with what
    holds now; the sources say which of their registrations changed after the year was
    closed. Snapshots taken before the definition was kept with them are compared with the
    indicator's history instead. Each costs queries only for figures that moved."""

    def __init__(self, agreement: Agreement) -> None:
        self.agreement = agreement
        self._fingerprints: dict[int, str] = {}
        self._last_changes: dict[int, datetime.datetime] | None = None
        # (source, first day, last day, closed at) -> what the source says changed.
        self._source_reasons: dict[
            tuple[str, datetime.date, datetime.date, datetime.datetime], list[str]
        ] = {}

    def of(self, result: engine.Result, snapshot: Snapshot, lock: PeriodLock) -> tuple[str, ...]:
        reasons: list[str] = []
        if result.status == Outcome.BASELINE and snapshot.status != Outcome.BASELINE:
            reasons.append(_("udgangspunkt, ikke målopfyldelse"))
        # Before required shares existed, every period had to meet its target.
        before = snapshot.required_share if snapshot.definition else engine.EVERY_PERIOD
        if result.required_share is not None and before != result.required_share:
            reasons.append(
                _("krævet andel af perioder ændret fra %(before)s til %(after)s")
                % {
                    "before": format_percent(before or engine.EVERY_PERIOD, 0),
                    "after": format_percent(result.required_share, 0),
                }
            )
        if self._definition_changed(result.indicator, snapshot, lock):
            reasons.append(_("indikatorens definition ændret"))
        if engine.decimal_or_none(result.value) != snapshot.value:
            told = self._from_sources(result, lock)
            reasons += told
            if not reasons:
                reasons.append(_("registreringer ændret efter årets afslutning"))
        return tuple(reasons)

    def _definition_changed(
        self, indicator: Indicator, snapshot: Snapshot, lock: PeriodLock
    ) -> bool:
        if snapshot.definition:
            if indicator.pk not in self._fingerprints:
                self._fingerprints[indicator.pk] = definition_of(indicator).fingerprint()
            return self._fingerprints[indicator.pk] != snapshot.definition
        if self._last_changes is None:
            self._last_changes = _last_definition_changes(self.agreement)
        changed = self._last_changes.get(indicator.pk)
        return changed is not None and changed > lock.locked_at

    def _from_sources(self, result: engine.Result, lock: PeriodLock) -> list[str]:
        span = result.window
        if span is None:
            return []
        told: list[str] = []
        indicator = result.indicator
        for key in dict.fromkeys(k for k in (indicator.source, indicator.denominator_source) if k):
            source = sources.get(key)
            if source is None or source.change_reasons is None:
                continue
            asked = (key, span.first, span.last, lock.locked_at)
            if asked not in self._source_reasons:
                self._source_reasons[asked] = source.change_reasons(
                    self.agreement.programme_id, span.first, span.last, lock.locked_at
                )
            told += [reason for reason in self._source_reasons[asked] if reason not in told]
        return told


def _last_definition_changes(agreement: Agreement) -> dict[int, datetime.datetime]:
    """Indicator id -> when its definition, targets or baselines last changed, from their
    history: three grouped queries."""
    last: dict[int, datetime.datetime] = {}
    for model, key in (
        (Indicator, "id"),
        (IndicatorTarget, "indicator_id"),
        (IndicatorBaseline, "indicator_id"),
    ):
        history = get_history_manager_for_model(model)
        owner = "agreement_id" if model is Indicator else "indicator__agreement_id"
        changes = (
            history.filter(**{owner: agreement.pk})
            .values(key)
            .annotate(when=Max("history_date"))
            .values_list(key, "when")
            .order_by()
        )
        for pk, when in changes:
            last[pk] = max(when, last.get(pk, when))
    return last


def restatements(
    agreement: Agreement,
    results: dict[Key, engine.Result],
    snapshots: dict[Key, Snapshot],
    locks: dict[int, PeriodLock],
) -> dict[Key, Restatement]:
    """The closed figures that moved, with why."""
    reasons = _Reasons(agreement)
    found = {}
    for key, snapshot in snapshots.items():
        result = results.get(key)
        if result is not None and differs(result, snapshot):
            lock = locks[key[2]]
            found[key] = Restatement(snapshot, reasons.of(result, snapshot, lock))
    return found


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
    definitions = _definitions(agreement)
    version = version or current_version(agreement, today, definitions)
    estates = estates if estates is not None else estates_of(agreement, version)
    all_years = years or agreement_years(agreement, version)
    indicators = confirmed_definitions(agreement, definitions)
    by_key: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        by_key.setdefault(indicator.criterion_key, []).append(indicator)
    if version is not None and version.status == VersionStatus.APPROVED:
        # An approved version's criteria never change.
        if version.pk not in definitions.criteria:
            definitions.criteria[version.pk] = criteria_of(version)
        criteria = definitions.criteria[version.pk]
    else:
        criteria = criteria_of(version)
    if definitions.shares is None:
        definitions.shares = _share_rows(agreement)
    unmeasured: list[Indicator | None] = [None]
    rows = [
        Row(criterion, indicator)
        for criterion in criteria
        for indicator in by_key.get(criterion.key) or unmeasured
    ]
    keys = {criterion.key for criterion in criteria}
    year_versions = versions_for_years(agreement, all_years, today, definitions)
    year_criteria = {}
    for year, in_force in year_versions.items():
        if in_force is None or in_force.pk == getattr(version, "pk", None):
            continue
        if in_force.pk not in definitions.criteria:
            definitions.criteria[in_force.pk] = criteria_of(in_force)
        year_criteria[year] = {c.key: c for c in definitions.criteria[in_force.pk]}
    results = engine.evaluate_all(
        [indicator for indicator in indicators if indicator.criterion_key in keys],
        estates,
        all_years,
        programme_id=agreement.programme_id,
        agreement_span=agreement_span(agreement, version),
        today=today,
        required_shares=_shares_in_force(definitions.shares, all_years, today),
        versions=year_versions,
    )
    # Without a closed year there is nothing kept to compare with: no query.
    closed = definitions.any_closed_year
    locks = {lock.year: lock for lock in agreement.period_locks.order_by("year")} if closed else {}
    snapshots = {
        (s.indicator_id, s.estate_id, s.lock.year): s
        for s in (
            Snapshot.objects.filter(lock__agreement=agreement).select_related("lock").order_by()
            if locks
            else ()
        )
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
        restatements=restatements(agreement, results, snapshots, locks),
        computed_at=timezone.now(),
        year_versions=year_versions,
        year_criteria=year_criteria,
    )


def grid(
    agreement: Agreement, year: int, *, today: datetime.date | None = None
) -> list[dict[str, object]]:
    """The year as plain data: one entry per indicator and estate (or all together), the
    dashboard's lines. A closed year's entry tells whether its figure was restated: the
    figure and status the board closed it with, and why it moved."""
    board = dashboard(agreement, today=today, years=[year])
    locked = year in board.locks
    in_force = board.version_for(year)
    found: list[dict[str, object]] = []
    for entry in board.entries(year):
        criterion = entry.criterion
        result = entry.cell.result if entry.cell else None
        line: dict[str, object] = {
            "criterion": entry.indicator.code if entry.indicator else criterion.key,
            "criterion_key": criterion.key,
            "activity": criterion.activity.name if criterion.activity else None,
            "estate": result.estate.name if result and result.estate else None,
            "period": year,
            "value": None if result is None or result.value is None else round(result.value, 4),
            "target": None if result is None or result.target is None else round(result.target, 4),
            "status": entry.status,
            # The version whose targets judged the year, and its first day.
            "version": in_force.number if in_force else None,
            "version_in_force_from": (
                in_force.in_force_from.isoformat() if in_force and in_force.in_force_from else None
            ),
        }
        if locked and entry.cell is not None:
            line["restatement"] = _restatement_json(entry.cell.restatement)
        found.append(line)
    return found


def programme_grid(programme: Programme, year: int) -> list[dict[str, object]]:
    """The year's grid of every agreement of ``programme``, each entry naming its agreement's
    focus area: what ``helhedsplan status --json`` prints and the API's status answers."""
    entries: list[dict[str, object]] = []
    for agreement in Agreement.objects.filter(programme=programme).select_related(
        "programme", "focus_area"
    ):
        for entry in grid(agreement, year):
            entries.append({"agreement": agreement.focus_area.name, **entry})
    return entries


def _restatement_json(restatement: Restatement | None) -> dict[str, object] | None:
    if restatement is None:
        return None
    old = restatement.snapshot
    return {
        "old_value": None if old.value is None else float(old.value),
        "old_status": old.status,
        "reasons": list(restatement.reasons),
    }


def _result(entry: Entry) -> engine.Result | None:
    return entry.cell.result if entry.cell else None


def _restated(entry: Entry) -> Restatement | None:
    return entry.cell.restatement if entry.cell else None


def _rounded(value: float | Decimal | None) -> float | None:
    return None if value is None else round(float(value), 2)


def _scope(entry: Entry) -> str | None:
    result = _result(entry)
    if result is None:
        return None
    return result.estate.name if result.estate else _("Alle boligområder")


def _value(entry: Entry) -> float | None:
    result = _result(entry)
    return _rounded(result.value) if result else None


def _comparator(entry: Entry) -> str | None:
    result = _result(entry)
    return str(Comparator(result.comparator).label) if result and result.comparator else None


def _target(entry: Entry) -> float | None:
    result = _result(entry)
    return _rounded(result.target) if result else None


def _status_label(entry: Entry) -> str:
    if entry.indicator is None:
        return _("Ikke målbar endnu")
    return str(Outcome(entry.status).label)


def _old_value(entry: Entry) -> float | None:
    restated = _restated(entry)
    return _rounded(restated.snapshot.value) if restated else None


def _old_status(entry: Entry) -> str | None:
    restated = _restated(entry)
    return str(Outcome(restated.snapshot.status).label) if restated else None


def _reasons(entry: Entry) -> list[str] | None:
    restated = _restated(entry)
    return list(restated.reasons) if restated else None


# The dashboard's export: a line per criterion, indicator and estate of the year shown, the
# figures as numbers; a closed year's restated line also the figure the board closed it with.
DASHBOARD_EXPORT_COLUMNS: list[Column[Entry]] = [
    Column(gettext_lazy("Succeskriterium"), lambda e: e.criterion.key, 10),
    Column(gettext_lazy("Tekst"), lambda e: e.criterion.text, 48),
    Column(
        gettext_lazy("Aktivitet"),
        lambda e: e.criterion.activity.name if e.criterion.activity else None,
        24,
    ),
    Column(
        gettext_lazy("Indikator"),
        lambda e: f"{e.indicator.code} {e.indicator.name}" if e.indicator else None,
        32,
    ),
    Column(gettext_lazy("Boligområde"), _scope, 16),
    Column(
        gettext_lazy("Enhed"), lambda e: e.indicator.get_unit_display() if e.indicator else None
    ),
    Column(gettext_lazy("Værdi"), _value, 10),
    Column(gettext_lazy("Målet er"), _comparator, 10),
    Column(gettext_lazy("Mål"), _target, 10),
    Column(gettext_lazy("Status"), _status_label, 14),
    Column(gettext_lazy("Tal ved årets afslutning"), _old_value, 12),
    Column(gettext_lazy("Status ved årets afslutning"), _old_status, 14),
    Column(gettext_lazy("Hvorfor tallet er ændret"), _reasons, 40),
    Column(
        gettext_lazy("Vurderet efter"),
        lambda e: version_words(e.cell.result.version) if e.cell else None,
        28,
    ),
]


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
        board.restatements.update(
            restatements(agreement, board_results, board.snapshots, board.locks)
        )
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
        # Named people are listed only to those who may see them; the others see the count.
        if not source.anonymous and (
            source.may_name is None or source.may_name(user, programme, result.estate)
        ):
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
    """The registrations behind a figure, listed (never for anonymous sources): for a stock,
    the rows active on the day it was counted on."""
    chosen = [result.estate] if result.estate else estates
    rows = source.model._default_manager.filter(**{f"{source.estate_field}__in": chosen})
    if source.end_field:
        day = engine.stock_day(span, timezone.localdate())
        rows = rows.filter(
            engine.active_on(source, day), sources.condition(source, indicator.source_filter, day)
        )
    else:
        rows = rows.filter(
            sources.condition(source, indicator.source_filter),
            **{
                f"{source.date_field}__gte": engine.local_midnight(span.first),
                f"{source.date_field}__lt": engine.local_midnight(span.end),
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


@dataclass(frozen=True)
class Revision:
    """A criterion a later version rewords, beside the words before it, for an indicator
    that has no targets of that version yet: the parser's reading of the new words proposes
    the targets to confirm for it."""

    version: AgreementVersion
    before: SuccessCriterion
    after: SuccessCriterion
    indicator: Indicator
    proposed: ProposedIndicator


def revisions(agreement: Agreement) -> list[Revision]:
    """Every criterion reworded by a version after the first (a draft, a proposal or an
    approved one) whose indicator still lacks targets for that version."""
    versions = list(agreement.versions.prefetch_related("criteria", "estates").order_by("number"))
    approved = [v for v in versions if v.status == VersionStatus.APPROVED]
    if not approved:
        return []
    indicators = {
        i.criterion_key: i
        for i in Indicator.objects.filter(
            agreement=agreement, status=IndicatorStatus.CONFIRMED
        ).order_by("-pk")
    }
    revised = set(
        IndicatorTarget.objects.filter(indicator__agreement=agreement, version__isnull=False)
        .values_list("indicator_id", "version_id")
        .distinct()
    )
    names = [estate.name for estate in agreement.programme.estates.order_by("name")]
    found = []
    for version in versions:
        earlier = [v for v in approved if v.number < version.number]
        if not earlier:
            continue
        before = {c.key: c for c in earlier[-1].criteria.all()}
        for criterion in version.criteria.all():
            old = before.get(criterion.key)
            indicator = indicators.get(criterion.key)
            if (
                old is None
                or indicator is None
                or old.text == criterion.text
                or (indicator.pk, version.pk) in revised
            ):
                continue
            proposed = propose_indicator(criterion.text, names, criterion.data_source or None)
            found.append(Revision(version, old, criterion, indicator, proposed))
    return found


def revision_for(agreement: Agreement, number: int, key: str) -> Revision | None:
    for revision in revisions(agreement):
        if revision.version.number == number and revision.after.key == key:
            return revision
    return None


def suggested_code(criterion: SuccessCriterion, existing: set[str]) -> str:
    """A display code for a criterion: its key, made unique among the agreement's codes."""
    code, number = criterion.key, 2
    while code in existing:
        code, number = f"{criterion.key}-{number}", number + 1
    return code


# An agreement on a home page ----------------------------------------------------------

# The statuses of the running year that ask for someone to act.
NEEDS_ATTENTION = (Outcome.NOT_MET, Outcome.AT_RISK)


@dataclass(frozen=True)
class RestatedFigure:
    result: engine.Result
    restatement: Restatement


@dataclass(frozen=True)
class Standing:
    """An agreement as a home page shows it: its running year, when it runs this year, and
    the figures of its closed years that moved after the board closed them."""

    board: Dashboard
    # None when the agreement does not run this year.
    year: int | None

    @property
    def agreement(self) -> Agreement:
        return self.board.agreement

    def summary(self) -> list[tuple[Outcome, int]]:
        return self.board.summary(self.year) if self.year is not None else []

    def needing_attention(self) -> list[Entry]:
        """The running year's lines that are at risk or not met, in the dashboard's order."""
        if self.year is None:
            return []
        return [e for e in self.board.entries(self.year) if e.status in NEEDS_ATTENTION]

    def activities(self) -> list[tuple[Activity, list[Row]]]:
        """The running year's criteria of each activity, in the agreement's order."""
        if self.year is None:
            return []
        grouped: dict[int, tuple[Activity, list[Row]]] = {}
        for row in self.board.for_year(self.year):
            activity = row.criterion.activity
            if activity is not None:
                grouped.setdefault(activity.pk, (activity, []))[1].append(row)
        return list(grouped.values())

    def restated(self) -> list[RestatedFigure]:
        """The closed years' figures that moved, by year, indicator and estate."""
        found = [
            RestatedFigure(self.board.results[key], restatement)
            for key, restatement in self.board.restatements.items()
        ]
        return sorted(
            found,
            key=lambda figure: (
                figure.result.year,
                figure.result.indicator.code,
                figure.result.estate.name if figure.result.estate else "",
            ),
        )


def standing(agreement: Agreement, *, today: datetime.date, closed_years: bool) -> Standing | None:
    """The agreement's running year and, with ``closed_years``, its closed years, evaluated
    together in the dashboard's bounded number of queries; None when there is neither."""
    version = current_version(agreement, today)
    years = agreement_years(agreement, version)
    running = today.year if today.year in years else None
    wanted = {running} if running is not None else set()
    if closed_years:
        wanted |= set(agreement.period_locks.values_list("year", flat=True))
    if not wanted:
        return None
    board = dashboard(agreement, today=today, years=sorted(wanted), version=version)
    return Standing(board=board, year=running)
