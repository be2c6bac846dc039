"""Accuracy of the tone suggestion on labelled press headlines, rules alone and blended with
the general tone model, and its time per headline.

Two sets, each row a headline, an optional excerpt, the tone a careful reader gives and the
kind of text (topic, negation, contrast, change, implicit, plain):

- ``corpus``: ``src/helhedsplan/media/tone_labels.csv``, the labelled headlines the product
  ships (``media.learning.labelled_headlines``; the former ``tone_dev.csv`` and the retired
  ``tone_frozen.csv``). The rules were tuned on it and the general model is trained on it,
  so its figures are **in sample**: a check, not an estimate for unseen text. The model's
  cross-validated figures on it (nested, as ``retrain_tone_models`` stores them) are printed
  too.
- ``frozen``: ``src/helhedsplan/media/tests/data/tone_frozen.csv``, a set written apart from
  the repository, scored only when the file exists. Only its shares are printed, never its
  rows.

The general model is trained here from the corpus alone, never from the frozen file, exactly
as ``media.services.tone_model_train_general`` trains it (cross-validation picks the weight
and says whether it blends). Headline and excerpt are joined as the press form joins them
(``media.services.mention_text``). For each set it prints the share of rows the rules get
right and the share the suggestion gets right (the rules blended with the general model when
it blends: what the form suggests without a programme model), in all and per kind, and the
suggestion's confusion counts (label → suggestion). Run:

    python bench/tone_accuracy.py [--rounds 5] [--misses 5]

``--misses N`` also prints up to N of the suggestion's misses per kind of the corpus. The
last line reads ``tone_rules_frozen=… tone_frozen=… per_headline_us=…`` (without the frozen
file, ``tone_rules_corpus=… tone_corpus=… per_headline_us=…``): the shares as fractions, and
the median microseconds of one suggestion (rules and model) over all rows and rounds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
MEDIA = ROOT / "src" / "helhedsplan" / "media"
FROZEN = MEDIA / "tests" / "data" / "tone_frozen.csv"
TONES = ("positive", "neutral", "negative")
KINDS = ("topic", "negation", "contrast", "change", "implicit", "plain")


class Row(NamedTuple):
    text: str
    excerpt: str
    tone: str
    kind: str


def _load(path: Path) -> list[Row]:
    from helhedsplan.media.learning import labelled_headlines

    rows = [
        Row(row.headline, row.excerpt, str(row.tone), row.kind) for row in labelled_headlines(path)
    ]
    for row in rows:
        if row.kind not in KINDS:
            raise SystemExit(f"{path.name}: bad kind in {row}")
    return rows


def _share(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def _report(
    name: str, rows: list[Row], rules: list[str], suggested: list[str], misses: int
) -> tuple[float, float]:
    """Print the rules' and the suggestion's shares, in all and per kind; both overall."""
    rule_hits = [row.tone == tone for row, tone in zip(rows, rules, strict=True)]
    hits = [row.tone == tone for row, tone in zip(rows, suggested, strict=True)]
    shares = _share(sum(rule_hits), len(rows)), _share(sum(hits), len(rows))
    print(f"== {name}: {len(rows)} rows; rules {shares[0]:.3f}, suggestion {shares[1]:.3f}")
    print(f"  {'kind':<9} {'rows':>4}  {'rules':>5}  {'suggestion':>10}")
    for kind in KINDS:
        of_kind = [i for i, row in enumerate(rows) if row.kind == kind]
        rule_share = _share(sum(rule_hits[i] for i in of_kind), len(of_kind))
        share = _share(sum(hits[i] for i in of_kind), len(of_kind))
        if of_kind:
            print(f"  {kind:<9} {len(of_kind):>4}  {rule_share:>5.3f}  {share:>10.3f}")
    confusion = Counter(zip((row.tone for row in rows), suggested, strict=True))
    print("  label \\ suggested  " + "  ".join(f"{tone:>8}" for tone in TONES))
    for label in TONES:
        counts = "  ".join(f"{confusion[label, tone]:>8}" for tone in TONES)
        print(f"  {label:<18} {counts}")
    if misses:
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
    return shares


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--misses", type=int, default=0)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhedsplan.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from helhedsplan.media import learning
    from helhedsplan.media.services import mention_text
    from helhedsplan.media.tone import suggest_tone

    sets = {"corpus": _load(learning.LABELLED_HEADLINES)}
    if FROZEN.exists():
        sets["frozen"] = _load(FROZEN)
    texts = {
        name: [mention_text(headline=row.text, excerpt=row.excerpt) for row in rows]
        for name, rows in sets.items()
    }

    # The general model, from the corpus alone, as tone_model_train_general trains it.
    start = time.perf_counter()
    evaluation = learning.evaluate(texts["corpus"], [row.tone for row in sets["corpus"]])
    predictor = learning.Predictor(
        learning.fit(texts["corpus"], [row.tone for row in sets["corpus"]])
    )
    trained_s = time.perf_counter() - start
    print(
        f"general model: {evaluation.labels} labels, cross-validated on the corpus: "
        f"model {evaluation.model_accuracy:.3f}, rules {evaluation.rules_accuracy:.3f}, "
        f"blend {evaluation.blend_accuracy:.3f}; weight {evaluation.weight:.1f}, "
        f"blends {evaluation.blends}; trained in {trained_s:.1f} s"
    )

    def suggest(text: str) -> str:
        rules = suggest_tone(text)
        if not evaluation.blends:
            return str(rules.tone)
        model = predictor.probabilities([text])[0]
        return str(learning.blend(learning.rules_probabilities(rules), model, evaluation.weight))

    rules = {name: [str(suggest_tone(text).tone) for text in texts[name]] for name in sets}
    suggested = {name: [suggest(text) for text in texts[name]] for name in sets}

    timings = []
    for _round in range(args.rounds):
        for name in sets:
            for text in texts[name]:
                begin = time.perf_counter()
                suggest(text)
                timings.append((time.perf_counter() - begin) * 1_000_000)
    per_headline_us = statistics.median(timings)

    shares = {
        name: _report(
            f"{name} (in sample)" if name == "corpus" else name,
            sets[name],
            rules[name],
            suggested[name],
            args.misses if name == "corpus" else 0,
        )
        for name in sets
    }
    if "frozen" not in sets:
        print(f"{FROZEN.relative_to(ROOT)} does not exist: the corpus alone was scored")
    name = "frozen" if "frozen" in sets else "corpus"
    rule_share, share = shares[name]
    figures = f"tone_rules_{name}={rule_share:.3f} tone_{name}={share:.3f}"
    print(f"{figures} per_headline_us={per_headline_us:.0f}")


if __name__ == "__main__":
    main()
