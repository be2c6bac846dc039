"""Synthetic filled paper forms: the pages a resident's pen and the office scanner would make,
drawn from the forms' geometry (``layout``), for the reader's tests, the scan benchmark and the
demo's scanned batch.

A page is drawn as the PDF draws it (corner marks, the QR code, the answer boxes, strokes where
the text goes), filled with pen-like marks (crosses and ticks of varied stroke, darkness and
size, some off the box's centre), some answers corrected the way the form tells (the wrong box
filled, another crossed), and then scanned: turned up to ±3° (now and then upside down),
scaled 0.97-1.03, shifted, with noise and JPEG artefacts, at 200 or 300 dpi. Everything follows
from the seed, so a test or a benchmark sees the same pages every run. Each page comes with its
truth: the answer per question, None where the question was left blank.
"""

from __future__ import annotations

import dataclasses
import io
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np
import segno
from PIL import Image

from helhedsplan.surveys import layout
from helhedsplan.surveys.layout import Box, FormCode, PageLayout, QuestionShape

PAPER = 255
INK = 0
# What the scanner takes in round the sheet, in millimetres on each side.
SCAN_MARGIN = 10.0


@dataclass(frozen=True)
class Style:
    """How a page is filled in and scanned."""

    dpi: int = 200
    # Of the questions with boxes: the share left blank, and the share corrected (a box filled
    # and another crossed).
    blank: float = 0.04
    corrected: float = 0.0
    rotation: float = 0.0  # degrees
    scale: float = 1.0
    shift: tuple[float, float] = (0.0, 0.0)  # millimetres
    upside_down: bool = False
    noise: float = 0.0  # the noise's standard deviation, grey levels
    jpeg_quality: int | None = None
    paper: int = 245


@dataclass(frozen=True)
class Specimen:
    """A scanned page and what was meant on it."""

    image: np.ndarray  # greyscale, uint8
    truth: dict[int, int | None] = field(default_factory=dict)
    code: FormCode | None = None
    dpi: int = 200
    # The page as the scanner's file holds it: JPEG when the style names a quality, else PNG.
    data: bytes = b""


def _px(millimetres: float, dpi: int) -> int:
    return round(layout.to_pixels(millimetres, dpi))


def _rect(
    image: np.ndarray, x: float, y: float, w: float, h: float, dpi: int, colour: int, line: float
) -> None:
    """A rectangle in millimetres; ``line`` 0 fills it."""
    top_left = (_px(x, dpi), _px(y, dpi))
    bottom_right = (_px(x + w, dpi) - 1, _px(y + h, dpi) - 1)
    thickness = -1 if line == 0 else max(1, _px(line, dpi))
    cv2.rectangle(image, top_left, bottom_right, colour, thickness)


def _text_strokes(
    image: np.ndarray, x: float, y: float, width: float, lines: int, dpi: int, rng: random.Random
) -> None:
    """Grey bars where words would be: the reader must not take print for marks."""
    for line in range(lines):
        cursor = x
        end = x + width * rng.uniform(0.5, 0.95)
        while cursor < end:
            word = rng.uniform(3.0, 14.0)
            _rect(image, cursor, y + line * 4.0 + 0.8, min(word, end - cursor), 2.2, dpi, 70, 0)
            cursor += word + 1.6


