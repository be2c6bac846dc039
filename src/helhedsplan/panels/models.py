"""The resident panel with the police (*beboerpanel med politi*): a panel per estate, or one
joint panel for the programme; its members, named residents kept on their consent through
the privacy lifecycle (``privacy``); and its meetings, which P1 counts per estate and year."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helhedsplan.accounts.models import Organisation
from helhedsplan.privacy.models import Consent
from helhedsplan.programmes.models import Estate, Programme

# An uploaded minutes file: a PDF or a Word document of some pages, perhaps with photos.
MINUTES_MAX_BYTES = 20 * 1024 * 1024


class Panel(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="panels", verbose_name=_("indsats")
    )
    # Empty for a joint panel of the programme's estates.
    estate = models.ForeignKey(
        Estate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="panels",
        verbose_name=_("boligområde"),
    )
    name = models.CharField(_("navn"), max_length=200)
    active = models.BooleanField(_("aktivt"), default=True)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "name", "pk"]
        verbose_name = _("beboerpanel")
        verbose_name_plural = _("beboerpaneler")
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="panel_has_a_name"),
            models.UniqueConstraint(fields=["programme", "name"], name="panel_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("panels:detail", kwargs={"slug": self.programme.slug, "panel_id": self.pk})


class Member(models.Model):
    """A resident on a panel. Named, so only the privacy lifecycle keeps them: a member cannot
    be saved without a consent (a non-null reference), and is erased for real."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="panel_members", verbose_name=_("indsats")
    )
    panel = models.ForeignKey(
        Panel, on_delete=models.PROTECT, related_name="members", verbose_name=_("beboerpanel")
    )
    # The estate the member lives in: the panel's, or for a joint panel one of the
    # programme's. Nullable as every register's person (``privacy.registry``); the services
    # always set it.
    estate = models.ForeignKey(
        Estate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="panel_members",
        verbose_name=_("boligområde"),
    )
    name = models.CharField(_("navn"), max_length=200)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    joined_on = models.DateField(_("indtrådt"))
    left_on = models.DateField(_("udtrådt"), null=True, blank=True)
    # The consent in force. PROTECT and non-null: the database refuses a member without a
    # consent, and a consent while its member refers to it.
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
    # A change counts as activity for the retention (``register.last_activity``).
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("panelmedlem")
        verbose_name_plural = _("panelmedlemmer")
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""), name="panel_member_phone_or_email"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="panel_member_has_a_name"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="panel_member_leaves_after_joining",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "panels:member",
            kwargs={"slug": self.programme.slug, "panel_id": self.panel_id, "member_id": self.pk},
        )


class MinutesKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (.docx)"


def _minutes_name(meeting: Meeting, filename: str) -> str:
    # A random name: the stored name tells nothing of the meeting or its people.
    return f"panels/minutes/{uuid.uuid4().hex}"


class MeetingStatus(models.TextChoices):
    # Planned: on the calendar, with its agenda (the open actions are carried onto it); P1
    # counts only held meetings.
    PLANNED = "planned", _("Planlagt")
    HELD = "held", _("Afholdt")


class Meeting(models.Model):
    """A meeting of a panel in one estate (for a joint panel, the estate it met in), with
    who came by type, the agenda and the minutes: written here, uploaded as a file, or
    both. Planned first, or recorded once held."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="panel_meetings",
        verbose_name=_("indsats"),
    )
    panel = models.ForeignKey(
        Panel, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("beboerpanel")
    )
    estate = models.ForeignKey(
        Estate,
        on_delete=models.PROTECT,
        related_name="panel_meetings",
        verbose_name=_("boligområde"),
    )
    held_on = models.DateField(_("dato"))
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.HELD
    )
    residents = models.PositiveSmallIntegerField(_("beboere"), default=0)
    police = models.PositiveSmallIntegerField(_("politi"), default=0)
    staff = models.PositiveSmallIntegerField(_("medarbejdere"), default=0)
    municipality = models.PositiveSmallIntegerField(_("kommunen"), default=0)
    housing = models.PositiveSmallIntegerField(_("boligorganisationen"), default=0)
    agenda = models.TextField(_("dagsorden"), blank=True)
    minutes = models.TextField(_("referat"), blank=True)
    minutes_file = models.FileField(
        _("referat som fil"), upload_to=_minutes_name, max_length=200, blank=True
    )
    minutes_name = models.CharField(_("filnavn"), max_length=200, blank=True)
    minutes_kind = models.CharField(
        _("filtype"), max_length=10, choices=MinutesKind.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registreret af"),
    )
    created_at = models.DateTimeField(_("registreret"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("panelmøde")
        verbose_name_plural = _("panelmøder")
        indexes = [models.Index(fields=["programme", "held_on"], name="panel_meeting_day")]
        constraints = [
            # Nobody has come to a meeting that has not been held.
            models.CheckConstraint(
                condition=Q(status=MeetingStatus.HELD)
                | Q(residents=0, police=0, staff=0, municipality=0, housing=0),
                name="panel_meeting_planned_has_no_attendance",
            )
        ]

    def __str__(self) -> str:
        return f"{self.panel} {self.held_on.isoformat()}"

    def get_absolute_url(self) -> str:
        return reverse(
            "panels:meeting",
            kwargs={"slug": self.programme.slug, "panel_id": self.panel_id, "meeting_id": self.pk},
        )

    @property
    def attendance(self) -> int:
        return self.residents + self.police + self.staff + self.municipality + self.housing


class Attendee(models.Model):
    """A member who came to a meeting. Theirs, so exported and erased with them; the
    meeting's counts by type stay."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendees", verbose_name=_("møde")
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="attended", verbose_name=_("medlem")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "member"]
        verbose_name = _("fremmødt medlem")
        verbose_name_plural = _("fremmødte medlemmer")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="panel_attendee_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.meeting}"


