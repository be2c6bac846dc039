from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from helhedsplan.core.models import StagedImport


class CoreConfig(AppConfig):
    """What every app shares: managed lists, staged imports, the task runner, private files,
    the registries apps plug into (navigation, audit trail, indicator sources) and small
    helpers. Core imports no other app of the project."""

    name = "helhedsplan.core"
    verbose_name = _("Fælles")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete
        from django.urls import register_converter

        from helhedsplan.core import exports, private_files, schedule, search, signals, tasks
        from helhedsplan.core.models import STAGED_IMPORT_FILES, StagedImport

        # ``<export:fmt>``: a list's export URLs, one per format (core/exports.py).
        register_converter(exports.FormatConverter, "export")
        # The search boxes fold case in the database; SQLite needs our function for æ, ø, å.
        connection_created.connect(search.register_sqlite_fold, dispatch_uid="sqlite_fold")
        post_delete.connect(signals.delete_staged_file, sender=StagedImport)
        schedule.register(
            name="core.clean_up_staged_imports",
            task=tasks.clean_up_staged_imports,
            every=datetime.timedelta(hours=1),
        )
        schedule.register(
            name="core.prune_task_results",
            task=tasks.prune_task_results,
            every=datetime.timedelta(days=1),
        )
        schedule.register(
            name="core.prune_idempotency_keys",
            task=tasks.prune_idempotency_keys,
            every=datetime.timedelta(hours=1),
        )
        private_files.register(
            STAGED_IMPORT_FILES,
            model=StagedImport,
            field="file",
            may_read=_is_owner,
            download_name=lambda staged: staged.original_name,
        )


def _is_owner(user: User | AnonymousUser, staged: StagedImport) -> bool:
    """An upload waiting for confirmation is its uploader's alone."""
    return user.is_authenticated and staged.owner_id == user.pk