def blank_page(page: PageLayout, code: FormCode, dpi: int, seed: int = 0) -> np.ndarray:
    """The unfilled page as printed: corner marks, code, boxes and text-like strokes."""
    rng = random.Random(seed)
    width, height = _px(layout.PAGE_WIDTH, dpi), _px(layout.PAGE_HEIGHT, dpi)
    image = np.full((height, width), PAPER, np.uint8)
    half = layout.MARK_SIZE / 2
    for cx, cy in layout.CORNER_MARKS:
        _rect(image, cx - half, cy - half, layout.MARK_SIZE, layout.MARK_SIZE, dpi, INK, 0)
    qr = segno.make_qr(code.text(), error="m")
    matrix = np.array([list(row) for row in qr.matrix], np.uint8)
    side = _px(layout.CODE_SIZE, dpi)
    symbol = cv2.resize(
        np.where(matrix == 1, INK, PAPER).astype(np.uint8),
        (side, side),
        interpolation=cv2.INTER_NEAREST,
    )
    x0, y0 = _px(layout.CODE_X, dpi), _px(layout.CODE_Y, dpi)
    image[y0 : y0 + side, x0 : x0 + side] = symbol
    _text_strokes(image, layout.HEADER_X, layout.HEADER_Y, layout.HEADER_WIDTH, 4, dpi, rng)
    for block in page.blocks:
        _text_strokes(
            image,
            layout.CONTENT_LEFT,
            block.top,
            layout.CONTENT_RIGHT - layout.CONTENT_LEFT,
            2,
            dpi,
            rng,
        )
        for _, x, y, w in block.labels:
            if block.question.kind == "choice":
                _text_strokes(image, x, y + 1.0, w * 0.6, 1, dpi, rng)
            else:
                _text_strokes(image, x + 2.0, y + 1.5, w - 4.0, 1, dpi, rng)
        for box in block.boxes:
            _rect(image, box.x, box.y, box.size, box.size, dpi, INK, layout.BOX_LINE)
        if block.writing is not None:
            _rect(image, *block.writing, dpi, 120, 0.3)
    _text_strokes(image, 95.0, layout.FOOTER_Y, 20.0, 1, dpi, rng)
    return image


def _pen(
    image: np.ndarray, points: Sequence[tuple[float, float]], dpi: int, ink: int, width: float
) -> None:
    scaled = np.array([[layout.to_pixels(x, dpi), layout.to_pixels(y, dpi)] for x, y in points])
    shift = 4  # fixed-point bits, so strokes land between pixels as a pen's would
    cv2.polylines(
        image,
        [np.round(scaled * (1 << shift)).astype(np.int32)],
        False,
        ink,
        max(1, round(layout.to_pixels(width, dpi))),
        cv2.LINE_AA,
        shift,
    )


def mark(image: np.ndarray, box: Box, dpi: int, rng: random.Random) -> None:
    """A cross or a tick in the box, as a hand makes it: not quite centred, not quite square."""
    size = box.size * rng.uniform(0.55, 1.15)
    cx = box.x + box.size / 2 + rng.uniform(-1.0, 1.0)
    cy = box.y + box.size / 2 + rng.uniform(-1.0, 1.0)
    ink = rng.randint(0, 110)
    width = rng.uniform(0.25, 0.8)
    half = size / 2

    def jitter() -> float:
        return rng.uniform(-0.4, 0.4)

    if rng.random() < 0.6:
        _pen(
            image,
            [
                (cx - half + jitter(), cy - half + jitter()),
                (cx + half + jitter(), cy + half + jitter()),
            ],
            dpi,
            ink,
            width,
        )
        _pen(
            image,
            [
                (cx + half + jitter(), cy - half + jitter()),
                (cx - half + jitter(), cy + half + jitter()),
            ],
            dpi,
            ink,
            width,
        )
    else:
        _pen(
            image,
            [
                (cx - half + jitter(), cy + jitter()),
                (cx - half / 4 + jitter(), cy + half + jitter()),
                (cx + half + jitter(), cy - half * 1.2 + jitter()),
            ],
            dpi,
            ink,
            width,
        )


def fill(image: np.ndarray, box: Box, dpi: int, rng: random.Random) -> None:
    """The box filled in, as the form asks of a mark to be undone: dense strokes to the edges."""
    ink = rng.randint(0, 80)
    width = rng.uniform(0.6, 1.0)
    margin = rng.uniform(-0.3, 0.5)
    left, right = box.x + margin, box.x + box.size - margin
    top, bottom = box.y + margin, box.y + box.size - margin
    y = top
    points = []
    while y <= bottom:
        points.append((left + rng.uniform(-0.3, 0.3), y))
        points.append((right + rng.uniform(-0.3, 0.3), y + width * 0.35))
        y += width * 0.7
    _pen(image, points, dpi, ink, width)


