"""Indicators: every success criterion of a delaftale as a measurable, live definition.

An indicator belongs to a criterion by (agreement, criterion key), not to one version's row,
so it survives new versions of the agreement while the criterion keeps its key. What it
counts is named by a *source* (see ``helhedsplan.core.indicator_sources``) and a filter; its
targets and baselines are rows of their own, per estate and period, so one criterion can
promise four events in one estate and two in another. The board's closing of a year keeps
the figures as they were then (``PeriodLock``, ``Snapshot``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helhedsplan.agreements.models import Agreement, AgreementVersion
from helhedsplan.programmes.models import Estate


class Kind(models.TextChoices):
    COUNT = "count", _("Antal")
    SHARE = "share", _("Andel")
    SURVEY = "survey", _("Spørgeskema")
    SERIES = "series", _("Ekstern statistik")
    TREND = "trend", _("Udvikling")
    MILESTONE = "milestone", _("Milepæl")


class Period(models.TextChoices):
    WEEK = "week", _("Uge")
    MONTH = "month", _("Måned")
    QUARTER = "quarter", _("Kvartal")
    HALF_YEAR = "half_year", _("Halvår")
    YEAR = "year", _("År")
    SCHOOL_YEAR = "school_year", _("Skoleår")
    AGREEMENT = "agreement", _("Hele aftaleperioden")


class Comparator(models.TextChoices):
    AT_LEAST = ">=", _("mindst")
    MORE_THAN = ">", _("mere end")
    AT_MOST = "<=", _("højst")
    LESS_THAN = "<", _("mindre end")
    EXACTLY = "=", _("præcis")


class Direction(models.TextChoices):
    UP = "up", _("Op")
    DOWN = "down", _("Ned")


class Unit(models.TextChoices):
    COUNT = "count", _("Antal")
    PERCENT = "percent", _("Procent")


class Reference(models.TextChoices):
    """What a period's value is held against."""

    TARGET = "target", _("Fastsatte mål")
    BASELINE = "baseline", _("Udgangspunktet")
    PREVIOUS = "previous", _("Perioden før")


class ChangeUnit(models.TextChoices):
    PERCENT = "percent", _("procent")
    PERCENTAGE_POINTS = "percentage_points", _("procentpoint")
    FACTOR = "factor", _("gange")


class IndicatorStatus(models.TextChoices):
    PROPOSED = "proposed", _("Foreslået")
    CONFIRMED = "confirmed", _("Bekræftet")


class Outcome(models.TextChoices):
    """How a period went against its target: the status of a cell on the dashboard."""

    MET = "met", _("Nået")
    NOT_MET = "not_met", _("Ikke nået")
    # The year that sets the starting point of a criterion measured against it: neither met
    # nor not met, and never counted as met.
    BASELINE = "baseline", _("Udgangspunkt")
    ON_TRACK = "on_track", _("På vej")
    AT_RISK = "at_risk", _("I risiko")
    NO_DATA = "no_data", _("Ingen data")
    NOT_DUE = "not_due", _("Ikke begyndt")
    # A questionnaire's share agreeing without a target staff set: shown, not judged.
    MEASURED = "measured", _("Målt, uden mål")


class Indicator(models.Model):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("delaftale")
    )
    criterion_key = models.CharField(
        _("succeskriterium"),
        max_length=20,
        help_text=_("Kriteriets nummer i delaftalen, fx »O2« eller »A1.3«."),
    )
    code = models.CharField(_("kode"), max_length=20, help_text=_("Fx »H1« eller »K3«."))
    name = models.CharField(_("hvad der måles"), max_length=300)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    source = models.CharField(
        _("kilde"),
        max_length=100,
        blank=True,
        help_text=_("Registreringerne der tælles, fx »events.event« eller »counselling.inquiry«."),
    )
    source_filter = models.JSONField(_("filter på kilden"), default=dict, blank=True)
    denominator_source = models.CharField(_("nævnerens kilde"), max_length=100, blank=True)
    denominator_filter = models.JSONField(_("filter på nævneren"), default=dict, blank=True)
    denominator_series = models.CharField(_("nævnerens statistikserie"), max_length=100, blank=True)
    series_code = models.CharField(_("statistikserie"), max_length=100, blank=True)
    period = models.CharField(_("periode"), max_length=20, choices=Period.choices)
    per_area = models.BooleanField(_("pr. boligområde"), default=True)
    comparator = models.CharField(
        _("sammenligning"), max_length=2, choices=Comparator.choices, blank=True
    )
    direction = models.CharField(_("retning"), max_length=4, choices=Direction.choices)
    unit = models.CharField(_("enhed"), max_length=10, choices=Unit.choices, default=Unit.COUNT)
    reference = models.CharField(
        _("holdes op imod"), max_length=10, choices=Reference.choices, default=Reference.TARGET
    )
    change_value = models.DecimalField(
        _("ændring"), max_digits=9, decimal_places=3, null=True, blank=True
    )
    change_unit = models.CharField(
        _("ændringens enhed"), max_length=20, choices=ChangeUnit.choices, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=IndicatorStatus.choices,
        default=IndicatorStatus.PROPOSED,
    )
    # The parser's proposal (``phrases.ProposedIndicator.as_json``) it started from, if any.
    provenance = models.JSONField(_("oprindelse"), null=True, blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oprettet af"),
    )
    updated_at = models.DateTimeField(_("senest ændret"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "code", "pk"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "code"], name="indicator_unique_code"),
            models.CheckConstraint(
                condition=Q(change_value__isnull=True) | ~Q(change_unit=""),
                name="indicator_change_has_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:detail", kwargs={"indicator_id": self.pk})


