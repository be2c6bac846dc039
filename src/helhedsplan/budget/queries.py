"""Reads of the budget follow-up: the agreement's budget lines and staff resources beside the
entries kept for them, per year.

A year follows the approved version whose period holds it (the seed's 2018-2021, a follow-up
agreement's later years); the entries are read in one query per table and set beside them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from helhedsplan.agreements.models import (
    Agreement,
    AgreementVersion,
    BudgetLine,
    StaffPeriod,
    StaffResource,
    VersionStatus,
)
from helhedsplan.budget.models import BudgetEntry, StaffReport
from helhedsplan.programmes.models import Programme

# How many times a period fits in a year: the agreement's hours per week count all 52 weeks.
PERIODS_PER_YEAR = {
    StaffPeriod.WEEK: Decimal(52),
    StaffPeriod.HALF_YEAR: Decimal(2),
    StaffPeriod.YEAR: Decimal(1),
}
# The agreement writes its total as a line of the budget table ("Samlet budget for
# indsatsområdet"); it is the sum of the lines, not a line money is spent on.
TOTAL_LINE_PREFIX = "samlet"
CENT = Decimal("0.01")


def versions_by_year(agreement: Agreement) -> dict[int, AgreementVersion]:
    """Each year of the agreement's periods, with the version whose lines and resources it
    follows: the approved versions' periods (a later version's from its start), or the
    newest version's while none is approved."""
    versions = list(
        agreement.versions.filter(status=VersionStatus.APPROVED)
        .prefetch_related("budget", "staff_resources")
        .order_by("in_force_from", "number")
    )
    if not versions:
        versions = list(
            agreement.versions.prefetch_related("budget", "staff_resources").order_by("-number")[:1]
        )
    by_year: dict[int, AgreementVersion] = {}
    for version in versions:
        # A revision in force from a later day keeps the years before it for the version it
        # revised: the demo's version 2 shares the seed's period from 01.01.2021.
        first = version.in_force_from.year if by_year and version.in_force_from else None
        for year in years_of(version):
            if first is None or year >= first:
                by_year[year] = version
    return dict(sorted(by_year.items()))


def years_of(version: AgreementVersion | None) -> list[int]:
    """The calendar years of a version's period."""
    if version is None or version.period_start is None or version.period_end is None:
        return []
    return list(range(version.period_start.year, version.period_end.year + 1))


def budget_lines(version: AgreementVersion) -> list[BudgetLine]:
    return [
        line
        for line in version.budget.all()
        if not line.organisation.strip().lower().startswith(TOTAL_LINE_PREFIX)
    ]


def line_names(agreement: Agreement, year: int | None = None) -> list[str]:
    """The budget lines of the year's version, or of every version, in the order written."""
    by_year = versions_by_year(agreement)
    versions = [by_year[year]] if year in by_year else [] if year else by_year.values()
    return list(dict.fromkeys(line.organisation for v in versions for line in budget_lines(v)))


def share(part: Decimal | None, whole: Decimal | None) -> float | None:
    """``part`` as a share of ``whole`` in per cent (100.0 is all of it, as the pages and the
    report write it); None when either is unknown."""
    if part is None or not whole:
        return None
    return float(part / whole * 100)


@dataclass(frozen=True)
class LineYear:
    year: int
    planned: Decimal | None
    spent: Decimal | None
    # Whether the year's planned amount was entered rather than spread from the line's amount.
    planned_entered: bool

    @property
    def share(self) -> float | None:
        return share(self.spent, self.planned)

    @property
    def over(self) -> bool:
        return self.spent is not None and self.planned is not None and self.spent > self.planned


@dataclass(frozen=True)
class LineRow:
    name: str
    years: list[LineYear]

    @property
    def planned(self) -> Decimal | None:
        return _sum(year.planned for year in self.years)

    @property
    def spent(self) -> Decimal | None:
        return _sum(year.spent for year in self.years)

    @property
    def share(self) -> float | None:
        return share(self.spent, self.planned)

    @property
    def over(self) -> bool:
        return any(year.over for year in self.years)


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    known = [value for value in values if value is not None]
    return sum(known, Decimal(0)) if known else None


@dataclass(frozen=True)
class YearTotal:
    year: int
    planned: Decimal | None
    spent: Decimal | None

    @property
    def share(self) -> float | None:
        return share(self.spent, self.planned)

    @property
    def over(self) -> bool:
        return self.spent is not None and self.planned is not None and self.spent > self.planned


@dataclass(frozen=True)
class BudgetTable:
    years: list[int]
    versions: list[AgreementVersion]
    lines: list[LineRow]

    @property
    def year_totals(self) -> list[YearTotal]:
        return [
            YearTotal(
                year,
                _sum(line.years[index].planned for line in self.lines),
                _sum(line.years[index].spent for line in self.lines),
            )
            for index, year in enumerate(self.years)
        ]

    @property
    def planned(self) -> Decimal | None:
        return _sum(line.planned for line in self.lines)

    @property
    def spent(self) -> Decimal | None:
        return _sum(line.spent for line in self.lines)

    @property
    def share(self) -> float | None:
        return share(self.spent, self.planned)


def spread(amount: Decimal | None, years: int) -> Decimal | None:
    """A line's amount for the whole period, spread evenly over its years."""
    if amount is None or years == 0:
        return None
    return (amount / years).quantize(CENT)


def _versions(by_year: dict[int, AgreementVersion]) -> list[AgreementVersion]:
    return list({version.pk: version for version in by_year.values()}.values())


