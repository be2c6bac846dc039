from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The kind of private file (``core.private_files``) a staged import's upload is served as.
STAGED_IMPORT_FILES = "staged-import"


def _staged_file_name(staged: StagedImport, original_name: str) -> str:
    # A random name: the uploader's file name may be anything and stays in the row alone.
    return f"staged-imports/{secrets.token_hex(16)}"


class StagedImport(models.Model):
    """An uploaded file waiting for its owner to confirm the import.

    The file is stored once and parsed once, by the importer registered for ``kind`` in
    ``core.staging``; the preview and the confirmation read ``parsed``. ``target`` says what
    the import goes into (e.g. ``{"programme": 3}``). Confirming, discarding or expiring
    deletes the row and the file.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ejer"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("slags"), max_length=60)
    file = models.FileField(_("fil"), upload_to=_staged_file_name, max_length=200)
    original_name = models.CharField(_("filnavn"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("størrelse i bytes"))
    parsed = models.JSONField(_("indlæst indhold"))
    # The importer's version when it parsed the file (``core.staging.Importer.version``).
    parsed_by_version = models.PositiveSmallIntegerField(_("indlæst af version"), default=1)
    target = models.JSONField(_("mål"), default=dict, blank=True)
    created_at = models.DateTimeField(_("uploadet"), default=timezone.now)
    expires_at = models.DateTimeField(_("udløber"))

    class Meta:
        verbose_name = _("import, der venter")
        verbose_name_plural = _("importer, der venter")
        indexes = [
            models.Index(fields=["owner", "kind"], name="staged_import_owner_kind"),
            models.Index(fields=["expires_at"], name="staged_import_expiry"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="staged_import_expires_later"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        """The uploaded file, for its owner alone."""
        return reverse("core:private_file", kwargs={"kind": STAGED_IMPORT_FILES, "pk": self.pk})


class ScheduledRun(models.Model):
    """One slot of a scheduled job, taken before the job is enqueued.

    The unique (job, slot) pair is what keeps several workers, servers or a cron line beside
    them from running a job twice in one slot: whoever inserts the row enqueues the task.
    """

    job = models.CharField(_("job"), max_length=100)
    slot = models.DateTimeField(_("tidsrum"))
    enqueued_at = models.DateTimeField(_("sat i kø"), default=timezone.now)
    # The task's id in the task backend, to find its outcome (django_tasks_db's task results).
    task_result_id = models.CharField(_("opgavens id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("planlagt kørsel")
        verbose_name_plural = _("planlagte kørsler")
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="scheduled_run_once_per_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.slot:%Y-%m-%d %H:%M}"


class IdempotencyKey(models.Model):
    """The first answer to a write sent with an idempotency key (``core.idempotency``).

    The row is inserted in the write's own transaction before the write runs; its unique
    (user, key) pair makes a simultaneous request with the same key wait for the first and
    then replay its answer. The fingerprint (method, path, body hash) refuses the same key
    for another request.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruger"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    key = models.CharField(_("nøgle"), max_length=255)
    method = models.CharField(_("metode"), max_length=10)
    path = models.CharField(_("sti"), max_length=2000)
    body_sha256 = models.CharField(_("indholdets SHA-256"), max_length=64)
    # Set in the same transaction as the row: no other request ever sees it without them.
    status = models.PositiveSmallIntegerField(_("svarets status"), default=0)
    content_type = models.CharField(_("svarets indholdstype"), max_length=200, blank=True)
    body = models.BinaryField(_("svarets indhold"), blank=True, default=b"")
    location = models.CharField(_("svarets Location"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)

    class Meta:
        verbose_name = _("idempotensnøgle")
        verbose_name_plural = _("idempotensnøgler")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user"),
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_key_created")]

    def __str__(self) -> str:
        return self.key
