"""Resident grant pools (*beboerpuljer*): the pools, their yearly frames, guidelines, rounds
and committee, and the applications residents send (online, or on paper through staff).

Money is ``Decimal`` kroner with øre (two decimals), never floats. The contact person of an
application is a named person kept through the privacy lifecycle (``ApplicationContact``, the
register ``grants``): the application itself is the funder's audit file and stays when the
contact is erased (its ``contact`` becomes empty).
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helhedsplan.events.models import Event
from helhedsplan.privacy.models import Consent
from helhedsplan.programmes.models import Estate, Programme

# Kroner with øre: up to 9.999.999.999,99 kr. (``max_digits=12, decimal_places=2``).
# The reference numbers' prefix: BP-2026-0007 (beboerpulje, year, number in the year).
REFERENCE_PREFIX = "BP"
# Attachments: at most this many, each at most this large (checked by content, see services).
MOST_ATTACHMENTS = 3
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def _link_key() -> str:
    return secrets.token_urlsafe(12)


class Pool(models.Model):
    """A programme's grant pool, for all its estates or for one."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="grant_pools", verbose_name=_("indsats")
    )
    # Empty: the pool is for every estate of the programme.
    estate = models.ForeignKey(
        Estate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grant_pools",
        verbose_name=_("boligområde"),
    )
    name = models.CharField(_("navn"), max_length=200)
    # The public form's address: unguessable, so that only the link and the poster lead to it.
    link_key = models.CharField(
        _("nøgle til linket"), max_length=40, unique=True, default=_link_key
    )
    is_open = models.BooleanField(_("åben for ansøgninger"), default=True)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("pulje")
        verbose_name_plural = _("puljer")
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="grant_pool_has_a_name"),
            models.UniqueConstraint(fields=["programme", "name"], name="grant_pool_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "grants:application_list", kwargs={"slug": self.programme.slug, "pool_id": self.pk}
        )


class PoolFrame(models.Model):
    """The pool's budget frame for one calendar year."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="frames")
    year = models.PositiveSmallIntegerField(_("år"))
    amount = models.DecimalField(_("ramme"), max_digits=12, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["year"]
        verbose_name = _("årlig ramme")
        verbose_name_plural = _("årlige rammer")
        constraints = [
            models.UniqueConstraint(fields=["pool", "year"], name="grant_frame_one_per_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="grant_frame_not_negative"),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="grant_frame_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pool} {self.year}"


def _guideline_name(guideline: Guideline, filename: str) -> str:
    return f"grants/guidelines/{uuid.uuid4().hex}"


class Guideline(models.Model):
    """One version of the pool's guidelines; a new version is a new row."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="guidelines")
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("retningslinjer"))
    pdf = models.FileField(_("PDF"), upload_to=_guideline_name, max_length=200, blank=True)
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
        ordering = ["pool", "-version"]
        verbose_name = _("retningslinjer")
        verbose_name_plural = _("retningslinjer")
        constraints = [
            models.UniqueConstraint(fields=["pool", "version"], name="grant_guideline_version"),
            models.CheckConstraint(condition=~Q(text=""), name="grant_guideline_not_blank"),
        ]

    def __str__(self) -> str:
        return f"{self.pool} v{self.version}"


class RoundKind(models.TextChoices):
    ROLLING = "rolling", _("Løbende")
    DEADLINE = "deadline", _("Med ansøgningsfrist")


class Round(models.Model):
    """An application round: rolling (no deadline) or with a deadline."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="rounds")
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("slags"), max_length=20, choices=RoundKind.choices)
    opens_on = models.DateField(_("åbner"))
    deadline = models.DateField(_("ansøgningsfrist"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["opens_on", "pk"]
        verbose_name = _("ansøgningsrunde")
        verbose_name_plural = _("ansøgningsrunder")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=RoundKind.ROLLING) & Q(deadline__isnull=True))
                | (
                    Q(kind=RoundKind.DEADLINE)
                    & Q(deadline__isnull=False)
                    & Q(deadline__gte=F("opens_on"))
                ),
                name="grant_round_deadline_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CommitteeMember(models.Model):
    """A member of the pool's committee, by name and role (e.g. "beboerrepræsentant")."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="committee")
    name = models.CharField(_("navn"), max_length=200)
    role = models.CharField(_("rolle"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("udvalgsmedlem")
        verbose_name_plural = _("udvalgsmedlemmer")
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="grant_member_has_a_name"),
        ]

    def __str__(self) -> str:
        return self.name


