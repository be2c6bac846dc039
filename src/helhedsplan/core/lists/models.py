"""The abstract list entry every managed list is made of.

An entry is referred to by key wherever it is used, so a rename shows everywhere and history
is never rewritten; retiring hides it from new choices and leaves it where it is used.
Names are unique within their list whatever their case, which the database enforces.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

NAME_MAX_LENGTH = 200


class Direction(models.TextChoices):
    """Where an entry moves in its list."""

    UP = "up", _("Op")
    DOWN = "down", _("Ned")


class ListEntry(models.Model):
    """An entry of a list shared by every programme."""

    name = models.CharField(_("navn"), max_length=NAME_MAX_LENGTH)
    position = models.PositiveIntegerField(_("rækkefølge"), default=0)
    active = models.BooleanField(_("i brug"), default=True)

    class Meta:
        abstract = True
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message=_("Listen har allerede et punkt med det navn."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ProgrammeListEntry(ListEntry):
    """An entry of one programme's own list. The programme reaches its entries by the
    model's name in the plural: ``programme.venues``, ``programme.topics``."""

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        verbose_name=_("indsats"),
    )

    class Meta(ListEntry.Meta):
        abstract = True
        constraints = [
            models.UniqueConstraint(
                "programme",
                Lower("name"),
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message=_("Listen har allerede et punkt med det navn."),
            )
        ]