def _scribble(
    image: np.ndarray, writing: tuple[float, float, float, float], dpi: int, rng: random.Random
) -> None:
    x, y, _width, _height = writing
    for line in range(rng.randint(0, 3)):
        baseline = y + 6.0 + line * 7.0
        points = [
            (x + 3.0 + step * 1.6, baseline + rng.uniform(-2.0, 2.0))
            for step in range(rng.randint(5, 60))
        ]
        _pen(image, points, dpi, rng.randint(0, 90), rng.uniform(0.3, 0.6))


def answers_for(
    page: PageLayout, style: Style, rng: random.Random
) -> tuple[dict[int, int | None], dict[int, int]]:
    """Random answers for the page's questions, and which of them were corrected (the box that
    was filled in, by question)."""
    truth: dict[int, int | None] = {}
    corrected: dict[int, int] = {}
    for block in page.blocks:
        values = [box.value for box in block.boxes]
        if not values:
            continue
        if rng.random() < style.blank:
            truth[block.question.id] = None
            continue
        truth[block.question.id] = rng.choice(values)
        if rng.random() < style.corrected:
            corrected[block.question.id] = rng.choice(
                [v for v in values if v != truth[block.question.id]]
            )
    return truth, corrected


def fill_in(
    image: np.ndarray,
    page: PageLayout,
    truth: dict[int, int | None],
    corrected: dict[int, int],
    dpi: int,
    rng: random.Random,
) -> None:
    """The answers marked on the printed page: the truth's box crossed, a corrected answer's
    first choice filled in, a line or two in a free text's field."""
    for block in page.blocks:
        if block.writing is not None:
            _scribble(image, block.writing, dpi, rng)
        for box in block.boxes:
            if corrected.get(box.question) == box.value:
                fill(image, box, dpi, rng)
            elif truth.get(box.question) == box.value:
                mark(image, box, dpi, rng)


def filled_page(
    page: PageLayout,
    code: FormCode,
    truth: dict[int, int | None],
    corrected: dict[int, int],
    dpi: int,
    rng: random.Random,
) -> np.ndarray:
    """The page drawn here and filled in."""
    image = blank_page(page, code, dpi, rng.randrange(1 << 30))
    fill_in(image, page, truth, corrected, dpi, rng)
    return image


def scan(image: np.ndarray, style: Style, rng: random.Random) -> np.ndarray:
    """The page as the scanner sees it: turned, scaled and shifted on the glass, the paper's
    tone, the sensor's noise (and the JPEG's artefacts are added by ``encode``)."""
    height, width = image.shape
    # The scanner takes in a margin round the sheet, so a sheet turned 3° keeps its corners.
    margin = _px(SCAN_MARGIN, style.dpi)
    turn = style.rotation + (180.0 if style.upside_down else 0.0)
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), turn, style.scale)
    matrix[0, 2] += margin + layout.to_pixels(style.shift[0], style.dpi)
    matrix[1, 2] += margin + layout.to_pixels(style.shift[1], style.dpi)
    moved = cv2.warpAffine(
        image,
        matrix,
        (width + 2 * margin, height + 2 * margin),
        flags=cv2.INTER_LINEAR,
        borderValue=(PAPER,),
    )
    page = moved.astype(np.float32) * (style.paper / PAPER)
    if style.noise:
        page += np.random.default_rng(rng.randrange(1 << 30)).normal(0.0, style.noise, page.shape)
    return np.clip(page, 0, 255).astype(np.uint8)


def encode(image: np.ndarray, quality: int | None) -> bytes:
    """The page as an image file: JPEG at the given quality, or PNG."""
    if quality is None:
        ok, data = cv2.imencode(".png", image)
    else:
        ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise ValueError("The page could not be encoded.")
    return bytes(data)


def specimen(page: PageLayout, code: FormCode, style: Style, seed: int) -> Specimen:
    """One filled and scanned page with random answers, and its truth."""
    rng = random.Random(seed)
    truth, corrected = answers_for(page, style, rng)
    image = scan(filled_page(page, code, truth, corrected, style.dpi, rng), style, rng)
    data = encode(image, style.jpeg_quality)
    if style.jpeg_quality is not None:
        # The page as the reader will see it, with the JPEG's artefacts.
        image = np.asarray(cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE))
    return Specimen(image, truth, code, style.dpi, data)


