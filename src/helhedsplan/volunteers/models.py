"""The volunteer register: residents (and others) who volunteer in the programme, each on a
consent (``privacy``). Named people, so only the privacy lifecycle keeps them: a volunteer
cannot be saved without a consent (a non-null reference), and is erased for real."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helhedsplan.core.lists.models import ProgrammeListEntry
from helhedsplan.privacy.models import Consent
from helhedsplan.programmes.models import Estate, Programme

# The widest range of birth years the database accepts; the services hold a narrower one
# relative to today (``services.BIRTH_YEAR_AGES``).
EARLIEST_BIRTH_YEAR = 1900
LATEST_BIRTH_YEAR = 2100


class Kind(models.TextChoices):
    ASSOCIATION = "association", _("Forening")
    CLUB = "club", _("Klub")
    DEPARTMENT_BOARD = "department_board", _("Afdelingsbestyrelse")
    AD_HOC = "ad_hoc", _("Ad hoc")


class Interest(ProgrammeListEntry):
    """What volunteers would like to help with: each programme's own list."""

    history = HistoricalRecords()

    class Meta(ProgrammeListEntry.Meta):
        verbose_name = _("interesse")
        verbose_name_plural = _("interesser")


class Volunteer(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="volunteers", verbose_name=_("indsats")
    )
    # Empty for a volunteer who is not a resident of the programme's estates.
    estate = models.ForeignKey(
        Estate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteers",
        verbose_name=_("boligområde"),
    )
    name = models.CharField(_("navn"), max_length=200)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # A birth year, never a birth date or CPR number: enough for the age bands the
    # indicators count (F1: 15-30) and the guardian's consent under 15.
    birth_year = models.PositiveSmallIntegerField(_("fødselsår"))
    interests = models.ManyToManyField(
        Interest, blank=True, related_name="volunteers", verbose_name=_("interesser")
    )
    kind = models.CharField(_("slags frivilligt arbejde"), max_length=20, choices=Kind.choices)
    leads_others = models.BooleanField(_("leder andre frivillige"), default=False)
    started_on = models.DateField(_("startet"))
    ended_on = models.DateField(_("stoppet"), null=True, blank=True)
    # The consent in force. PROTECT and non-null: the database refuses a volunteer without a
    # consent, and a consent while its volunteer refers to it.
    consent = models.OneToOneField(
        Consent, on_delete=models.PROTECT, related_name="+", verbose_name=_("samtykke")
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registreret af"),
    )
    created_at = models.DateTimeField(_("registreret"), default=timezone.now)
    # A change counts as activity for the retention (``queries.last_activity``).
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("frivillig")
        verbose_name_plural = _("frivillige")
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""), name="volunteer_phone_or_email"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="volunteer_has_a_name"),
            models.CheckConstraint(
                condition=Q(birth_year__gte=EARLIEST_BIRTH_YEAR)
                & Q(birth_year__lte=LATEST_BIRTH_YEAR),
                name="volunteer_birth_year_range",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="volunteer_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "volunteers:detail",
            kwargs={"slug": self.programme.slug, "volunteer_id": self.pk},
        )
