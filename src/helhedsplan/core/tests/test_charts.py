"""The shared SVG charts: structure, accessibility, Danish numbers, escaping, PDF."""

from __future__ import annotations

import datetime
import itertools
import math
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from helhedsplan.core.charts import Line, Point, bar_chart, line_chart, nice_ticks
from helhedsplan.core.numbers import format_value
from helhedsplan.core.pdf import render_pdf

SVG = "{http://www.w3.org/2000/svg}"
YEARS = ["2016", "2017", "2018", "2019", "2020", "2021"]


@pytest.fixture(autouse=True)
def _danish():
    with translation.override("da"):
        yield


def _tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _find(element: ET.Element, path: str) -> ET.Element:
    """The first element at ``path``; the test fails if there is none."""
    found = element.find(path)
    assert found is not None, f"no {path}"
    return found


def _text(element: ET.Element, path: str) -> str:
    text = _find(element, path).text
    assert text is not None, f"{path} has no text"
    return text


def _safety() -> list[Line]:
    return [
        Line(
            "Nøjsomhed",
            [Point(y, v) for y, v in zip(YEARS, [59.2, None, 60.4, 62.1, 63.8, 65.3], strict=True)],
        ),
        Line(
            "Vapnagaard",
            [Point(y, v) for y, v in zip(YEARS, [59.9, None, 60.2, 61.0, 60.5, 62.4], strict=True)],
            style="dashed",
        ),
    ]


def test_a_line_chart_is_an_accessible_image_with_title_and_description() -> None:
    svg = _tree(line_chart(title="Trygge beboere", lines=_safety(), unit="%", target=65))
    title, desc = _find(svg, f"{SVG}title"), _find(svg, f"{SVG}desc")
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "Trygge beboere"
    assert "Nøjsomhed: 2016 59,2\N{NO-BREAK SPACE}%, 2017 ingen data" in _text(svg, f"{SVG}desc")
    assert "Mål: 65\N{NO-BREAK SPACE}%" in _text(svg, f"{SVG}desc")


def test_each_line_is_one_path_told_apart_by_dashes_and_markers() -> None:
    svg = _tree(line_chart(title="Trygge beboere", lines=_safety(), unit="%"))
    groups = [g for g in svg.findall(f"{SVG}g") if g.get("class") == "chart-line"]
    assert len(groups) == 2
    paths = [group.findall(f"{SVG}path") for group in groups]
    assert [len(p) for p in paths] == [1, 1]
    assert paths[0][0].get("stroke-dasharray") is None
    assert paths[1][0].get("stroke-dasharray") is not None
    # Different marker shapes, one per point with data.
    assert len(groups[0].findall(f"{SVG}circle")) == 5
    assert len(groups[1].findall(f"{SVG}rect")) == 5
    assert paths[0][0].get("stroke") != paths[1][0].get("stroke")


def test_none_breaks_the_line() -> None:
    svg = _tree(line_chart(title="Trygge beboere", lines=_safety()[:1]))
    d = _find(svg, f"{SVG}g[@class='chart-line']/{SVG}path").get("d", "")
    # 2016 stands alone, then a new sub-path starts at 2018.
    assert re.fullmatch(r"M[\d. ]+M[\d. ]+L[\d. ]+L[\d. ]+L[\d. ]+", d)


def test_target_and_baseline_are_labelled_horizontal_lines() -> None:
    svg = line_chart(
        title="Trygge beboere",
        lines=_safety(),
        unit="%",
        target=65,
        target_label="Mål 2021",
        baseline=59.2,
        baseline_label="Udgangspunkt 2016",
    )
    tree = _tree(svg)
    horizontal = [
        _find(group, f"{SVG}line")
        for group in tree.findall(f"{SVG}g")
        if group.get("class") in {"chart-target", "chart-baseline"}
    ]
    assert len(horizontal) == 2
    assert all(line.get("y1") == line.get("y2") for line in horizontal)
    texts = [t.text for t in tree.iter(f"{SVG}text")]
    assert "Mål 2021: 65\N{NO-BREAK SPACE}%" in texts
    assert "Udgangspunkt 2016: 59,2\N{NO-BREAK SPACE}%" in texts
    # And in the legend.
    assert "Mål 2021" in texts and "Udgangspunkt 2016" in texts


