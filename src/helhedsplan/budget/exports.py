"""The follow-up as a workbook: the budget per line and year, and the staff hours."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from helhedsplan.agreements.models import Agreement
from helhedsplan.budget import queries
from helhedsplan.core.exports import Column, Sheet


@dataclass(frozen=True)
class BudgetCell:
    line: str
    year: int
    planned: Decimal | None
    spent: Decimal | None
    share: float | None
    over: bool


@dataclass(frozen=True)
class StaffCell:
    role: str
    employer: str
    year: int
    planned: Decimal | None
    reported: Decimal | None


def sheets(agreement: Agreement) -> list[Sheet]:
    budget = queries.budget_table(agreement)
    staff = queries.staff_table(agreement)
    budget_rows = [
        BudgetCell(line.name, cell.year, cell.planned, cell.spent, cell.share, cell.over)
        for line in budget.lines
        for cell in line.years
    ]
    staff_rows = [
        StaffCell(row.role, row.resource.employer, cell.year, cell.planned, cell.reported)
        for row in staff.rows
        for cell in row.years
    ]
    return [
        Sheet(
            title=_("Budget"),
            columns=[
                Column(_("Budgetlinje"), lambda c: c.line, 30),
                Column(_("År"), lambda c: c.year, 8),
                Column(_("Budget (kr.)"), lambda c: c.planned, 14),
                Column(_("Forbrug (kr.)"), lambda c: c.spent, 14),
                Column(
                    _("Andel brugt (%)"),
                    lambda c: None if c.share is None else round(c.share, 1),
                    14,
                ),
                Column(_("Over budget"), lambda c: c.over, 12),
            ],
            rows=budget_rows,
        ),
        Sheet(
            title=_("Medarbejderressourcer"),
            columns=[
                Column(_("Rolle"), lambda c: c.role, 30),
                Column(_("Ansat i"), lambda c: c.employer, 24),
                Column(_("År"), lambda c: c.year, 8),
                Column(_("Planlagte timer"), lambda c: c.planned, 14),
                Column(_("Rapporterede timer"), lambda c: c.reported, 14),
            ],
            rows=staff_rows,
        ),
    ]
