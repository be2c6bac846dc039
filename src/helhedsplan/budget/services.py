"""Changes to the budget follow-up: a line's year, an import of spend, a role's hours."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from helhedsplan.accounts.access import User, person_of
from helhedsplan.agreements.models import Agreement
from helhedsplan.budget import queries
from helhedsplan.budget.models import BudgetEntry, EntrySource, StaffReport


def _check_year(agreement: Agreement, year: int) -> None:
    if year not in queries.versions_by_year(agreement):
        raise ValidationError(
            _("%(year)s ligger uden for delaftalens periode.") % {"year": year}, code="year"
        )


def _check_line(agreement: Agreement, line: str, year: int) -> None:
    if line not in queries.line_names(agreement, year):
        raise ValidationError(
            _("Budgetlinjen »%(line)s« findes ikke i delaftalen for %(year)s.")
            % {"line": line, "year": year},
            code="line",
        )


def budget_entry_set(
    *,
    agreement: Agreement,
    line: str,
    year: int,
    planned: Decimal | None,
    spent: Decimal | None,
    user: User | None,
    source: EntrySource = EntrySource.ENTERED,
) -> BudgetEntry:
    """Keep one line's planned and spent amounts for a year (None leaves a figure unknown)."""
    _check_year(agreement, year)
    _check_line(agreement, line, year)
    entry = BudgetEntry.objects.filter(agreement=agreement, line=line, year=year).first()
    if entry is None:
        entry = BudgetEntry(agreement=agreement, line=line, year=year)
    entry.planned = planned
    entry.spent = spent
    entry.source = source
    entry.updated_by = person_of(user)
    entry.full_clean()
    entry.save()
    return entry


def budget_year_set(
    *,
    agreement: Agreement,
    year: int,
    amounts: Sequence[tuple[str, Decimal | None, Decimal | None]],
    user: User | None,
) -> list[BudgetEntry]:
    """Every line's planned and spent amounts of a year, as one change: all or none."""
    with transaction.atomic():
        return [
            budget_entry_set(
                agreement=agreement, line=line, year=year, planned=planned, spent=spent, user=user
            )
            for line, planned, spent in amounts
        ]


@dataclass(frozen=True)
class ImportRow:
    number: int
    line: str
    year: int
    spent: Decimal


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def budget_spend_import(
    *, agreement: Agreement, rows: Sequence[ImportRow], user: User | None
) -> ImportResult:
    """The finance system's spend per line and year, all rows or none. A year's planned
    amount, when entered, is kept."""
    created = updated = 0
    with transaction.atomic():
        for row in rows:
            existing = BudgetEntry.objects.filter(
                agreement=agreement, line=row.line, year=row.year
            ).first()
            budget_entry_set(
                agreement=agreement,
                line=row.line,
                year=row.year,
                planned=existing.planned if existing else None,
                spent=row.spent,
                user=user,
                source=EntrySource.IMPORTED,
            )
            if existing is None:
                created += 1
            else:
                updated += 1
    return ImportResult(created=created, updated=updated)


def staff_report_set(
    *, agreement: Agreement, role: str, year: int, hours: Decimal | None, user: User | None
) -> StaffReport | None:
    """Keep the hours a role gave in a year; None removes what was reported."""
    _check_year(agreement, year)
    if role not in queries.staff_roles(agreement, year):
        raise ValidationError(
            _("Rollen »%(role)s« findes ikke i delaftalen for %(year)s.")
            % {"role": role, "year": year},
            code="role",
        )
    report = StaffReport.objects.filter(agreement=agreement, role=role, year=year).first()
    if hours is None:
        if report is not None:
            report.delete()
        return None
    if report is None:
        report = StaffReport(agreement=agreement, role=role, year=year)
    report.hours = hours
    report.updated_by = person_of(user)
    report.full_clean()
    report.save()
    return report


def staff_year_set(
    *,
    agreement: Agreement,
    year: int,
    hours: Sequence[tuple[str, Decimal | None]],
    user: User | None,
) -> None:
    """Every role's reported hours of a year, as one change."""
    with transaction.atomic():
        for role, value in hours:
            staff_report_set(agreement=agreement, role=role, year=year, hours=value, user=user)
