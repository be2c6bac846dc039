"""PDF documents from HTML templates, with WeasyPrint.

The page and its PDF share templates, and charts are inline SVG, so a report looks the same
on screen and on paper. The URL fetcher serves only the application's own static files: a
PDF never reaches out to another host.

Loading WeasyPrint (its Python modules, Pango and fontconfig through cffi) and the fonts costs
seconds, which the first PDF after a start would pay: ``helhedsplan serve`` calls
``warm_up`` before it starts its workers, so they begin with WeasyPrint loaded and the fonts
of the print style sheets known. The font configuration is then kept and reused by every PDF
of the thread (Pango's font maps are not shared between threads), instead of being built
again for each document.
"""

from __future__ import annotations

import mimetypes
import threading
from pathlib import Path
from typing import Any
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


# The print style sheets' fonts ("DejaVu Sans", as helhedsplan/print.css names them), in the
# weights and styles they use: the warm-up document lays them out once so that they are loaded.
WARM_UP_HTML = (
    "<html><body style=\"font-family: 'DejaVu Sans', sans-serif\">"
    "<p>Æblegrød <b>fed</b> <i>kursiv</i> <b><i>begge</i></b> 1 234,5 %</p></body></html>"
)

_fonts = threading.local()


def _font_config() -> Any:
    """This thread's WeasyPrint font configuration, made on first use and then kept."""
    from weasyprint.text.fonts import FontConfiguration

    found = getattr(_fonts, "config", None)
    if found is None:
        found = _fonts.config = FontConfiguration()
    return found


def warm_up() -> None:
    """Load WeasyPrint and the print fonts now, so that no request waits for them."""
    render_pdf(WARM_UP_HTML)


def render_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango at import time, which only PDF exports (and a
    # server's warm-up) need.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url: str, headers=None) -> URLFetcherResponse:
            found = _static_file(url)
            if found is None:
                raise ValueError(f"PDF resources come from the static files only: {url}")
            mime_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, found.read_bytes(), headers={"Content-Type": mime_type})

    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticFilesOnly())
    return document.write_pdf(font_config=_font_config())
