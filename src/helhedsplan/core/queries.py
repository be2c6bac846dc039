"""Reads of core's own data (the staged imports), and the sample of a list that a summary shows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Model, QuerySet
from django.utils import timezone

from helhedsplan.core import staging
from helhedsplan.core.models import StagedImport

M = TypeVar("M", bound=Model)


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


def staged_imports_waiting(*, programme_ids: Iterable[int]) -> list[StagedImport]:
    """The uploads into these programmes that wait for their owners to confirm them, oldest
    first, with their owners. Those that expired, or that an earlier version of their
    importer parsed, are never confirmed, so they are left out (each owner has at most one
    upload of each kind, so the rows are few)."""
    found = (
        StagedImport.objects.filter(
            target__programme__in=list(programme_ids), expires_at__gt=timezone.now()
        )
        .select_related("owner")
        .order_by("created_at", "pk")
    )
    return [staged for staged in found if _is_current(staged)]


def _is_current(staged: StagedImport) -> bool:
    importer = staging.registered(staged.kind)
    return importer is not None and importer.version == staged.parsed_by_version


@dataclass(frozen=True)
class Sample(Generic[M]):
    """The first rows of a list and how many it has in all: what a summary shows of it."""

    total: int
    first: list[M]

    @property
    def more(self) -> int:
        return self.total - len(self.first)


def sample(rows: QuerySet[M], size: int) -> Sample[M]:
    """The first ``size`` of ``rows`` in one query, and the count in a second one only when
    there are more of them."""
    first = list(rows[: size + 1])
    if len(first) <= size:
        return Sample(total=len(first), first=first)
    return Sample(total=rows.count(), first=first[:size])
