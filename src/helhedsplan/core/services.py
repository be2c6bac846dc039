"""Every state change of core: staged imports, and the slots of the scheduled jobs."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from helhedsplan.core import schedule, staging
from helhedsplan.core.models import IdempotencyKey, ScheduledRun, StagedImport

R = TypeVar("R")

# Long enough to read the preview after lunch; the upload is deleted when it expires.
STAGED_IMPORT_LIFETIME = datetime.timedelta(days=1)
# How long the outcome of a finished task and the record of a scheduled run are kept, to
# look into a failure.
TASK_HISTORY_KEPT = datetime.timedelta(days=30)
# How long a retry with an idempotency key gets the first answer (core/idempotency.py):
# a client retries within minutes; a day covers a phone that was offline overnight.
IDEMPOTENCY_KEY_LIFETIME = datetime.timedelta(hours=24)
READ_CHUNK_BYTES = 64 * 1024
MEGABYTE = 1024 * 1024


def _read_within(upload: File, limit: int) -> tuple[bytes, str]:
    """The upload's content and SHA-256, refused as soon as it grows past ``limit`` bytes."""
    digest = hashlib.sha256()
    chunks: list[bytes] = []
    size = 0
    for chunk in upload.chunks(READ_CHUNK_BYTES):
        size += len(chunk)
        if size > limit:
            raise ValidationError(
                _("Filen er for stor (højst %(megabytes)d MB)."),
                code="too_large",
                params={"megabytes": limit // MEGABYTE},
            )
        digest.update(chunk)
        chunks.append(chunk)
    return b"".join(chunks), digest.hexdigest()


def _delete(staged_imports: QuerySet[StagedImport]) -> int:
    """Delete the staged imports; their files go once the deletion is committed (see
    ``core.signals``), so a rolled back transaction keeps both."""
    deleted, _per_model = staged_imports.delete()
    return deleted


def staged_import_stage(
    *,
    owner: User | AnonymousUser,
    kind: str,
    upload: File,
    target: staging.Target,
) -> StagedImport:
    """Store an upload and its parse until its owner confirms or discards it.

    The file is read within the importer's size limit and parsed once; a file the importer
    refuses raises its ``ValidationError`` and nothing is stored. The owner's earlier upload
    of the same kind is replaced.
    """
    if isinstance(owner, AnonymousUser):
        raise PermissionDenied
    importer = staging.importer(kind)
    name = upload.name or ""
    data, sha256 = _read_within(upload, importer.max_bytes)
    parsed = importer.parse(data, name, target)
    now = timezone.now()
    staged = StagedImport(
        owner=owner,
        kind=kind,
        original_name=name[: StagedImport._meta.get_field("original_name").max_length],
        sha256=sha256,
        size=len(data),
        parsed=parsed,
        parsed_by_version=importer.version,
        target=target,
        created_at=now,
        expires_at=now + STAGED_IMPORT_LIFETIME,
    )
    staged.file.save(name, ContentFile(data), save=False)
    try:
        staged.full_clean()
        with transaction.atomic():
            _delete(StagedImport.objects.filter(owner=owner, kind=kind))
            staged.save()
    except BaseException:
        staged.file.delete(save=False)
        raise
    return staged


def staged_import_confirm(*, staged: StagedImport, apply: Callable[[], R]) -> R:
    """Apply the staged import with ``apply`` (the app's own service, given what
    ``queries.staged_import_content`` rebuilt) and delete it, in one transaction: either the
    import is stored and the upload gone, or nothing has changed.

    Raises ``ValidationError`` when the upload is gone (confirmed twice at once, or expired
    and cleaned up), and whatever ``apply`` raises.
    """
    with transaction.atomic():
        if StagedImport.objects.select_for_update().filter(pk=staged.pk).first() is None:
            raise ValidationError(
                _("Filen kunne ikke længere læses. Upload den igen."), code="gone"
            )
        result = apply()
        _delete(StagedImport.objects.filter(pk=staged.pk))
    return result


def staged_import_discard(*, staged: StagedImport) -> None:
    """Delete an upload that can never be confirmed, with its file."""
    with transaction.atomic():
        _delete(StagedImport.objects.filter(pk=staged.pk))


def staged_imports_clean_up() -> int:
    """Delete the uploads nobody confirmed before they expired; how many."""
    with transaction.atomic():
        return _delete(StagedImport.objects.filter(expires_at__lte=timezone.now()))


def scheduled_jobs_enqueue() -> list[str]:
    """Enqueue each scheduled job whose current slot nobody has taken; the names of those
    enqueued.

    The slot's row is inserted before the task is enqueued, in one transaction: a second
    worker, server or cron line asking for the same slot finds the row, or fails on its
    unique constraint, and enqueues nothing.
    """
    now = timezone.now()
    enqueued: list[str] = []
    for job in schedule.jobs():
        slot = job.slot(now)
        if ScheduledRun.objects.filter(job=job.name, slot=slot).exists():
            continue
        run = ScheduledRun(job=job.name, slot=slot, enqueued_at=now)
        run.full_clean(validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                run.save()
                run.task_result_id = str(job.task.enqueue().id)
                run.save(update_fields=["task_result_id"])
        except IntegrityError:
            continue  # taken meanwhile by another worker
        enqueued.append(job.name)
    return enqueued


def task_history_prune() -> int:
    """Delete what the task runner keeps of tasks that finished, and of scheduled runs that
    were enqueued, more than ``TASK_HISTORY_KEPT`` ago; how many rows. Without it both tables grow
    with every run of every scheduled job."""
    before = timezone.now() - TASK_HISTORY_KEPT
    with transaction.atomic():
        results, _per_model = (
            DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()
        )
        runs, _per_model = ScheduledRun.objects.filter(enqueued_at__lt=before).delete()
    return results + runs


def idempotency_keys_prune() -> int:
    """Delete the recorded answers of idempotency keys older than ``IDEMPOTENCY_KEY_LIFETIME``;
    how many. A retry after that runs as a new request."""
    before = timezone.now() - IDEMPOTENCY_KEY_LIFETIME
    with transaction.atomic():
        deleted, _per_model = IdempotencyKey.objects.filter(created_at__lt=before).delete()
    return deleted
