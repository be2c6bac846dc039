"""Reading accuracy of the criterion parser and the agreement importer on text written apart.

The phrases (``indicators/tests/data/criteria_{dev,frozen}.toml``) go through
``propose_indicator``, the function ``helhedsplan parse-criterion --json`` prints; the
delaftaler (``agreements/tests/data/unseen/{dev,frozen}/*.txt``) through
``helhedsplan import-agreement --dry-run --json`` itself (``call_command``; the scoring is
shared with the tests, in ``indicators/tests/reading.py`` and ``agreements/tests/reading.py``).
Each result is compared field by field with the ``expect`` written beside it: nested values
(``change``, ``baseline``, ``baselines_by_area``, ``targets_by_area``) count one field per
leaf, numbers agree within 0.05 (a third is 33.3). For every set and every tag it prints the
share of fields right and the share of cases wholly right; for the agreements also the share
of fields right per part (estates, period, activities, criterion texts, criteria → indicator,
data sources). The frozen sets are held out: only their figures are printed, never their
text; ``--misses`` lists what the development sets got wrong. Run:

    python bench/reading_accuracy.py [--misses]

The last line reads ``criteria_dev=… criteria_frozen=… agreements_dev=… agreements_frozen=…``
(shares of fields right).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhedsplan.settings")

from helhedsplan.agreements.tests.reading import (  # noqa: E402
    PARTS,
    agreement_files,
    score_agreement,
)
from helhedsplan.indicators.tests.reading import (  # noqa: E402
    criteria_cases,
    score_case,
)

SETS = ("dev", "frozen")


@dataclass
class Tally:
    """Fields and cases right, out of how many."""

    fields_right: int = 0
    fields: int = 0
    cases_right: int = 0
    cases: int = 0

    def add(self, right: int, total: int) -> None:
        self.fields_right += right
        self.fields += total
        self.cases_right += right == total
        self.cases += 1

    def share(self) -> float:
        return self.fields_right / self.fields if self.fields else 0.0

    def line(self, label: str) -> str:
        whole = self.cases_right / self.cases if self.cases else 0.0
        return (
            f"  {label:<28} fields {self.fields_right:>4}/{self.fields:<4} {self.share():6.1%}"
            f"   wholly right {self.cases_right:>3}/{self.cases:<3} {whole:6.1%}"
        )


def criteria_figures(name: str, misses: bool) -> Tally:
    cases = criteria_cases(name)
    overall = Tally()
    by_tag: defaultdict[str, Tally] = defaultdict(Tally)
    by_kind: defaultdict[str, Tally] = defaultdict(Tally)
    for case in cases:
        result = score_case(case)
        for tally in (overall, by_tag[case["tag"]], by_kind[case["expect"]["kind"]]):
            tally.add(result.right, result.total)
        if misses and name == "dev" and result.misses:
            print(f"  miss [{case['tag']}] {case['text']}")
            for miss in result.misses:
                print(f"      {miss}")
    print(f"criteria_{name}: {len(cases)} phrases")
    print(overall.line("all"))
    for tag in sorted(by_tag):
        print(by_tag[tag].line(f"tag {tag}"))
    for kind in sorted(by_kind):
        print(by_kind[kind].line(f"expected kind {kind}"))
    return overall


def agreement_figures(name: str, misses: bool) -> Tally:
    overall, criteria_whole = Tally(), Tally()
    by_part: defaultdict[str, Tally] = defaultdict(Tally)
    files = agreement_files(name)
    for path in files:
        score = score_agreement(path)
        if score.refused:
            print(f"  {path.parent.name}/{path.name} refused: {score.refused}")
        overall.add(*score.share(PARTS))
        for part_name, part in score.parts.items():
            by_part[part_name].add(part.right, part.total)
        criteria_whole.cases += len(score.indicators_right)
        criteria_whole.cases_right += sum(score.indicators_right)
        if misses and name == "dev":
            for part_name, part in score.parts.items():
                for miss in part.misses:
                    print(f"  miss {path.name} [{part_name}] {miss}")
    print(f"agreements_{name}: {len(files)} delaftaler")
    print(overall.line("all"))
    for part_name in PARTS:
        print(by_part[part_name].line(f"part {part_name}"))
    whole = criteria_whole.cases_right / criteria_whole.cases if criteria_whole.cases else 0.0
    print(
        f"  criteria whose indicator is wholly right "
        f"{criteria_whole.cases_right}/{criteria_whole.cases} {whole:.1%}"
    )
    return overall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--misses", action="store_true", help="list what the development sets got wrong"
    )
    args = parser.parse_args()

    import django

    django.setup()
    shares = {}
    for name in SETS:
        shares[f"criteria_{name}"] = criteria_figures(name, args.misses).share()
    for name in SETS:
        shares[f"agreements_{name}"] = agreement_figures(name, args.misses).share()
    print(" ".join(f"{key}={value:.3f}" for key, value in shares.items()))


if __name__ == "__main__":
    main()
