"""Reads of core's own data: the staged imports."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone

from helhedsplan.core import staging
from helhedsplan.core.models import StagedImport


def staged_import_for(*, owner: User | AnonymousUser, kind: str) -> StagedImport | None:
    """The owner's upload of this kind waiting for confirmation, unless it has expired or
    was parsed by an earlier version of the importer (after an upgrade the person uploads the
    file again). Nobody else's upload is ever found here."""
    importer = staging.registered(kind)
    if importer is None or isinstance(owner, AnonymousUser):
        return None
    return (
        StagedImport.objects.filter(
            owner=owner,
            kind=kind,
            parsed_by_version=importer.version,
            expires_at__gt=timezone.now(),
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def staged_import_content(staged: StagedImport) -> Any:
    """What the preview and the apply need, rebuilt from the stored parse by the importer;
    raises ``ValidationError`` when the parse no longer fits the database."""
    return staging.importer(staged.kind).rebuild(staged.parsed, staged.target)
