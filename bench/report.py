"""Benchmark: the annual status report on the demo's data.

Builds a throwaway SQLite database in a temporary directory, loads the demo, and times the
whole programme's status report for the demo's year (2020) as PDF and as Word, each from the
query to the file, beside the agreement's own PDF export (one version of the delaftale, as
its page offers it) for comparison. Each is rendered once untimed first (WeasyPrint's fonts,
the templates), then ``--runs`` times; the medians are printed as the last line:
``report_pdf_ms=… report_docx_ms=… agreement_pdf_ms=…``. The goal is the report's PDF in at
most 3 s.

    python bench/report.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2020


def _setup(data_dir: str) -> None:
    os.environ["HELHEDSPLAN_DATA_DIR"] = data_dir
    os.environ["HELHEDSPLAN_MODE"] = "development"
    os.environ["DEBUG"] = "false"
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "helhedsplan.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _median_ms(run: Callable[[], bytes], runs: int) -> float:
    run()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        _setup(data_dir)
        from django.template.loader import render_to_string
        from django.utils import translation

        from helhedsplan.agreements import queries as agreement_queries
        from helhedsplan.agreements.models import AgreementVersion
        from helhedsplan.core.pdf import render_pdf, warm_up
        from helhedsplan.demo import load_demo
        from helhedsplan.programmes.demo import DEMO_PROGRAMME
        from helhedsplan.programmes.models import Programme
        from helhedsplan.reports import queries, render

        load_demo()
        warm_up()
        translation.activate("da")
        programme = Programme.objects.get(name=DEMO_PROGRAMME)
        version = AgreementVersion.objects.filter(agreement__programme=programme).latest("number")

        def report_pdf() -> bytes:
            return render.pdf(queries.report(programme, YEAR))

        def report_docx() -> bytes:
            return render.docx_bytes(queries.report(programme, YEAR))

        def agreement_pdf() -> bytes:
            html = render_to_string(
                "agreements/version_pdf.html",
                {"version": version, "document": agreement_queries.document_of(version)},
            )
            return render_pdf(html)

        pdf_ms = _median_ms(report_pdf, args.runs)
        docx_ms = _median_ms(report_docx, args.runs)
        agreement_ms = _median_ms(agreement_pdf, args.runs)
        print(
            f"report_pdf_ms={pdf_ms:.0f} report_docx_ms={docx_ms:.0f} "
            f"agreement_pdf_ms={agreement_ms:.0f}"
        )


if __name__ == "__main__":
    main()
