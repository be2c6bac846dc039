"""The scan reader: the pages of an uploaded file, and what each page's answer boxes say.

``pages_of`` turns an upload (a multi-page PDF, PNG, JPEG or multi-page TIFF, told by its
bytes, never by its name) into greyscale pages, checking the limits as it goes: the file's
size, the number of pages, each page's pixels (read from the header or the PDF's page size
before anything is decoded, so a small file cannot unfold into a huge picture) and a time
budget for the whole batch, the reading of the pages included.

``read_page`` reads one page. The QR code names the form; where it sits and how it is turned
tells roughly where the four corner marks are (an upside-down page has its code bottom left);
the marks, found near there, give the exact mapping from the page's millimetres to the scan's
pixels. The page is straightened to ``WORK_DPI`` and every answer box judged by the share of
its inside that is darker than halfway between the paper and the corner marks' black, so a
pale scan and a dark one are judged alike. A page without a readable code or its four marks,
or whose code names a form that is not known, is refused with the reason: never guessed.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterator

import cv2
import numpy as np
from django.utils.translation import gettext as _
from PIL import Image, ImageSequence

from helhedsplan.surveys import layout
from helhedsplan.surveys.layout import FormCode, PageLayout, parse_code
from helhedsplan.surveys.models import SCAN_MAX_BYTES, SCAN_MAX_PAGES, MarkState
from helhedsplan.surveys.reading import REVIEW_DPI, BoxReading, PageReading

# A PDF's pages are rendered at this resolution: the boxes' insides are then 31 px wide.
PDF_DPI = 200
# A page of more pixels is refused before it is decoded (A4 at 600 dpi is 35 million).
MAX_PAGE_PIXELS = 36_000_000
# The whole batch, the reading of its pages included, must be done within this time.
TIME_BUDGET_SECONDS = 300.0

# The page is straightened at this resolution for the judging of the boxes.
WORK_DPI = 200
# A box's inside is judged by the share of it that is ink: below EMPTY_BELOW it is empty, up
# to UNSURE_FROM it is marked (a cross or a tick), from CANCELLED_FROM it is filled in, that
# is cancelled; between the bands a person decides.
EMPTY_BELOW = 0.02
MARKED_FROM = 0.035
UNSURE_FROM = 0.65
CANCELLED_FROM = 0.8
# The page is searched for its code at these widths in pixels (A4 at about 100 and 150 dpi),
# then at its own.
QR_WIDTHS = (800, 1200, 1_000_000)
# Where a mark is looked for around where the code says it is, in millimetres.
MARK_SEARCH = 9.0
# A found mark must be within this of where the other three marks and the code put it (mm).
MARK_TOLERANCE = 2.0


class ScanRefused(Exception):
    """The upload is refused as a whole, with the reason in Danish."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# -- The pages of an upload ---------------------------------------------------------------


def _kind_of(data: bytes) -> str:
    if data.startswith(b"%PDF-"):
        return "PDF"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "TIFF"
    raise ScanRefused(_("Filen er hverken en PDF eller et billede (PNG, JPEG eller TIFF)."))


