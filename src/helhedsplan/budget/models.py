"""Budget follow-up: what an agreement's budget lines planned beside what was spent, per
year, and the staff hours its resources planned beside those reported.

The agreement's budget lines and staff resources live in its versions (``agreements``); a
version copies them, so the follow-up names a line by its organisation and a resource by its
role, as the agreement writes them, and survives a new version."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helhedsplan.agreements.models import Agreement


class EntrySource(models.TextChoices):
    ENTERED = "entered", _("Indtastet")
    IMPORTED = "imported", _("Importeret fra økonomisystemet")


class BudgetEntry(models.Model):
    """One budget line's year: the year's planned amount (when the programme splits the line
    over its years; otherwise the line's amount spread evenly) and the amount spent."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="budget_entries",
        verbose_name=_("delaftale"),
    )
    line = models.CharField(_("budgetlinje"), max_length=300)
    year = models.PositiveSmallIntegerField(_("år"))
    planned = models.DecimalField(
        _("budget (kr.)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    spent = models.DecimalField(
        _("forbrug (kr.)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(
        _("kilde"), max_length=20, choices=EntrySource.choices, default=EntrySource.ENTERED
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("senest ændret af"),
    )
    updated_at = models.DateTimeField(_("senest ændret"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "line", "year"]
        verbose_name = _("budgetopfølgning")
        verbose_name_plural = _("budgetopfølgning")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "line", "year"], name="budget_entry_unique_line_year"
            ),
            models.CheckConstraint(
                condition=Q(planned__isnull=True) | Q(planned__gte=0),
                name="budget_entry_planned_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line} {self.year}"


class StaffReport(models.Model):
    """The hours one of the agreement's staff resources actually gave in a year."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="staff_reports",
        verbose_name=_("delaftale"),
    )
    role = models.CharField(_("rolle"), max_length=300)
    year = models.PositiveSmallIntegerField(_("år"))
    hours = models.DecimalField(_("timer i året"), max_digits=9, decimal_places=2)
    note = models.TextField(_("bemærkning"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("senest ændret af"),
    )
    updated_at = models.DateTimeField(_("senest ændret"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "role", "year"]
        verbose_name = _("rapporterede timer")
        verbose_name_plural = _("rapporterede timer")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "role", "year"], name="staff_report_unique_role_year"
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0), name="staff_report_hours_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} {self.year}"
