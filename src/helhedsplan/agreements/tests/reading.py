"""Scoring the importer's dry run of an unseen delaftale against what a careful reader finds.

Shared by the tests of the unseen agreement sets (``data/unseen/{dev,frozen}``) and
``bench/reading_accuracy.py``. Each ``*.txt`` goes through ``helhedsplan import-agreement
--dry-run --json`` itself and is compared, part by part, with the ``*.expected.toml`` beside
it: the estates (each expected one found, each extra one a miss), the period's years, the
activities' names, the criteria's texts and data sources (compared without case, spacing
and a closing full stop), and the fields of the indicator proposed for each criterion (the
criterion parser's part, scored by :func:`indicators.tests.reading.compare_indicator`).
"""

from __future__ import annotations

import io
import json
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.management import CommandError, call_command

from helhedsplan.indicators.tests.reading import MISSING, Comparison, compare_indicator

UNSEEN = Path(__file__).resolve().parent / "data" / "unseen"
INDICATOR_PART = "criteria → indicator"
PARTS = ("estates", "period", "activities", "criterion texts", INDICATOR_PART, "sources")
# What the importer itself reads; the indicators come from the criterion parser.
IMPORTER_PARTS = tuple(part for part in PARTS if part != INDICATOR_PART)


@dataclass
class AgreementScore:
    """One delaftale's comparison per part, and for each expected criterion whether its
    proposed indicator is wholly right; ``refused`` holds the importer's refusal, if any."""

    parts: dict[str, Comparison]
    indicators_right: list[bool] = field(default_factory=list)
    refused: str | None = None

    def share(self, parts: tuple[str, ...]) -> tuple[int, int]:
        """Fields right and fields in all, over the given parts."""
        return (
            sum(self.parts[part].right for part in parts),
            sum(self.parts[part].total for part in parts),
        )


def agreement_files(name: str) -> list[Path]:
    """The delaftaler of the set ``name`` ("dev" or "frozen")."""
    return sorted((UNSEEN / name).glob("*.txt"))


def score_agreement(path: Path) -> AgreementScore:
    """The dry run of ``path`` compared with its expected reading; an agreement the importer
    refuses scores nothing right."""
    expected = tomllib.loads(path.with_suffix(".expected.toml").read_text("utf-8"))
    out = io.StringIO()
    try:
        call_command("import_agreement", str(path), dry_run=True, json=True, stdout=out)
    except CommandError as error:
        parts, indicators_right = compare_agreement(expected, {})
        return AgreementScore(parts, indicators_right, refused=str(error))
    parts, indicators_right = compare_agreement(expected, json.loads(out.getvalue()))
    return AgreementScore(parts, indicators_right)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    value = re.sub(r"\s+", " ", value).strip().rstrip(".").strip()
    return re.sub(r"\s+%", "%", value).casefold()


def _year(value: Any) -> Any:
    return int(value[:4]) if isinstance(value, str) and value[:4].isdigit() else value


def compare_agreement(
    expected: dict[str, Any], found: dict[str, Any]
) -> tuple[dict[str, Comparison], list[bool]]:
    """The comparison per part, and for each expected criterion whether its indicator is right."""
    parts = {part: Comparison() for part in PARTS}
    indicators_right = []
    names = [name.strip() for name in found.get("housing_areas") or []]
    for estate in expected["estates"]:
        parts["estates"].check(f"estate {estate}", estate, estate if estate in names else names)
    for extra in sorted(set(names) - set(expected["estates"])):
        parts["estates"].check(f"estate {extra}", None, extra)
    parts["period"].check(
        "start", expected["period"]["start_year"], _year(found.get("period_start"))
    )
    parts["period"].check("end", expected["period"]["end_year"], _year(found.get("period_end")))

    activities = found.get("activities") or []
    titles = [_text(activity.get("name")) for activity in activities]
    for index, title in enumerate(expected["activities"]):
        actual = activities[index].get("name") if index < len(activities) else MISSING
        parts["activities"].check(title, True, _text(actual) == _text(title) or actual)
    for extra in activities[len(expected["activities"]) :]:
        parts["activities"].check("extra activity", None, extra.get("name"))

    def found_criteria(activity: str, position: int) -> list[dict[str, Any]]:
        if not activity:
            return found.get("overall_success_criteria") or []
        if _text(activity) in titles:
            return activities[titles.index(_text(activity))].get("success_criteria") or []
        return (
            activities[position].get("success_criteria") or [] if position < len(activities) else []
        )

    seen: dict[str, int] = defaultdict(int)
    for criterion in expected["criteria"]:
        activity = criterion["activity"]
        position = expected["activities"].index(activity) if activity else -1
        candidates = found_criteria(activity, position)
        index = seen[activity]
        seen[activity] += 1
        actual = candidates[index] if index < len(candidates) else {}
        label = f"{activity or 'overall'} #{index + 1}"
        text_right = _text(actual.get("text")) == _text(criterion["text"])
        parts["criterion texts"].check(label, True, text_right or actual.get("text", MISSING))
        source_right = _text(actual.get("data_source")) == _text(criterion["data_source"])
        parts["sources"].check(label, True, source_right or actual.get("data_source", MISSING))
        result = compare_indicator(criterion["expect"], actual.get("proposed_indicator") or {})
        indicator = parts[INDICATOR_PART]
        indicator.right += result.right
        indicator.total += result.total
        indicator.misses += [f"{label} «{criterion['text']}» {miss}" for miss in result.misses]
        indicators_right.append(result.right == result.total)
    for activity, count in seen.items():
        position = expected["activities"].index(activity) if activity else -1
        for extra in found_criteria(activity, position)[count:]:
            parts["criterion texts"].check(
                f"{activity or 'overall'} extra", None, extra.get("text")
            )
    return parts, indicators_right
