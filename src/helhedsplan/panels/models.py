"""The resident panel with the police (*beboerpanel med politi*): a panel per estate, or one
joint panel for the programme; its members, named residents kept on their consent through
the privacy lifecycle (``privacy``); and its meetings, which P1 counts per estate and year."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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


class Meeting(models.Model):
    """A meeting of a panel in one estate (for a joint panel, the estate it met in), with
    who came by type, the agenda and the minutes: written here, uploaded as a file, or
    both."""

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
