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

from helhedsplan.agreements.models import Activity
from helhedsplan.core.lists.models import ProgrammeListEntry
from helhedsplan.events.models import Event
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


# The most hours one entry may hold: a day.
MOST_HOURS_A_DAY = 24


class Task(models.Model):
    """What volunteers do, per activity of an agreement or per event, e.g. "Lektiecafé,
    tirsdage". A task belongs to one estate: the staff of that estate keep it, assign the
    volunteers they keep and log their hours."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="volunteer_tasks",
        verbose_name=_("indsats"),
    )
    estate = models.ForeignKey(
        Estate,
        on_delete=models.PROTECT,
        related_name="volunteer_tasks",
        verbose_name=_("boligområde"),
    )
    name = models.CharField(_("opgave"), max_length=200)
    # An activity of the agreement version in force when the task was registered. Editing a
    # draft replaces its activities; a link to one is let go rather than blocking the edit.
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer_tasks",
        verbose_name=_("aktivitet"),
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer_tasks",
        verbose_name=_("arrangement"),
    )
    volunteers: models.ManyToManyField[Volunteer, Assignment] = models.ManyToManyField(
        Volunteer,
        through="Assignment",
        related_name="tasks",
        verbose_name=_("frivillige"),
    )
    started_on = models.DateField(_("startet"))
    ended_on = models.DateField(_("afsluttet"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("opgave")
        verbose_name_plural = _("opgaver")
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="task_has_a_name"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="task_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "volunteers:task_detail", kwargs={"slug": self.programme.slug, "task_id": self.pk}
        )


class Assignment(models.Model):
    """A volunteer on a task. Personal data: exported and erased with the volunteer."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("opgave")
    )
    volunteer = models.ForeignKey(
        Volunteer,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("frivillig"),
    )
    assigned_on = models.DateField(_("tilknyttet"), default=timezone.localdate)

    history = HistoricalRecords()

    class Meta:
        ordering = ["task", "volunteer"]
        verbose_name = _("tilknytning til opgave")
        verbose_name_plural = _("tilknytninger til opgaver")
        constraints = [
            models.UniqueConstraint(fields=["task", "volunteer"], name="assignment_once_per_task")
        ]

    def __str__(self) -> str:
        return str(self.task)


class HourEntry(models.Model):
    """Hours a volunteer gave a task on a day: one entry per volunteer, task and day."""

    task = models.ForeignKey(
        Task, on_delete=models.PROTECT, related_name="hour_entries", verbose_name=_("opgave")
    )
    volunteer = models.ForeignKey(
        Volunteer,
        on_delete=models.CASCADE,
        related_name="hour_entries",
        verbose_name=_("frivillig"),
    )
    day = models.DateField(_("dag"))
    hours = models.DecimalField(_("timer"), max_digits=4, decimal_places=2)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registreret af"),
    )
    # Part 3: the volunteer logs their own hours through their personal link.
    logged_by_volunteer = models.BooleanField(_("registreret af den frivillige"), default=False)
    logged_at = models.DateTimeField(_("registreret"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["day", "task", "volunteer"]
        verbose_name = _("timer")
        verbose_name_plural = _("timer")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "volunteer", "day"], name="hour_entry_once_a_day"
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=MOST_HOURS_A_DAY),
                name="hour_entry_hours_in_a_day",
            ),
            # Logged either by the volunteer or by a staff user, never claimed by both.
            models.CheckConstraint(
                condition=Q(logged_by_volunteer=False) | Q(logged_by__isnull=True),
                name="hour_entry_one_logger",
            ),
        ]
        indexes = [models.Index(fields=["volunteer", "day"])]

    def __str__(self) -> str:
        return f"{self.task}: {self.day} ({self.hours})"


class VolunteerCard(models.Model):
    """A printed card a volunteer shows, e.g. at the door of an event: its QR code opens the
    public check page by the token, which says only whether the card is valid. The token is
    the card's only key, so it is random (``secrets``) and never derived from the person."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="cards", verbose_name=_("frivillig")
    )
    token = models.CharField(_("nøgle"), max_length=64, unique=True)
    issued_on = models.DateField(_("udstedt"), default=timezone.localdate)
    valid_until = models.DateField(_("gyldigt til"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("udstedt af"),
    )
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("frivilligkort")
        verbose_name_plural = _("frivilligkort")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("issued_on")), name="card_valid_after_issue"
            ),
            # One card in force per volunteer: issuing a new one revokes the old.
            models.UniqueConstraint(
                fields=["volunteer"],
                condition=Q(revoked_at__isnull=True),
                name="card_one_unrevoked_per_volunteer",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Kort gyldigt til %(date)s") % {"date": self.valid_until})
