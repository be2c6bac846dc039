from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Programme(models.Model):
    """A boligsocial indsats: one housing organisation and municipality, one funding period."""

    name = models.CharField(_("navn"), max_length=200, unique=True)
    slug = models.SlugField(_("kort navn"), max_length=80, unique=True)
    housing_organisation = models.CharField(_("boligorganisation"), max_length=200)
    municipality = models.CharField(_("kommune"), max_length=100)
    period_start = models.DateField(_("periode fra"))
    period_end = models.DateField(_("periode til"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("boligsocial indsats")
        verbose_name_plural = _("boligsociale indsatser")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="programme_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", kwargs={"slug": self.slug})


class Estate(models.Model):
    """A boligområde taking part in a programme."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="estates", verbose_name=_("indsats")
    )
    name = models.CharField(_("navn"), max_length=200)
    tenancies = models.PositiveIntegerField(_("antal lejemål"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "name"]
        verbose_name = _("boligområde")
        verbose_name_plural = _("boligområder")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"], name="estate_unique_per_programme"
            )
        ]

    def __str__(self) -> str:
        return self.name
