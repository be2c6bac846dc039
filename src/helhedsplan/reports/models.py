"""The annual status report's kept parts: its narrative paragraphs in versions, and the key
figures of every register frozen when a year is closed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from helhedsplan.agreements.models import Agreement
from helhedsplan.indicators.models import PeriodLock
from helhedsplan.programmes.models import Programme


class StatusReport(models.Model):
    """One version of the report of a programme (or one of its agreements) for a year: the
    narrative paragraphs as the secretariat head edited them, keyed by line. The newest
    version without ``approved_at`` is the draft; approving freezes it, and the next edit
    starts the next version."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="status_reports",
        verbose_name=_("indsats"),
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="status_reports",
        verbose_name=_("delaftale"),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    version = models.PositiveIntegerField(_("version"))
    texts = models.JSONField(_("tekster"), default=dict, blank=True)
    approved_at = models.DateTimeField(_("godkendt"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("godkendt af"),
    )
    updated_at = models.DateTimeField(_("senest ændret"), auto_now=True)

    class Meta:
        ordering = ["programme", "agreement", "year", "-version"]
        verbose_name = _("statusrapport")
        verbose_name_plural = _("statusrapporter")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "agreement", "year", "version"],
                name="status_report_unique_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.year} v{self.version}"


class FrozenFigures(models.Model):
    """The registers' key figures of a year as they were when the board closed it, so that a
    closed year's report shows the same figures ever after."""

    lock = models.OneToOneField(
        PeriodLock,
        on_delete=models.CASCADE,
        related_name="frozen_figures",
        verbose_name=_("afsluttet år"),
    )
    figures = models.JSONField(_("nøgletal"))
    frozen_at = models.DateTimeField(_("fastfrosset"), auto_now_add=True)

    class Meta:
        verbose_name = _("fastfrosne nøgletal")
        verbose_name_plural = _("fastfrosne nøgletal")

    def __str__(self) -> str:
        return str(self.lock)