class IndicatorTarget(models.Model):
    """A promised value: for one estate or all together (no estate), for one year or every
    period (no year). A *guide* is a waypoint on the way to a promise, such as the straight
    path from a baseline to the final year's target."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indikator")
    )
    estate = models.ForeignKey(
        Estate,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("boligområde"),
    )
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    value = models.DecimalField(_("mål"), max_digits=12, decimal_places=3)
    guide = models.BooleanField(_("pejlemærke"), default=False)
    # The version of the agreement the target was confirmed for: it applies from that
    # version's first day until a later version brings targets of its own. Empty: confirmed
    # before any version was approved, so it holds from the start.
    version = models.ForeignKey(
        AgreementVersion,
        # A discarded draft takes the targets confirmed for it along.
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicator_targets",
        verbose_name=_("version af delaftalen"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "version__number", "estate__name", "year"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "version", "estate", "year"],
                condition=Q(estate__isnull=False, year__isnull=False),
                name="target_unique_estate_year",
            ),
            models.UniqueConstraint(
                fields=["indicator", "version", "estate"],
                condition=Q(estate__isnull=False, year__isnull=True),
                name="target_unique_estate_every_year",
            ),
            models.UniqueConstraint(
                fields=["indicator", "version", "year"],
                condition=Q(estate__isnull=True, year__isnull=False),
                name="target_unique_all_estates_year",
            ),
            models.UniqueConstraint(
                fields=["indicator", "version"],
                condition=Q(estate__isnull=True, year__isnull=True),
                name="target_unique_all_estates_every_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.estate or '*'} {self.year or '*'}: {self.value}"


class IndicatorBaseline(models.Model):
    """The starting point, for one estate or all together. Without a value it is still to be
    established: it is then the indicator's own measured value in that year."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="baselines", verbose_name=_("indikator")
    )
    estate = models.ForeignKey(
        Estate,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("boligområde"),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    value = models.DecimalField(_("værdi"), max_digits=12, decimal_places=3, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "estate__name"]
        verbose_name = _("udgangspunkt")
        verbose_name_plural = _("udgangspunkter")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "estate"],
                condition=Q(estate__isnull=False),
                name="baseline_unique_estate",
            ),
            models.UniqueConstraint(
                fields=["indicator"],
                condition=Q(estate__isnull=True),
                name="baseline_unique_all_estates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.estate or '*'} {self.year}: {self.value}"


class PeriodLock(models.Model):
    """The board has closed a year of an agreement: its figures are kept as they were."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="period_locks",
        verbose_name=_("delaftale"),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    locked_at = models.DateTimeField(_("låst"))
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("låst af"),
    )
    note = models.TextField(_("bemærkning"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "year"]
        verbose_name = _("afsluttet år")
        verbose_name_plural = _("afsluttede år")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "year"], name="period_lock_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.agreement} {self.year}"


class Snapshot(models.Model):
    """One figure of a closed year, as the board saw it when it closed the year."""

    lock = models.ForeignKey(PeriodLock, on_delete=models.CASCADE, related_name="snapshots")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="snapshots")
    estate = models.ForeignKey(
        Estate, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    value = models.DecimalField(max_digits=15, decimal_places=4, null=True, blank=True)
    target = models.DecimalField(max_digits=15, decimal_places=4, null=True, blank=True)
    status = models.CharField(max_length=10, choices=Outcome.choices)
    words = models.CharField(max_length=300)
    # What the figure was judged under, so that a later restatement can say why it moved: the
    # fingerprint of the indicator's definition (``queries.definition_of``) and, for a target
    # over weeks (months, …), the share of them the year had to meet. Empty in snapshots
    # taken before these were kept.
    definition = models.CharField(max_length=64, blank=True)
    required_share = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["lock", "indicator", "estate"]
        verbose_name = _("fastfrosset tal")
        verbose_name_plural = _("fastfrosne tal")
        constraints = [
            models.UniqueConstraint(
                fields=["lock", "indicator", "estate"],
                condition=Q(estate__isnull=False),
                name="snapshot_unique_estate",
            ),
            models.UniqueConstraint(
                fields=["lock", "indicator"],
                condition=Q(estate__isnull=True),
                name="snapshot_unique_all_estates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lock} {self.indicator.code} {self.estate or '*'}"
