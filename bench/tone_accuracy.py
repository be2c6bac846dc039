"""Accuracy of the tone suggester on labelled press headlines, and its time per headline.

The two sets in ``src/helhedsplan/media/tests/data`` were written and labelled apart from
the code: ``tone_dev.csv`` is for tuning, ``tone_frozen.csv`` is held out and is only
measured, never read for tuning. Each row is a headline, an optional excerpt, the tone a
careful reader gives and the kind of text (topic, negation, contrast, change, implicit,
plain). Headline and excerpt are joined as the press form joins them
(``media.services.mention_text``) and given to ``media.tone.suggest_tone``. For each set it
prints the share of rows whose suggestion equals the label, per kind and in all, and the
confusion counts (label → suggestion). Run:

    python bench/tone_accuracy.py [--rounds 5] [--misses 5]

``--misses N`` also prints up to N misses per kind from the dev set (never from the frozen
set, so its rows stay unseen by whoever tunes). The last line reads
``tone_dev=… tone_frozen=… per_headline_us=…``: the shares as fractions, and the median
microseconds of one suggestion over all rows and rounds.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "helhedsplan" / "media" / "tests" / "data"
SETS = ("dev", "frozen")
TONES = ("positive", "neutral", "negative")
KINDS = ("topic", "negation", "contrast", "change", "implicit", "plain")


class Row(NamedTuple):
    text: str
    excerpt: str
    tone: str
    kind: str


def _load(name: str) -> list[Row]:
    with (DATA / f"tone_{name}.csv").open(encoding="utf-8", newline="") as file:
        rows = [Row(r["text"], r["excerpt"], r["tone"], r["kind"]) for r in csv.DictReader(file)]
    for row in rows:
        if row.tone not in TONES or row.kind not in KINDS:
            raise SystemExit(f"tone_{name}.csv: bad tone or kind in {row}")
    return rows


def _share(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def _report(name: str, rows: list[Row], suggested: list[str], misses: int) -> float:
    hits = [row.tone == tone for row, tone in zip(rows, suggested, strict=True)]
    overall = _share(sum(hits), len(rows))
    print(f"== {name}: {sum(hits)}/{len(rows)} = {overall:.3f}")
    for kind in KINDS:
        of_kind = [hit for row, hit in zip(rows, hits, strict=True) if row.kind == kind]
        share = _share(sum(of_kind), len(of_kind))
        print(f"  {kind:<9} {sum(of_kind):>3}/{len(of_kind):<3} = {share:.3f}")
    confusion = Counter(zip((row.tone for row in rows), suggested, strict=True))
    print("  label \\ suggested  " + "  ".join(f"{tone:>8}" for tone in TONES))
    for label in TONES:
        counts = "  ".join(f"{confusion[label, tone]:>8}" for tone in TONES)
        print(f"  {label:<18} {counts}")
    if misses and name == "dev":
        for kind in KINDS:
            wrong = [
                (row, tone)
                for row, tone, hit in zip(rows, suggested, hits, strict=True)
                if row.kind == kind and not hit
            ]
            print(f"  misses, {kind} ({len(wrong)}):")
            for row, tone in wrong[:misses]:
                excerpt = f" | {row.excerpt}" if row.excerpt else ""
                print(f"    {row.tone} → {tone}: {row.text}{excerpt}")
    return overall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--misses", type=int, default=0)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhedsplan.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from helhedsplan.media.services import mention_text
    from helhedsplan.media.tone import suggest_tone

    sets = {name: _load(name) for name in SETS}
    texts = {
        name: [mention_text(headline=row.text, excerpt=row.excerpt) for row in rows]
        for name, rows in sets.items()
    }
    suggested = {name: [str(suggest_tone(text).tone) for text in texts[name]] for name in SETS}

    timings = []
    for _round in range(args.rounds):
        for name in SETS:
            for text in texts[name]:
                start = time.perf_counter()
                suggest_tone(text)
                timings.append((time.perf_counter() - start) * 1_000_000)
    per_headline_us = statistics.median(timings)

    shares = {name: _report(name, sets[name], suggested[name], args.misses) for name in SETS}
    print(f"per_headline_us={per_headline_us:.0f}")
    print(
        f"tone_dev={shares['dev']:.3f} tone_frozen={shares['frozen']:.3f} "
        f"per_headline_us={per_headline_us:.0f}"
    )


if __name__ == "__main__":
    main()
