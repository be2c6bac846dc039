"""The importers that staged imports parse with, one per kind of import.

An app registers its importer in its ``AppConfig.ready``. The importer only parses: the
upload, its size limit, the stored file, the preview's data and the clean-up are
``core.services``'s (``staged_import_*``). ``parse`` runs once, when the file is uploaded, and
its JSON is stored; ``rebuild`` turns that JSON back into what the preview and the apply
need, so nothing is parsed twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# What an import goes into, by name: {"programme": 3}, {"programme": 3, "estate": 7}.
Target = dict[str, int]
# Data as json.dumps takes it: dicts, lists, strings, numbers, booleans and None.
JSON = Any


@dataclass(frozen=True)
class Importer:
    kind: str
    # (file content, file name, target) → the parse as JSON; raises ValidationError naming the
    # row or section and the reason when the file cannot be imported.
    parse: Callable[[bytes, str, Target], JSON]
    # (stored parse, target) → what the preview and the apply work with; raises
    # ValidationError when the stored parse no longer fits the database.
    rebuild: Callable[[JSON, Target], Any]
    max_bytes: int
    # The shape of ``parse``'s JSON; raise it when the shape changes, and uploads parsed the
    # old way are no longer offered for preview (they expire with their files).
    version: int = 1


_importers: dict[str, Importer] = {}


def register(importer: Importer) -> None:
    _importers[importer.kind] = importer


def importer(kind: str) -> Importer:
    return _importers[kind]


def registered(kind: str) -> Importer | None:
    return _importers.get(kind)
