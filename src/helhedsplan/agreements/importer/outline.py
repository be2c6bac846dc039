"""The structure step: blocks become parts filed under the template's labels.

The blocks are read in order, the way a reader of the form would: each block belongs to the
label before it, an activity's labels open a new activity, and a heading the template does
not know opens a part of its own, which is kept as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from helhedsplan.agreements.importer.labels import (
    ACTIVITY_LABELS,
    SHARED_LABELS,
    Label,
    looks_like_heading,
    match_label,
    split_label,
)
from helhedsplan.agreements.importer.numbering import list_item
from helhedsplan.agreements.importer.reading import Block, Footnote, separate_footnotes

Row = tuple[str, ...]
NUMBERED_ITEM = re.compile(r"\(?\d{1,2}(?:\.\d{1,2})*[.)](?!\d)")


@dataclass
class Part:
    heading: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class ActivityParts:
    parts: dict[Label, Part] = field(default_factory=dict)
    unknown: list[Part] = field(default_factory=list)


@dataclass
class Outline:
    opening: Part = field(default_factory=lambda: Part(""))
    parts: dict[Label, Part] = field(default_factory=dict)
    activities: list[ActivityParts] = field(default_factory=list)
    unknown: list[Part] = field(default_factory=list)
    labels: set[Label] = field(default_factory=set)


class _OutlineBuilder:
    """Files each block under the label before it, the way a reader of the form would."""

    def __init__(self) -> None:
        self.outline = Outline()
        self.activity: ActivityParts | None = None
        self.current = self.outline.opening
        self.rows_are_sources = False

    def feed(self, item: Block | Footnote) -> None:
        if isinstance(item, Footnote):
            self.current.notes.append(item.text)
            return
        first, *rest = item.cells
        first_line, _, first_after = first.partition("\n")
        label, inline = split_label(first_line)
        if label is not None:
            self._open(label, first_line)
            content = "\n".join(t for t in (inline, first_after) if t)
            beside = tuple(cell for cell in rest if not self._is_bare_label(cell))
            # Text beside a label, in a form laid out in two columns, is the label's text.
            self._add_row((content, *beside) if content else beside)
        elif looks_like_heading(first) and not any(rest):
            self._open_unknown(first.rstrip(":").strip())
        else:
            self._add_row(item.cells)

    @staticmethod
    def _is_bare_label(cell: str) -> bool:
        return "\n" not in cell and match_label(cell) is not None

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
            self.activity = ActivityParts()
            self.outline.activities.append(self.activity)
        if self.activity is not None and (label in ACTIVITY_LABELS or label in SHARED_LABELS):
            parts = self.activity.parts
        else:
            self.activity = None
            parts = self.outline.parts
        self.current = parts.setdefault(label, Part(heading))

    def _open_unknown(self, heading: str) -> None:
        self.rows_are_sources = False
        self.current = Part(heading)
        owner = self.activity.unknown if self.activity is not None else self.outline.unknown
        owner.append(self.current)


def outline(blocks: Iterable[Block]) -> Outline:
    builder = _OutlineBuilder()
    for item in separate_footnotes(blocks):
        builder.feed(item)
    return builder.outline


# Text of a part -------------------------------------------------------------------------------

SENTENCE_ENDINGS = ".!?:;"


def part_text(part: Part | None) -> str:
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
    # A list item ("a) ", "ii. ") begins in lower case, yet starts a line of its own.
    return before[-1] not in SENTENCE_ENDINGS and after[0].islower() and list_item(after) is None


def one_line(text: str) -> str:
    return " ".join(text.split("\n"))
