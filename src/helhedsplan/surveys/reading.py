"""What the scan reader (``scanning.py``) makes of a page, and what a question's boxes say.

The reader and the import of a scanned batch meet here: the reader returns a ``PageReading``
per page; the import stores it, sends what is in doubt to a person, and turns the boxes into
answers with ``answer_of`` (the same rule for the machine's reading and a person's decision).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from helhedsplan.surveys.layout import FormCode
from helhedsplan.surveys.models import MarkState

# The straightened page is kept at this resolution for the review's cut-outs.
REVIEW_DPI = 150


@dataclass(frozen=True)
class BoxReading:
    question: int
    # The box's answer value, as ``layout.Box.value``.
    value: int
    state: MarkState
    # The share of the box's inside that is dark, 0-1.
    ink: float


@dataclass(frozen=True)
class PageReading:
    """A page as read: its code and boxes, or the reason it was refused (in Danish)."""

    code: FormCode | None
    refused: str
    boxes: tuple[BoxReading, ...] = ()
    # The straightened page as a greyscale PNG at ``REVIEW_DPI``; empty for a refused page.
    image: bytes = b""


@dataclass(frozen=True)
class Reading:
    """What one question's boxes say: the value marked (None when none is), and whether a
    person must look (a box in doubt, or more than one box marked)."""

    value: int | None
    doubtful: bool


def answer_of(states: Iterable[tuple[int, MarkState]]) -> Reading:
    """The answer of a question from its boxes' (value, state). A filled box is a cancelled
    mark, not an answer; one marked box is the answer."""
    marked, doubtful = [], False
    for value, state in states:
        if state == MarkState.UNSURE:
            doubtful = True
        elif state == MarkState.MARKED:
            marked.append(value)
    if doubtful or len(marked) > 1:
        return Reading(None, True)
    return Reading(marked[0] if marked else None, False)