def test_axis_and_labels_use_danish_numbers_and_follow_the_language() -> None:
    bars = [Point("Nøjsomhed", 331964), Point("Vapnagaard", 379339), Point("Kommunen", 598176)]
    danish = [
        t.text for t in _tree(bar_chart(title="Indkomst", bars=bars, unit="kr.")).iter(f"{SVG}text")
    ]
    assert "331.964\N{NO-BREAK SPACE}kr." in danish
    assert "600.000\N{NO-BREAK SPACE}kr." in danish
    with translation.override("en"):
        english = [
            t.text
            for t in _tree(bar_chart(title="Income", bars=bars, unit="kr.")).iter(f"{SVG}text")
        ]
    assert "331,964\N{NO-BREAK SPACE}kr." in english
    assert format_value(59.9, "%") == "59,9\N{NO-BREAK SPACE}%"
    assert format_value(1741, "") == "1.741"


def test_ticks_are_round_numbers_covering_the_data() -> None:
    assert nice_ticks(59.2, 65.3) == [58, 60, 62, 64, 66]
    assert nice_ticks(0, 598176) == [0, 200000, 400000, 600000]
    assert nice_ticks(5, 5)[0] < 5 < nice_ticks(5, 5)[-1]


def test_labels_are_escaped() -> None:
    svg = line_chart(
        title="<script>alert(1)</script>",
        lines=[Line("<script>x</script> & co", [Point("<b>2016</b>", 1.0)])],
    )
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg
    tree = _tree(svg)  # still well-formed XML
    assert _text(tree, f"{SVG}title") == "<script>alert(1)</script>"


def test_no_inline_styles_or_scripts_and_ids_are_unique_per_chart() -> None:
    first = line_chart(title="A", lines=_safety())
    second = bar_chart(title="B", bars=[Point("2016", 7.0), Point("2017", None)], target=5)
    for svg in (first, second):
        assert "style=" not in svg and "<script" not in svg
    ids = re.findall(r'id="([^"]+)"', first + second)
    assert len(ids) == len(set(ids)) == 4


def test_a_bar_without_data_is_marked_not_drawn() -> None:
    tree = _tree(bar_chart(title="Klager", bars=[Point("2016", 7.0), Point("2017", None)]))
    bars = [r for r in tree.iter(f"{SVG}rect") if r.get("class") == "chart-bar"]
    assert len(bars) == 1
    assert "2017 ingen data" in _text(tree, f"{SVG}desc")


def test_an_empty_chart_says_there_is_no_data() -> None:
    tree = _tree(line_chart(title="Tom", lines=[]))
    assert _text(tree, f"{SVG}desc") == "Ingen data."


def test_charts_render_in_weasyprint() -> None:
    html = (
        "<html><body><h1>Status</h1>"
        + line_chart(title="Trygge beboere", lines=_safety(), unit="%", target=65, baseline=59.2)
        + bar_chart(title="Klager", bars=[Point("2016", 105.0), Point("2017", 31.0)])
        + "</body></html>"
    )
    assert render_pdf(html).startswith(b"%PDF")


GEOMETRY = {"x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height"}


def _assert_finite_geometry(tree: ET.Element) -> None:
    for element in tree.iter():
        for name, value in element.attrib.items():
            if name in GEOMETRY:
                assert math.isfinite(float(value)), (element.tag, name, value)
        for number in re.findall(
            r"[-\d.e+]+|nan|inf", element.get("d", "") + element.get("points", "")
        ):
            assert math.isfinite(float(number)), (element.tag, number)


values = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**20), max_value=10**20),
)
labels = st.text(max_size=12)


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(
        st.tuples(
            labels,
            st.lists(st.tuples(labels, values), max_size=8),
            st.sampled_from(["solid", "dashed", "dotted", "odd"]),
        ),
        max_size=7,
    ),
    target=values,
    baseline=values,
    y_min=values,
    y_max=values,
    size=st.tuples(st.integers(-10, 2000), st.integers(-10, 1000)),
)
def test_arbitrary_values_never_raise(lines, target, baseline, y_min, y_max, size) -> None:
    with translation.override("da"):
        svg = line_chart(
            title="x",
            lines=[
                Line(name, [Point(label, v) for label, v in points], style)
                for name, points, style in lines
            ],
            unit="%",
            target=target,
            baseline=baseline,
            y_min=y_min,
            y_max=y_max,
            width=size[0],
            height=size[1],
        )
        _assert_finite_geometry(_tree(svg))
        bars = bar_chart(
            title="y",
            bars=[Point(label, v) for _name, points, _style in lines for label, v in points],
            target=target,
            width=size[0],
            height=size[1],
        )
        _assert_finite_geometry(_tree(bars))


def _marker_xs(tree: ET.Element) -> list[float]:
    group = _find(tree, f"{SVG}g[@class='chart-line']")
    return [float(circle.get("cx", "nan")) for circle in group.findall(f"{SVG}circle")]


def test_time_on_the_x_axis_is_proportional() -> None:
    dated = [datetime.date(2016, 1, 1), datetime.date(2018, 1, 1), datetime.date(2019, 1, 1)]
    safety = Line("Nøjsomhed", [Point(str(d.year), 60.0, d) for d in dated])

    tree = _tree(line_chart(title="Trygge beboere", lines=[safety]))

    first, second, third = _marker_xs(tree)
    # Two years from 2016 to 2018 are twice as wide as the one year from 2018 to 2019.
    assert (second - first) / (third - second) == pytest.approx(731 / 365, rel=0.01)
    labels = {t.text: float(t.get("x", "nan")) for t in tree.iter(f"{SVG}text")}
    assert [labels["2016"], labels["2018"], labels["2019"]] == [first, second, third]


def test_a_time_axis_draws_each_line_in_the_order_of_time_and_labels_each_date_once() -> None:
    late, early = datetime.date(2018, 1, 1), datetime.date(2016, 7, 1)
    lines = [
        Line("Nøjsomhed", [Point("2018", 62.0, late), Point("01.07.2016", 59.0, early)]),
        Line("Vapnagaard", [Point("2016-07", 58.0, early), Point("2018", None, late)]),
    ]

    tree = _tree(line_chart(title="Trygge beboere", lines=lines))

    assert _marker_xs(tree)[0] < _marker_xs(tree)[1]
    texts = [t.text for t in tree.iter(f"{SVG}text")]
    assert texts.count("01.07.2016") == 1 and "2016-07" not in texts
    assert "Nøjsomhed: 01.07.2016 59, 2018 62" in _text(tree, f"{SVG}desc")


def test_labels_on_a_time_axis_that_would_collide_are_thinned() -> None:
    days = [datetime.date(2020, 1, 1) + datetime.timedelta(days=n) for n in range(30)]
    line = Line(
        "Daglig", [Point(day.strftime("%d.%m.%Y"), float(n), day) for n, day in enumerate(days)]
    )

    tree = _tree(line_chart(title="Dagligt", lines=[line], width=320))

    shown = [t for t in tree.iter(f"{SVG}text") if t.text and t.text.endswith(".2020")]
    assert 1 < len(shown) < 30
    xs = [float(t.get("x", "nan")) for t in shown]
    assert all(b - a >= len("01.01.2020") * 6.8 for a, b in itertools.pairwise(xs))


@settings(max_examples=100, deadline=None)
@given(
    points=st.lists(
        st.tuples(labels, values, st.dates(datetime.date(1900, 1, 1), datetime.date(2200, 1, 1))),
        max_size=10,
    ),
    width=st.integers(-10, 2000),
)
def test_arbitrary_dates_never_raise(points, width) -> None:
    with translation.override("da"):
        svg = line_chart(
            title="x",
            lines=[Line("a", [Point(label, value, at) for label, value, at in points])],
            width=width,
        )
        _assert_finite_geometry(_tree(svg))
