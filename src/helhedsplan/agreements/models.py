"""A delaftale as versioned, structured data.

An agreement is the programme's delaftale for one focus area. Its content lives in versions:
a draft is edited, proposed, and approved by the board; an approved version never changes
again. The structure follows Landsbyggefonden's template (see ``document.AgreementDocument``,
the interchange with the importer and the exporter).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helhedsplan.core.lists.models import ListEntry
from helhedsplan.programmes.models import Estate, Programme


class FocusArea(ListEntry):
    """An indsatsområde. The list changes with each funding period, so it is data; it is
    Landsbyggefonden's, the same for every programme."""

    history = HistoricalRecords()

    class Meta(ListEntry.Meta):
        verbose_name = _("indsatsområde")
        verbose_name_plural = _("indsatsområder")


class Agreement(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("indsats")
    )
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("indsatsområde"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "focus_area"]
        verbose_name = _("delaftale")
        verbose_name_plural = _("delaftaler")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "focus_area"], name="agreement_unique_focus_area"
            )
        ]

    def __str__(self) -> str:
        return f"{self.focus_area} – {self.programme}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:detail", kwargs={"agreement_id": self.pk})


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    PROPOSED = "proposed", _("Foreslået")
    APPROVED = "approved", _("Godkendt")


class AgreementVersion(models.Model):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="versions", verbose_name=_("delaftale")
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    title = models.CharField(_("titel"), max_length=300)
    estates = models.ManyToManyField(
        Estate, related_name="agreement_versions", verbose_name=_("boligområder")
    )
    period_start = models.DateField(_("gælder fra"), null=True, blank=True)
    period_end = models.DateField(_("gælder til"), null=True, blank=True)
    period_text = models.TextField(_("periode som skrevet"), blank=True)
    preamble = models.TextField(_("indledning"), blank=True)
    parties = models.TextField(_("aftalens parter"), blank=True)
    working_groups = models.TextField(_("faglige arbejdsgrupper"), blank=True)
    problem_complex = models.TextField(_("problemkompleks"), blank=True)
    purpose = models.TextField(_("formål og mål"), blank=True)
    activities_overview = models.TextField(_("oversigt over aktiviteter"), blank=True)
    staff_resources_text = models.TextField(_("medarbejderressourcer som skrevet"), blank=True)
    municipal_services = models.TextField(_("relation til kommunale serviceydelser"), blank=True)
    budget_note = models.TextField(_("budget, bemærkninger"), blank=True)
    conflict_handling = models.TextField(_("konfliktløsning"), blank=True)
    revision = models.TextField(_("revision"), blank=True)
    import_warnings = models.JSONField(_("advarsler fra importen"), default=list, blank=True)
    source_name = models.CharField(_("importeret fra"), max_length=255, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True, db_index=True)

    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oprettet af"),
    )
    proposed_at = models.DateTimeField(_("foreslået"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("foreslået af"),
    )
    approved_at = models.DateTimeField(_("godkendt"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("godkendt af"),
    )
    approval_note = models.TextField(_("bemærkning til godkendelsen"), blank=True)
    in_force_from = models.DateField(_("i kraft fra"), null=True, blank=True)
    # What the board approved that needs Landsbyggefonden's approval too (the budget, the
    # period, a dropped activity), as the approval page listed it: recorded with the approval.
    funder_changes = models.JSONField(
        _("ændringer der kræver Landsbyggefondens godkendelse"), default=list, blank=True
    )

    history = HistoricalRecords(excluded_fields=["import_warnings"])

    class Meta:
        ordering = ["agreement", "number"]
        verbose_name = _("version af delaftale")
        verbose_name_plural = _("versioner af delaftaler")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="version_unique_number"),
            # One draft or proposal at a time: changes are collected in a single place.
            models.UniqueConstraint(
                fields=["agreement"],
                condition=~Q(status="approved"),
                name="version_one_open_draft",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(in_force_from__isnull=False),
                name="version_approved_has_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse(
            "agreements:version",
            kwargs={"agreement_id": self.agreement_id, "number": self.number},
        )

    @property
    def is_approved(self) -> bool:
        return self.status == VersionStatus.APPROVED


class Activity(models.Model):
    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="activities"
    )
    position = models.PositiveIntegerField()
    name = models.CharField(_("aktivitetsnavn"), max_length=300)
    content = models.TextField(_("indhold og praksis"), blank=True)
    purpose = models.TextField(_("formål og mål"), blank=True)
    target_groups = models.TextField(_("målgruppe(r)"), blank=True)
    responsibilities = models.TextField(_("ansvars- og rollefordeling"), blank=True)
    working_group = models.TextField(_("faglig arbejdsgruppe"), blank=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="activity_unique_position")
        ]

    def __str__(self) -> str:
        return self.name


class SuccessCriterion(models.Model):
    """A succeskriterium with its data source: of the focus area when ``activity`` is empty."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="criteria")
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="criteria", null=True, blank=True
    )
    position = models.PositiveIntegerField()
    # Stable across versions while the criterion keeps its place ("O2" is the second overall
    # criterion, "A1.3" the third of the first activity): indicators refer to it.
    key = models.CharField(_("nummer"), max_length=20)
    text = models.TextField(_("succeskriterium"))
    data_source = models.TextField(_("datakilde"), blank=True)
    # For a criterion followed week by week (month, quarter, half-year): the share of those
    # periods that must meet the target for the year to be met. "Every week" is 100; the
    # board may settle for less by approving a version that says so.
    required_share = models.PositiveSmallIntegerField(
        _("krævet andel af perioder (%)"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["version", "activity__position", "position"]
        verbose_name = _("succeskriterium")
        verbose_name_plural = _("succeskriterier")
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="criterion_unique_key"),
            models.CheckConstraint(
                condition=Q(required_share__gte=1, required_share__lte=100),
                name="criterion_required_share_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Section(models.Model):
    """A section the importer did not recognise, kept word for word."""

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="other_sections"
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="other_sections", null=True, blank=True
    )
    position = models.PositiveIntegerField()
    heading = models.CharField(_("overskrift"), max_length=300)
    text = models.TextField(_("tekst"), blank=True)

    class Meta:
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return self.heading


class StaffPeriod(models.TextChoices):
    WEEK = "week", _("om ugen")
    HALF_YEAR = "half_year", _("pr. halvår")
    YEAR = "year", _("om året")


class StaffResource(models.Model):
    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="staff_resources"
    )
    position = models.PositiveIntegerField()
    role = models.CharField(_("rolle"), max_length=300)
    count = models.PositiveIntegerField(_("antal personer"), null=True, blank=True)
    hours = models.DecimalField(_("timer"), max_digits=7, decimal_places=2, null=True, blank=True)
    per = models.CharField(_("pr."), max_length=16, choices=StaffPeriod.choices, blank=True)
    employer = models.CharField(_("ansat i"), max_length=300, blank=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("medarbejderressource")
        verbose_name_plural = _("medarbejderressourcer")

    def __str__(self) -> str:
        return self.role


class BudgetLine(models.Model):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="budget")
    position = models.PositiveIntegerField()
    organisation = models.CharField(_("organisation"), max_length=300)
    amount = models.DecimalField(
        _("beløb (kr.)"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("budgetlinje")
        verbose_name_plural = _("budgetlinjer")

    def __str__(self) -> str:
        return self.organisation
