"""Read a delaftale from Word (.docx) or text into an :class:`AgreementDocument`.

Both formats first become the same list of blocks: a table row's cells, or a paragraph outside
tables, in document order. One structure step then files the blocks under the labels of
Landsbyggefonden's template ("Aftalens parter", "Aktivitetsnavn", ...), and converters turn the
labelled sections into the dataclasses. Nothing here knows a particular agreement: the labels
are the template's, so delaftaler of other programmes and focus areas read the same way.

The text form writes one table row per line, each cell's text followed by `` |``; lines
without a trailing ``|`` are paragraphs outside tables (titles, headings, footnotes).
"""

from __future__ import annotations

import calendar
import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

import docx
from django.utils.translation import gettext

from helhedsplan.agreements.document import (
    Activity,
    AgreementDocument,
    BudgetLine,
    Criterion,
    Section,
    StaffPeriod,
    StaffResource,
)

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


class AgreementImportError(Exception):
    """The input cannot be imported; ``str(error)`` is a Danish message for the user."""


ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
PDF_MAGIC = b"%PDF"
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MIN_DISTINCT_LABELS = 3


def parse_file(name: str, data: bytes) -> AgreementDocument:
    """Import an uploaded file, deciding from its content whether it is Word or text."""
    if not data.strip():
        raise AgreementImportError(gettext("Filen er tom."))
    if data.startswith(ZIP_MAGIC):
        return parse_docx(data)
    _refuse_known_binaries(data)
    if name.lower().endswith(".docx"):
        raise AgreementImportError(
            gettext("Filen er beskadiget og kan ikke åbnes som Word-dokument (.docx).")
        )
    return parse_text(_decode_text(data))


def parse_docx(data: bytes) -> AgreementDocument:
    if not data:
        raise AgreementImportError(gettext("Filen er tom."))
    _refuse_known_binaries(data)
    return _build_document(_docx_blocks(data))


def parse_text(text: str) -> AgreementDocument:
    return _build_document(_text_blocks(text))


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


# Reading: both formats become blocks ----------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A table row's cells, or one paragraph outside tables (a single cell)."""

    cells: tuple[str, ...]
    in_table: bool


@dataclass(frozen=True)
class Footnote:
    text: str


SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
LINE_BREAKS = re.compile(r"\r\n|[\r\v\f\u2028\u2029\x85]")


def _clean_text(text: str) -> str:
    """NFC, one space between words, no empty lines."""
    text = INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    lines = (SPACES.sub(" ", line).strip() for line in LINE_BREAKS.sub("\n", text).split("\n"))
    return "\n".join(line for line in lines if line)