def budget_table(agreement: Agreement) -> BudgetTable:
    """Every line of the agreement's versions, each year of their periods: the year's
    planned amount (entered, else the line's amount in that year's version spread over its
    years) beside what was spent."""
    by_year = versions_by_year(agreement)
    years = list(by_year)
    entries = {
        (entry.line, entry.year): entry
        for entry in BudgetEntry.objects.filter(agreement=agreement, year__in=years)
    }
    # The line's amount per version, for the years that version governs.
    amounts = {
        (version.pk, line.organisation): line.amount
        for version in _versions(by_year)
        for line in budget_lines(version)
    }
    rows = []
    for name in line_names(agreement):
        cells = []
        for year, version in by_year.items():
            entry = entries.get((name, year))
            planned = entry.planned if entry is not None else None
            even = None
            if planned is None:
                even = spread(amounts.get((version.pk, name)), len(years_of(version)))
            cells.append(
                LineYear(
                    year=year,
                    planned=planned if planned is not None else even,
                    spent=entry.spent if entry is not None else None,
                    planned_entered=planned is not None,
                )
            )
        rows.append(LineRow(name=name, years=cells))
    return BudgetTable(years=years, versions=_versions(by_year), lines=rows)


# Staff ------------------------------------------------------------------------------------


def staff_role(resource: StaffResource, resources: list[StaffResource]) -> str:
    """The name a resource's reports are kept under: its role, and its employer when the
    agreement names the same role more than once ("Repræsentanter" of several partners)."""
    same = sum(1 for other in resources if other.role == resource.role)
    if same > 1 and resource.employer:
        return f"{resource.role} ({resource.employer})"
    return resource.role


def planned_hours(resource: StaffResource) -> Decimal | None:
    """The hours a year the agreement plans: persons × hours × periods a year. A resource
    without a count is one person's hours (the agreement names the partner, not its people)."""
    if resource.hours is None or not resource.per:
        return None
    count = resource.count if resource.count is not None else 1
    return count * resource.hours * PERIODS_PER_YEAR[StaffPeriod(resource.per)]


def _resources(version: AgreementVersion) -> dict[str, StaffResource]:
    resources = list(version.staff_resources.all())
    return {staff_role(resource, resources): resource for resource in resources}


@dataclass(frozen=True)
class StaffYear:
    year: int
    planned: Decimal | None
    reported: Decimal | None


@dataclass(frozen=True)
class StaffRow:
    role: str
    # As the newest version that names the role writes it.
    resource: StaffResource
    years: list[StaffYear]

    @property
    def reported(self) -> list[Decimal | None]:
        return [year.reported for year in self.years]


@dataclass(frozen=True)
class StaffTable:
    years: list[int]
    rows: list[StaffRow]


def staff_roles(agreement: Agreement, year: int | None = None) -> list[str]:
    """The roles of the year's version, or of every version, in the order written."""
    by_year = versions_by_year(agreement)
    versions = [by_year[year]] if year in by_year else [] if year else _versions(by_year)
    return list(dict.fromkeys(role for v in versions for role in _resources(v)))


def staff_table(agreement: Agreement) -> StaffTable:
    """Every role of the agreement's versions: the hours a year its version plans beside
    those reported, each year."""
    by_year = versions_by_year(agreement)
    years = list(by_year)
    reports = {
        (report.role, report.year): report.hours
        for report in StaffReport.objects.filter(agreement=agreement, year__in=years)
    }
    resources = {version.pk: _resources(version) for version in _versions(by_year)}
    rows = []
    for role in staff_roles(agreement):
        cells = []
        for year, version in by_year.items():
            resource = resources[version.pk].get(role)
            cells.append(
                StaffYear(
                    year=year,
                    planned=planned_hours(resource) if resource is not None else None,
                    reported=reports.get((role, year)),
                )
            )
        newest = next(r[role] for r in reversed(resources.values()) if role in r)
        rows.append(StaffRow(role=role, resource=newest, years=cells))
    return StaffTable(years=years, rows=rows)


# The annual report ------------------------------------------------------------------------


@dataclass(frozen=True)
class LineFigure:
    line: str
    planned: Decimal | None
    spent: Decimal | None
    share: float | None
    over: bool


@dataclass(frozen=True)
class StaffFigure:
    role: str
    planned_hours: Decimal | None
    reported_hours: Decimal | None


@dataclass(frozen=True)
class YearFigures:
    year: int
    lines: list[LineFigure]
    staff: list[StaffFigure]
    planned: Decimal | None
    spent: Decimal | None
    share: float | None


def year_figures(agreement: Agreement, year: int) -> YearFigures:
    """The budget and staff figures of one year of the agreement, for the annual report: the
    lines and roles of the version that governs the year (none for a year outside every
    period)."""
    budget = budget_table(agreement)
    staff = staff_table(agreement)
    if year not in budget.years:
        return YearFigures(year=year, lines=[], staff=[], planned=None, spent=None, share=None)
    index = budget.years.index(year)
    names, roles = set(line_names(agreement, year)), set(staff_roles(agreement, year))
    lines = [
        LineFigure(
            line=row.name,
            planned=row.years[index].planned,
            spent=row.years[index].spent,
            share=row.years[index].share,
            over=row.years[index].over,
        )
        for row in budget.lines
        if row.name in names
    ]
    staff_figures = [
        StaffFigure(
            role=row.role,
            planned_hours=row.years[index].planned,
            reported_hours=row.years[index].reported,
        )
        for row in staff.rows
        if row.role in roles
    ]
    planned = _sum(line.planned for line in lines)
    spent = _sum(line.spent for line in lines)
    return YearFigures(
        year=year,
        lines=lines,
        staff=staff_figures,
        planned=planned,
        spent=spent,
        share=share(spent, planned),
    )


def agreements_in(programmes: QuerySet[Programme]) -> list[Agreement]:
    return list(
        Agreement.objects.filter(programme__in=programmes).select_related("programme", "focus_area")
    )
