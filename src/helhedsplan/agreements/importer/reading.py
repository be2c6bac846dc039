"""Reading: a Word document or a text file becomes a list of blocks, in document order.

A block is a table row's cells, or a paragraph outside tables. The text form writes one
table row per line, each cell's text followed by `` |``; lines without a trailing ``|`` are
paragraphs outside tables (titles, headings, footnotes). Whatever cannot be read is refused
here with a Danish message, before any structure is looked for; a Word package beyond
:data:`PACKAGE_LIMITS` (uncompressed sizes, XML elements) or with a document type declaration
is refused before python-docx reads it (:mod:`helhedsplan.core.limits`).

From Word, a list paragraph keeps the number or bullet Word shows (:mod:`.numbering`), and a
footnote in the document's footnotes part is read where it is referenced: its marker goes into
the text and its note travels with the block to the end of the section that holds it (the
form :func:`helhedsplan.agreements.document.split_footnotes` describes).
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import docx
from django.utils.translation import gettext
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part, XmlPart
from docx.oxml.parser import parse_xml

from helhedsplan.agreements.document import SUPERSCRIPT_DIGITS, footnote_line, footnote_marker
from helhedsplan.agreements.importer.numbering import ListCounter, Numbering, read_numbering
from helhedsplan.core import limits


class AgreementImportError(Exception):
    """The input cannot be imported; ``str(error)`` is a Danish message for the user."""


@dataclass(frozen=True)
class Block:
    """A table row's cells, or one paragraph outside tables (a single cell)."""

    cells: tuple[str, ...]
    in_table: bool
    # The notes of the Word footnotes the block refers to, each "¹ text".
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Footnote:
    text: str


@dataclass(frozen=True)
class Reading:
    """A document's blocks, and what the reader could not take in but read past."""

    blocks: list[Block]
    warnings: list[str] = field(default_factory=list)


ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
PDF_MAGIC = b"%PDF"
# A delaftale's document part holds some thousand XML elements and under 100 KB (the seed:
# 2,234 and 73 KB, and 19,901 elements in all its parts with the styles and theme); pictures
# take some megabytes. The limits leave room for a document part forty times the seed's, and
# bound what python-docx holds in memory to some tens of megabytes.
PACKAGE_LIMITS = limits.PackageLimits(
    members=1000,
    member_bytes=25 * 1024 * 1024,
    total_bytes=50 * 1024 * 1024,
    xml_elements=100_000,
    xml_children=20_000,
)
MAX_FILE_BYTES = 20 * 1024 * 1024
# A delaftale's footnotes take some kilobytes; the part is refused before parsing beyond this.
MAX_FOOTNOTES_BYTES = 5 * 1024 * 1024