def _text_blocks(text: str) -> list[Block]:
    blocks = []
    for line in _clean_text(text).split("\n"):
        if line.endswith("|"):
            cells = tuple(cell.strip() for cell in line.split("|")[:-1])
            if any(cells):
                blocks.append(Block(cells, in_table=True))
        elif line:
            blocks.append(Block((line,), in_table=False))
    return blocks


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W_P, W_TBL, W_TR, W_TC, W_R = W + "p", W + "tbl", W + "tr", W + "tc", W + "r"
W_T, W_TAB, W_PTAB, W_BR, W_CR = W + "t", W + "tab", W + "ptab", W + "br", W + "cr"
W_NO_BREAK_HYPHEN = W + "noBreakHyphen"
WRAPPERS = frozenset({W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag"})
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
RUN_TEXT = {W_TAB: " ", W_PTAB: " ", W_BR: "\n", W_CR: "\n", W_NO_BREAK_HYPHEN: "-"}
BULLET = "•"


def _docx_blocks(data: bytes) -> list[Block]:
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


def _separate_footnotes(blocks: Iterable[Block]) -> list[Block | Footnote]:
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


# Labels ---------------------------------------------------------------------------------------


class Label(Enum):
    FOCUS_AREA = "focus_area"
    PROGRAMME = "programme"
    HOUSING_AREAS = "housing_areas"
    PARTIES = "parties"
    WORKING_GROUPS = "working_groups"
    PROBLEM = "problem_complex"
    PURPOSE = "purpose"
    CRITERIA = "success_criteria"
    DATA_SOURCE = "data_source"
    ACTIVITIES_OVERVIEW = "activities_overview"
    STAFF = "staff_resources"
    MUNICIPAL = "municipal_services"
    BUDGET = "budget"
    CONFLICT = "conflict_handling"
    REVISION = "revision"
    PERIOD = "period"
    ACTIVITY_NAME = "activity_name"
    ACTIVITY_CONTENT = "activity_content"
    TARGET_GROUPS = "target_groups"
    RESPONSIBILITIES = "responsibilities"


# Patterns over a normalised label: lower case, no parentheses, numbering or final colon.
LABEL_PATTERNS: dict[Label, str] = {
    Label.FOCUS_AREA: r"(navn på )?indsatsområde(t|ts navn)?",
    Label.PROGRAMME: (
        r"navn på (den )?(boligsociale? indsats|helhedsplan(en)?)(,? som (del)?aftalen vedrører)?"
        r"|(den )?boligsociale indsats"
    ),
    Label.HOUSING_AREAS: (
        r"(omfattede|berørte) (boligområder|boligafdelinger)"
        r"|(boligområder|boligafdelinger) omfattet( af (del)?aftalen)?"
    ),
    Label.PARTIES: r"((del)?aftalens )?parter",
    Label.WORKING_GROUPS: r"(faglige? )?arbejdsgrupper?( for (del)?aftalen| for aktiviteten)?",
    Label.PROBLEM: r"problemkompleks(et)?( for (indsatsområdet|delaftalen))?",
    Label.PURPOSE: r"formål(,| og) mål( og succeskriterier)?( for (indsatsområdet|aktiviteten))?",
    Label.CRITERIA: r"(lokale )?succeskriterier( og datakilder? for (aktiviteten|indsatsområdet))?",
    Label.DATA_SOURCE: r"datakilder?",
    Label.ACTIVITIES_OVERVIEW: r"aktiviteter,? (som|der) skal bidrage til .*",
    Label.STAFF: r"medarbejderressourcer( for (indsatsområdet|aktiviteten))?",
    Label.MUNICIPAL: (
        r"(sammenhæng(en)?|relation(en)?) (med|til) (den )?kommunale? "
        r"(indsats(er)?|tilbud|service(ydelser)?)( i boligområdet)?"
    ),
    Label.BUDGET: (
        r"(indsatsområdets )?økonomi( i henhold til budget(tet)?)?|budget( for indsatsområdet)?"
    ),
    Label.CONFLICT: r"konflikt(håndtering|løsning)( og underretning)?",
    Label.REVISION: r"revision( af (del)?aftalen)?",
    Label.PERIOD: (
        r"(del)?aftalen gælder( fra)?( og med)?|(del)?aftalens (periode|varighed|løbetid)"
        r"|gyldighedsperiode"
    ),
    Label.ACTIVITY_NAME: r"aktivitetsnavn|aktivitetens navn|navn på aktivitet(en)?|aktivitet \d+",
    Label.ACTIVITY_CONTENT: r"indhold og praksis|aktivitetsbeskrivelse",
    Label.TARGET_GROUPS: r"målgrupper?",
    Label.RESPONSIBILITIES: r"ansvars?- og rollefordeling|roller og ansvar",
}
FULL_LABELS = [(label, re.compile(pattern)) for label, pattern in LABEL_PATTERNS.items()]
# With a colon, a template label may carry a few words more: "Problemkompleks i Vollsmose:".
LABEL_PREFIXES = [
    (label, re.compile(rf"(?:{pattern})(?=[\s,]|$)")) for label, pattern in LABEL_PATTERNS.items()
]
MAX_EXTRA_LABEL_WORDS = 8

ACTIVITY_LABELS = frozenset(
    {Label.ACTIVITY_NAME, Label.ACTIVITY_CONTENT, Label.TARGET_GROUPS, Label.RESPONSIBILITIES}
)
SHARED_LABELS = frozenset({Label.PURPOSE, Label.CRITERIA, Label.DATA_SOURCE, Label.WORKING_GROUPS})

PARENTHESES = re.compile(r"\([^()]*\)")
DASHES = re.compile(r"[\u2010-\u2015\u2212]")
LABEL_NUMBERING = re.compile(r"^(?:\d{1,2}(?:\.(?:\d{1,2}|x+))*\.?|[a-z]\))\s*")


def _label_key(text: str) -> str:
    key = DASHES.sub("-", text.casefold())
    while True:
        shorter = PARENTHESES.sub(" ", key)
        if shorter == key:
            break
        key = shorter
    key = LABEL_NUMBERING.sub("", SPACES.sub(" ", key).strip())
    return re.sub(r"\s+,", ",", key).strip(" :.;*•")


def _match_label(text: str) -> Label | None:
    """The template label a whole cell (or line) is, if any."""
    if len(text) > 300:
        return None
    key = _label_key(text)
    for label, pattern in FULL_LABELS:
        if pattern.fullmatch(key):
            return label
    if not text.rstrip().endswith(":"):
        return None
    for label, pattern in LABEL_PREFIXES:
        found = pattern.match(key)
        if found and len(key[found.end() :].split()) <= MAX_EXTRA_LABEL_WORDS:
            return label
    return None


def _split_label(line: str) -> tuple[Label | None, str]:
    """The label of a line and the text after it: "Målgruppe(r): Alle beboere"."""
    label = _match_label(line)
    if label is not None:
        return label, ""
    head, colon, tail = line.partition(":")
    if colon and tail.strip() and len(head) <= 120:
        label = next(
            (lb for lb, pattern in FULL_LABELS if pattern.fullmatch(_label_key(head))), None
        )
        if label is not None:
            return label, tail.strip()
    return None, ""


def _looks_like_heading(text: str) -> bool:
    """An unknown section heading: a short line ending with a colon, like the template's."""
    return (
        "\n" not in text
        and text.endswith(":")
        and len(text) <= 80
        and len(text.split()) <= MAX_EXTRA_LABEL_WORDS
        and text[0].isupper()
        and ". " not in text
        and BULLET not in text
    )


# The structure step: blocks -> labelled parts -------------------------------------------------


Row = tuple[str, ...]
NUMBERED_ITEM = re.compile(r"\(?\d{1,2}(?:\.\d{1,2})*[.)](?!\d)")


@dataclass
class _Part:
    heading: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class _ActivityParts:
    parts: dict[Label, _Part] = field(default_factory=dict)
    unknown: list[_Part] = field(default_factory=list)


@dataclass
class _Outline:
    opening: _Part = field(default_factory=lambda: _Part(""))
    parts: dict[Label, _Part] = field(default_factory=dict)
    activities: list[_ActivityParts] = field(default_factory=list)
    unknown: list[_Part] = field(default_factory=list)
    labels: set[Label] = field(default_factory=set)


class _OutlineBuilder:
    """Files each block under the label before it, the way a reader of the form would."""

    def __init__(self) -> None:
        self.outline = _Outline()
        self.activity: _ActivityParts | None = None
        self.current = self.outline.opening
        self.rows_are_sources = False

    def feed(self, item: Block | Footnote) -> None:
        if isinstance(item, Footnote):
            self.current.notes.append(item.text)
            return
        first, *rest = item.cells
        first_line, _, first_after = first.partition("\n")
        label, inline = _split_label(first_line)
        if label is not None:
            self._open(label, first_line)
            content = "\n".join(t for t in (inline, first_after) if t)
            beside = tuple(cell for cell in rest if not self._is_bare_label(cell))
            # Text beside a label, in a form laid out in two columns, is the label's text.
            self._add_row((content, *beside) if content else beside)
        elif _looks_like_heading(first) and not any(rest):
            self._open_unknown(first.rstrip(":").strip())
        else:
            self._add_row(item.cells)

    @staticmethod
    def _is_bare_label(cell: str) -> bool:
        return "\n" not in cell and _match_label(cell) is not None

    def _add_row(self, cells: Row) -> None:
        if not any(cells):
            return
        if NUMBERED_ITEM.match(cells[0]):
            # A numbered line after a "Datakilde" label starts the next criterion.
            self.rows_are_sources = False
        self.current.rows.append(("", *cells) if self.rows_are_sources else cells)

    def _open(self, label: Label, heading: str) -> None:
        self.outline.labels.add(label)
        self.rows_are_sources = label is Label.DATA_SOURCE
        if label is Label.DATA_SOURCE:
            # A "Datakilde" label of its own introduces the sources of the criteria above it.
            label = Label.CRITERIA
        if label is Label.ACTIVITY_NAME or (label in ACTIVITY_LABELS and self.activity is None):
            self.activity = _ActivityParts()
            self.outline.activities.append(self.activity)
        if self.activity is not None and (label in ACTIVITY_LABELS or label in SHARED_LABELS):
            parts = self.activity.parts
        else:
            self.activity = None
            parts = self.outline.parts
        self.current = parts.setdefault(label, _Part(heading))

    def _open_unknown(self, heading: str) -> None:
        self.rows_are_sources = False
        self.current = _Part(heading)
        owner = self.activity.unknown if self.activity is not None else self.outline.unknown
        owner.append(self.current)


def _outline(blocks: Iterable[Block]) -> _Outline:
    builder = _OutlineBuilder()
    for item in _separate_footnotes(blocks):
        builder.feed(item)
    return builder.outline


def _build_document(blocks: list[Block]) -> AgreementDocument:
    if not blocks:
        raise AgreementImportError(gettext("Dokumentet indeholder ingen tekst."))
    outline = _outline(blocks)
    if len(outline.labels) < MIN_DISTINCT_LABELS:
        raise AgreementImportError(
            gettext(
                "Dokumentet ligner ikke en delaftale: skabelonens overskrifter, fx "
                "»Aftalens parter«, »Problemkompleks« og »Aktivitetsnavn«, blev ikke fundet."
            )
        )
    return _Converter(outline).document()


# Text of a part -------------------------------------------------------------------------------

SENTENCE_ENDINGS = ".!?:;"


def _part_text(part: _Part | None) -> str:
    """The part's rows as text: one line per row, except that a row continuing a sentence cut by
    a page break joins the line before; a multi-cell row keeps its cells apart with " | "."""
    if part is None:
        return ""
    lines: list[str] = []
    previous_single = False
    for row in part.rows:
        cells = [cell for cell in row if cell]
        if not cells:
            continue
        single = len(cells) == 1
        text = cells[0] if single else " | ".join(c.replace("\n", " ") for c in cells)
        if single and previous_single and _continues(lines[-1], text):
            lines[-1] = f"{lines[-1]} {text}"
        else:
            lines.append(text)
        previous_single = single
    return "\n".join([*lines, *part.notes])


def _continues(before: str, after: str) -> bool:
    return before[-1] not in SENTENCE_ENDINGS and after[0].islower()


def _one_line(text: str) -> str:
    return " ".join(text.split("\n"))


# Conversion: parts -> dataclasses -------------------------------------------------------------


class _Converter:
    def __init__(self, outline: _Outline) -> None:
        self.outline = outline
        self.warnings: list[str] = []

    def text(self, label: Label) -> str:
        return _part_text(self.outline.parts.get(label))

    def document(self) -> AgreementDocument:
        title, preamble = _title_and_preamble(self.outline.opening)
        programme = _one_line(self.text(Label.PROGRAMME))
        focus_area = _one_line(self.text(Label.FOCUS_AREA)) or focus_area_from_title(title)
        period_text = self.text(Label.PERIOD)
        period_start, period_end = self.period(period_text)
        staff_text = self.text(Label.STAFF)
        staff = parse_staff_resources(staff_text)
        budget, budget_note = _budget(self.outline.parts.get(Label.BUDGET))
        parties = self.text(Label.PARTIES)
        working_groups = self.text(Label.WORKING_GROUPS)
        activities = self.activities(f"{parties}\n{working_groups}")
        other_sections = [self.unknown_section(part, None) for part in self.outline.unknown]
        document = AgreementDocument(
            title=title,
            focus_area=focus_area,
            programme=programme,
            period_start=period_start,
            period_end=period_end,
            period_text=period_text,
            preamble=preamble,
            parties=parties,
            working_groups=working_groups,
            problem_complex=self.text(Label.PROBLEM),
            purpose=self.text(Label.PURPOSE),
            overall_success_criteria=self.criteria(self.outline.parts.get(Label.CRITERIA), None),
            activities_overview=self.text(Label.ACTIVITIES_OVERVIEW),
            activities=activities,
            staff_resources=staff,
            staff_resources_text=staff_text,
            municipal_services=self.text(Label.MUNICIPAL),
            budget=budget,
            budget_note=budget_note,
            conflict_handling=self.text(Label.CONFLICT),
            revision=self.text(Label.REVISION),
            other_sections=other_sections,
        )
        housing_areas, described = self.housing_areas(document)
        self.warn_about_gaps(document)
        return replace(
            document,
            housing_areas=housing_areas,
            other_sections=[*document.other_sections, *described],
            warnings=self.warnings,
        )

    def period(self, text: str) -> tuple[date | None, date | None]:
        start, end = parse_period(text)
        if text and (start is None or end is None):
            self.warnings.append(
                gettext("Aftaleperioden »%(period)s« kunne ikke læses helt.") % {"period": text}
            )
        return start, end

    def activities(self, working_group_text: str) -> list[Activity]:
        names = [_activity_name(parts) for parts in self.outline.activities]
        return [
            self.activity(parts, name, working_group_text, names)
            for parts, name in zip(self.outline.activities, names, strict=True)
        ]

    def activity(
        self, parts: _ActivityParts, name: str, working_group_text: str, names: list[str]
    ) -> Activity:
        texts = {label: _part_text(part) for label, part in parts.parts.items()}
        target_groups = texts.get(Label.TARGET_GROUPS) or None
        working_group = texts.get(Label.WORKING_GROUPS) or _working_group_from(
            working_group_text, name, names
        )
        return Activity(
            name=name,
            content=texts.get(Label.ACTIVITY_CONTENT, ""),
            purpose=texts.get(Label.PURPOSE, ""),
            target_groups=target_groups,
            success_criteria=self.criteria(parts.parts.get(Label.CRITERIA), name),
            responsibilities=texts.get(Label.RESPONSIBILITIES, ""),
            working_group=working_group,
            other_sections=[self.unknown_section(part, name) for part in parts.unknown],
        )

    def criteria(self, part: _Part | None, activity: str | None) -> list[Criterion]:
        criteria = _criteria(part)
        if activity is None:
            message = gettext("Succeskriteriet »%(criterion)s« har ingen datakilde.")
        else:
            message = gettext(
                "Succeskriteriet »%(criterion)s« i aktiviteten »%(activity)s« har ingen datakilde."
            )
        for criterion in criteria:
            if criterion.data_source is None:
                self.warnings.append(
                    message % {"criterion": _shortened(criterion.text), "activity": activity}
                )
        return criteria

    def unknown_section(self, part: _Part, activity: str | None) -> Section:
        if activity is None:
            message = gettext("Afsnittet »%(heading)s« blev ikke genkendt og er gemt som tekst.")
        else:
            message = gettext(
                "Afsnittet »%(heading)s« i aktiviteten »%(activity)s« blev ikke genkendt og er "
                "gemt som tekst."
            )
        self.warnings.append(message % {"heading": part.heading, "activity": activity})
        return Section(heading=part.heading, text=_part_text(part))

    def housing_areas(self, document: AgreementDocument) -> tuple[list[str], list[Section]]:
        """The estates listed under their own label, else proposed from the text; a
        description under that label is kept as a section of its own."""
        part = self.outline.parts.get(Label.HOUSING_AREAS)
        text = _part_text(part)
        listed = _listed_names(text)
        if listed:
            return listed, []
        if part is None or not text:
            return _propose_housing_areas(document), []
        heading = part.heading.rstrip(":").strip()
        self.warnings.append(
            gettext(
                "Afsnittet »%(heading)s« er ikke en liste over boligområder og er gemt som tekst."
            )
            % {"heading": heading}
        )
        return _propose_housing_areas(document), [Section(heading=heading, text=text)]

    def warn_about_gaps(self, document: AgreementDocument) -> None:
        if not document.title:
            self.warnings.append(gettext("Delaftalens titel blev ikke fundet."))
        if not document.focus_area:
            self.warnings.append(gettext("Indsatsområdet blev ikke fundet i titlen."))
        if not document.programme:
            self.warnings.append(gettext("Navnet på den boligsociale indsats blev ikke fundet."))
        if not document.period_text:
            self.warnings.append(gettext("Aftaleperioden (»Delaftalen gælder fra«) mangler."))
        if not document.activities:
            self.warnings.append(gettext("Delaftalen indeholder ingen aktiviteter."))
        for activity in document.activities:
            if not activity.name:
                self.warnings.append(gettext("En aktivitet har intet navn."))
        missing = [line.organisation for line in document.budget if line.amount is None]
        if missing:
            self.warnings.append(
                gettext("Budgettet mangler beløb for: %(organisations)s.")
                % {"organisations": ", ".join(missing)}
            )


def _shortened(text: str, limit: int = 60) -> str:
    flat = text.replace("\n", " ")
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


# Title and focus area -------------------------------------------------------------------------

FOCUS_IN_TITLE = re.compile(r"indsatsområde(?:t|r|rne)?\b\s*[:\-–]?\s*(?P<area>.+)", re.IGNORECASE)
DELAFTALE_PREFIX = re.compile(
    r"^delaftale(?:n)?\s*(?:for|om|vedr\.?|vedrørende)?\s*[:\-–]?\s*", re.IGNORECASE
)
MAX_TITLE_LENGTH = 150


def _title_and_preamble(opening: _Part) -> tuple[str, str]:
    lines = [line for line in _part_text(opening).split("\n") if line]
    title = next((line for line in lines if line.casefold().startswith("delaftale")), "")
    if not title and lines and len(lines[0]) <= MAX_TITLE_LENGTH and lines[0][-1] != ".":
        title = lines[0]
    # Templates repeat the title in the header and the body; keep it once.
    preamble = [line for line in lines if line != title]
    return title, "\n".join(preamble)


def focus_area_from_title(title: str) -> str:
    found = FOCUS_IN_TITLE.search(title)
    if found:
        area = found.group("area")
    elif DELAFTALE_PREFIX.match(title):
        area = DELAFTALE_PREFIX.sub("", title)
    else:
        return ""
    return area.strip(" \"'”“»«’.:-–")


# Criteria -------------------------------------------------------------------------------------

ITEM_NUMBERING = re.compile(
    r"^\s*(?:[•·▪◦*\-–]\s*|\(?\d{1,2}(?:\.\d{1,2})*[.)](?!\d)\s*|\d{1,2}(?:\.\d{1,2})+\s+"
    r"|[a-z]\)\s+)"
)
INLINE_SOURCE = re.compile(r"\s*\bdatakilder?\s*:\s*", re.IGNORECASE)


def _without_numbering(text: str) -> str:
    return ITEM_NUMBERING.sub("", text, count=1).strip()


def _starts_item(line: str) -> bool:
    return ITEM_NUMBERING.match(line) is not None


def _criteria(part: _Part | None) -> list[Criterion]:
    """Criteria from rows of "criterion | data source"; a row beginning in lower case continues
    the criterion cut by a page break, and a row of only a source belongs to the one above."""
    if part is None:
        return []
    drafts: list[list[str]] = []
    for row in part.rows:
        text = row[0].strip() if row else ""
        source = " ".join(cell for cell in row[1:] if cell)
        if not text:
            if drafts:
                drafts[-1][1] = _joined(drafts[-1][1], source)
            continue
        for index, item in enumerate(_criterion_items(text, len(row) > 1)):
            if drafts and item[0].islower() and drafts[-1][0][-1] not in SENTENCE_ENDINGS:
                drafts[-1][0] = _joined(drafts[-1][0], item)
            else:
                drafts.append([item, ""])
            if index == 0:
                drafts[-1][1] = _joined(drafts[-1][1], source)
    if drafts and part.notes:
        drafts[-1][0] = "\n".join([drafts[-1][0], *part.notes])
    return [_criterion(text, source) for text, source in drafts]


def _joined(*texts: str) -> str:
    return " ".join(text for text in texts if text)


def _criterion_items(text: str, has_source_column: bool) -> list[str]:
    """A criterion cell; without a source column one cell may list several numbered criteria."""
    lines = text.split("\n")
    if has_source_column or not _starts_item(lines[0]):
        return [text]
    items: list[str] = []
    for line in lines:
        if _starts_item(line) or not items:
            items.append(line)
        else:
            items[-1] = f"{items[-1]}\n{line}"
    return items


def _criterion(text: str, source: str) -> Criterion:
    text = _without_numbering(text)
    if not source:
        text, _, source = (part.strip() for part in _partition_source(text))
    source = source.strip()
    return Criterion(text=text, data_source=source if any(c.isalnum() for c in source) else None)


def _partition_source(text: str) -> tuple[str, str, str]:
    found = INLINE_SOURCE.search(text)
    if found is None:
        return text, "", ""
    return text[: found.start()], found.group(), text[found.end() :]


# Activities -----------------------------------------------------------------------------------


def _activity_name(parts: _ActivityParts) -> str:
    return _without_numbering(_one_line(_part_text(parts.parts.get(Label.ACTIVITY_NAME))))


TRAILING_CAPITALISED = re.compile(r"(?:\s+[A-ZÆØÅ]\S*)+:$")


def _working_group_from(text: str, name: str, names: list[str]) -> str:
    """The bullets after "<activity name>:" in the parties' text, which lists each activity's
    working group as a heading followed by bullets."""
    if not name:
        return ""
    folded = text.casefold()
    start = folded.find(f"{name.casefold()}:")
    if start < 0:
        return ""
    rest = text[start + len(name) + 1 :]
    ends = [rest.casefold().find(f"{other.casefold()}:") for other in names if other != name]
    rest = rest[: min([end for end in ends if end >= 0], default=len(rest))]
    members: list[str] = []
    for item in (piece.strip() for piece in rest.split(BULLET)):
        if not item:
            continue
        if item.endswith(":"):
            # The bullet runs into the heading of a group we cannot name; keep what precedes it.
            member = TRAILING_CAPITALISED.sub("", item).strip()
            if member and member != item.rstrip(":"):
                members.append(member)
            break
        members.append(item)
    return "\n".join(members)


# Period ---------------------------------------------------------------------------------------

MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "marts": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE = re.compile(
    rf"(?P<iyear>\d{{4}})-(?P<imonth>\d{{1,2}})-(?P<iday>\d{{1,2}})"
    rf"|(?P<nday>\d{{1,2}})\s*[./-]\s*(?P<nmonth>\d{{1,2}})\s*[./\- ]\s*(?P<nyear>\d{{4}})"
    rf"|(?:(?P<day>\d{{1,2}})\.?\s*)?\b(?P<month>{MONTH_NAMES})\b\.?\s*(?P<year>\d{{4}})",
    re.IGNORECASE,
)
YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def parse_period(text: str) -> tuple[date | None, date | None]:
    """The first and last date in a period such as "1. januar 2018 til 31. december 2021".
    A date without a day means the first day of the month at the start and the last at the
    end; with no month at all, "2018-2021" means 1 January 2018 to 31 December 2021."""
    found = [_date_parts(match) for match in DATE.finditer(text)]
    if not found:
        years = [int(year) for year in YEAR.findall(text)]
        found = [(years[0], 1, 1), (years[-1], 12, 31)] if len(years) > 1 else []
    if not found:
        return None, None
    start = _valid_date(*found[0], at_end=False)
    end = _valid_date(*found[-1], at_end=True) if len(found) > 1 else None
    return start, end


def _date_parts(match: re.Match[str]) -> tuple[int, int, int | None]:
    if match["iyear"]:
        return int(match["iyear"]), int(match["imonth"]), int(match["iday"])
    if match["nyear"]:
        return int(match["nyear"]), int(match["nmonth"]), int(match["nday"])
    day = int(match["day"]) if match["day"] else None
    return int(match["year"]), MONTHS[match["month"].casefold()], day


def _valid_date(year: int, month: int, day: int | None, *, at_end: bool) -> date | None:
    if not (1 <= month <= 12 and year >= 1):
        return None
    if day is None:
        day = calendar.monthrange(year, month)[1] if at_end else 1
    try:
        return date(year, month, day)
    except ValueError:
        return None


# Staff resources ------------------------------------------------------------------------------

HOURS = re.compile(
    r"(?P<hours>\d+(?:,\d+)?)\s*(?:timer|time|t\.?)\s*"
    r"(?:(?:pr\.|per|om|i|hver|/)\s*"
    r"(?P<unit>ugen|uge|halvåret|halvår|året|år|måneden|måned|kvartalet|kvartal)\b"
    r"|(?P<adverb>ugentligt|ugentlig|halvårligt|halvårlig|årligt|årlig|månedligt|kvartalsvis))",
    re.IGNORECASE,
)
UNITS: dict[str, tuple[StaffPeriod, int]] = {
    "uge": ("week", 1), "ugen": ("week", 1), "ugentligt": ("week", 1), "ugentlig": ("week", 1),
    "halvår": ("half_year", 1), "halvåret": ("half_year", 1), "halvårligt": ("half_year", 1),
    "halvårlig": ("half_year", 1), "år": ("year", 1), "året": ("year", 1),
    "årligt": ("year", 1), "årlig": ("year", 1),
    # The model knows weeks, half-years and years; months and quarters become years.
    "måned": ("year", 12), "måneden": ("year", 12), "månedligt": ("year", 12),
    "kvartal": ("year", 4), "kvartalet": ("year", 4), "kvartalsvis": ("year", 4),
}  # fmt: skip
COUNT_WORDS = {
    "en": 1, "et": 1, "én": 1, "ét": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6,
    "syv": 7, "otte": 8, "ni": 9, "ti": 10,
}  # fmt: skip
COUNT = re.compile(rf"^(?P<count>\d{{1,3}}|{'|'.join(COUNT_WORDS)})\s+(?=\S)", re.IGNORECASE)
ROLE_FILLERS = frozenset(
    {"indgår", "bidrager", "deltager", "arbejder", "anvender", "bruger", "afsætter", "med", "i",
     "alt", "samlet", "ca.", "cirka", "op", "til", "på", "er"}
)  # fmt: skip
LEADING_FILLERS = re.compile(r"^(?:herudover|derudover|desuden|samtidig|endelig)\s+", re.I)
# "Konsulenter indgår.": a role whose hours are not stated.
ROLE_WITHOUT_HOURS = re.compile(r"(?P<role>\w[^:.,;]{1,59}?)\s+indgår\.?")
PARTICIPATES = re.compile(r"\b(?:indgår|deltager|bidrager)\b", re.IGNORECASE)
ORGANISATION = r"[A-ZÆØÅ][\w-]*(?:\s+[A-ZÆØÅ][\w-]*)*"
MEMBER_OF = re.compile(rf"(?P<role>\w+)\s+fra\s+(?P<organisation>{ORGANISATION})")
FROM_ORGANISATION = re.compile(rf"^(?P<role>.*?)\s+fra\s+(?P<organisation>{ORGANISATION})$")
GROUP_HEADING = re.compile(r"^(?P<heading>[^:\d]{2,60}):\s*(?P<body>.*)$", re.DOTALL)
ABBREVIATIONS = (
    "pr.", "ca.", "fx.", "f.eks.", "bl.a.", "hhv.", "mv.", "m.fl.", "evt.", "inkl.", "jf.",
    "dvs.", "kl.", "nr.", "mht.", "ift.", "vedr.", "osv.",
)  # fmt: skip
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n+|\s*•\s*")


def parse_staff_resources(text: str) -> list[StaffResource]:
    """Staff lines such as "2 Netværkskoordinatorer indgår med 16 timer pr. uge i alt." under a
    group heading ("Kommunale aktører:"), which is the employer unless a line says "fra X"."""
    resources: list[StaffResource] = []
    group = ""
    for sentence in _sentences(text):
        heading, body = _group_heading(sentence)
        hours = HOURS.search(body)
        if heading and hours and not _role_text(body[: hours.start()]):
            resources.append(_staff_line(heading, hours, group))
            continue
        if heading:
            group = heading
        if hours:
            role = _role_text(body[: hours.start()])
            if role:
                resources.append(_staff_line(role, hours, group))
        elif bare := ROLE_WITHOUT_HOURS.fullmatch(body):
            resources.append(_staff_line(bare["role"], None, group))
        elif PARTICIPATES.search(body) and (member := MEMBER_OF.search(body)):
            resources.append(
                StaffResource(role=_capitalised(member["role"]), employer=member["organisation"])
            )
    return resources


def _sentences(text: str) -> list[str]:
    sentences: list[str] = []
    for piece in SENTENCE_BREAK.split(text):
        piece = piece.strip()
        if not piece:
            continue
        if sentences and (_ends_with_abbreviation(sentences[-1]) or piece[0].islower()):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences


def _ends_with_abbreviation(sentence: str) -> bool:
    return sentence.rsplit(" ", 1)[-1].casefold() in ABBREVIATIONS


def _group_heading(sentence: str) -> tuple[str, str]:
    found = GROUP_HEADING.match(sentence)
    if found is None or len(found["heading"].split()) > 5:
        return "", sentence
    return found["heading"].strip(), found["body"]


def _role_text(lead: str) -> str:
    words = LEADING_FILLERS.sub("", lead.strip(" ,:;–-")).split()
    while words and (
        words[-1].casefold() in ROLE_FILLERS or not any(c.isalnum() for c in words[-1])
    ):
        words.pop()
    return " ".join(words)


def _staff_line(role_text: str, hours: re.Match[str] | None, group: str) -> StaffResource:
    count: int | None = None
    counted = COUNT.match(role_text)
    if counted:
        word = counted["count"].casefold()
        count = int(word) if word.isdigit() else COUNT_WORDS[word]
        role_text = role_text[counted.end() :]
    employer = group
    member = FROM_ORGANISATION.match(role_text)
    if member:
        role_text, employer = member["role"], member["organisation"]
    role = _capitalised(role_text)
    if hours is None:
        return StaffResource(role=role, count=count, employer=employer)
    per, factor = UNITS[(hours["unit"] or hours["adverb"]).casefold()]
    amount = float(hours["hours"].replace(",", ".")) * factor
    return StaffResource(role=role, count=count, hours=amount, per=per, employer=employer)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


# Budget ---------------------------------------------------------------------------------------

AMOUNT = re.compile(
    r"(?<![\d.,])(?P<whole>\d{1,3}(?:[. ]\d{3})+|\d+)(?:,(?P<fraction>\d+|-))?"
    r"(?:\s*(?P<scale>mio\.?|millioner|mia\.?|milliarder)(?!\w))?"
    r"(?P<currency>\s*(?:kr\.?|dkk|kroner)(?!\w))?",
    re.IGNORECASE,
)
SCALES = {"mio": 10**6, "millioner": 10**6, "mia": 10**9, "milliarder": 10**9}
BUDGET_HEADER = re.compile(r"(finansiering\w*|beløb|budget|kr|kroner|dkk|i alt|sum)\b.*")
INLINE_BUDGET_LINE = re.compile(
    r"^(?P<organisation>[^\d:]{2,80}?)\s*[:–-]?\s*"
    r"(?P<amount>(?:kr\.?\s*)?\d[\d. ]*(?:,\d+|,-)?\s*(?:mio\.?|millioner)?\s*(?:kr\.?|dkk)?)$",
    re.IGNORECASE,
)


def parse_amount(text: str) -> Decimal | None:
    """Danish money: "1.234.567 kr.", "1.234.567,50", "1,2 mio. kr."; None if there is none."""
    matches = list(AMOUNT.finditer(text))
    if not matches:
        return None
    money = [m for m in matches if m["currency"] or m["scale"]]
    chosen = (money or matches)[-1]
    whole = re.sub(r"[. ]", "", chosen["whole"])
    fraction = chosen["fraction"] if chosen["fraction"] not in (None, "-") else "0"
    value = Decimal(f"{whole}.{fraction}")
    scale = (chosen["scale"] or "").casefold().rstrip(".")
    return value * SCALES[scale] if scale else value


def _budget(part: _Part | None) -> tuple[list[BudgetLine], str]:
    if part is None:
        return [], ""
    lines: list[BudgetLine] = []
    notes: list[str] = []
    for row in part.rows:
        filled = [cell for cell in row if cell]
        if not filled or _is_budget_header(filled):
            continue
        if len(row) > 1 and row[0]:
            lines.append(BudgetLine(row[0], parse_amount(filled[-1] if len(filled) > 1 else "")))
        elif len(filled) == 1 and (inline := INLINE_BUDGET_LINE.match(filled[0])):
            lines.append(BudgetLine(inline["organisation"].strip(), parse_amount(inline["amount"])))
        else:
            notes.append(" | ".join(filled))
    return lines, "\n".join([*notes, *part.notes])


def _is_budget_header(cells: list[str]) -> bool:
    return (
        len(cells) > 1
        and not any(char.isdigit() for cell in cells for char in cell)
        and BUDGET_HEADER.fullmatch(_label_key(cells[-1])) is not None
    )


# Housing areas --------------------------------------------------------------------------------

NAME = r"[A-ZÆØÅ][a-zæøåäöüé]+(?:-[A-ZÆØÅa-zæøå][a-zæøåäöüé]+)*"
LOCATIVE = re.compile(rf"\b(?:i|på|ved)\s+(?:både\s+|hhv\.\s+|henholdsvis\s+)?(?P<name>{NAME})\b")
COORDINATED = re.compile(
    rf"\b(?P<first>{NAME})\s+(?:og|samt|eller)\s+(?:i\s+|på\s+)?(?P<second>{NAME})\b"
)
AREA_CONTEXT = re.compile(
    rf"\bboligområde(?:t|rne|r)?\s+(?P<first>{NAME})(?:\s+og\s+(?P<second>{NAME}))?\b"
)
MUNICIPALITY = re.compile(rf"\b(?P<name>{NAME})\s+[Kk]ommunes?\b")
MEMBERS_FROM = re.compile(rf"\b[Rr]epræsentant\w*\s+fra\s+(?P<name>{NAME})")
NOT_AN_ESTATE = re.compile(
    r"(?:kommune|skole|center|centret|centeret|teater|teatret|kulturhus|politi|fond|bibliotek"
    r"|klub|forening|kontor)\w{0,4}$|(?:vej|gade|allé|alle|plads|torv|stræde|boulevard)(?:en|et)?$",
    re.IGNORECASE,
)
CALENDAR_WORDS = frozenset(
    {"januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
     "oktober", "november", "december", "mandag", "tirsdag", "onsdag", "torsdag", "fredag",
     "lørdag", "søndag", "danmark"}
)  # fmt: skip
MIN_ESTATE_SCORE = 3
ESTATE_SHARE_OF_TOP = 0.25
# Danish letters sort after z in the order æ, ø, å.
DANISH_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})


