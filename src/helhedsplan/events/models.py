"""Events: every activity's theme evenings, cultural events, open houses and meetings.

An event belongs to one programme and takes place in one or more of its estates; an event
in every estate of the programme is one event, not one per estate. Indicators count events by
the code of their type and of their target groups, so the codes are fixed while the names may
change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helhedsplan.core.lists.models import ListEntry, ProgrammeListEntry
from helhedsplan.programmes.models import Estate, Programme

TITLE_MAX_LENGTH = 200
ORGANISER_NAME_MAX_LENGTH = 200


class EventTypeCode(models.TextChoices):
    """The event types indicators count; each exists from the first migration on."""

    THEME_EVENING = "theme_evening", _("Temaaften")
    CULTURAL = "cultural", _("Kulturelt arrangement")
    OPEN_HOUSE = "open_house", _("Åbent hus")
    RESIDENT_ACTIVITY = "resident_activity", _("Beboerdrevet social aktivitet")
    YOUTH_INITIATIVE = "youth_initiative", _("Frivilligt initiativ for unge")
    NETWORK_MEETING = "network_meeting", _("Netværksmøde for frivillige")
    OTHER = "other", _("Andet")


class EventType(ListEntry):
    """A kind of event, shared by every programme. Retired types stay on their old events."""

    code = models.SlugField(
        _("kode"),
        max_length=50,
        unique=True,
        help_text=_("Fast kode, som indikatorerne tæller efter. Kan ikke ændres."),
    )

    history = HistoricalRecords()

    class Meta(ListEntry.Meta):
        verbose_name = _("arrangementstype")
        verbose_name_plural = _("arrangementstyper")

    def is_counted(self) -> bool:
        """Whether the indicators count events of this type, so that it stays in use."""
        return self.code in EventTypeCode.values


class TargetGroupCode(models.TextChoices):
    """The target groups indicators count (F2 youth, F4 mixed); each exists from the
    migration that brought target groups on."""

    YOUTH = "youth", _("Unge 15-25 år")
    MIXED = "mixed", _("Blandet gruppe på tværs af etnicitet og generationer")


class TargetGroup(ListEntry):
    """Whom an event is aimed at, shared by every programme. Retired groups stay on their
    old events."""

    code = models.SlugField(
        _("kode"),
        max_length=50,
        unique=True,
        help_text=_("Fast kode, som indikatorerne tæller efter. Kan ikke ændres."),
    )

    history = HistoricalRecords()

    class Meta(ListEntry.Meta):
        verbose_name = _("målgruppe")
        verbose_name_plural = _("målgrupper")

    def is_counted(self) -> bool:
        """Whether the indicators count events for this group, so that it stays in use."""
        return self.code in TargetGroupCode.values


class Venue(ProgrammeListEntry):
    """A place where a programme holds events."""

    history = HistoricalRecords()

    class Meta(ProgrammeListEntry.Meta):
        verbose_name = _("sted")
        verbose_name_plural = _("steder")


class Partner(ProgrammeListEntry):
    """An organisation a programme holds events together with."""

    history = HistoricalRecords()

    class Meta(ProgrammeListEntry.Meta):
        verbose_name = _("samarbejdspartner")
        verbose_name_plural = _("samarbejdspartnere")


class Organiser(models.TextChoices):
    PROGRAMME = "programme", _("Helhedsplanen")
    RESIDENTS = "residents", _("Frivillige beboere")
    EXTERNAL = "external", _("Forening eller organisation udefra")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    HELD = "held", _("Afholdt")
    CANCELLED = "cancelled", _("Aflyst")


class Event(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="events", verbose_name=_("indsats")
    )
    type = models.ForeignKey(
        EventType, on_delete=models.PROTECT, related_name="events", verbose_name=_("type")
    )
    title = models.CharField(_("titel eller emne"), max_length=TITLE_MAX_LENGTH)
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"), null=True, blank=True)
    estates = models.ManyToManyField(Estate, related_name="events", verbose_name=_("boligområder"))
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("sted"),
    )
    organiser = models.CharField(
        _("arrangør"), max_length=20, choices=Organiser.choices, default=Organiser.PROGRAMME
    )
    organiser_name = models.CharField(
        _("arrangørens navn"), max_length=ORGANISER_NAME_MAX_LENGTH, blank=True
    )
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="events", verbose_name=_("samarbejdspartnere")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    participants_residents = models.PositiveIntegerField(
        _("deltagere, beboere"), null=True, blank=True
    )
    participants_non_residents = models.PositiveIntegerField(
        _("deltagere, ikke-beboere"), null=True, blank=True
    )
    resident_volunteers = models.PositiveIntegerField(
        _("frivillige beboere, der hjalp"), null=True, blank=True
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="events", verbose_name=_("målgrupper")
    )
    notes = models.TextField(_("noter"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oprettet af"),
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senest ændret"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[estates, partners, target_groups])

    class Meta:
        ordering = ["-starts_at", "pk"]
        verbose_name = _("arrangement")
        verbose_name_plural = _("arrangementer")
        constraints = [
            models.CheckConstraint(
                condition=Q(participants_residents__isnull=True) | Q(participants_residents__gte=0),
                name="event_participants_residents_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(participants_non_residents__isnull=True)
                | Q(participants_non_residents__gte=0),
                name="event_participants_non_residents_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(resident_volunteers__isnull=True) | Q(resident_volunteers__gte=0),
                name="event_resident_volunteers_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("Arrangementet kan ikke slutte, før det begynder."),
            ),
            models.CheckConstraint(
                condition=~Q(status="held")
                | Q(participants_residents__isnull=False, participants_non_residents__isnull=False),
                name="event_held_has_participants",
                violation_error_message=_("Et afholdt arrangement skal have deltagertal."),
            ),
        ]
        indexes = [models.Index(fields=["programme", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"event_id": self.pk})

    @property
    def participants_total(self) -> int | None:
        if self.participants_residents is None or self.participants_non_residents is None:
            return None
        return self.participants_residents + self.participants_non_residents


class BookingSource(models.TextChoices):
    ICS = "ics", _("Kalenderfil (iCalendar)")
    CSV = "csv", _("Regneark (CSV)")


class ExternalBooking(models.Model):
    """An event imported from Kulturhus Syd's booking calendar, under the key the calendar
    gives it, so that importing the calendar again updates the event instead of adding it
    twice.

    A repeating booking is one event per date, each under the booking's key and the date's
    start as the booking's rule gives it (``occurrence``), so a re-import finds every date
    again, also one moved by hand in the calendar. The row also records what the import
    decided that the figures depend on (when the date was first imported, when an import
    cancelled it), which the indicators give as the reasons a closed year's figure moved:
    it is the one row that exists exactly for the imported events, so those reasons are a
    plain indexed filter rather than a search through the events' history."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="+", verbose_name=_("indsats")
    )
    event = models.OneToOneField(
        Event,
        on_delete=models.CASCADE,
        related_name="external_booking",
        verbose_name=_("arrangement"),
    )
    source = models.CharField(_("kilde"), max_length=10, choices=BookingSource.choices)
    key = models.CharField(_("nøgle"), max_length=255)
    # The booking's own key: every date of a repeating booking shares it.
    series = models.CharField(_("bookingens nøgle"), max_length=255)
    occurrence = models.DateTimeField(_("datoens start efter gentagelsen"), null=True, blank=True)
    first_imported_at = models.DateTimeField(_("først importeret"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("aflyst ved import"), null=True, blank=True)

    class Meta:
        verbose_name = _("importeret booking")
        verbose_name_plural = _("importerede bookinger")
        constraints = [
            models.UniqueConstraint(fields=["programme", "key"], name="external_booking_unique_key")
        ]
        indexes = [models.Index(fields=["programme", "series"])]

    def __str__(self) -> str:
        return self.key
