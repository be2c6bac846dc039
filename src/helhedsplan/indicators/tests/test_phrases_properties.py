"""Properties of the target-phrase parser that hold for any text."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from helhedsplan.indicators.phrases import propose_indicator

KINDS = {"count", "share", "survey", "series", "trend", "milestone"}
COMPARATORS = {">=", ">", "<=", "<", "=", None}
PERIODS = {"week", "month", "quarter", "half_year", "year", "school_year", "agreement", None}
CHANGE_UNITS = {"percent", "percentage_points", "factor"}

# Pieces of Danish criteria, so that generated texts reach the parser's deeper paths.
FRAGMENTS = [
    "mindst",
    "min.",
    "højst",
    "under",
    "over",
    "eller derover",
    "eller stige",
    "fra",
    "til",
    "i",
    "hhv.",
    "og",
    "stiger",
    "falder med",
    "halveres",
    "fordobles",
    "bibeholdes på niveauet for",
    "i forhold til",
    "baseline etableres i",
    "andelen af",
    "antallet af",
    "alle",
    "et årligt",
    "en gang i kvartalet",
    "pr. år",
    "hver uge",
    "i aftaleperioden",
    "i hvert boligområde",
    "Vapnagaard",
    "Nøjsomhed",
    "2016",
    "2021",
    "59,2%",
    "65 procent",
    "5 procentpoint",
    "1.000",
    "seks",
    "to tredjedele",
    "15-30 år",
    "der udarbejdes en evaluering",
    "oplever",
    "•",
    "|",
]
danish_texts = st.lists(st.sampled_from(FRAGMENTS), max_size=25).map(" ".join)
any_texts = st.one_of(st.text(max_size=300), danish_texts)
area_lists = st.lists(
    st.one_of(st.sampled_from(["Vapnagaard", "Nøjsomhed"]), st.text()), max_size=3
)


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_baseline(value: object) -> bool:
    return (
        isinstance(value, dict)
        and set(value) == {"year", "value"}
        and (value["year"] is None or isinstance(value["year"], int))
        and is_number(value["value"])
    )


def assert_valid_shape(result: dict) -> None:
    assert result["kind"] in KINDS
    assert result["comparator"] in COMPARATORS
    assert result["target"] is None or is_number(result["target"])
    by_area = result["targets_by_area"]
    assert by_area is None or all(is_number(v) for v in by_area.values())
    assert isinstance(result["per_area"], bool)
    assert result["period"] in PERIODS
    assert result["direction"] in {"up", "down", None}
    assert result["baseline"] is None or is_baseline(result["baseline"])
    baselines = result["baselines_by_area"]
    assert baselines is None or all(is_baseline(b) for b in baselines.values())
    for key in ("baseline_pending_year", "target_year"):
        assert result[key] is None or isinstance(result[key], int)
    change = result["change"]
    assert change is None or (is_number(change["value"]) and change["unit"] in CHANGE_UNITS)
    assert result["unit"] in {"count", "percent", None}
    assert result["confidence"] in {"high", "medium", "low"}
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in result["matched"].items())
    json.dumps(result)


@settings(max_examples=300, deadline=None)
@given(text=any_texts, areas=area_lists, source=st.one_of(st.none(), any_texts))
def test_any_text_gives_a_valid_proposal(text: str, areas: list[str], source: str | None) -> None:
    assert_valid_shape(propose_indicator(text, areas, data_source=source).as_json())


@given(
    number=st.integers(min_value=1, max_value=999_999),
    period=st.sampled_from(["pr. år", "om ugen"]),
)
def test_a_bound_whole_number_is_the_target_as_an_int(number: int, period: str) -> None:
    result = propose_indicator(f"Der afholdes mindst {number} møder {period}").as_json()
    assert result["target"] == number
    assert type(result["target"]) is int
    assert result["comparator"] == ">="