def _propose_housing_areas(document: AgreementDocument) -> list[str]:
    """Estates named in the text: capitalised names that keep recurring where places are
    named ("i X", "på X", "i både X og Y", "boligområderne X og Y"), minus municipalities,
    institutions, streets, partners and ordinary words that happen to start a sentence."""
    text = "\n".join(_document_texts(document))
    partners = _partners(text, document)
    words = Counter(re.findall(r"\w+", text))
    candidates = {
        name: score
        for name, score in _place_scores(text).items()
        if name not in partners and _may_be_an_estate(name, words)
    }
    if len(candidates) > 1:
        candidates.pop(document.programme, None)
    if not candidates:
        return []
    top = max(candidates.values())
    chosen = [
        name
        for name, score in candidates.items()
        if score >= MIN_ESTATE_SCORE and score >= top * ESTATE_SHARE_OF_TOP
    ]
    return sorted(chosen, key=_danish_sort_key)


def _document_texts(document: AgreementDocument) -> Iterator[str]:
    yield from (
        document.preamble,
        document.parties,
        document.working_groups,
        document.problem_complex,
        document.purpose,
        document.municipal_services,
        document.staff_resources_text,
    )
    for criterion in document.overall_success_criteria:
        yield criterion.text
    for activity in document.activities:
        yield from (activity.content, activity.purpose, activity.responsibilities)
        yield from (criterion.text for criterion in activity.success_criteria)


