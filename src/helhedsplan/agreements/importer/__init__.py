"""Read a delaftale from Word (.docx) or text into an :class:`AgreementDocument`.

Both formats first become the same list of blocks: a table row's cells, or a paragraph outside
tables, in document order (:mod:`.reading`). One structure step then files the blocks under the
labels of Landsbyggefonden's template (:mod:`.labels`, :mod:`.outline`: "Aftalens parter",
"Aktivitetsnavn", ...), and converters turn the labelled sections into the dataclasses
(:mod:`.sections`, reading the figures in the text with :mod:`.numbers` and proposing the
estates with :mod:`.estates`). Nothing here knows a particular agreement: the labels are the
template's, so delaftaler of other programmes and focus areas read the same way.
"""

from __future__ import annotations

from django.utils.translation import gettext

from helhedsplan.agreements.document import AgreementDocument
from helhedsplan.agreements.importer.numbers import (
    parse_amount,
    parse_period,
    parse_staff_resources,
)
from helhedsplan.agreements.importer.outline import outline
from helhedsplan.agreements.importer.reading import (
    AgreementImportError,
    Reading,
    docx_blocks,
    file_blocks,
    text_blocks,
)
from helhedsplan.agreements.importer.sections import convert, focus_area_from_title

__all__ = [
    "AgreementImportError",
    "focus_area_from_title",
    "parse_amount",
    "parse_docx",
    "parse_file",
    "parse_period",
    "parse_staff_resources",
    "parse_text",
]

# Fewer of the template's labels than this, and the document is something else.
MIN_DISTINCT_LABELS = 3


def parse_file(name: str, data: bytes) -> AgreementDocument:
    """Import an uploaded file, deciding from its content whether it is Word or text."""
    return _document(file_blocks(name, data))


def parse_docx(data: bytes) -> AgreementDocument:
    return _document(docx_blocks(data))


def parse_text(text: str) -> AgreementDocument:
    return _document(Reading(text_blocks(text)))


def _document(reading: Reading) -> AgreementDocument:
    if not reading.blocks:
        raise AgreementImportError(gettext("Dokumentet indeholder ingen tekst."))
    parts = outline(reading.blocks)
    if len(parts.labels) < MIN_DISTINCT_LABELS:
        raise AgreementImportError(
            gettext(
                "Dokumentet ligner ikke en delaftale: skabelonens overskrifter, fx "
                "»Aftalens parter«, »Problemkompleks« og »Aktivitetsnavn«, blev ikke fundet."
            )
        )
    return convert(parts, reading.warnings)