class CommitteeMeeting(models.Model):
    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("dato"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["held_on"]
        verbose_name = _("udvalgsmøde")
        verbose_name_plural = _("udvalgsmøder")
        constraints = [
            models.UniqueConstraint(fields=["pool", "held_on"], name="grant_meeting_one_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.pool} {self.held_on:%d.%m.%Y}"


class ApplicationContact(models.Model):
    """The contact person of an application: a named person on consent, in the privacy
    register ``grants`` (``register.py``). Their estate is the application's."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="+", verbose_name=_("indsats")
    )
    estate = models.ForeignKey(
        Estate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("boligområde"),
    )
    name = models.CharField(_("navn"), max_length=200)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    consent = models.OneToOneField(
        Consent, on_delete=models.PROTECT, related_name="+", verbose_name=_("samtykke")
    )
    created_at = models.DateTimeField(_("registreret"), default=timezone.now)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""), name="grant_contact_phone_or_email"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="grant_contact_has_a_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        application = self.applications.first()
        if application is None:
            return reverse("grants:pool_list", kwargs={"slug": self.programme.slug})
        return application.get_absolute_url()


class Status(models.TextChoices):
    RECEIVED = "received", _("Modtaget")
    UNDER_REVIEW = "under_review", _("Under behandling")
    APPROVED = "approved", _("Bevilget")
    PARTLY_APPROVED = "partly_approved", _("Delvist bevilget")
    REJECTED = "rejected", _("Afslået")
    PAID = "paid", _("Udbetalt")
    REPORTED = "reported", _("Afrapporteret")
    CLOSED = "closed", _("Afsluttet")


# The workflow, in one place: the states an application may go to from each state (every
# service that changes the status asks ``may_become``). A review may be saved again under
# review; a rejected application is final.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.RECEIVED: frozenset({Status.UNDER_REVIEW}),
    Status.UNDER_REVIEW: frozenset(
        {Status.UNDER_REVIEW, Status.APPROVED, Status.PARTLY_APPROVED, Status.REJECTED}
    ),
    # A grant whose activity was cancelled is closed without a report back, paid or not.
    Status.APPROVED: frozenset({Status.PAID, Status.CLOSED}),
    Status.PARTLY_APPROVED: frozenset({Status.PAID, Status.CLOSED}),
    Status.REJECTED: frozenset(),
    Status.PAID: frozenset({Status.REPORTED, Status.CLOSED}),
    Status.REPORTED: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
}


def may_become(current: str, new: str) -> bool:
    return new in TRANSITIONS[current]


class Outcome(models.TextChoices):
    """The committee's decision; each is also the application's status after it."""

    APPROVED = Status.APPROVED.value, _("Bevilget")
    PARTLY_APPROVED = Status.PARTLY_APPROVED.value, _("Delvist bevilget")
    REJECTED = Status.REJECTED.value, _("Afslået")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("På papir")


class Application(models.Model):
    pool = models.ForeignKey(
        Pool, on_delete=models.PROTECT, related_name="applications", verbose_name=_("pulje")
    )
    # The pool's programme, kept here so that the database holds the reference unique per
    # programme and year.
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="+", verbose_name=_("indsats")
    )
    round = models.ForeignKey(
        Round,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("ansøgningsrunde"),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    number = models.PositiveIntegerField(_("løbenummer"))
    reference = models.CharField(_("referencenummer"), max_length=20)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    channel = models.CharField(_("modtaget"), max_length=10, choices=Channel.choices)
    applicant_group = models.CharField(_("ansøger (gruppe eller forening)"), max_length=200)
    # Empty once the contact person is erased; the application stays for the funder's audit.
    contact = models.ForeignKey(
        ApplicationContact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("kontaktperson"),
    )
    estate = models.ForeignKey(
        Estate, on_delete=models.PROTECT, related_name="+", verbose_name=_("boligområde")
    )
    activity = models.CharField(_("aktivitet"), max_length=200)
    purpose = models.TextField(_("formål"))
    target_group = models.CharField(_("målgruppe"), max_length=500)
    # Whether the applicants say the activity gathers residents across ethnicity and
    # generations: the granted activity's event then counts for F4 (a mixed group). Not
    # stated (as on the applications sent before the question was asked) is no.
    mixed_group = models.BooleanField(
        _("blandet gruppe på tværs af etnicitet og generationer"), default=False
    )
    # The granted activity as an event (``services.granted_event_create``), which counts for
    # the indicators once held. Empty until a grant; a rejection never has one.
    event = models.OneToOneField(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grant_application",
        verbose_name=_("arrangement"),
    )
    partners = models.CharField(_("samarbejdspartnere"), max_length=500, blank=True)
    starts_on = models.DateField(_("dato"))
    ends_on = models.DateField(_("slutdato"), null=True, blank=True)
    amount_requested = models.DecimalField(_("ansøgt beløb"), max_digits=12, decimal_places=2)
    advertising = models.TextField(_("sådan bliver aktiviteten annonceret"), blank=True)
    help_wanted = models.TextField(_("hjælp fra medarbejderne"), blank=True)
    received_at = models.DateTimeField(_("modtaget"), default=timezone.now)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indtastet af"),
    )
    # The review (staff): their notes, whether the application is complete, who and when.
    review_notes = models.TextField(_("noter fra behandlingen"), blank=True)
    complete = models.BooleanField(_("ansøgningen er komplet"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("behandlet af"),
    )
    reviewed_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    # The committee meeting whose agenda the application is on (placed by staff once reviewed;
    # the meeting is of the application's pool, held by ``services.application_place``).
    meeting = models.ForeignKey(
        CommitteeMeeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("udvalgsmøde"),
    )
    closed_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("ansøgning")
        verbose_name_plural = _("ansøgninger")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "number"], name="grant_application_number"
            ),
            models.UniqueConstraint(
                fields=["programme", "reference"], name="grant_application_reference"
            ),
            models.CheckConstraint(
                condition=Q(amount_requested__gt=0), name="grant_application_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="grant_application_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.CLOSED, closed_at__isnull=False)
                | (~Q(status=Status.CLOSED) & Q(closed_at__isnull=True)),
                name="grant_application_closed_at_when_closed",
            ),
            models.CheckConstraint(condition=~Q(activity=""), name="grant_application_activity"),
            # Only a reviewed application goes on a committee's agenda.
            models.CheckConstraint(
                condition=Q(meeting__isnull=True) | ~Q(status=Status.RECEIVED),
                name="grant_application_placed_after_review",
            ),
            # Every step after "received" comes after a review.
            models.CheckConstraint(
                condition=Q(status=Status.RECEIVED) | Q(reviewed_at__isnull=False),
                name="grant_application_reviewed_after_received",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.activity}"

    def get_absolute_url(self) -> str:
        return reverse(
            "grants:application_detail",
            kwargs={"slug": self.programme.slug, "application_id": self.pk},
        )


class ReferenceCounter(models.Model):
    """The last reference number given in a programme's year. Its row is the lock that
    numbers simultaneous applications in turn."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="grant_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.year}: {self.last}"


class BudgetLine(models.Model):
    """One line of the application's budget; the lines add up to the amount requested (held
    by ``services.application_submit``: a sum across rows is no row's constraint)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("nummer"))
    description = models.CharField(_("udgift"), max_length=200)
    amount = models.DecimalField(_("beløb"), max_digits=12, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "position"]
        verbose_name = _("budgetlinje")
        verbose_name_plural = _("budgetlinjer")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "position"], name="grant_budget_line_position"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_budget_line_positive"),
            models.CheckConstraint(
                condition=~Q(description=""), name="grant_budget_line_described"
            ),
        ]

    def __str__(self) -> str:
        return self.description


def _attachment_name(attachment: Attachment, filename: str) -> str:
    # A random name: the stored name tells nothing of the applicant.
    return f"grants/attachments/{uuid.uuid4().hex}"


class AttachmentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"


class Attachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("fil"), upload_to=_attachment_name, max_length=200)
    original_name = models.CharField(_("filnavn"), max_length=200)
    kind = models.CharField(_("type"), max_length=10, choices=AttachmentKind.choices)
    size = models.PositiveIntegerField(_("størrelse"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("bilag")
        verbose_name_plural = _("bilag")
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gt=0) & Q(size__lte=ATTACHMENT_MAX_BYTES),
                name="grant_attachment_size",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


class Decision(models.Model):
    """The committee's decision on an application, at a meeting: the amount granted (the
    whole amount requested, part of it, or nothing), its conditions and reasons, and the
    deadline of the report back. The amount granted is charged to the pool's frame of
    ``frame_year`` (the year the activity begins)."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="decision", verbose_name=_("ansøgning")
    )
    outcome = models.CharField(_("afgørelse"), max_length=20, choices=Outcome.choices)
    meeting = models.ForeignKey(
        CommitteeMeeting,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("udvalgsmøde"),
    )
    amount_granted = models.DecimalField(_("bevilget beløb"), max_digits=12, decimal_places=2)
    conditions = models.TextField(_("betingelser"), blank=True)
    reasons = models.TextField(_("begrundelse"), blank=True)
    frame_year = models.PositiveSmallIntegerField(_("rammens år"))
    report_due_on = models.DateField(_("frist for afrapportering"), null=True, blank=True)
    decided_at = models.DateTimeField(_("registreret"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registreret af"),
    )
    # A grant beyond the year's frame (part 3): who allowed it, when and why. The person is
    # kept (PROTECT): the override is the funder's audit of the overrun.
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rammen overskredet af"),
    )
    override_at = models.DateTimeField(_("rammen overskredet"), null=True, blank=True)
    override_reason = models.TextField(_("begrundelse for at overskride rammen"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("afgørelse")
        verbose_name_plural = _("afgørelser")
        constraints = [
            # A grant is more than nothing and has a report back due; a rejection neither.
            models.CheckConstraint(
                condition=(
                    Q(outcome=Outcome.REJECTED)
                    & Q(amount_granted=0)
                    & Q(report_due_on__isnull=True)
                )
                | (
                    ~Q(outcome=Outcome.REJECTED)
                    & Q(amount_granted__gt=0)
                    & Q(report_due_on__isnull=False)
                ),
                name="grant_decision_amount_matches_outcome",
            ),
            models.CheckConstraint(
                condition=Q(frame_year__gte=2000) & Q(frame_year__lte=2100),
                name="grant_decision_frame_year_range",
            ),
            models.CheckConstraint(
                condition=(
                    Q(override_by__isnull=True)
                    & Q(override_at__isnull=True)
                    & Q(override_reason="")
                )
                | (
                    Q(override_by__isnull=False)
                    & Q(override_at__isnull=False)
                    & ~Q(override_reason="")
                ),
                name="grant_decision_override_whole_or_none",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.get_outcome_display()}"


# Part 3 B: the report back, and the reminders of overdue reports ---------------------------

# The evaluation is a short text: a few lines on how it went, not a report of its own.
EVALUATION_MAX_CHARS = 2000
# The report's files: at most this many receipts and photos, each at most
# ``ATTACHMENT_MAX_BYTES``, all of them together at most ``REPORT_FILES_MAX_BYTES``.
MOST_RECEIPTS = 10
MOST_PHOTOS = 10
REPORT_FILES_MAX_BYTES = 40 * 1024 * 1024
# A reminder of an overdue report goes to the contact at most once in this many days.
REMINDER_INTERVAL_DAYS = 7


class Report(models.Model):
    """The group's report back on a paid grant, entered by staff: how many took part
    (residents and others, as the event model counts them), a short evaluation, the receipts
    and any photos (``ReportFile``), and the consent to use the photos, recorded with who
    and when."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="report", verbose_name=_("ansøgning")
    )
    participants_residents = models.PositiveIntegerField(_("deltagere, beboere"))
    participants_non_residents = models.PositiveIntegerField(_("deltagere, ikke-beboere"))
    # How many residents helped run it, when the group says (the event counts them).
    resident_volunteers = models.PositiveIntegerField(
        _("beboere, der hjalp"), null=True, blank=True
    )
    evaluation = models.TextField(
        _("evaluering"), validators=[MaxLengthValidator(EVALUATION_MAX_CHARS)]
    )
    # The people who can be recognised in the photos have agreed that the programme may use
    # them: required when there are photos (held by ``services.report_back_record``).
    photo_consent = models.BooleanField(_("samtykke til billederne"), default=False)
    photo_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("samtykke registreret af"),
    )
    photo_consent_at = models.DateTimeField(_("samtykke registreret"), null=True, blank=True)
    entered_at = models.DateTimeField(_("registreret"), default=timezone.now)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registreret af"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-entered_at", "-pk"]
        verbose_name = _("afrapportering")
        verbose_name_plural = _("afrapporteringer")
        constraints = [
            models.CheckConstraint(
                condition=~Q(evaluation=""), name="grant_report_has_an_evaluation"
            ),
            # The consent's time is there exactly when the consent is.
            models.CheckConstraint(
                condition=Q(photo_consent=True, photo_consent_at__isnull=False)
                | Q(photo_consent=False, photo_consent_at__isnull=True),
                name="grant_report_photo_consent_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference}: {_('afrapportering')}"


class ReportFileRole(models.TextChoices):
    RECEIPT = "receipt", _("Kvittering")
    PHOTO = "photo", _("Billede")


def _report_file_name(report_file: ReportFile, filename: str) -> str:
    # A random name, as the attachments': the stored name tells nothing of the group.
    return f"grants/reports/{uuid.uuid4().hex}"


class ReportFile(models.Model):
    """A receipt (PDF, JPEG or PNG) or a photo (JPEG or PNG) of a report, in private storage."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    role = models.CharField(_("slags"), max_length=10, choices=ReportFileRole.choices)
    file = models.FileField(_("fil"), upload_to=_report_file_name, max_length=200)
    original_name = models.CharField(_("filnavn"), max_length=200)
    kind = models.CharField(_("type"), max_length=10, choices=AttachmentKind.choices)
    size = models.PositiveIntegerField(_("størrelse"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "role", "pk"]
        verbose_name = _("fil til afrapportering")
        verbose_name_plural = _("filer til afrapportering")
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gt=0) & Q(size__lte=ATTACHMENT_MAX_BYTES),
                name="grant_report_file_size",
            ),
            models.CheckConstraint(
                condition=~Q(role=ReportFileRole.PHOTO) | ~Q(kind=AttachmentKind.PDF),
                name="grant_report_photo_is_an_image",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


class ReportReminder(models.Model):
    """A reminder of an overdue report sent to the application's contact. The address is not
    kept: it is the contact's, erased with them."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField(_("sendt"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "-sent_at"]
        verbose_name = _("påmindelse om afrapportering")
        verbose_name_plural = _("påmindelser om afrapportering")
        indexes = [models.Index(fields=["application", "sent_at"], name="grant_reminder_sent")]

    def __str__(self) -> str:
        return f"{self.application.reference} {self.sent_at:%d.%m.%Y}"


# Part 3: the money (payout and closing) ---------------------------------------------------


class Payout(models.Model):
    """The payout of a grant: one per application, at most the amount granted. The payment
    itself goes through the housing organisation's creditor process; this row records that it
    was made, with the organisation's voucher number, and nothing of the recipient's bank."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="payout", verbose_name=_("ansøgning")
    )
    paid_on = models.DateField(_("udbetalt"))
    amount = models.DecimalField(_("udbetalt beløb"), max_digits=12, decimal_places=2)
    voucher = models.CharField(_("bilagsnummer"), max_length=30, blank=True)
    recorded_at = models.DateTimeField(_("registreret"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registreret af"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-paid_on", "-pk"]
        verbose_name = _("udbetaling")
        verbose_name_plural = _("udbetalinger")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_payout_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.amount}"


class Closing(models.Model):
    """The closing of a grant, and what comes back to the pool's frame with it: the money the
    group paid back (``repaid``) and the part of the grant never paid out (``released``). The
    frame's "returned" is the sum of these rows. ``cancelled``: the activity did not happen
    and the grant was closed without a report back."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="closing", verbose_name=_("ansøgning")
    )
    repaid = models.DecimalField(_("betalt tilbage"), max_digits=12, decimal_places=2)
    repaid_on = models.DateField(_("betalt tilbage den"), null=True, blank=True)
    released = models.DecimalField(_("ikke udbetalt"), max_digits=12, decimal_places=2)
    cancelled = models.BooleanField(_("aktiviteten blev aflyst"), default=False)
    note = models.TextField(_("note"), blank=True)
    closed_at = models.DateTimeField(_("afsluttet"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afsluttet af"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-closed_at", "-pk"]
        verbose_name = _("afslutning")
        verbose_name_plural = _("afslutninger")
        constraints = [
            models.CheckConstraint(
                condition=Q(repaid__gte=0) & Q(released__gte=0),
                name="grant_closing_not_negative",
            ),
            # Money paid back has the day it came.
            models.CheckConstraint(
                condition=(Q(repaid=0) & Q(repaid_on__isnull=True))
                | (Q(repaid__gt=0) & Q(repaid_on__isnull=False)),
                name="grant_closing_repaid_has_a_date",
            ),
            # A cancelled grant says why.
            models.CheckConstraint(
                condition=Q(cancelled=False) | ~Q(note=""), name="grant_closing_cancel_noted"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.repaid} + {self.released}"


# Questions to the applicant during the review ---------------------------------------------


class Question(models.Model):
    """A question staff asked the applicant while reviewing the application: e-mailed to the
    contact person when there is an address (and their consent stands), otherwise for staff
    to ask by phone. Kept with the application, as the review's record."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="questions", verbose_name=_("ansøgning")
    )
    text = models.TextField(_("spørgsmål"))
    asked_at = models.DateTimeField(_("stillet"), default=timezone.now)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stillet af"),
    )
    emailed = models.BooleanField(_("sendt pr. e-mail"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["asked_at", "pk"]
        verbose_name = _("spørgsmål til ansøgeren")
        verbose_name_plural = _("spørgsmål til ansøgeren")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="grant_question_has_a_text"),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.text[:40]}"
