"""The volunteer register: residents (and others) who volunteer in the programme, each on a
consent (``privacy``). Named people, so only the privacy lifecycle keeps them: a volunteer
cannot be saved without a consent (a non-null reference), and is erased for real."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
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


# The certificate -------------------------------------------------------------------------

# The default: a certificate recognises at least 20 hours given.
CERTIFICATE_MINIMUM_HOURS_DEFAULT = Decimal(20)


class CertificatePolicy(models.Model):
    """A programme's rules for certificates, set by its secretariat head: how many hours a
    certificate requires, and who signs. Without a row, the default minimum holds and the
    programme's only secretariat head signs (``services.certificate_signer``)."""

    programme = models.OneToOneField(
        Programme,
        on_delete=models.CASCADE,
        related_name="volunteer_certificate_policy",
        verbose_name=_("indsats"),
    )
    minimum_hours = models.DecimalField(
        _("mindste antal timer"),
        max_digits=6,
        decimal_places=2,
        default=CERTIFICATE_MINIMUM_HOURS_DEFAULT,
    )
    # A person with the secretariat-head role in the programme (``services`` checks it).
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("underskriver"),
    )
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
        verbose_name = _("regler for frivilligbeviser")
        verbose_name_plural = _("regler for frivilligbeviser")
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_hours__gt=0), name="certificate_policy_minimum_positive"
            )
        ]

    def __str__(self) -> str:
        return str(self.programme)


class SignerRole(models.TextChoices):
    """The role printed under the signature. A choice rather than free text, so that the
    English certificate prints it in English."""

    SECRETARIAT_HEAD = "secretariat_head", pgettext_lazy("certificate signer", "Sekretariatsleder")


class VolunteerCertificate(models.Model):
    """A certificate (*frivilligbevis*) as issued: a snapshot of the hours, period and tasks
    found on the day, and of who signed, so that a reprint says what was signed. The PDF is
    rendered from it on demand (``certificates.certificate_pdf``), in Danish or English."""

    volunteer = models.ForeignKey(
        Volunteer,
        on_delete=models.CASCADE,
        related_name="certificates",
        verbose_name=_("frivillig"),
    )
    issued_on = models.DateField(_("udstedt"), default=timezone.localdate)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("udstedt af"),
    )
    signer_name = models.CharField(_("underskrevet af"), max_length=300)
    signer_role = models.CharField(_("underskrivers rolle"), max_length=30, choices=SignerRole)
    period_start = models.DateField(_("fra"))
    period_end = models.DateField(_("til"))
    total_hours = models.DecimalField(_("timer i alt"), max_digits=8, decimal_places=2)
    # The tasks with their hours on the day of issue are its lines (``CertificateTask``).
    competences = models.TextField(_("kompetencer"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("frivilligbevis")
        verbose_name_plural = _("frivilligbeviser")
        constraints = [
            models.CheckConstraint(condition=Q(total_hours__gt=0), name="certificate_has_hours"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="certificate_period_ends_after_start",
            ),
            models.CheckConstraint(condition=~Q(signer_name=""), name="certificate_has_a_signer"),
        ]

    def __str__(self) -> str:
        return str(_("Frivilligbevis udstedt %(date)s") % {"date": self.issued_on})


class CertificateTask(models.Model):
    """A line of a certificate: a task and the hours given it, as on the day of issue (a
    task renamed later keeps its old name here). Rows rather than a JSON list, so that the
    person's export lists them like every other row."""

    certificate = models.ForeignKey(
        VolunteerCertificate,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("frivilligbevis"),
    )
    position = models.PositiveSmallIntegerField(_("nummer"))
    name = models.CharField(_("opgave"), max_length=200)
    hours = models.DecimalField(_("timer"), max_digits=8, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["certificate", "position"]
        verbose_name = _("opgave på frivilligbevis")
        verbose_name_plural = _("opgaver på frivilligbeviser")
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "position"], name="certificate_task_position_once"
            ),
            models.CheckConstraint(condition=Q(hours__gt=0), name="certificate_task_has_hours"),
        ]

    def __str__(self) -> str:
        return self.name