def random_style(rng: random.Random, corrected: float = 0.1) -> Style:
    """A scan as the office makes them: within the ranges the benchmark names."""
    return Style(
        dpi=rng.choice((200, 300)),
        corrected=corrected,
        rotation=rng.uniform(-3.0, 3.0),
        scale=rng.uniform(0.97, 1.03),
        shift=(rng.uniform(-4.0, 4.0), rng.uniform(-4.0, 4.0)),
        upside_down=rng.random() < 0.05,
        noise=rng.uniform(2.0, 10.0),
        jpeg_quality=rng.randint(50, 90),
        paper=rng.randint(225, 252),
    )


def not_a_form(kind: str, dpi: int, seed: int) -> np.ndarray:
    """A page that is none of ours: ``blank`` (an empty sheet fed with the pile), ``noise``
    (a photo-like page of blotches) or ``qr`` (a letter with somebody else's QR code)."""
    width, height = _px(layout.PAGE_WIDTH, dpi), _px(layout.PAGE_HEIGHT, dpi)
    generator = np.random.default_rng(seed)
    if kind == "noise":
        coarse = generator.uniform(0, 255, (height // 40 + 1, width // 40 + 1)).astype(np.float32)
        blotches = cv2.resize(coarse, (width, height), interpolation=cv2.INTER_CUBIC)
        noisy = blotches + generator.normal(0.0, 20.0, (height, width))
        return np.clip(noisy, 0, 255).astype(np.uint8)
    page = np.full((height, width), 240.0) + generator.normal(0.0, 4.0, (height, width))
    sheet = np.clip(page, 0, 255).astype(np.uint8)
    if kind == "qr":
        matrix = np.array([list(row) for row in segno.make_qr("https://example.com").matrix])
        side = _px(30.0, dpi)
        symbol = np.where(matrix == 1, INK, PAPER).astype(np.uint8)
        x, y = _px(110.0, dpi), _px(30.0, dpi)
        sheet[y : y + side, x : x + side] = cv2.resize(
            symbol, (side, side), interpolation=cv2.INTER_NEAREST
        )
    return sheet


def batch_pdf(images: Sequence[np.ndarray], dpi: int = 200) -> bytes:
    """The pages as one multi-page PDF, as the office scanner files a pile."""
    pictures = [Image.fromarray(image, mode="L") for image in images]
    out = io.BytesIO()
    pictures[0].save(
        out, format="PDF", save_all=True, append_images=pictures[1:], resolution=float(dpi)
    )
    return out.getvalue()


def filled_batch(
    printed: Sequence[np.ndarray],
    pages: Sequence[PageLayout],
    sheets: int,
    dpi: int,
    seed: int,
) -> tuple[bytes, list[dict[int, int | None]]]:
    """A pile of ``sheets`` forms filled in with random answers and scanned, as one PDF, from
    the form's printed pages (the real PDF rasterised at ``dpi``); with each page's truth.
    The demo's scanned batch is made so."""
    rng = random.Random(seed)
    images, truths = [], []
    for _sheet in range(sheets):
        for blank, page in zip(printed, pages, strict=True):
            style = dataclasses.replace(random_style(rng, corrected=0.015), dpi=dpi)
            truth, corrected = answers_for(page, style, rng)
            image = blank.copy()
            fill_in(image, page, truth, corrected, dpi, rng)
            scanned = encode(scan(image, style, rng), style.jpeg_quality)
            images.append(np.asarray(cv2.imdecode(np.frombuffer(scanned, np.uint8), 0)))
            truths.append(truth)
    return batch_pdf(images, dpi), truths


# A questionnaire's shape for the tests, the benchmark and the demo when no real one is at
# hand: six statements on the scale, a yes/no, a choice among four and a free text; two pages.
SAMPLE_QUESTIONS = (
    *(QuestionShape(id=number, kind="scale") for number in range(1, 7)),
    QuestionShape(id=7, kind="yes_no"),
    QuestionShape(id=8, kind="choice", choices=4),
    QuestionShape(id=9, kind="text"),
)


def sample_code(page: int, pages: int, language: str = "da") -> FormCode:
    return FormCode(questionnaire=1, version=1, wave=1, language=language, page=page, pages=pages)
