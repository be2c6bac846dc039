"""Where everything sits on a paper form: one geometry that the PDF draws (``paper.py``), the
scan reader reads (``scanning.py``) and the synthetic forms of the tests, the demo and the
benchmark fill in (``specimens.py``), so the three cannot drift apart.

Measures are millimetres on an A4 page, from its top left corner. The geometry depends on the
questions' kinds and number of choices only, never on their wording or language: a form in
Arabic has its boxes where the Danish one has them (text that does not fit its block is made
smaller by the PDF, not given more room).

- Four solid squares near the corners (``CORNER_MARKS``) let the reader find the page and undo
  its rotation and scale.
- A QR code (``CODE_BOX``) names the questionnaire, the version, the wave, the language and the
  page (``FormCode``).
- Each question is a block: its text on top, then its answer boxes. On the scale and yes/no the
  boxes stand in columns with their labels above them; a single-choice question has a box per
  line with its label to the right; a free-text question has a writing field and no box.
- How to correct a mark is printed on the form (``phrases``): fill the wrong box completely and
  cross another. A filled box is therefore read as *cancelled*, not as an answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

PAGE_WIDTH = 210.0
PAGE_HEIGHT = 297.0

# The corner marks: solid squares, by their centres.
MARK_SIZE = 7.0
CORNER_MARKS: tuple[tuple[float, float], ...] = (
    (13.0, 13.0),
    (197.0, 13.0),
    (13.0, 284.0),
    (197.0, 284.0),
)

# The QR code: its top left corner and side.
CODE_X, CODE_Y, CODE_SIZE = 166.0, 20.0, 24.0
CODE_BOX = (CODE_X, CODE_Y, CODE_SIZE, CODE_SIZE)

# The page's title and introduction, left of the code; the questions below it; the page's
# number at the foot.
HEADER_X, HEADER_Y, HEADER_WIDTH, HEADER_HEIGHT = 20.0, 20.0, 140.0, 26.0
CONTENT_LEFT, CONTENT_RIGHT = 20.0, 190.0
CONTENT_TOP, CONTENT_BOTTOM = 52.0, 272.0
FOOTER_Y = 276.0

# A question's text takes up to three lines above its answers.
TEXT_HEIGHT = 12.0
LABEL_HEIGHT = 7.0
BOX_SIZE = 6.0
BOX_LINE = 0.4
BLOCK_GAP = 4.0
CHOICE_LINE = 8.0
WRITING_HEIGHT = 25.0
MAX_CHOICES = 10

# The reader judges a box by its inside: the border and a little more are left out.
BOX_INSET = 0.7

SCALE_VALUES = (1, 2, 3, 4, 5)
YES, NO = 1, 0
COLUMNS = 5
COLUMN_WIDTH = (CONTENT_RIGHT - CONTENT_LEFT) / COLUMNS

CODE_PREFIX = "HP1"


@dataclass(frozen=True)
class QuestionShape:
    """What the geometry needs of a question."""

    id: int
    kind: str  # a ``QuestionKind`` value
    choices: int = 0


@dataclass(frozen=True)
class Box:
    question: int
    # The answer the box stands for: 1-5 on the scale, ``YES``/``NO``, a choice's position.
    value: int
    x: float
    y: float
    size: float = BOX_SIZE

    def inside(self) -> tuple[float, float, float, float]:
        """The part of the box the reader judges: (x, y, width, height)."""
        side = self.size - 2 * BOX_INSET
        return self.x + BOX_INSET, self.y + BOX_INSET, side, side


@dataclass(frozen=True)
class Block:
    question: QuestionShape
    top: float
    height: float
    boxes: tuple[Box, ...]
    # Where each box's label sits: (x, y, width) of its line, by the box's value.
    labels: tuple[tuple[int, float, float, float], ...]
    # A free-text question's writing field: (x, y, width, height).
    writing: tuple[float, float, float, float] | None = None


@dataclass(frozen=True)
class PageLayout:
    number: int
    blocks: tuple[Block, ...]

    @property
    def boxes(self) -> tuple[Box, ...]:
        return tuple(box for block in self.blocks for box in block.boxes)


@dataclass(frozen=True)
class FormCode:
    """What a page's QR code says."""

    questionnaire: int
    version: int
    wave: int
    language: str
    page: int
    pages: int

    def text(self) -> str:
        return ";".join(
            [
                CODE_PREFIX,
                str(self.questionnaire),
                str(self.version),
                str(self.wave),
                self.language,
                str(self.page),
                str(self.pages),
            ]
        )


