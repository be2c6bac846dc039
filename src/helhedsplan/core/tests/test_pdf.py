from __future__ import annotations

import logging

from helhedsplan.core.pdf import render_pdf, warm_up


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


def test_a_server_warmed_up_before_its_first_request_renders_pdfs() -> None:
    """``helhedsplan serve`` warms WeasyPrint up before forking its workers; documents after
    it reuse the font configuration and still come out whole."""
    warm_up()
    first = render_pdf("<html><body><h1>Delaftale</h1><p>Æ Ø Å</p></body></html>")
    second = render_pdf("<html><body><p>Anden side</p></body></html>")
    assert first.startswith(b"%PDF") and second.startswith(b"%PDF")
