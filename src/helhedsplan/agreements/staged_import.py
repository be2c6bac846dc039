"""The agreement import as a staged import (``core.staging``).

The uploaded delaftale is read once, when it is uploaded, and stored as the JSON of
``document.as_dry_run_json``; the preview and the confirmation work with the document rebuilt
from it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from helhedsplan.agreements.document import AgreementDocument, as_dry_run_json, from_dry_run_json
from helhedsplan.agreements.importer import AgreementImportError, parse_file
from helhedsplan.agreements.importer.reading import MAX_FILE_BYTES
from helhedsplan.core.staging import Importer, Target

KIND = "agreements.document"


def parse(data: bytes, name: str, target: Target) -> dict[str, Any]:
    try:
        return as_dry_run_json(parse_file(name, data))
    except AgreementImportError as error:
        raise ValidationError(str(error), code="unreadable") from error


def rebuild(parsed: dict[str, Any], target: Target) -> AgreementDocument:
    return from_dry_run_json(parsed)


IMPORTER = Importer(kind=KIND, parse=parse, rebuild=rebuild, max_bytes=MAX_FILE_BYTES)