def parse_code(text: str) -> FormCode | None:
    """The code read from a page, or None for anything that is not one of ours."""
    parts = text.strip().split(";")
    if len(parts) != 7 or parts[0] != CODE_PREFIX:
        return None
    _, questionnaire, version, wave, language, page, pages = parts
    numbers = (questionnaire, version, wave, page, pages)
    if not all(part.isascii() and part.isdecimal() and len(part) <= 9 for part in numbers):
        return None
    if not (language.isascii() and 2 <= len(language) <= 12):
        return None
    code = FormCode(int(questionnaire), int(version), int(wave), language, int(page), int(pages))
    if not 1 <= code.page <= code.pages <= 50:
        return None
    return code


def block_height(question: QuestionShape) -> float:
    if question.kind == "text":
        return TEXT_HEIGHT + WRITING_HEIGHT + BLOCK_GAP
    if question.kind == "choice":
        return TEXT_HEIGHT + CHOICE_LINE * question.choices + BLOCK_GAP
    return TEXT_HEIGHT + LABEL_HEIGHT + BOX_SIZE + BLOCK_GAP


def _block(question: QuestionShape, top: float) -> Block:
    below_text = top + TEXT_HEIGHT
    if question.kind == "text":
        writing = (CONTENT_LEFT, below_text, CONTENT_RIGHT - CONTENT_LEFT, WRITING_HEIGHT)
        return Block(question, top, block_height(question), (), (), writing)
    if question.kind == "choice":
        boxes, labels = [], []
        for index in range(question.choices):
            y = below_text + index * CHOICE_LINE + (CHOICE_LINE - BOX_SIZE) / 2
            value = index + 1
            boxes.append(Box(question.id, value, CONTENT_LEFT + 2.0, y))
            label_x = CONTENT_LEFT + 2.0 + BOX_SIZE + 3.0
            labels.append((value, label_x, y, CONTENT_RIGHT - label_x))
        return Block(question, top, block_height(question), tuple(boxes), tuple(labels))
    values = SCALE_VALUES if question.kind == "scale" else (YES, NO)
    boxes, labels = [], []
    box_y = below_text + LABEL_HEIGHT
    for column, value in enumerate(values):
        left = CONTENT_LEFT + column * COLUMN_WIDTH
        boxes.append(Box(question.id, value, left + (COLUMN_WIDTH - BOX_SIZE) / 2, box_y))
        labels.append((value, left, below_text, COLUMN_WIDTH))
    return Block(question, top, block_height(question), tuple(boxes), tuple(labels))


def paginate(questions: Sequence[QuestionShape]) -> list[PageLayout]:
    """The questions in order, as many to a page as fit; a question is never split."""
    pages: list[list[Block]] = [[]]
    top = CONTENT_TOP
    for question in questions:
        if not 0 <= question.choices <= MAX_CHOICES:
            raise ValueError(f"A question has {question.choices} choices; at most {MAX_CHOICES}.")
        height = block_height(question)
        if top + height > CONTENT_BOTTOM and pages[-1]:
            pages.append([])
            top = CONTENT_TOP
        pages[-1].append(_block(question, top))
        top += height
    return [PageLayout(number, tuple(blocks)) for number, blocks in enumerate(pages, start=1)]


def to_pixels(millimetres: float, dpi: float) -> float:
    return millimetres * dpi / 25.4
