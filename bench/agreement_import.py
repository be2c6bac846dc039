"""Import time of the seed delaftale, against the cost of merely reading the same file.

The baseline is python-docx opening the document and walking every paragraph and table cell,
which any importer must do; the ratio shows what the structure step adds on top. Run:

    python bench/agreement_import.py [--rounds 30]

The last line reads ``import_ms=… baseline_ms=… ratio=… text_import_ms=…``.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parent.parent
SEED = "delaftale-tryghed-og-trivsel-helsingor-syd"


def _seed(extension: str) -> bytes:
    return (
        resources.files("helhedsplan.agreements")
        .joinpath("seed", f"{SEED}.{extension}")
        .read_bytes()
    )


def _median_ms(run: Callable[[], object], rounds: int) -> float:
    run()  # warm caches and imports
    timings = []
    for _round in range(rounds):
        start = time.perf_counter()
        run()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def _read_everything(data: bytes) -> int:
    document = docx.Document(io.BytesIO(data))
    characters = 0
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            characters += sum(len(cell.text) for row in block.rows for cell in row.cells)
        else:
            characters += len(block.text)
    return characters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhedsplan.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from helhedsplan.agreements.importer import parse_docx, parse_text

    word, text = _seed("docx"), _seed("txt").decode("utf-8")
    import_ms = _median_ms(lambda: parse_docx(word), args.rounds)
    baseline_ms = _median_ms(lambda: _read_everything(word), args.rounds)
    text_ms = _median_ms(lambda: parse_text(text), args.rounds)
    print(
        f"import_ms={import_ms:.1f} baseline_ms={baseline_ms:.1f} "
        f"ratio={import_ms / baseline_ms:.2f} text_import_ms={text_ms:.1f}"
    )


if __name__ == "__main__":
    main()
