"""The programme's governance (*organisering*): its bodies (the board, the steering or
follow-up group, the working groups per activity) with their members by role and
organisation; their meetings and decisions; the log of conflicts and notifications
(*konflikter og underretninger*), escalated from the secretariat head to the board; and the
working groups' proposals for adjustments, which become agreement drafts.

Members are recorded by role and organisation, not by name: a member with an account may be
linked to it. The log's texts are checked like every anonymous text: a conflict or a
notification is about cooperation between the parties, never about a named resident."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helhedsplan.agreements.models import Agreement, AgreementVersion
from helhedsplan.programmes.models import Estate, Programme


class BodyKind(models.TextChoices):
    BOARD = "board", _("Bestyrelse")
    FOLLOW_UP = "follow_up", _("Styre- eller følgegruppe")
    WORKING_GROUP = "working_group", _("Faglig arbejdsgruppe")


class Body(models.Model):
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="governance_bodies",
        verbose_name=_("indsats"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=BodyKind.choices)
    name = models.CharField(_("navn"), max_length=200)
    # A working group follows one activity of one agreement; activities live in the
    # agreement's versions, so the activity is named as the agreement names it.
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="governance_bodies",
        verbose_name=_("delaftale"),
    )
    activity_name = models.CharField(_("aktivitet"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "kind", "name"]
        verbose_name = _("organ")
        verbose_name_plural = _("organer")
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="body_unique_name"),
            models.CheckConstraint(
                condition=Q(kind="working_group") | (Q(activity_name="")),
                name="body_activity_only_for_working_groups",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Formand")
    VICE_CHAIR = "vice_chair", _("Næstformand")
    MEMBER = "member", _("Medlem")
    SECRETARY = "secretary", _("Sekretær")
    OBSERVER = "observer", _("Observatør")


class BodyMember(models.Model):
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="members", verbose_name=_("organ")
    )
    role = models.CharField(_("rolle"), max_length=20, choices=MemberRole.choices)
    organisation = models.CharField(_("organisation"), max_length=200)
    # The member's account, if they have one; members are otherwise known by role and
    # organisation only.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bruger"),
    )
    joined_on = models.DateField(_("indtrådt"))
    left_on = models.DateField(_("udtrådt"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "role", "organisation", "pk"]
        verbose_name = _("medlem af et organ")
        verbose_name_plural = _("medlemmer af organer")
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="body_member_leaves_after_joining",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}, {self.organisation}"


class GovernanceMeeting(models.Model):
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("organ")
    )
    held_on = models.DateField(_("dato"))
    agenda = models.TextField(_("dagsorden"), blank=True)
    minutes = models.TextField(_("referat"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registreret af"),
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("møde i et organ")
        verbose_name_plural = _("møder i organer")

    def __str__(self) -> str:
        return f"{self.body} {self.held_on:%d.%m.%Y}"


class Decision(models.Model):
    meeting = models.ForeignKey(
        GovernanceMeeting,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("møde"),
    )
    position = models.PositiveIntegerField(_("nummer"))
    text = models.TextField(_("beslutning"))
    # A decision that approves or concerns a version of an agreement.
    agreement_version = models.ForeignKey(
        AgreementVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("delaftaleversion"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("beslutning")
        verbose_name_plural = _("beslutninger")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="decision_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class CaseKind(models.TextChoices):
    CONFLICT = "conflict", _("Konflikt")
    NOTIFICATION = "notification", _("Underretning")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Åben")
    WITH_HEAD = "with_head", _("Hos sekretariatslederen")
    WITH_BOARD = "with_board", _("Hos bestyrelsen")
    RESOLVED = "resolved", _("Afklaret")


class Case(models.Model):
    """One entry in the log of conflicts and notifications: raised by a party, handled by the
    secretariat head, escalated to the board when it touches the agreement's realisation."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="cases", verbose_name=_("indsats")
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("delaftale"),
    )
    estate = models.ForeignKey(
        Estate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("boligområde"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=CaseKind.choices)
    title = models.CharField(_("overskrift"), max_length=200)
    summary = models.TextField(_("beskrivelse"))
    # The party that raised it (an organisation or a body), not a person's name.
    raised_by_party = models.CharField(_("rejst af"), max_length=200)
    raised_on = models.DateField(_("rejst"))
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    escalated_to_head_on = models.DateField(_("til sekretariatslederen"), null=True, blank=True)
    escalated_to_board_on = models.DateField(_("til bestyrelsen"), null=True, blank=True)
    resolution = models.TextField(_("afklaring"), blank=True)
    resolved_on = models.DateField(_("afklaret"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registreret af"),
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_on", "-pk"]
        verbose_name = _("konflikt eller underretning")
        verbose_name_plural = _("konflikter og underretninger")
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="resolved", resolved_on__isnull=False) & ~Q(resolution=""))
                | (~Q(status="resolved") & Q(resolved_on__isnull=True)),
                name="case_resolved_has_date_and_resolution",
            ),
            models.CheckConstraint(
                condition=~Q(status="with_board") | Q(escalated_to_board_on__isnull=False),
                name="case_with_board_was_escalated",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Foreslået")
    DRAFTED = "drafted", _("Udkast oprettet")
    DECLINED = "declined", _("Afvist")


class Proposal(models.Model):
    """A working group's (or the follow-up group's) proposal for adjusting an agreement. When
    taken up, it becomes a draft of the agreement's next version, which links back to it."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("organ")
    )
    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("delaftale")
    )
    title = models.CharField(_("overskrift"), max_length=200)
    text = models.TextField(_("forslag"))
    proposed_on = models.DateField(_("foreslået"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED,
    )
    draft = models.OneToOneField(
        AgreementVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("udkast"),
    )
    decline_reason = models.TextField(_("begrundelse for afvisning"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registreret af"),
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_on", "-pk"]
        verbose_name = _("forslag til justering")
        verbose_name_plural = _("forslag til justeringer")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="proposal_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title
