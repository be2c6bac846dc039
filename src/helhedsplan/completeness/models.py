"""Who asked not to receive the weekly digest of what is missing."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from helhedsplan.programmes.models import Programme


class DigestOptOut(models.Model):
    """A person who receives no weekly digest of a programme's gaps."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "programme"], name="digest_opt_out_once")
        ]
        verbose_name = _("fravalg af ugentlig påmindelse")
        verbose_name_plural = _("fravalg af ugentlig påmindelse")

    def __str__(self) -> str:
        return f"{self.user_id} {self.programme_id}"