def _too_large(number: int) -> ScanRefused:
    return ScanRefused(
        _("Side %(page)s er for stor: højst %(limit)s millioner punkter pr. side.")
        % {"page": number, "limit": MAX_PAGE_PIXELS // 1_000_000}
    )


def _check_pixels(number: int, width: float, height: float) -> None:
    if width * height > MAX_PAGE_PIXELS:
        raise _too_large(number)


def _check_count(number: int) -> None:
    if number > SCAN_MAX_PAGES:
        raise ScanRefused(
            _("Filen har mere end %(limit)s sider; del bunken op.") % {"limit": SCAN_MAX_PAGES}
        )


def _pdf_pages(data: bytes) -> Iterator[np.ndarray]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise ScanRefused(_("Filen kunne ikke læses som PDF.")) from error
    try:
        _check_count(len(document))
        scale = PDF_DPI / 72
        for index in range(len(document)):
            page = document[index]
            try:
                width, height = page.get_size()
                _check_pixels(index + 1, width * scale, height * scale)
                bitmap = page.render(scale=scale, grayscale=True)
                # Rendered greyscale, the bitmap has one byte per pixel.
                image = np.array(bitmap.to_numpy(), copy=True)
                bitmap.close()
            finally:
                page.close()
            yield image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    finally:
        document.close()


def _picture_pages(data: bytes, kind: str) -> Iterator[np.ndarray]:
    try:
        picture = Image.open(io.BytesIO(data), formats=[kind])
    except Image.DecompressionBombError as error:
        # Pillow's own guard, for a header claiming far more than our limit.
        raise _too_large(1) from error
    except OSError as error:
        raise ScanRefused(_("Billedet kunne ikke læses.")) from error
    with picture:
        for index, frame in enumerate(ImageSequence.Iterator(picture)):
            _check_count(index + 1)
            # The size comes from the header: checked before the pixels are decoded.
            _check_pixels(index + 1, *frame.size)
            try:
                grey = frame.convert("L")
            except (OSError, ValueError) as error:
                raise ScanRefused(
                    _("Side %(page)s kunne ikke læses.") % {"page": index + 1}
                ) from error
            yield np.asarray(grey, dtype=np.uint8).copy()


def pages_of(data: bytes, *, time_budget: float = TIME_BUDGET_SECONDS) -> Iterator[np.ndarray]:
    """The file's pages as greyscale images, in order. Raises ``ScanRefused`` as soon as a
    limit is passed; the time budget counts from the first page asked for to the last, so the
    caller's reading of each page counts as well."""
    if len(data) > SCAN_MAX_BYTES:
        raise ScanRefused(
            _("Filen er for stor: højst %(limit)s MB.") % {"limit": SCAN_MAX_BYTES // 2**20}
        )
    kind = _kind_of(data)
    pages = _pdf_pages(data) if kind == "PDF" else _picture_pages(data, kind)
    deadline = time.monotonic() + time_budget
    for number, page in enumerate(pages, start=1):
        if time.monotonic() > deadline:
            raise ScanRefused(
                _("Bunken tog for lang tid at læse (stoppet ved side %(page)s); del den op.")
                % {"page": number}
            )
        yield page


# -- Reading a page -----------------------------------------------------------------------


def _decode(detector: cv2.QRCodeDetector, image: np.ndarray) -> tuple[str, np.ndarray] | None:
    try:
        text, points, _straight = detector.detectAndDecode(image)
    except cv2.error:
        # The detector trips over some noisy pictures (a failed assertion): no code found.
        return None
    if text and points is not None:
        return text, points.reshape(4, 2).astype(np.float64)
    return None


def _find_code(image: np.ndarray) -> tuple[str, np.ndarray] | None:
    """The QR code's text and its four corners in the image (top left, top right, bottom
    right, bottom left of the symbol, however the page is turned). The whole page first; then
    the two corners where the code can be (top right, or bottom left on a page fed upside
    down), larger and at full contrast, for a faint or noisy scan."""
    detector = cv2.QRCodeDetector()
    height, width = image.shape
    # Smaller first: at about 100 dpi the code's modules are still 4 px wide, and it is found
    # many times faster than at the scan's 200-300 dpi.
    for target in QR_WIDTHS:
        factor = min(1.0, target / width)
        small = (
            cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
            if factor < 1.0
            else image
        )
        found = _decode(detector, small)
        if found is not None:
            return found[0], found[1] / factor
    regions = (
        (width // 2, 0, width - width // 2, height // 3),
        (0, height - height // 3, width // 2, height // 3),
    )
    for x, y, w, h in regions:
        part = cv2.GaussianBlur(image[y : y + h, x : x + w], (3, 3), 0)
        _, sharp = cv2.threshold(part, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
        for candidate in (sharp, cv2.resize(sharp, None, fx=1.5, fy=1.5)):
            found = _decode(detector, candidate)
            if found is not None:
                text, points = found
                factor = candidate.shape[1] / w
                return text, points / factor + np.array([x, y], np.float64)
    return None


def _code_corners_mm() -> np.ndarray:
    x, y, side = layout.CODE_X, layout.CODE_Y, layout.CODE_SIZE
    return np.array([[x, y], [x + side, y], [x + side, y + side], [x, y + side]], np.float64)


def _find_mark(image: np.ndarray, centre: np.ndarray, pixels_per_mm: float) -> np.ndarray | None:
    """The centre of the solid square nearest ``centre``, in image pixels, or None."""
    reach = MARK_SEARCH * pixels_per_mm
    height, width = image.shape
    x0, y0 = max(0, int(centre[0] - reach)), max(0, int(centre[1] - reach))
    x1, y1 = min(width, int(centre[0] + reach)), min(height, int(centre[1] + reach))
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    window = image[y0:y1, x0:x1]
    _, ink = cv2.threshold(window, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    count, _labels, stats, centroids = cv2.connectedComponentsWithStats(ink, connectivity=8)
    expected = (layout.MARK_SIZE * pixels_per_mm) ** 2
    best, best_distance = None, reach
    for index in range(1, count):
        _x, _y, w, h, area = stats[index]
        if not 0.6 * expected <= area <= 1.5 * expected:
            continue
        if area < 0.8 * w * h or not 0.75 <= w / h <= 1.33:
            continue
        point = centroids[index] + np.array([x0, y0])
        distance = float(np.hypot(*(point - centre)))
        if distance < best_distance:
            best, best_distance = point, distance
    return best


def _refused(reason: str, code: FormCode | None = None) -> PageReading:
    return PageReading(code=code, refused=reason)


def _straighten(image: np.ndarray, code_points: np.ndarray) -> tuple[np.ndarray, np.ndarray] | str:
    """The page straightened to ``WORK_DPI`` and the corner marks' black level, or the reason
    it cannot be."""
    corners = _code_corners_mm()
    similarity, _inliers = cv2.estimateAffinePartial2D(corners, code_points)
    if similarity is None:
        return _("Sidens kode kunne ikke stedfæstes; scan siden igen.")
    pixels_per_mm = float(np.sqrt(abs(np.linalg.det(similarity[:, :2]))))
    if not 2.0 <= pixels_per_mm <= 30.0:
        return _("Siden er scannet i en opløsning, der ikke kan læses; brug 200-600 dpi.")
    marks_mm = np.array(layout.CORNER_MARKS, np.float64)
    # The code's corners are found to a few pixels only, which turns into millimetres at the
    # foot of the page: the two top marks are found by the code, and the two at the foot by
    # the top marks, which are found to a fraction of a pixel.
    guide = similarity
    found: list[np.ndarray] = []
    for index, point in enumerate(marks_mm):
        if index == 2:
            top, _inliers = cv2.estimateAffinePartial2D(marks_mm[:2], np.array(found))
            guide = top if top is not None else similarity
        expected = guide @ np.array([point[0], point[1], 1.0])
        mark = _find_mark(image, expected, pixels_per_mm)
        if mark is None:
            return _("Et af sidens fire hjørnemærker kunne ikke findes; scan hele arket igen.")
        found.append(mark)
    found_points = np.array(found, np.float64)
    # Each mark must sit where the other three put it: a blot taken for a mark is refused.
    fitted, _inliers = cv2.estimateAffine2D(marks_mm, found_points)
    if fitted is None:
        return _("Sidens hjørnemærker passer ikke sammen; scan siden igen.")
    predicted = np.hstack([marks_mm, np.ones((4, 1))]) @ fitted.T
    if float(np.max(np.hypot(*(predicted - found_points).T))) > MARK_TOLERANCE * pixels_per_mm:
        return _("Sidens hjørnemærker passer ikke sammen; scan siden igen.")
    work = WORK_DPI / 25.4
    target = (marks_mm * work).astype(np.float32)
    homography = cv2.getPerspectiveTransform(found_points.astype(np.float32), target)
    size = (round(layout.PAGE_WIDTH * work), round(layout.PAGE_HEIGHT * work))
    straight = cv2.warpPerspective(
        image, homography, size, flags=cv2.INTER_LINEAR, borderValue=(255,)
    )
    half = (layout.MARK_SIZE / 2 - 1.0) * work
    blacks = [
        np.median(straight[round(y - half) : round(y + half), round(x - half) : round(x + half)])
        for x, y in target
    ]
    return straight, np.array(blacks)


def _state(ink: float) -> MarkState:
    if ink < EMPTY_BELOW:
        return MarkState.EMPTY
    if MARKED_FROM <= ink < UNSURE_FROM:
        return MarkState.MARKED
    if ink >= CANCELLED_FROM:
        return MarkState.CANCELLED
    return MarkState.UNSURE


def _judge(straight: np.ndarray, black: float, page: PageLayout) -> tuple[BoxReading, ...]:
    paper = float(np.percentile(straight, 90))
    threshold = black + 0.5 * (paper - black)
    smooth = cv2.GaussianBlur(straight, (3, 3), 0)
    work = WORK_DPI / 25.4
    readings = []
    for box in page.boxes:
        x, y, w, h = box.inside()
        part = smooth[
            round(y * work) : round((y + h) * work), round(x * work) : round((x + w) * work)
        ]
        ink = float(np.count_nonzero(part < threshold)) / part.size
        readings.append(BoxReading(box.question, box.value, _state(ink), round(ink, 4)))
    return tuple(readings)


def _review_image(straight: np.ndarray) -> bytes:
    factor = REVIEW_DPI / WORK_DPI
    small = cv2.resize(straight, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    ok, data = cv2.imencode(".png", small)
    return bytes(data) if ok else b""


def read_page(
    image: np.ndarray, layouts_for: Callable[[FormCode], list[PageLayout] | None]
) -> PageReading:
    """What the page says, or why it cannot be read. ``layouts_for`` gives the pages of the
    form a code names, or None for a form that is not ours."""
    if image.ndim != 2:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    found = _find_code(image)
    if found is None:
        return _refused(_("Siden er ikke et af vores skemaer: den har ingen kode, der kan læses."))
    text, points = found
    code = parse_code(text)
    if code is None:
        return _refused(_("Siden er ikke et af vores skemaer: dens kode er en anden."))
    pages = layouts_for(code)
    if pages is None:
        return _refused(
            _("Siden er ikke et af vores skemaer: dens kode nævner et skema, der ikke findes."),
            code,
        )
    if len(pages) != code.pages:
        return _refused(
            _("Sidens kode passer ikke til skemaet: det har %(pages)s sider, ikke %(said)s.")
            % {"pages": len(pages), "said": code.pages},
            code,
        )
    straightened = _straighten(image, points)
    if isinstance(straightened, str):
        return _refused(straightened, code)
    straight, blacks = straightened
    boxes = _judge(straight, float(np.median(blacks)), pages[code.page - 1])
    return PageReading(code=code, refused="", boxes=boxes, image=_review_image(straight))


def read_batch(
    data: bytes, layouts_for: Callable[[FormCode], list[PageLayout] | None]
) -> Iterator[PageReading]:
    """Every page of an uploaded batch, read in turn. A file that cannot be taken at all (its
    type, size, pages or time) raises ``ScanRefused`` as its pages are read."""
    for image in pages_of(data):
        yield read_page(image, layouts_for)
