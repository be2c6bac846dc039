"""Reading: a Word document or a text file becomes a list of blocks, in document order.

A block is a table row's cells, or a paragraph outside tables. The text form writes one
table row per line, each cell's text followed by `` |``; lines without a trailing ``|`` are
paragraphs outside tables (titles, headings, footnotes). Whatever cannot be read is refused
here with a Danish message, before any structure is looked for; a Word package whose
uncompressed size exceeds :data:`MAX_UNPACKED_BYTES` is refused before it is unpacked.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import docx
from django.utils.translation import gettext


class AgreementImportError(Exception):
    """The input cannot be imported; ``str(error)`` is a Danish message for the user."""


@dataclass(frozen=True)
class Block:
    """A table row's cells, or one paragraph outside tables (a single cell)."""

    cells: tuple[str, ...]
    in_table: bool


@dataclass(frozen=True)
class Footnote:
    text: str


ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
PDF_MAGIC = b"%PDF"
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


def file_blocks(name: str, data: bytes) -> list[Block]:
    """An uploaded file's blocks, deciding from its content whether it is Word or text."""
    if not data.strip():
        raise AgreementImportError(gettext("Filen er tom."))
    if data.startswith(ZIP_MAGIC):
        return docx_blocks(data)
    _refuse_known_binaries(data)
    if name.lower().endswith(".docx"):
        raise AgreementImportError(
            gettext("Filen er beskadiget og kan ikke åbnes som Word-dokument (.docx).")
        )
    return text_blocks(_decode_text(data))


# Text -----------------------------------------------------------------------------------------

SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
LINE_BREAKS = re.compile(r"\r\n|[\r\v\f\u2028\u2029\x85]")


def _clean_text(text: str) -> str:
    """NFC, one space between words, no empty lines."""
    text = INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    lines = (SPACES.sub(" ", line).strip() for line in LINE_BREAKS.sub("\n", text).split("\n"))
    return "\n".join(line for line in lines if line)


def text_blocks(text: str) -> list[Block]:
    blocks = []
    for line in _clean_text(text).split("\n"):
        if line.endswith("|"):
            cells = tuple(cell.strip() for cell in line.split("|")[:-1])
            if any(cells):
                blocks.append(Block(cells, in_table=True))
        elif line:
            blocks.append(Block((line,), in_table=False))
    return blocks


def _refuse_known_binaries(data: bytes) -> None:
    if data.startswith(OLE_MAGIC):
        # Word keeps password-protected .docx files, and old .doc files, in an OLE container.
        raise AgreementImportError(
            gettext(
                "Filen er beskyttet med adgangskode eller gemt i det gamle Word-format (.doc). "
                "Fjern adgangskoden, eller gem filen som .docx, og prøv igen."
            )
        )
    if data.startswith(PDF_MAGIC):
        raise AgreementImportError(
            gettext("PDF-filer kan ikke indlæses. Gem delaftalen som Word-dokument (.docx).")
        )


