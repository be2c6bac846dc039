"""The privacy lifecycle's own data: consent texts and consents, the retention a programme
chose for a register, and the record of each erasure (who, when, which register, why; never
what was erased).

A person's record in a register (a volunteer, later a grant applicant or a panel member)
holds a non-null reference to its current ``Consent``, so the database refuses a person
without one. A consent names its person by register and primary key rather than by a foreign
key, so one table serves every register without this app knowing their models.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helhedsplan.programmes.models import Programme


class ConsentMethod(models.TextChoices):
    IN_PERSON = "in_person", _("Mundtligt, personligt")
    PAPER = "paper", _("På papir")
    ONLINE = "online", _("Online")


class ErasureReason(models.TextChoices):
    BY_HAND = "by_hand", _("Slettet af en person")
    RETENTION = "retention", _("Opbevaringsperioden er udløbet")
    WITHDRAWAL = "withdrawal", _("Samtykket er trukket tilbage")


class ConsentText(models.Model):
    """One version of the purpose and consent text of a programme's register. A new version
    is published as a new row; the older ones stay, for the consents given under them."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="consent_texts",
        verbose_name=_("indsats"),
    )
    register = models.CharField(_("register"), max_length=40)
    version = models.PositiveIntegerField(_("version"))
    purpose = models.TextField(_("formål"))
    text = models.TextField(_("samtykketekst"))
    published_at = models.DateTimeField(_("offentliggjort"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("offentliggjort af"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["register", "-version"]
        verbose_name = _("samtykketekst")
        verbose_name_plural = _("samtykketekster")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "register", "version"], name="consent_text_unique_version"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="consent_text_not_blank"),
            models.CheckConstraint(condition=~Q(purpose=""), name="consent_text_purpose_not_blank"),
        ]

    def __str__(self) -> str:
        return f"{self.register} v{self.version}"


def _scan_name(consent: Consent, filename: str) -> str:
    # A random name: the stored file's name tells nothing about the person.
    return f"privacy/consents/{uuid.uuid4().hex}"


class Consent(models.Model):
    """A consent a person gave under one version of the text, and its withdrawal."""

    register = models.CharField(_("register"), max_length=40)
    # The person's primary key in the register's model. Empty only inside the transaction
    # that records a new person's first consent before the person's row exists.
    person_id = models.PositiveBigIntegerField(_("person"), null=True, blank=True)
    text = models.ForeignKey(
        ConsentText, on_delete=models.PROTECT, related_name="consents", verbose_name=_("tekst")
    )
    method = models.CharField(_("givet"), max_length=20, choices=ConsentMethod.choices)
    given_on = models.DateField(_("dato"))
    scan = models.FileField(_("scannet samtykke"), upload_to=_scan_name, max_length=200, blank=True)
    guardian_name = models.CharField(_("forælders eller værges navn"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registreret af"),
    )
    recorded_at = models.DateTimeField(_("registreret"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("trukket tilbage"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tilbagetrækning registreret af"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("samtykke")
        verbose_name_plural = _("samtykker")
        indexes = [models.Index(fields=["register", "person_id"], name="consent_person")]
        constraints = [
            models.CheckConstraint(
                condition=Q(method=ConsentMethod.PAPER) | Q(scan=""),
                name="consent_scan_only_on_paper",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=False) | Q(withdrawn_by__isnull=True),
                name="consent_withdrawn_by_only_when_withdrawn",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text} {self.given_on:%d.%m.%Y}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class RetentionSetting(models.Model):
    """A programme's own retention for a register, set by its secretariat head; without a
    row the register's default holds."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="+", verbose_name=_("indsats")
    )
    register = models.CharField(_("register"), max_length=40)
    months = models.PositiveSmallIntegerField(_("måneder efter seneste aktivitet"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ændret af"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opbevaringsperiode")
        verbose_name_plural = _("opbevaringsperioder")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "register"], name="retention_setting_unique"
            ),
            models.CheckConstraint(
                condition=Q(months__gte=1) & Q(months__lte=120), name="retention_months_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.register}: {self.months}"


class Erasure(models.Model):
    """That a person was erased from a register: by whom (nobody for the scheduled job),
    when and why. Never who the person was or what was erased."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="+", verbose_name=_("indsats")
    )
    register = models.CharField(_("register"), max_length=40)
    reason = models.CharField(_("årsag"), max_length=20, choices=ErasureReason.choices)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("slettet af"),
    )
    erased_at = models.DateTimeField(_("slettet"), default=timezone.now)

    class Meta:
        ordering = ["-erased_at", "-pk"]
        verbose_name = _("sletning")
        verbose_name_plural = _("sletninger")

    def __str__(self) -> str:
        return f"{self.register} {self.erased_at:%d.%m.%Y}"


class ErasureRun(models.Model):
    """What one run of the scheduled erasure erased in one programme's register: counts,
    never names. Per programme, so each secretariat head sees only their own."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="+", verbose_name=_("indsats")
    )
    register = models.CharField(_("register"), max_length=40)
    ran_at = models.DateTimeField(_("kørt"), default=timezone.now)
    retention = models.PositiveIntegerField(_("slettet efter opbevaringsperioden"))
    withdrawal = models.PositiveIntegerField(_("slettet efter tilbagetrukket samtykke"))

    class Meta:
        ordering = ["-ran_at", "-pk"]
        verbose_name = _("automatisk sletning")
        verbose_name_plural = _("automatiske sletninger")

    def __str__(self) -> str:
        return f"{self.register} {self.ran_at:%d.%m.%Y}"
