"""The cut-outs of the review queue: the part of a straightened page that shows one
question's boxes, so a person decides what the resident meant without the rest of the page.

The page is the reader's straightened image at ``reading.REVIEW_DPI``; where the question sits
comes from ``layout``, the geometry the form was printed and read with.
"""

from __future__ import annotations

import cv2
import numpy as np

from helhedsplan.surveys.layout import CONTENT_LEFT, CONTENT_RIGHT, PageLayout, to_pixels
from helhedsplan.surveys.reading import REVIEW_DPI

# Room around the question's block, so a mark that strays outside its box is seen too (mm).
MARGIN = 3.0


def question_area(layout: PageLayout, question: int) -> tuple[float, float, float, float] | None:
    """The question's block on the page, with its text, labels and boxes: (x, y, width,
    height) in millimetres, or None for a question not on the page."""
    for block in layout.blocks:
        if block.question.id == question:
            left, top = CONTENT_LEFT - MARGIN, block.top - MARGIN
            return left, top, CONTENT_RIGHT + MARGIN - left, block.height + 2 * MARGIN
    return None


def cut_out(image: bytes, area: tuple[float, float, float, float]) -> bytes:
    """The area (millimetres) of a straightened page (PNG) as a PNG of its own."""
    page = cv2.imdecode(np.frombuffer(image, dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
    if page is None:
        raise ValueError("The page's image cannot be read.")
    x, y, width, height = (round(to_pixels(value, REVIEW_DPI)) for value in area)
    height_px, width_px = page.shape
    left, top = max(x, 0), max(y, 0)
    right, bottom = min(x + width, width_px), min(y + height, height_px)
    ok, png = cv2.imencode(".png", page[top:bottom, left:right])
    if not ok:
        raise ValueError("The cut-out cannot be written.")
    return bytes(png)
