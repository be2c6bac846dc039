from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helhedsplan.programmes.models import Estate, Programme


class Role(models.TextChoices):
    """The roles of the domain guide. Each is held per programme, through a membership."""

    ADMINISTRATOR = "administrator", _("Administrator")
    SECRETARIAT_HEAD = "secretariat_head", _("Sekretariatsleder")
    STAFF = "staff", _("Medarbejder")
    BOARD = "board", _("Bestyrelsesmedlem")
    WORKING_GROUP = "working_group", _("Medlem af faglig arbejdsgruppe")
    POLICE = "police", _("Politi")
    # An outside organisation's contact: sees and updates only the resident panel's actions
    # assigned to their organisation (``Membership.organisation``).
    PARTNER = "partner", _("Samarbejdspartner")


class Organisation(models.TextChoices):
    """The parties that take on the resident panel's actions. A partner's membership names
    theirs."""

    POLICE = "police", _("Politiet")
    MUNICIPALITY = "municipality", _("Kommunen")
    HOUSING = "housing", _("Boligorganisationens drift")
    PROGRAMME = "programme", _("Helhedsplanen")


class Membership(models.Model):
    """A user's role in one programme, optionally limited to some of its estates.

    No estates means all estates of the programme.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("bruger"),
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("indsats")
    )
    role = models.CharField(_("rolle"), max_length=32, choices=Role.choices)
    estates = models.ManyToManyField(
        Estate,
        blank=True,
        related_name="memberships",
        verbose_name=_("boligområder"),
        help_text=_("Tom betyder alle indsatsens boligområder."),
    )

    # A partner's organisation; empty for every other role.
    organisation = models.CharField(
        _("organisation"), max_length=32, choices=Organisation.choices, blank=True
    )

    history = HistoricalRecords(m2m_fields=[estates])

    class Meta:
        ordering = ["programme", "role"]
        verbose_name = _("rolle i indsats")
        verbose_name_plural = _("roller i indsatser")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "programme", "role"], name="membership_unique_role"
            ),
            models.CheckConstraint(
                condition=(Q(role=Role.PARTNER) & ~Q(organisation=""))
                | (~Q(role=Role.PARTNER) & Q(organisation="")),
                name="membership_partner_has_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.programme}"


class FeedToken(models.Model):
    """A person's secret calendar address: the token in the URL of their iCal feeds, so a
    calendar app can subscribe without logging in. Only its SHA-256 is stored: the token is
    shown once, when it is made, and a leaked database does not open anyone's feeds. The token
    is random (not derived from the person) and works for the feeds alone; deleting the row
    revokes it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="feed_token",
        verbose_name=_("bruger"),
    )
    digest = models.CharField(_("kontrolsum"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("kalenderadresse")
        verbose_name_plural = _("kalenderadresser")

    def __str__(self) -> str:
        return str(self.user)

    @staticmethod
    def digest_of(token: str) -> str:
        """What is stored of ``token``. The token is 256 random bits, so a plain hash cannot
        be reversed by guessing: no slow password hash is needed."""
        return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenScope(models.TextChoices):
    READ = "read", _("Kun læse")
    READ_WRITE = "read_write", _("Læse og skrive")


class ApiToken(models.Model):
    """A personal access token for the API (``helhedsplan.api``): another system acts as the
    person, never as more. It reaches only the programmes it names (some of the person's) and
    only within what the person may do there today, so a withdrawn role or a deactivated
    account stops it at once. Like the calendar address, only the SHA-256 of its 256 random
    bits is stored; it is shown once, when it is made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("bruger"),
    )
    name = models.CharField(_("navn"), max_length=100)
    digest = models.CharField(_("kontrolsum"), max_length=64, unique=True)
    scope = models.CharField(
        _("adgang"), max_length=12, choices=ApiTokenScope.choices, default=ApiTokenScope.READ
    )
    programmes = models.ManyToManyField(
        Programme, related_name="api_tokens", verbose_name=_("indsatser")
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    expires_at = models.DateTimeField(_("udløber"))
    last_used_at = models.DateTimeField(_("senest brugt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API-nøgle")
        verbose_name_plural = _("API-nøgler")

    def __str__(self) -> str:
        return f"{self.user} – {self.name}"

    @property
    def may_write(self) -> bool:
        return self.scope == ApiTokenScope.READ_WRITE
