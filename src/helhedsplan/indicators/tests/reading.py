"""Scoring a proposal against the fields a labelled case expects.

Shared by the tests of the labelled criterion sets and ``bench/reading_accuracy.py``:
nested values (``change``, ``baseline``, ``baselines_by_area``, ``targets_by_area``) count
one field per leaf, numbers agree within 0.05 (a third is 33.3). A leaf's path is a tuple of
keys, because estate names hold dots ("Gl. Bakkegård").
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helhedsplan.indicators.phrases import propose_indicator

CRITERIA = Path(__file__).resolve().parent / "data"
TOLERANCE = 0.05
MISSING = object()


@dataclass
class Comparison:
    """The expected fields one result got right, out of how many, and what it missed."""

    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def check(self, name: str, expected: Any, actual: Any) -> None:
        self.total += 1
        if _same(expected, actual):
            self.right += 1
        else:
            shown = "—" if actual is MISSING else json.dumps(actual, ensure_ascii=False)
            self.misses.append(
                f"{name}: expected {json.dumps(expected, ensure_ascii=False)}, got {shown}"
            )


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return abs(expected - actual) <= TOLERANCE
    return bool(expected == actual)


def _leaves(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _leaves(inner, (*path, key))
    else:
        yield path, value


def _lookup(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return MISSING
        data = data[key]
    return data


def compare_indicator(expect: dict[str, Any], proposal: dict[str, Any]) -> Comparison:
    comparison = Comparison()
    for path, expected in _leaves(expect):
        comparison.check(".".join(path), expected, _lookup(proposal, path))
    return comparison


def criteria_cases(name: str) -> list[dict[str, Any]]:
    """The cases of ``criteria_<name>.toml`` ("dev" or "frozen")."""
    text = (CRITERIA / f"criteria_{name}.toml").read_text("utf-8")
    cases: list[dict[str, Any]] = tomllib.loads(text)["case"]
    return cases


def score_case(case: dict[str, Any]) -> Comparison:
    """The proposal ``parse-criterion --json`` gives for the case, compared with its expect."""
    proposal = propose_indicator(
        case["text"], case.get("areas", []), data_source=case.get("data_source")
    ).as_json()
    return compare_indicator(case["expect"], proposal)
