"""PDF documents from HTML templates, with WeasyPrint.

The page and its PDF share templates, and charts are inline SVG, so a report looks the same
on screen and on paper. The URL fetcher serves only the application's own static files: a
PDF never reaches out to another host.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders

PDF_BASE_URL = "https://helhedsplan.invalid/"


def _static_file(url: str) -> Path | None:
    if not url.startswith(PDF_BASE_URL):
        return None
    path = unquote(urlparse(url).path)
    prefix = "/" + settings.STATIC_URL.lstrip("/")
    if not path.startswith(prefix):
        return None
    found = finders.find(path.removeprefix(prefix))
    return Path(found) if found else None


def render_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango at import time, which only PDF exports need.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url: str, headers=None) -> URLFetcherResponse:
            found = _static_file(url)
            if found is None:
                raise ValueError(f"PDF resources come from the static files only: {url}")
            mime_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, found.read_bytes(), headers={"Content-Type": mime_type})

    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticFilesOnly()).write_pdf()
