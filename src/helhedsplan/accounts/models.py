from __future__ import annotations

from django.conf import settings
from django.db import models
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

    history = HistoricalRecords(m2m_fields=[estates])

    class Meta:
        ordering = ["programme", "role"]
        verbose_name = _("rolle i indsats")
        verbose_name_plural = _("roller i indsatser")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "programme", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.programme}"
