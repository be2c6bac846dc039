"""The board member downloads the year's status report: the PDF names every criterion with the
dashboard's statuses, and the Word and Excel files of the same report hold the same figures."""

from __future__ import annotations

import io
import re

import docx
import openpyxl
import pypdfium2
import pytest
from playwright.sync_api import Page

from conftest import PASSWORD, World
from helhedsplan.events import services as event_services
from helhedsplan.events.models import EventTypeCode
from helhedsplan.indicators import queries as indicator_queries
from helhedsplan.indicators.demo import create_from_catalogue
from helhedsplan.indicators.models import Outcome
from helhedsplan.indicators.tests.helpers import agreement, event, local
from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def catalogue(world: World) -> None:
    """The seed agreement with the demo's catalogue of indicators and cultural events in 2019
    and 2020. (The browser tests share no loaded demo: they build what they need.)"""
    event_services.event_types_ensure()
    create_from_catalogue(agreement(world))
    for year in (2019, 2020):
        for month in (3, 5, 9):
            event(world, EventTypeCode.CULTURAL, local(year, month, 4, 14), [world.vapnagaard])
        event(world, EventTypeCode.CULTURAL, local(year, 4, 4, 14), [world.nojsomhed])


# Rendering the whole report takes seconds, more on a loaded machine than the default wait.
DOWNLOAD_WAIT_MS = 60_000


def _download(page: Page, name: str) -> bytes:
    with page.expect_download(timeout=DOWNLOAD_WAIT_MS) as download_info:
        page.get_by_role("link", name=name).click(timeout=DOWNLOAD_WAIT_MS)
    return download_info.value.path().read_bytes()


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_board_downloads_the_years_status_report(
    page: Page, world: World, catalogue: None
) -> None:
    board = indicator_queries.dashboard(agreement(world))
    entries = board.entries(2020)
    statuses: dict[str, list[str]] = {}
    for entry in entries:
        label = str(Outcome(entry.status).label) if entry.indicator else "Ikke målbar endnu"
        statuses.setdefault(entry.criterion.key, []).append(label)
    assert len(statuses) == 18

    log_in(page, "board", PASSWORD)
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Statusrapport"
    ).click()
    page.get_by_role("link", name="2020").first.click()
    pdf = pypdfium2.PdfDocument(_download(page, "Hent som PDF"))
    text = _flat(" ".join(p.get_textpage().get_text_range() for p in pdf))
    pdf.close()
    keys = list(statuses)
    starts = [text.index(f"{key} {entries_text(board, key)}") for key in keys]
    for index, key in enumerate(keys):
        end = starts[index + 1] if index + 1 < len(keys) else text.index("Nøgletal fra")
        section = text[starts[index] : end]
        for label in statuses[key]:
            assert label in section, (key, label)

    word = docx.Document(io.BytesIO(_download(page, "Hent som Word")))
    book = openpyxl.load_workbook(io.BytesIO(_download(page, "Hent som Excel")))
    rows = list(book["Succeskriterier"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[6]) for r in rows] == [
        (entry.criterion.key, label)
        for entry in entries
        for label in [str(Outcome(entry.status).label) if entry.indicator else "Ikke målbar endnu"]
    ]
    # The Word file's figure tables: (estate, value, target, status) in the report's order.
    word_rows = [
        tuple(cell.text for cell in row.cells)
        for table in word.tables
        if [c.text for c in table.rows[0].cells] == ["Boligområde", "Værdi", "Mål", "Status"]
        for row in list(table.rows)[1:]
    ]
    assert len(word_rows) == len(rows)
    for (estate, value, _target, status), row in zip(word_rows, rows, strict=True):
        assert (estate, status) == (row[3] or "–", row[6])
        if row[4] is not None and _number(value) is not None:
            assert _number(value) == pytest.approx(row[4], abs=0.05), (row, value)


def _number(text: str) -> float | None:
    """A Danish figure as the Word file writes it: 1.053 · 59,9 %."""
    digits = re.sub(r"[^\d,-]", "", text.replace(".", "")).replace(",", ".")
    return float(digits) if digits else None


def entries_text(board: indicator_queries.Dashboard, key: str) -> str:
    """The first words of the criterion's text, as the PDF's heading begins."""
    criterion = next(row.criterion for row in board.rows if row.criterion.key == key)
    return " ".join(criterion.text.split()[:2])