def _site_plan_name(plan: SitePlan, filename: str) -> str:
    return f"panels/site-plans/{uuid.uuid4().hex}"


class SitePlan(models.Model):
    """An estate's site plan: an image uploaded by staff, on which concerns are pinned. A new
    plan replaces the old one for new pins; a pin keeps the plan it was placed on, so old
    pins never move."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="site_plans", verbose_name=_("indsats")
    )
    estate = models.ForeignKey(
        Estate, on_delete=models.PROTECT, related_name="site_plans", verbose_name=_("boligområde")
    )
    image = models.FileField(_("billede"), upload_to=_site_plan_name, max_length=200)
    # The image's content type as sniffed on upload (PNG or JPEG), and its size in pixels:
    # the page draws the pins in the image's own proportions.
    content_type = models.CharField(_("filtype"), max_length=20)
    width = models.PositiveIntegerField(_("bredde"))
    height = models.PositiveIntegerField(_("højde"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploadet af"),
    )
    uploaded_at = models.DateTimeField(_("uploadet"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["estate", "-uploaded_at", "-pk"]
        verbose_name = _("områdekort")
        verbose_name_plural = _("områdekort")
        constraints = [
            models.CheckConstraint(
                condition=Q(width__gt=0, height__gt=0), name="site_plan_has_a_size"
            )
        ]

    def __str__(self) -> str:
        return f"{self.estate} {self.uploaded_at:%Y-%m-%d}"


class Walk(models.Model):
    """A safety walk (*tryghedsvandring*) through an estate: who walked, by type, and the
    concerns pinned on the way. A follow-up meeting about six months later has the walk's
    actions on its agenda."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="panel_walks", verbose_name=_("indsats")
    )
    panel = models.ForeignKey(
        Panel, on_delete=models.PROTECT, related_name="walks", verbose_name=_("beboerpanel")
    )
    estate = models.ForeignKey(
        Estate, on_delete=models.PROTECT, related_name="panel_walks", verbose_name=_("boligområde")
    )
    walked_on = models.DateField(_("dato"))
    residents = models.PositiveSmallIntegerField(_("beboere"), default=0)
    police = models.PositiveSmallIntegerField(_("politi"), default=0)
    staff = models.PositiveSmallIntegerField(_("medarbejdere"), default=0)
    municipality = models.PositiveSmallIntegerField(_("kommunen"), default=0)
    housing = models.PositiveSmallIntegerField(_("boligorganisationen"), default=0)
    route = models.TextField(_("rute og bemærkninger"), blank=True)
    follow_up = models.OneToOneField(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_walk",
        verbose_name=_("opfølgningsmøde"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registreret af"),
    )
    created_at = models.DateTimeField(_("registreret"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-walked_on", "-pk"]
        verbose_name = _("tryghedsvandring")
        verbose_name_plural = _("tryghedsvandringer")

    def __str__(self) -> str:
        return f"{self.estate} {self.walked_on.isoformat()}"

    @property
    def attendance(self) -> int:
        return self.residents + self.police + self.staff + self.municipality + self.housing


class ConcernCategory(models.TextChoices):
    LIGHTING = "lighting", _("Belysning")
    PLANTING = "planting", _("Beplantning og oversigtsforhold")
    LITTER = "litter", _("Affald, hærværk og graffiti")
    HANGOUT = "hangout", _("Opholdssteder")
    TRAFFIC = "traffic", _("Trafik")
    BEHAVIOUR = "behaviour", _("Adfærd")
    OTHER = "other", _("Andet")


class TimeOfDay(models.TextChoices):
    MORNING = "morning", _("Morgen")
    DAYTIME = "daytime", _("Dag")
    EVENING = "evening", _("Aften")
    NIGHT = "night", _("Nat")
    ALL_DAY = "all_day", _("Hele døgnet")


class WeekPattern(models.TextChoices):
    WEEKDAYS = "weekdays", _("Hverdage")
    WEEKENDS = "weekends", _("Weekender")
    EVERY_DAY = "every_day", _("Alle ugens dage")
    NOW_AND_THEN = "now_and_then", _("En gang imellem")


class Concern(models.Model):
    """What residents feel unsafe about: what, where (a location in words and a pin on the
    estate's site plan) and when, raised at a panel meeting or found on a safety walk."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="panel_concerns",
        verbose_name=_("indsats"),
    )
    estate = models.ForeignKey(
        Estate,
        on_delete=models.PROTECT,
        related_name="panel_concerns",
        verbose_name=_("boligområde"),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concerns",
        verbose_name=_("rejst på mødet"),
    )
    walk = models.ForeignKey(
        Walk,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concerns",
        verbose_name=_("fundet på tryghedsvandringen"),
    )
    category = models.CharField(_("kategori"), max_length=20, choices=ConcernCategory.choices)
    description = models.TextField(_("hvad"))
    location = models.CharField(_("hvor"), max_length=200)
    time_of_day = models.CharField(
        _("tid på døgnet"), max_length=10, choices=TimeOfDay.choices, blank=True
    )
    week_pattern = models.CharField(
        _("ugedage"), max_length=20, choices=WeekPattern.choices, blank=True
    )
    # The pin: a point on a site plan, in thousandths of the image's width and height from its
    # top left corner, so it stays put whatever size the image is drawn in.
    site_plan = models.ForeignKey(
        SitePlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concerns",
        verbose_name=_("områdekort"),
    )
    pin_x = models.PositiveSmallIntegerField(_("nål vandret"), null=True, blank=True)
    pin_y = models.PositiveSmallIntegerField(_("nål lodret"), null=True, blank=True)
    raised_on = models.DateField(_("rejst"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registreret af"),
    )
    created_at = models.DateTimeField(_("registreret"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_on", "-pk"]
        verbose_name = _("utryghed")
        verbose_name_plural = _("utrygheder")
        indexes = [models.Index(fields=["programme", "raised_on"], name="panel_concern_day")]
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting__isnull=False, walk__isnull=True)
                | Q(meeting__isnull=True, walk__isnull=False),
                name="panel_concern_one_origin",
            ),
            models.CheckConstraint(
                condition=Q(site_plan__isnull=True, pin_x__isnull=True, pin_y__isnull=True)
                | Q(
                    site_plan__isnull=False,
                    pin_x__isnull=False,
                    pin_y__isnull=False,
                    pin_x__lte=1000,
                    pin_y__lte=1000,
                ),
                name="panel_concern_pin_on_plan",
            ),
            models.CheckConstraint(
                condition=~Q(description="") & ~Q(location=""), name="panel_concern_what_where"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.location}"


def _concern_photo_name(photo: ConcernPhoto, filename: str) -> str:
    return f"panels/photos/{uuid.uuid4().hex}"


class ConcernPhoto(models.Model):
    """A photo of a concern's place, taken on a safety walk. Places, not people: the form
    warns against faces."""

    concern = models.ForeignKey(
        Concern, on_delete=models.CASCADE, related_name="photos", verbose_name=_("utryghed")
    )
    image = models.FileField(_("foto"), upload_to=_concern_photo_name, max_length=200)
    content_type = models.CharField(_("filtype"), max_length=20)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploadet af"),
    )
    uploaded_at = models.DateTimeField(_("uploadet"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["concern", "pk"]
        verbose_name = _("foto")
        verbose_name_plural = _("fotos")

    def __str__(self) -> str:
        return f"{self.concern} · {self.pk}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Åben")
    IN_PROGRESS = "in_progress", _("I gang")
    DONE = "done", _("Udført")
    REJECTED = "rejected", _("Afvist")


# The statuses an action may move to from each status. Done and rejected can be reopened: a
# lamp fixed in May can be broken again in June, and it is the same action.
ACTION_TRANSITIONS: dict[str, frozenset[str]] = {
    ActionStatus.OPEN: frozenset(
        {ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.REJECTED}
    ),
    ActionStatus.IN_PROGRESS: frozenset(
        {ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.REJECTED}
    ),
    ActionStatus.DONE: frozenset({ActionStatus.IN_PROGRESS}),
    ActionStatus.REJECTED: frozenset({ActionStatus.OPEN}),
}


class ActionItem(models.Model):
    """What a party does about a concern, until it is done or rejected with a reason: the
    responsible organisation, its owner, the due date and the status, with progress notes."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="panel_actions", verbose_name=_("indsats")
    )
    # The concern's estate, kept on the action: estate-limited people and the partners'
    # lists filter on it without a join.
    estate = models.ForeignKey(
        Estate,
        on_delete=models.PROTECT,
        related_name="panel_actions",
        verbose_name=_("boligområde"),
    )
    concern = models.ForeignKey(
        Concern, on_delete=models.PROTECT, related_name="actions", verbose_name=_("utryghed")
    )
    description = models.TextField(_("handling"))
    party = models.CharField(_("ansvarlig part"), max_length=32, choices=Organisation.choices)
    # The person who sees to it: a user (a partner of the party, a police officer, staff), who
    # gets the weekly digest. Empty until someone takes it on.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="panel_actions",
        verbose_name=_("ejer"),
    )
    due_on = models.DateField(_("frist"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    rejection_reason = models.TextField(_("begrundelse for afvisning"), blank=True)
    # The day it was done or rejected: "done on time" compares it with the due date, and a
    # meeting's agenda carries the actions still open on its day.
    closed_on = models.DateField(_("afsluttet"), null=True, blank=True)
    created_on = models.DateField(_("oprettet dato"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registreret af"),
    )
    created_at = models.DateTimeField(_("registreret"), default=timezone.now)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("handling")
        verbose_name_plural = _("handlinger")
        indexes = [
            models.Index(fields=["programme", "party", "status"], name="panel_action_party"),
            models.Index(fields=["programme", "due_on"], name="panel_action_due"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(description=""), name="panel_action_described"),
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.REJECTED) | ~Q(rejection_reason=""),
                name="panel_action_rejected_with_reason",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status__in=[ActionStatus.DONE, ActionStatus.REJECTED])
                    & Q(closed_on__isnull=False)
                )
                | (
                    Q(status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS])
                    & Q(closed_on__isnull=True)
                ),
                name="panel_action_closed_when_done_or_rejected",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("created_on")),
                name="panel_action_closed_after_created",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_open(self) -> bool:
        return self.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)

    def is_overdue(self, today: datetime.date) -> bool:
        return self.is_open and self.due_on < today