def _decode_text(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = _decoded_or_refused(data, "utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Text saved by older Windows programs is commonly Windows-1252.
            text = _decoded_or_refused(data, "cp1252")
    if _looks_binary(text):
        raise AgreementImportError(
            gettext("Filen er hverken et Word-dokument (.docx) eller en tekstfil.")
        )
    return text


def _decoded_or_refused(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise AgreementImportError(
            gettext("Filen er hverken et Word-dokument (.docx) eller en tekstfil.")
        ) from error


def _looks_binary(text: str) -> bool:
    controls = sum(
        1 for char in text if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f\v"
    )
    return controls > len(text) // 100


# Word -----------------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W_P, W_TBL, W_TR, W_TC, W_R = W + "p", W + "tbl", W + "tr", W + "tc", W + "r"
W_T, W_TAB, W_PTAB, W_BR, W_CR = W + "t", W + "tab", W + "ptab", W + "br", W + "cr"
W_NO_BREAK_HYPHEN = W + "noBreakHyphen"
WRAPPERS = frozenset({W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag"})
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
RUN_TEXT = {W_TAB: " ", W_PTAB: " ", W_BR: "\n", W_CR: "\n", W_NO_BREAK_HYPHEN: "-"}
BULLET = "•"


def docx_blocks(data: bytes) -> list[Block]:
    if not data:
        raise AgreementImportError(gettext("Filen er tom."))
    _refuse_known_binaries(data)
    _check_package(data)
    try:
        body = docx.Document(io.BytesIO(data)).element.body
    except Exception as error:  # python-docx and lxml raise many types on malformed packages
        raise AgreementImportError(
            gettext("Filen kan ikke læses som et Word-dokument (.docx).")
        ) from error
    return [] if body is None else list(_container_blocks(body))


def _check_package(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception as error:  # damaged archives raise BadZipFile, NotImplementedError, ...
        raise AgreementImportError(
            gettext("Filen er beskadiget og kan ikke åbnes som Word-dokument (.docx).")
        ) from error
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
        raise AgreementImportError(
            gettext("Filen er en zip-fil, men ikke et Word-dokument (.docx).")
        )
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise AgreementImportError(gettext("Word-dokumentet er for stort til at blive indlæst."))


def _container_blocks(container: Any) -> Iterator[Block]:
    """Paragraphs and table rows in document order, looking inside content controls."""
    for child in container.iterchildren():
        if child.tag == W_P:
            text = _paragraph_text(child)
            if text:
                yield Block((text,), in_table=False)
        elif child.tag == W_TBL:
            yield from _table_blocks(child)
        elif child.tag in WRAPPERS:
            yield from _container_blocks(child)


def _table_blocks(table: Any) -> Iterator[Block]:
    for row in _children(table, W_TR):
        cells = tuple(
            _cell_text(cell) for cell in _children(row, W_TC) if not _continues_vertical_merge(cell)
        )
        if any(cells):
            yield Block(cells, in_table=True)


def _children(element: Any, tag: str) -> Iterator[Any]:
    for child in element.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in WRAPPERS:
            yield from _children(child, tag)


def _continues_vertical_merge(cell: Any) -> bool:
    merge = cell.find(f"{W}tcPr/{W}vMerge")
    return merge is not None and merge.get(f"{W}val", "continue") != "restart"


def _cell_text(cell: Any) -> str:
    lines = []
    for block in _container_blocks(cell):
        if block.in_table:
            lines.append(" | ".join(c.replace("\n", " ") for c in block.cells if c))
        else:
            lines.append(block.cells[0])
    return "\n".join(lines)


def _paragraph_text(paragraph: Any) -> str:
    # Text boxes are stored twice (a modern and a fallback drawing); read only the modern one.
    has_fallback = next(paragraph.iter(MC_FALLBACK), None) is not None
    pieces = []
    for run in paragraph.iter(W_R):
        if has_fallback and any(a.tag == MC_FALLBACK for a in run.iterancestors()):
            continue
        for child in run:
            pieces.append(child.text or "" if child.tag == W_T else RUN_TEXT.get(child.tag, ""))
    text = _clean_text("".join(pieces))
    if text and paragraph.find(f"{W}pPr/{W}numPr") is not None:
        return f"{BULLET} {text}"
    return text


# Footnotes ------------------------------------------------------------------------------------

FOOTNOTE_START = re.compile(r"(\d{1,2}) \S")
# A footnote reference is a number glued to the end of a word: "beboerinddragelsesprocessen1".
FOOTNOTE_REFERENCE = re.compile(r"[^\W\d_][)\]”\"’']?(\d{1,2})(?!\d)")


def separate_footnotes(blocks: Iterable[Block]) -> list[Block | Footnote]:
    """Lift footnotes out of the text, so that a cell split by a footnote reads as one."""
    referenced: set[str] = set()
    items: list[Block | Footnote] = []
    for block in blocks:
        notes: list[str] = []
        cells = tuple(
            _cell_without_notes(cell, len(block.cells) == 1, referenced, notes)
            for cell in block.cells
        )
        if any(cells):
            items.append(Block(cells, block.in_table))
        items.extend(Footnote(note) for note in notes)
    return items


def _cell_without_notes(cell: str, alone: bool, referenced: set[str], notes: list[str]) -> str:
    kept = []
    for index, line in enumerate(cell.split("\n") if cell else ()):
        start = FOOTNOTE_START.match(line)
        if start and (index > 0 or alone) and start.group(1) in referenced:
            referenced.discard(start.group(1))
            notes.append(line)
        else:
            referenced.update(FOOTNOTE_REFERENCE.findall(line))
            kept.append(line)
    return "\n".join(kept)
