"""The scan reader on synthetic filled forms: what a page says, and the pages it refuses."""

from __future__ import annotations

import dataclasses
import io
import random
import struct
import zlib

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from helhedsplan.surveys import layout, scanning, specimens
from helhedsplan.surveys.models import MarkState
from helhedsplan.surveys.reading import REVIEW_DPI, PageReading, answer_of

PAGES = layout.paginate(specimens.SAMPLE_QUESTIONS)


def layouts_for(code: layout.FormCode) -> list[layout.PageLayout] | None:
    return PAGES if (code.questionnaire, code.version) == (1, 1) else None


def answers(reading: PageReading) -> dict[int, int | None]:
    questions = sorted({box.question for box in reading.boxes})
    return {
        question: answer_of(
            (box.value, box.state) for box in reading.boxes if box.question == question
        ).value
        for question in questions
    }


HARD = specimens.Style(
    dpi=200,
    blank=0.2,
    corrected=0.3,
    rotation=-3.0,
    scale=1.03,
    shift=(3.0, -3.0),
    noise=9.0,
    jpeg_quality=50,
    paper=228,
)


@pytest.mark.parametrize(
    ("number", "style", "seed"),
    [
        (1, HARD, 1),
        (2, dataclasses.replace(HARD, dpi=300, rotation=3.0, scale=0.97, jpeg_quality=70), 2),
        (1, dataclasses.replace(HARD, upside_down=True, rotation=1.5), 3),
        (2, specimens.Style(dpi=200, upside_down=True), 4),
    ],
    ids=["turned-scaled-noisy", "300-dpi", "upside-down", "clean-upside-down"],
)
def test_a_filled_page_is_read_as_marked(number, style, seed) -> None:
    sample = specimens.specimen(PAGES[number - 1], specimens.sample_code(number, 2), style, seed)

    reading = scanning.read_page(sample.image, layouts_for)

    assert reading.refused == ""
    assert reading.code == specimens.sample_code(number, 2)
    assert answers(reading) == sample.truth
    assert {box.question for box in reading.boxes} == set(sample.truth)


def test_a_corrected_answer_is_the_box_crossed_and_the_filled_box_is_cancelled() -> None:
    page = PAGES[0]
    truth: dict[int, int | None] = {
        block.question.id: block.boxes[1].value for block in page.blocks
    }
    corrected = {1: 4}
    rng = random.Random(5)
    image = specimens.filled_page(page, specimens.sample_code(1, 2), truth, corrected, 200, rng)

    reading = scanning.read_page(image, layouts_for)

    states = {(box.question, box.value): box.state for box in reading.boxes}
    assert states[(1, 4)] == MarkState.CANCELLED
    assert states[(1, 2)] == MarkState.MARKED
    assert answers(reading) == truth


def test_two_marked_boxes_send_the_question_to_a_person() -> None:
    page = PAGES[0]
    rng = random.Random(6)
    image = specimens.filled_page(page, specimens.sample_code(1, 2), {}, {}, 200, rng)
    for box in page.blocks[0].boxes[:2]:
        specimens.mark(image, box, 200, rng)

    reading = scanning.read_page(image, layouts_for)

    first = [(box.value, box.state) for box in reading.boxes if box.question == 1]
    assert answer_of(first).doubtful
    assert answers(reading)[2] is None


def test_a_box_neither_empty_nor_marked_is_unsure() -> None:
    page = PAGES[0]
    box = page.blocks[0].boxes[0]
    image = specimens.filled_page(page, specimens.sample_code(1, 2), {}, {}, 200, random.Random(7))
    # A blot filling a bit more than half the box's inside: neither a cross nor a filled box.
    x, y, w, h = box.inside()
    dpi = 200
    top, left = round(layout.to_pixels(y, dpi)), round(layout.to_pixels(x, dpi))
    image[
        top : top + round(layout.to_pixels(h * 0.72, dpi)),
        left : left + round(layout.to_pixels(w, dpi)),
    ] = 0

    reading = scanning.read_page(image, layouts_for)

    judged = next(b for b in reading.boxes if (b.question, b.value) == (box.question, box.value))
    assert judged.state == MarkState.UNSURE
    assert scanning.UNSURE_FROM <= judged.ink < scanning.CANCELLED_FROM


def test_the_straightened_page_is_kept_for_the_review() -> None:
    sample = specimens.specimen(PAGES[0], specimens.sample_code(1, 2), HARD, 8)

    reading = scanning.read_page(sample.image, layouts_for)

    picture = Image.open(io.BytesIO(reading.image))
    assert picture.format == "PNG"
    assert picture.mode == "L"
    assert picture.size == (
        round(layout.to_pixels(layout.PAGE_WIDTH, REVIEW_DPI)),
        round(layout.to_pixels(layout.PAGE_HEIGHT, REVIEW_DPI)),
    )


