"""External statistics: series of figures per estate, with the municipality for comparison.

The figures come from outside the programme (Politiets Tryghedsindeks, the housing
organisation, Danmarks Statistik, LBF's evaluation) and are entered or imported by staff.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helhedsplan.programmes.models import Estate, Programme

# A series code is part of its address (/series/<programme>/<code>/), next to these pages.
RESERVED_CODES = frozenset({"new", "import"})


def validate_code(code: str) -> None:
    if code in RESERVED_CODES:
        raise ValidationError(
            _("Koden «%(code)s» er reserveret. Vælg en anden."), params={"code": code}
        )


class Unit(models.TextChoices):
    PERCENT = "percent", _("procent")
    COUNT = "count", _("antal")
    AMOUNT_DKK = "amount_dkk", _("beløb i kr.")
    RATIO = "ratio", _("forholdstal")


class Granularity(models.TextChoices):
    YEAR = "year", _("år")
    HALF_YEAR = "half_year", _("halvår")
    QUARTER = "quarter", _("kvartal")
    MONTH = "month", _("måned")
    DATE = "date", _("dato")


class Scope(models.TextChoices):
    ESTATE = "estate", _("boligområde")
    MUNICIPALITY = "municipality", _("kommune")
    HOUSING_ORGANISATION = "housing_organisation", _("boligorganisation")


def value_problem(unit: str, value: Decimal) -> str | None:
    """Why ``value`` cannot be a figure in ``unit``, or None when it can."""
    if unit == Unit.PERCENT and not Decimal(0) <= value <= Decimal(100):
        return gettext("en procentdel skal ligge mellem 0 og 100")
    if unit == Unit.COUNT and (value < 0 or value != value.to_integral_value()):
        return gettext("et antal skal være et helt tal på 0 eller derover")
    if unit == Unit.RATIO and value < 0:
        return gettext("et forholdstal kan ikke være negativt")
    return None


class Series(models.Model):
    """A statistic followed over time, e.g. the share of residents who feel safe."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="series", verbose_name=_("indsats")
    )
    name = models.CharField(_("navn"), max_length=200)
    code = models.SlugField(
        _("kode"),
        max_length=80,
        validators=[validate_code],
        help_text=_("Kort og uden mellemrum, fx «tryghed». Bruges i adressen og af indikatorerne."),
    )
    unit = models.CharField(_("enhed"), max_length=20, choices=Unit.choices)
    source = models.CharField(
        _("kilde"), max_length=200, help_text=_("Fx Politiets Tryghedsindeks eller Boliggården.")
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    higher_is_better = models.BooleanField(
        _("højere er bedre"),
        default=True,
        help_text=_("Fjern markeringen, hvis et lavere tal er bedre, fx for klager."),
    )
    granularity = models.CharField(
        _("periode"), max_length=20, choices=Granularity.choices, default=Granularity.YEAR
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "name"]
        verbose_name = _("statistikserie")
        verbose_name_plural = _("statistikserier")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"],
                name="series_code_unique_per_programme",
                violation_error_message=_("Indsatsen har allerede en serie med denne kode."),
            ),
            models.UniqueConstraint(
                fields=["programme", "name"],
                name="series_name_unique_per_programme",
                violation_error_message=_("Indsatsen har allerede en serie med dette navn."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("series:detail", kwargs={"slug": self.programme.slug, "code": self.code})


class Observation(models.Model):
    """One figure of a series: for an estate, or for the municipality or the whole housing
    organisation as the comparison, in one period."""

    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, related_name="observations", verbose_name=_("serie")
    )
    scope = models.CharField(
        _("niveau"), max_length=30, choices=Scope.choices, default=Scope.ESTATE
    )
    estate = models.ForeignKey(
        Estate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("boligområde"),
    )
    period_start = models.DateField(_("periodens start"))
    period_label = models.CharField(_("periode"), max_length=20)
    value = models.DecimalField(_("værdi"), max_digits=16, decimal_places=4)
    respondents = models.PositiveIntegerField(_("antal svarpersoner"), null=True, blank=True)
    source_note = models.CharField(_("note om kilden"), max_length=300, blank=True)
    observed_on = models.DateField(_("opgjort den"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indtastet af"),
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        # Plain columns only: ordering through a relation would join it, and PostgreSQL
        # refuses to lock rows (select_for_update) across the outer join to the estate.
        ordering = ["period_start", "scope", "estate_id"]
        verbose_name = _("måling")
        verbose_name_plural = _("målinger")
        constraints = [
            models.CheckConstraint(
                condition=(Q(scope=Scope.ESTATE) & Q(estate__isnull=False))
                | (~Q(scope=Scope.ESTATE) & Q(estate__isnull=True)),
                name="observation_estate_matches_scope",
                violation_error_message=_(
                    "Et boligområde skal angives for et boligområde og kun dér."
                ),
            ),
            # Two constraints, since a unique constraint treats every NULL estate as distinct.
            models.UniqueConstraint(
                fields=["series", "estate", "period_start"],
                condition=Q(estate__isnull=False),
                name="observation_unique_per_estate_and_period",
                violation_error_message=_("Der er allerede en måling for området i perioden."),
            ),
            models.UniqueConstraint(
                fields=["series", "scope", "period_start"],
                condition=Q(estate__isnull=True),
                name="observation_unique_per_comparison_and_period",
                violation_error_message=_("Der er allerede en måling for niveauet i perioden."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.where} {self.period_label}: {self.value}"

    def clean(self) -> None:
        if (
            self.series_id
            and self.estate is not None
            and self.estate.programme_id != self.series.programme_id
        ):
            raise ValidationError({"estate": _("Boligområdet hører ikke til seriens indsats.")})
        if self.series_id and self.value is not None:
            problem = value_problem(self.series.unit, self.value)
            if problem:
                raise ValidationError({"value": capfirst(problem) + "."})

    def differences(self, fields: dict) -> dict:
        """Those of ``fields`` whose values differ from the stored ones."""
        return {field: value for field, value in fields.items() if getattr(self, field) != value}

    @property
    def where(self) -> str:
        """The estate's name, or the comparison it stands for."""
        if self.estate is not None:
            return self.estate.name
        if self.scope == Scope.MUNICIPALITY:
            return self.series.programme.municipality
        return self.series.programme.housing_organisation
