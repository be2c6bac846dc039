"""The kinds of private file, and who may read each.

Uploaded files have no public URL: ``core.views.private_file`` serves one only to whom the
owning app's rule allows. An app registers each model field that holds files in its
``AppConfig.ready``, under a kind that appears in the URL (``/files/<kind>/<id>/``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model


@dataclass(frozen=True)
class PrivateFiles:
    model: type[Model]
    field: str
    # (user, object) → whether the user may read the object's file.
    may_read: Callable[[Any, Any], bool]
    # object → the file's name as the person who downloads it sees it.
    download_name: Callable[[Any], str]


_kinds: dict[str, PrivateFiles] = {}


def register(
    kind: str,
    *,
    model: type[Model],
    field: str,
    may_read: Callable[[Any, Any], bool],
    download_name: Callable[[Any], str],
) -> None:
    _kinds[kind] = PrivateFiles(
        model=model, field=field, may_read=may_read, download_name=download_name
    )


def private_files(kind: str) -> PrivateFiles | None:
    return _kinds.get(kind)