# Volunteer parties, invitations and events' helpers


class Presence(models.TextChoices):
    UNKNOWN = "unknown", _("Ukendt")
    PRESENT = "present", _("Kom")
    ABSENT = "absent", _("Kom ikke")


class EventVolunteer(models.Model):
    """A volunteer's part in an event of the events app: invited to it (a volunteer party is
    an event they are invited to), present or not, and whether they were one of its helping
    volunteers. Personal data: exported and erased with the volunteer; it goes with the event
    too. The event's own helper count (``Event.resident_volunteers``) stays the events app's
    figure; the links stand beside it (``queries.event_volunteer_counts``)."""

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="volunteer_parts",
        verbose_name=_("arrangement"),
    )
    volunteer = models.ForeignKey(
        Volunteer,
        on_delete=models.CASCADE,
        related_name="event_parts",
        verbose_name=_("frivillig"),
    )
    # Empty for a helper who was linked without an invitation.
    invited_on = models.DateField(_("inviteret"), null=True, blank=True)
    presence = models.CharField(
        _("fremmøde"), max_length=10, choices=Presence.choices, default=Presence.UNKNOWN
    )
    helped = models.BooleanField(_("hjalp til"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "volunteer"]
        verbose_name = _("frivillig ved arrangement")
        verbose_name_plural = _("frivillige ved arrangementer")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "volunteer"], name="event_volunteer_once_per_event"
            ),
            # A helper was there.
            models.CheckConstraint(
                condition=Q(helped=False) | Q(presence="present"),
                name="event_volunteer_helper_present",
            ),
        ]

    def __str__(self) -> str:
        return str(self.event)


# The personal link ----------------------------------------------------------------------


class PersonalLink(models.Model):
    """A volunteer's personal link: through it, without an account, they see what is
    registered about them, log their hours, correct their contact details, fetch their
    certificate and withdraw their consent. Its address carries a token signed over the row's
    id and a random nonce (``services.personal_link_issue``); the row keeps no token, and the
    nonce's hash lives in ``PersonalLinkKey``. It works until it expires or is revoked; issuing
    a new link revokes the volunteer's earlier ones."""

    volunteer = models.ForeignKey(
        Volunteer,
        on_delete=models.CASCADE,
        related_name="personal_links",
        verbose_name=_("frivillig"),
    )
    created_at = models.DateTimeField(_("udstedt"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("udstedt af"),
    )
    expires_at = models.DateTimeField(_("udløber"))
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)
    # Written with a queryset update on each use, so that visits add no history rows.
    last_used_at = models.DateTimeField(_("sidst brugt"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("personligt link")
        verbose_name_plural = _("personlige links")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="personal_link_expires_later"
            ),
            # One link in force per volunteer: issuing a new one revokes the old.
            models.UniqueConstraint(
                fields=["volunteer"],
                condition=Q(revoked_at__isnull=True),
                name="personal_link_one_unrevoked_per_volunteer",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Personligt link udstedt %(date)s") % {"date": self.created_at.date()})


class PersonalLinkKey(models.Model):
    """The hash of a personal link's nonce, apart from the link: a person's export writes
    every field of their rows (``privacy.queries.personal_data``), and the link's secret is not
    theirs to carry around. Deleted with its link (erasure deletes the links)."""

    link = models.OneToOneField(
        PersonalLink,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="key",
        verbose_name=_("personligt link"),
    )
    nonce_hash = models.CharField(_("nøglens hash"), max_length=64)

    class Meta:
        verbose_name = _("nøgle til personligt link")
        verbose_name_plural = _("nøgler til personlige links")

    def __str__(self) -> str:
        return str(self.link)