class ProgressNote(models.Model):
    """A line in an action's log: what was done, by whom, when; a status change writes one
    too."""

    action = models.ForeignKey(
        ActionItem, on_delete=models.CASCADE, related_name="notes", verbose_name=_("handling")
    )
    text = models.TextField(_("note"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skrevet af"),
    )
    written_at = models.DateTimeField(_("skrevet"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "written_at", "pk"]
        verbose_name = _("fremdriftsnote")
        verbose_name_plural = _("fremdriftsnoter")
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="panel_note_has_text")]

    def __str__(self) -> str:
        return self.text[:80]


class EvaluationKind(models.TextChoices):
    TEMPLATE = "template", _("Skrevet med skabelonen")
    UPLOAD = "upload", _("Uploadet")


def _evaluation_name(evaluation: Evaluation, filename: str) -> str:
    return f"panels/evaluations/{uuid.uuid4().hex}"


class Evaluation(models.Model):
    """The panel's yearly evaluation (P2): written here with the template's questions for the
    police and for the participants (``answers``: one entry per question), or uploaded as a
    PDF or Word file."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="panel_evaluations",
        verbose_name=_("indsats"),
    )
    panel = models.ForeignKey(
        Panel, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("beboerpanel")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    evaluated_on = models.DateField(_("evalueret"))
    kind = models.CharField(_("form"), max_length=10, choices=EvaluationKind.choices)
    # [{"audience": "police"|"participants", "question": "...", "answer": "..."}, ...]: the
    # questions as asked that year, so a later change of the template leaves it as it was.
    answers = models.JSONField(_("svar"), default=list, blank=True)
    summary = models.TextField(_("konklusion"), blank=True)
    file = models.FileField(_("fil"), upload_to=_evaluation_name, max_length=200, blank=True)
    file_name = models.CharField(_("filnavn"), max_length=200, blank=True)
    file_kind = models.CharField(
        _("filtype"), max_length=10, choices=MinutesKind.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registreret af"),
    )
    created_at = models.DateTimeField(_("registreret"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "panel"]
        verbose_name = _("evaluering")
        verbose_name_plural = _("evalueringer")
        constraints = [
            models.UniqueConstraint(fields=["panel", "year"], name="panel_evaluation_yearly"),
            models.CheckConstraint(
                condition=Q(kind=EvaluationKind.UPLOAD, file_kind__in=["pdf", "docx"])
                | Q(kind=EvaluationKind.TEMPLATE, file_kind=""),
                name="panel_evaluation_file_when_uploaded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.panel} {self.year}"
