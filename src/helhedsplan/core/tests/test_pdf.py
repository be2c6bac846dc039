from __future__ import annotations

import logging

from helhedsplan.core.pdf import render_pdf


def test_a_pdf_uses_the_applications_own_static_files(caplog) -> None:
    with caplog.at_level(logging.WARNING):
        pdf = render_pdf(
            '<html><head><link rel="stylesheet" href="/static/helhedsplan/print.css"></head>'
            "<body><h1>Kortlægning</h1></body></html>"
        )
    assert pdf.startswith(b"%PDF")
    assert "Failed to load" not in caplog.text


def test_a_pdf_never_fetches_from_another_host(caplog) -> None:
    with caplog.at_level(logging.WARNING):
        pdf = render_pdf(
            '<html><head><link rel="stylesheet" href="https://cdn.example.org/site.css"></head>'
            '<body><img src="https://tracker.example.org/pixel.png" alt=""></body></html>'
        )
    assert pdf.startswith(b"%PDF")
    assert caplog.text.count("static files only") == 2
