from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhedsplan.budget.queries import BudgetTable, StaffTable


def _decimal(label: str, max_digits: int) -> forms.DecimalField:
    """A figure typed the Danish way: 12.500,50."""
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_digits=max_digits,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def _amount(label: str) -> forms.DecimalField:
    return _decimal(label, 14)


class BudgetYearForm(forms.Form):
    """A year of the budget: each line's planned and spent amounts. A planned amount left
    empty is the line's amount spread evenly over the period."""

    def __init__(
        self, *args: Any, table: BudgetTable, year: int, lines: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        index = table.years.index(year)
        kept = [line for line in table.lines if line.name in lines]
        self.lines = [line.name for line in kept]
        for number, line in enumerate(kept):
            cell = line.years[index]
            self.fields[f"planned_{number}"] = _amount(
                _("%(line)s: budget %(year)s (kr.)") % {"line": line.name, "year": year}
            )
            self.fields[f"spent_{number}"] = _amount(
                _("%(line)s: forbrug %(year)s (kr.)") % {"line": line.name, "year": year}
            )
            self.initial[f"planned_{number}"] = cell.planned if cell.planned_entered else None
            self.initial[f"spent_{number}"] = cell.spent

    def amounts(self) -> list[tuple[str, Decimal | None, Decimal | None]]:
        return [
            (line, self.cleaned_data[f"planned_{n}"], self.cleaned_data[f"spent_{n}"])
            for n, line in enumerate(self.lines)
        ]


class StaffYearForm(forms.Form):
    """A year's reported hours, per role of the agreement."""

    def __init__(
        self, *args: Any, table: StaffTable, year: int, roles: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        index = table.years.index(year)
        kept = [row for row in table.rows if row.role in roles]
        self.roles = [row.role for row in kept]
        for number, row in enumerate(kept):
            self.fields[f"hours_{number}"] = _decimal(
                _("%(role)s: timer i %(year)s") % {"role": row.role, "year": year}, 9
            )
            self.initial[f"hours_{number}"] = row.reported[index]

    def hours(self) -> list[tuple[str, Decimal | None]]:
        return [(role, self.cleaned_data[f"hours_{n}"]) for n, role in enumerate(self.roles)]


class ImportUploadForm(forms.Form):
    # An empty file reaches the importer, which says so in the words of its other errors.
    file = forms.FileField(
        label=gettext_lazy("Fil fra økonomisystemet (.xlsx)"),
        allow_empty_file=True,
        help_text=gettext_lazy("Kolonnerne Budgetlinje (eller Konto), År og Forbrug."),
    )