def _place_scores(text: str) -> Counter[str]:
    scores: Counter[str] = Counter()
    for found in LOCATIVE.finditer(text):
        scores[found["name"]] += 1
    for found in COORDINATED.finditer(text):
        if found["first"] in scores and found["second"] in scores:
            scores[found["first"]] += 1
            scores[found["second"]] += 1
    for found in AREA_CONTEXT.finditer(text):
        for name in (found["first"], found["second"]):
            if name:
                scores[name] += 2
    return scores


def _partners(text: str, document: AgreementDocument) -> set[str]:
    """Municipalities and organisations that take part: named like places, but not estates."""
    partners = {found["name"] for found in MUNICIPALITY.finditer(text)}
    partners |= {found["name"] for found in MEMBERS_FROM.finditer(text)}
    partners |= {staff.employer for staff in document.staff_resources}
    partners |= {line.organisation for line in document.budget}
    return partners


def _may_be_an_estate(name: str, words: Counter[str]) -> bool:
    # A word written in lower case at least as often is an ordinary word starting a sentence.
    return (
        name.casefold() not in CALENDAR_WORDS
        and NOT_AN_ESTATE.search(name) is None
        and words[name.casefold()] < words[name]
    )


def _listed_names(text: str) -> list[str]:
    """Names given as a list ("Nøjsomhed og Vapnagaard"); empty if the text is prose."""
    items = [item.strip(" .•") for item in re.split(r",|\n|\bog\b|•", text)]
    names = [item for item in items if item]
    if not names or any(len(name.split()) > 4 or not name[0].isupper() for name in names):
        return []
    return sorted(dict.fromkeys(names), key=_danish_sort_key)


def _danish_sort_key(name: str) -> str:
    return name.casefold().translate(DANISH_ORDER)