@pytest.mark.parametrize("kind", ["blank", "noise", "qr"])
def test_a_page_that_is_not_a_form_is_refused(kind) -> None:
    reading = scanning.read_page(specimens.not_a_form(kind, 200, 9), layouts_for)

    assert reading.code is None
    assert "ikke et af vores skemaer" in reading.refused
    assert reading.boxes == ()
    assert reading.image == b""


def test_a_form_that_is_not_known_is_refused_with_its_code() -> None:
    code = layout.FormCode(questionnaire=9, version=1, wave=1, language="da", page=1, pages=2)
    image = specimens.blank_page(PAGES[0], code, 200)

    reading = scanning.read_page(image, layouts_for)

    assert reading.code == code
    assert "ikke et af vores skemaer" in reading.refused


def test_a_code_naming_more_pages_than_the_form_has_is_refused() -> None:
    code = specimens.sample_code(1, 3)

    reading = scanning.read_page(specimens.blank_page(PAGES[0], code, 200), layouts_for)

    assert "passer ikke til skemaet" in reading.refused


def test_a_page_missing_a_corner_mark_is_refused() -> None:
    image = specimens.blank_page(PAGES[0], specimens.sample_code(1, 2), 200)
    x, y = layout.CORNER_MARKS[2]
    reach = round(layout.to_pixels(layout.MARK_SIZE, 200))
    cx, cy = round(layout.to_pixels(x, 200)), round(layout.to_pixels(y, 200))
    image[cy - reach : cy + reach, cx - reach : cx + reach] = 255

    reading = scanning.read_page(image, layouts_for)

    assert "hjørnemærker" in reading.refused
    assert reading.boxes == ()


# -- The pages of an upload ---------------------------------------------------------------


def blank(dpi: int = 100) -> np.ndarray:
    return specimens.blank_page(PAGES[0], specimens.sample_code(1, 2), dpi)


def test_a_pdf_batch_gives_its_pages_rendered_in_grey() -> None:
    data = specimens.batch_pdf([blank(), specimens.not_a_form("blank", 100, 1)], dpi=100)

    pages = list(scanning.pages_of(data))

    assert len(pages) == 2
    assert all(page.ndim == 2 and page.dtype == np.uint8 for page in pages)
    # A4 at the reader's 200 dpi.
    assert pages[0].shape == pytest.approx((2339, 1654), abs=2)


@pytest.mark.parametrize("quality", [None, 80], ids=["png", "jpeg"])
def test_an_image_is_one_page(quality) -> None:
    image = blank()

    (page,) = scanning.pages_of(specimens.encode(image, quality))

    assert page.shape == image.shape


def test_a_multi_page_tiff_gives_each_page() -> None:
    out = io.BytesIO()
    first, second = Image.fromarray(blank()), Image.fromarray(blank())
    first.save(out, format="TIFF", save_all=True, append_images=[second])

    assert len(list(scanning.pages_of(out.getvalue()))) == 2


def test_a_file_that_is_no_pdf_or_image_is_refused() -> None:
    with pytest.raises(scanning.ScanRefused, match="hverken en PDF eller et billede"):
        list(scanning.pages_of(b"PK\x03\x04 a zip, named scan.pdf"))


def test_a_broken_pdf_is_refused() -> None:
    with pytest.raises(scanning.ScanRefused, match="kunne ikke læses som PDF"):
        list(scanning.pages_of(b"%PDF-1.7\n garbage"))


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(monkeypatch) -> None:
    monkeypatch.setattr(scanning, "SCAN_MAX_BYTES", 1000)

    with pytest.raises(scanning.ScanRefused, match="for stor"):
        list(scanning.pages_of(specimens.encode(blank(), None)))


def test_a_batch_over_the_page_limit_is_refused(monkeypatch) -> None:
    monkeypatch.setattr(scanning, "SCAN_MAX_PAGES", 2)
    data = specimens.batch_pdf([blank(50)] * 3, dpi=50)

    with pytest.raises(scanning.ScanRefused, match="mere end 2 sider"):
        list(scanning.pages_of(data))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a huge picture in a few bytes: its header and a scrap of data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + chunk(b"IEND", b"")
    )


def test_a_picture_too_large_is_refused_from_its_header() -> None:
    with pytest.raises(scanning.ScanRefused, match="Side 1 er for stor"):
        list(scanning.pages_of(png_header_only(30_000, 30_000)))


def test_a_pdf_page_too_large_is_refused_before_it_is_rendered() -> None:
    document = pdfium.PdfDocument.new()
    document.new_page(595, 842)
    document.new_page(14_000, 14_000)
    out = io.BytesIO()
    document.save(out)

    pages = scanning.pages_of(out.getvalue())
    next(pages)
    with pytest.raises(scanning.ScanRefused, match="Side 2 er for stor"):
        next(pages)


def test_a_batch_over_its_time_budget_is_refused() -> None:
    with pytest.raises(scanning.ScanRefused, match="for lang tid"):
        list(scanning.pages_of(specimens.encode(blank(), None), time_budget=-1.0))
