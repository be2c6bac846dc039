"""The keys in the addresses of pages opened with no login never reach a log."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client

from helhedsplan.core.logs import RedactKeys

TOKEN = "WzEsIlVTIl0:1vzvkm:ukUD3secretpart"


@pytest.fixture
def console() -> Iterator[io.StringIO]:
    """What the configured console handler writes, for the test's duration."""
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler))
    written = io.StringIO()
    previous = handler.setStream(written)
    yield written
    handler.setStream(previous)


def test_a_refused_link_is_logged_without_its_key(db, console: io.StringIO) -> None:
    response = Client().get(f"/volunteers/me/{TOKEN}/hours/")
    assert response.status_code == 404
    log = console.getvalue()
    assert "/volunteers/me/…/hours/" in log
    assert "secretpart" not in log


@pytest.mark.parametrize(
    ("message", "args", "written"),
    [
        ("Not Found: %s", (f"/volunteers/card/{TOKEN}/",), "Not Found: /volunteers/card/…/"),
        ('"GET /feeds/%s/events.ics HTTP/1.1" 200', ("abc123",), '"GET /feeds/…/events.ics'),
        ("Bad Request: %s", (f"/volunteers/me/{TOKEN}?x=1",), "Bad Request: /volunteers/me/…?x=1"),
        ("Not Found: %s", ("/volunteers/helsingor-syd/12/",), "/volunteers/helsingor-syd/12/"),
    ],
)
def test_the_filter_rewrites_only_the_key(message: str, args: tuple, written: str) -> None:
    record = logging.LogRecord("django.request", logging.WARNING, "", 0, message, args, None)
    assert RedactKeys(segments=settings.LOG_KEYED_PATHS).filter(record)
    assert written in record.getMessage()
    assert "secretpart" not in record.getMessage() and "abc123" not in record.getMessage()