def file_blocks(name: str, data: bytes) -> Reading:
    """An uploaded file's blocks, deciding from its content whether it is Word or text."""
    if len(data) > MAX_FILE_BYTES:
        # The upload page stops at the same size; the command reads the file it is given.
        raise AgreementImportError(
            gettext("Filen fylder mere end %(limit)s MB, som er grænsen.")
            % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise AgreementImportError(gettext("Filen er tom."))
    if data.startswith(ZIP_MAGIC):
        return docx_blocks(data)
    _refuse_known_binaries(data)
    if name.lower().endswith(".docx"):
        raise AgreementImportError(
            gettext("Filen er beskadiget og kan ikke åbnes som Word-dokument (.docx).")
        )
    return Reading(text_blocks(_decode_text(data)))


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
W_FOOTNOTE, W_FOOTNOTE_REFERENCE = W + "footnote", W + "footnoteReference"
WRAPPERS = frozenset({W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag"})
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
RUN_TEXT = {W_TAB: " ", W_PTAB: " ", W_BR: "\n", W_CR: "\n", W_NO_BREAK_HYPHEN: "-"}
BULLET = "•"
TRUE = frozenset({"1", "true", "on"})


def docx_blocks(data: bytes) -> Reading:
    if not data:
        raise AgreementImportError(gettext("Filen er tom."))
    _refuse_known_binaries(data)
    _check_package(data)
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        numbering = read_numbering(_numbering_xml(document.part), document.styles.element)
        footnotes = _footnotes_xml(document.part)
    except AgreementImportError:
        raise
    except Exception as error:  # python-docx and lxml raise many types on malformed packages
        raise AgreementImportError(
            gettext("Filen kan ikke læses som et Word-dokument (.docx).")
        ) from error
    if body is None:
        return Reading([])
    reader = _WordReader(numbering, footnote_texts(footnotes) if footnotes is not None else {})
    return Reading(list(reader.blocks(body)), reader.warnings())


def _check_package(data: bytes) -> None:
    """Refuse a package that unpacks beyond :data:`PACKAGE_LIMITS` or holds XML with a
    document type declaration, before python-docx reads and parses every part of it."""
    try:
        names = set(limits.check_package(data, PACKAGE_LIMITS))
    except limits.PackageRefused as error:
        if error.damaged:
            raise AgreementImportError(
                gettext("Filen er beskadiget og kan ikke åbnes som Word-dokument (.docx).")
            ) from error
        raise AgreementImportError(str(error)) from error
    if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
        raise AgreementImportError(
            gettext("Filen er en zip-fil, men ikke et Word-dokument (.docx).")
        )


def _related_part(document_part: Part, relation: str) -> Part | None:
    """The part the main document relates to by a relationship type: found through the
    package's relationships, as Word finds it, not by a file name."""
    return next(
        (
            rel.target_part
            for rel in document_part.rels.values()
            if rel.reltype == relation and not rel.is_external
        ),
        None,
    )


def _numbering_xml(document_part: Part) -> Any:
    part = _related_part(document_part, RT.NUMBERING)
    return part.element if isinstance(part, XmlPart) else None


def _footnotes_xml(document_part: Part) -> Any:
    """The footnotes part, parsed. It is within the package's limits (:func:`_check_package`),
    and a part larger than the footnotes' own limit is refused before parsing."""
    part = _related_part(document_part, RT.FOOTNOTES)
    if part is None:
        return None
    if len(part.blob) > MAX_FOOTNOTES_BYTES:
        raise AgreementImportError(
            gettext("Word-dokumentets fodnoter fylder for meget til at blive indlæst.")
        )
    try:
        # python-docx's own parser: no entities expanded, no DTD or network read, and libxml2's
        # limits on depth and text size (tests/test_word_notes_and_lists.py tries them).
        return parse_xml(part.blob)
    except SyntaxError as error:  # lxml's XMLSyntaxError
        raise AgreementImportError(
            gettext("Word-dokumentets fodnoter er beskadigede og kan ikke læses.")
        ) from error


def footnote_texts(footnotes: Any) -> dict[str, str]:
    """Each footnote's text by its id, on one line; the separators Word keeps among the
    footnotes (``w:type="separator"``, ...) are not notes."""
    texts: dict[str, str] = {}
    for note in footnotes.iterchildren(W_FOOTNOTE):
        note_id = note.get(f"{W}id")
        if note_id is not None and note.get(f"{W}type", "normal") == "normal":
            texts[note_id] = _note_text(note)
    return texts


def _note_text(note: Any) -> str:
    # One walk over the note in document order, so that nested paragraphs count once.
    pieces: list[str] = []
    unvisited = [note]
    while unvisited:
        element = unvisited.pop()
        if element.tag == MC_FALLBACK:
            continue
        if element.tag == W_P:
            pieces.append("\n")
        elif element.tag == W_T:
            pieces.append(element.text or "")
        else:
            pieces.append(RUN_TEXT.get(element.tag, ""))
        unvisited.extend(reversed(element))
    return " ".join(_clean_text("".join(pieces)).split("\n"))


class _WordReader:
    """Blocks from a document's body, numbering its lists and footnotes as Word does."""

    def __init__(self, numbering: Numbering, notes: dict[str, str]) -> None:
        self.lists = ListCounter(numbering)
        self.notes = notes
        # Word numbers footnotes in the order they are referenced; a footnote referenced
        # again keeps its number, and its note is read once.
        self.markers: dict[str, str] = {}
        self.numbered = 0
        self.missing_notes = 0

    def warnings(self) -> list[str]:
        if not self.missing_notes:
            return []
        return [
            gettext(
                "Dokumentet henviser til fodnoter, som ikke findes i dokumentet; "
                "henvisningerne er udeladt."
            )
        ]

    def blocks(self, container: Any) -> Iterator[Block]:
        """Paragraphs and table rows in document order, looking inside content controls."""
        for child in container.iterchildren():
            if child.tag == W_P:
                text, notes = self._paragraph(child)
                if text or notes:
                    yield Block((text,), in_table=False, notes=notes)
            elif child.tag == W_TBL:
                yield from self._table(child)
            elif child.tag in WRAPPERS:
                yield from self.blocks(child)

    def _table(self, table: Any) -> Iterator[Block]:
        for row in _children(table, W_TR):
            cells = []
            notes: list[str] = []
            for cell in _children(row, W_TC):
                if not _continues_vertical_merge(cell):
                    cells.append(self._cell(cell, notes))
            if any(cells) or notes:
                yield Block(tuple(cells), in_table=True, notes=tuple(notes))

    def _cell(self, cell: Any, notes: list[str]) -> str:
        lines = []
        for block in self.blocks(cell):
            notes.extend(block.notes)
            if block.in_table:
                lines.append(" | ".join(c.replace("\n", " ") for c in block.cells if c))
            elif block.cells[0]:
                lines.append(block.cells[0])
        return "\n".join(lines)

    def _paragraph(self, paragraph: Any) -> tuple[str, tuple[str, ...]]:
        # Text boxes are stored twice (a modern and a fallback drawing); read only the modern one.
        has_fallback = next(paragraph.iter(MC_FALLBACK), None) is not None
        pieces: list[str] = []
        notes: list[str] = []
        for run in paragraph.iter(W_R):
            if has_fallback and any(a.tag == MC_FALLBACK for a in run.iterancestors()):
                continue
            self._run(run, pieces, notes)
        text = _clean_text("".join(pieces))
        listed = self.lists.numbering.list_of(paragraph)
        # Word numbers an empty list paragraph too, so it is counted even when it is dropped.
        marker = self.lists.marker(*listed) if listed is not None else None
        if text and marker:
            text = f"{marker} {text}"
        return text, tuple(notes)

    def _run(self, run: Any, pieces: list[str], notes: list[str]) -> None:
        custom_note: str | None = None
        custom_mark: list[str] = []
        for child in run:
            if child.tag == W_T:
                pieces.append(child.text or "")
                if custom_note is not None:
                    custom_mark.append(child.text or "")
            elif child.tag == W_FOOTNOTE_REFERENCE:
                custom_note = self._reference(child, pieces, notes)
            else:
                pieces.append(RUN_TEXT.get(child.tag, ""))
        if custom_note is not None:
            mark = "".join(custom_mark).strip()
            # Word writes a custom mark again at the start of the note (LibreOffice, saving,
            # once more); it is the note's marker there.
            while mark and custom_note.startswith(mark):
                custom_note = custom_note[len(mark) :].lstrip()
            notes.append(footnote_line(mark, custom_note))

    def _reference(self, reference: Any, pieces: list[str], notes: list[str]) -> str | None:
        """Puts a footnote's marker in the text and its note among the block's notes; returns
        the note of a footnote whose mark is the run's own text (a custom mark such as "*")."""
        note_id = reference.get(f"{W}id", "")
        note = self.notes.get(note_id)
        if note is None:
            self.missing_notes += 1
            return None
        seen = note_id in self.markers
        if reference.get(f"{W}customMarkFollows") in TRUE:
            self.markers[note_id] = ""
            return None if seen else note
        if not seen:
            self.numbered += 1
            self.markers[note_id] = footnote_marker(self.numbered)
            notes.append(footnote_line(self.markers[note_id], note))
        if pieces and pieces[-1][-1:] in tuple(SUPERSCRIPT_DIGITS):
            # "¹ ²", not "¹²", which reads as the twelfth note.
            pieces.append(" ")
        pieces.append(self.markers[note_id])
        return None


def _children(element: Any, tag: str) -> Iterator[Any]:
    for child in element.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in WRAPPERS:
            yield from _children(child, tag)


def _continues_vertical_merge(cell: Any) -> bool:
    merge = cell.find(f"{W}tcPr/{W}vMerge")
    return merge is not None and merge.get(f"{W}val", "continue") != "restart"


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
        items.extend(Footnote(note) for note in [*notes, *block.notes])
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
