"""What the audit app itself keeps: the record of each redaction of the trail.

The trail is django-simple-history's tables, kept by the apps that own the models. When
personal data was typed into a text (a counselling note), a secretariat head removes it from
every history record of that object that holds it; a ``Redaction`` says who did that, when
and why, and which fields, but never what the text was.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Redaction(models.Model):
    model_label = models.CharField(_("slags"), max_length=100)
    object_pk = models.CharField(_("objekt"), max_length=64)
    # The history record the redaction was made from; the other records of the object that
    # held the same text were redacted with it.
    history_id = models.PositiveBigIntegerField(_("historikpost"))
    fields = models.JSONField(_("felter"), default=list)
    records = models.PositiveIntegerField(_("ændrede historikposter"))
    reason = models.TextField(_("begrundelse"))
    redacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("fjernet af"),
    )
    redacted_at = models.DateTimeField(_("fjernet"), default=timezone.now)

    class Meta:
        ordering = ["-redacted_at", "-pk"]
        verbose_name = _("fjernelse af indhold")
        verbose_name_plural = _("fjernelser af indhold")
        indexes = [models.Index(fields=["model_label", "object_pk"])]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="redaction_has_a_reason")
        ]

    def __str__(self) -> str:
        return f"{self.model_label} {self.object_pk} ({self.redacted_at:%d.%m.%Y})"
