"""The demo's budget follow-up: planned amounts per year for the seed's two budget lines,
what was spent in the seed's years and the follow-up agreement's years up to the running one
(Lokal medfinansiering over its budget in 2020), and the hours each staff resource reported.

The seed's budget lines have no amounts, so every year's planned amount is entered. Loaded
once: a later run leaves the figures as people have changed them.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from helhedsplan.agreements.models import Agreement
from helhedsplan.budget import queries, services
from helhedsplan.budget.models import BudgetEntry, StaffReport

DEMO_PROGRAMME = "Helsingør Syd"
PLANNED = {"Landsbyggefonden": Decimal(1_450_000), "Lokal medfinansiering": Decimal(620_000)}
# Spent as a share of the year's budget, by the year's place in the list; one year over.
SPENT_SHARES = [Decimal("0.82"), Decimal("0.95"), Decimal("0.97"), Decimal("0.91")]
OVER_BUDGET = ("Lokal medfinansiering", 2020, Decimal("1.08"))
# The running year is some months in: about half its budget spent.
RUNNING_SHARE = Decimal("0.46")
# Reported hours as a share of the planned, by the year's place.
HOURS_SHARES = [Decimal("0.88"), Decimal("0.93"), Decimal("0.97"), Decimal("0.9")]


def load_demo_data() -> list[str]:
    agreement = Agreement.objects.filter(programme__name=DEMO_PROGRAMME).first()
    if agreement is None:
        return []
    if BudgetEntry.objects.filter(agreement=agreement).exists():
        return []
    running = timezone.localdate().year
    years = [year for year in queries.versions_by_year(agreement) if year <= running]
    for index, year in enumerate(years):
        share = RUNNING_SHARE if year == running else SPENT_SHARES[index % len(SPENT_SHARES)]
        for line in queries.line_names(agreement, year):
            planned = PLANNED.get(line, Decimal(250_000))
            spent_share = OVER_BUDGET[2] if (line, year) == OVER_BUDGET[:2] else share
            services.budget_entry_set(
                agreement=agreement,
                line=line,
                year=year,
                planned=planned,
                spent=(planned * spent_share).quantize(Decimal(1)),
                user=None,
            )
    if not StaffReport.objects.filter(agreement=agreement).exists():
        _load_hours(agreement, years, running)
    return []


def _load_hours(agreement: Agreement, years: list[int], running: int) -> None:
    table = queries.staff_table(agreement)
    for row in table.rows:
        for index, cell in enumerate(row.years):
            if cell.year not in years or cell.planned is None:
                continue
            share = HOURS_SHARES[index % len(HOURS_SHARES)]
            if cell.year == running:
                share *= RUNNING_SHARE
            services.staff_report_set(
                agreement=agreement,
                role=row.role,
                year=cell.year,
                hours=(cell.planned * share).quantize(Decimal(1)),
                user=None,
            )
