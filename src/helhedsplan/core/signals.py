"""Core's signal receivers, connected in ``CoreConfig.ready``."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction

from helhedsplan.core.models import StagedImport


def delete_staged_file(sender: type[StagedImport], instance: StagedImport, **kwargs: Any) -> None:
    """A staged import's file goes with its row, however the row goes (confirmed, discarded,
    expired, or with its owner's account), once the deletion is committed. ``robust``: a
    file the storage fails to delete is logged, and what deleted the row stands."""
    if instance.file.name:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(partial(storage.delete, name), robust=True)
