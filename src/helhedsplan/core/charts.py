"""Server-rendered SVG charts for pages and PDFs alike.

Hand-written SVG, no JavaScript and no third-party library: the same markup works inline in
a page under the strict Content-Security-Policy (presentation attributes only, never
``style=``) and in WeasyPrint. Lines are told apart by dash pattern and point marker as
well as by colour, and every chart carries a ``<title>`` and a ``<desc>`` that states its
data in words. Numbers follow the active language (``59,9 %`` in Danish).
"""

from __future__ import annotations

import datetime
import itertools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from helhedsplan.core.numbers import format_value


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None  # None: no data, drawn as a gap
    # When the point was measured (a period's start). When every point of a line chart has
    # one, the x axis is time: a gap of two years is twice as wide as a gap of one.
    at: datetime.date | None = None


@dataclass(frozen=True)
class Line:
    name: str
    points: list[Point]
    style: str = "solid"  # "solid" | "dashed" | "dotted"


# Dark enough for at least 4.5:1 against white, so lines, markers and their labels pass
# WCAG's contrast for graphics (3:1) and text alike.
# The seventh is for a grouped bar of the resident panels' seven concern categories.
COLOURS = ["#0b5563", "#b35900", "#6a3d9a", "#1e6b32", "#a1231b", "#4a5560", "#8c2360"]
DASHES = {"solid": None, "dashed": "8 5", "dotted": "2 4"}
MARKERS = ["circle", "square", "triangle", "diamond", "cross", "ring"]
INK = "#1b1f23"
MUTED = "#4a5560"
GRID = "#d5dbe0"
TARGET_COLOUR = "#1e6b32"
BASELINE_COLOUR = "#4a5560"
REFERENCE_LINES = {"target": (TARGET_COLOUR, "10 4"), "baseline": (BASELINE_COLOUR, "3 3")}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
FONT_SIZE = 12
# An estimate of a label's width, for layout only: SVG text cannot be measured server-side.
CHAR_WIDTH = 6.8
TARGET_TICKS = 5
# Beyond these the chart is no longer meaningful: larger values are drawn at the edge of the
# range, smaller ones as zero (which also keeps the tick arithmetic away from underflow).
LIMIT = 1e15
RESOLUTION = 1e-9

_ids = itertools.count(1)


# Numbers -------------------------------------------------------------------------------


def _finite(value: float | None) -> float | None:
    if value is None:
        return None
    value = float(value)
    if not math.isfinite(value):
        return None
    if abs(value) < RESOLUTION:
        return 0.0
    return max(-LIMIT, min(LIMIT, value))


def nice_ticks(low: float, high: float, count: int = TARGET_TICKS) -> list[float]:
    """Round tick values (steps of 1, 2, 2.5 or 5 times a power of ten) covering low..high."""
    if high < low:
        low, high = high, low
    if high == low:
        padding = abs(low) * 0.1 or 1.0
        low, high = low - padding, high + padding
    raw_step = (high - low) / max(count - 1, 1)
    if not (math.isfinite(raw_step) and raw_step > 0):
        return [low, high]
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(
        (m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw_step),
        10 * magnitude,
    )
    start = math.floor(low / step) * step
    end = math.ceil(high / step) * step
    steps = min(round((end - start) / step), 4 * count)
    return [start + i * step for i in range(steps + 1)]


def _tick_decimals(ticks: list[float]) -> int:
    if len(ticks) < 2:
        return 0
    step = abs(ticks[1] - ticks[0])
    for decimals in range(4):
        if abs(round(step, decimals) - step) < step * 1e-6:
            return decimals
    return 4


# Layout --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Frame:
    left: float
    top: float
    right: float
    bottom: float
    low: float
    high: float

    def y(self, value: float) -> float:
        if self.high == self.low:
            return (self.top + self.bottom) / 2
        share = (value - self.low) / (self.high - self.low)
        return self.bottom - share * (self.bottom - self.top)


# Characters XML does not allow (control characters other than tab and line breaks).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(text: str) -> str:
    """Text for the SVG: escaped, and without what would make it invalid XML."""
    return escape(_NOT_XML.sub("", str(text)))


def _n(value: float) -> str:
    """A coordinate: always with a full stop, whatever the language."""
    return f"{value:.1f}"


def _text_width(text: str) -> float:
    return len(text) * CHAR_WIDTH


def _legend_rows(entries: list[str], width: float, left: float) -> list[list[int]]:
    """Which legend entries go on which row, wrapping at the chart's width."""
    rows: list[list[int]] = [[]]
    x = left
    for index, name in enumerate(entries):
        needed = 34 + _text_width(name) + 18
        if rows[-1] and x + needed > width:
            rows.append([])
            x = left
        rows[-1].append(index)
        x += needed
    return rows if rows[0] else []


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4" fill="{colour}"/>'
    if kind == "square":
        return f'<rect x="{_n(x - 4)}" y="{_n(y - 4)}" width="8" height="8" fill="{colour}"/>'
    if kind == "triangle":
        points = f"{_n(x)},{_n(y - 5)} {_n(x + 5)},{_n(y + 4)} {_n(x - 5)},{_n(y + 4)}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    if kind == "diamond":
        points = f"{_n(x)},{_n(y - 5)} {_n(x + 5)},{_n(y)} {_n(x)},{_n(y + 5)} {_n(x - 5)},{_n(y)}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    if kind == "cross":
        return (
            f'<path d="M{_n(x - 4)} {_n(y - 4)}L{_n(x + 4)} {_n(y + 4)}'
            f'M{_n(x - 4)} {_n(y + 4)}L{_n(x + 4)} {_n(y - 4)}" '
            f'stroke="{colour}" stroke-width="2" fill="none"/>'
        )
    return (
        f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4" fill="#fff" stroke="{colour}" stroke-width="2"/>'
    )


def _dash(style: str) -> str:
    pattern = DASHES.get(style)
    return f' stroke-dasharray="{pattern}"' if pattern else ""


def _reference_line(
    frame: _Frame, value: float, label: str, kind: str, unit: str
) -> tuple[str, str]:
    """A labelled horizontal line (kind "target" or "baseline") and its text for the
    description."""
    colour, dash = REFERENCE_LINES[kind]
    y = frame.y(value)
    text = f"{label}: {format_value(value, unit)}"
    svg = (
        f'<g class="chart-{kind}"><line x1="{_n(frame.left)}" y1="{_n(y)}" '
        f'x2="{_n(frame.right)}" y2="{_n(y)}" stroke="{colour}" stroke-width="2" '
        f'stroke-dasharray="{dash}"/>'
        f'<text x="{_n(frame.right - 4)}" y="{_n(y - 5)}" text-anchor="end" fill="{colour}" '
        f'font-weight="600">{_text(text)}</text></g>'
    )
    return svg, text


def _axis(frame: _Frame, ticks: list[float], unit: str) -> list[str]:
    decimals = _tick_decimals(ticks)
    parts = []
    for tick in ticks:
        y = frame.y(tick)
        parts.append(
            f'<line x1="{_n(frame.left)}" y1="{_n(y)}" x2="{_n(frame.right)}" y2="{_n(y)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{_n(frame.left - 6)}" y="{_n(y + 4)}" text-anchor="end" fill="{MUTED}">'
            f"{_text(format_value(tick, unit, decimals))}</text>"
        )
    parts.append(
        f'<line x1="{_n(frame.left)}" y1="{_n(frame.bottom)}" x2="{_n(frame.right)}" '
        f'y2="{_n(frame.bottom)}" stroke="{INK}" stroke-width="1"/>'
    )
    return parts


def _category_labels(frame: _Frame, labels: list[str], xs: list[float]) -> list[str]:
    """Labels under the x axis; when they would collide, only every n-th is shown."""
    if not labels:
        return []
    room = (frame.right - frame.left) / max(len(labels), 1)
    widest = max(_text_width(label) for label in labels) + 6
    every = max(1, math.ceil(widest / room)) if room > 0 else len(labels)
    return [
        f'<text x="{_n(x)}" y="{_n(frame.bottom + 16)}" text-anchor="middle" fill="{MUTED}">'
        f"{_text(label)}</text>"
        for index, (label, x) in enumerate(zip(labels, xs, strict=True))
        if index % every == 0
    ]


def _time_labels(frame: _Frame, labels: list[str], xs: list[float]) -> list[str]:
    """Labels under the x axis at their points' places on a time axis, each with a tick; a
    label that would run into the one before it is left out (its point keeps its tick)."""
    parts = []
    shown_until = -math.inf
    for label, x in zip(labels, xs, strict=True):
        parts.append(
            f'<line x1="{_n(x)}" y1="{_n(frame.bottom)}" x2="{_n(x)}" y2="{_n(frame.bottom + 4)}" '
            f'stroke="{INK}" stroke-width="1"/>'
        )
        half = (_text_width(label) + 6) / 2
        if x - half < shown_until:
            continue
        shown_until = x + half
        parts.append(
            f'<text x="{_n(x)}" y="{_n(frame.bottom + 16)}" text-anchor="middle" '
            f'fill="{MUTED}">{_text(label)}</text>'
        )
    return parts


def _time_positions(frame: _Frame, dates: list[datetime.date]) -> list[float]:
    """The x of each date (sorted, distinct), in proportion to the time between them, with
    room at either end for a marker and half a label."""
    width = frame.right - frame.left
    if len(dates) < 2:
        return [frame.left + width / 2 for _date in dates]
    padding = min(width / (2 * len(dates)), 40)
    first, span = dates[0].toordinal(), dates[-1].toordinal() - dates[0].toordinal()
    return [
        frame.left + padding + (date.toordinal() - first) / span * (width - 2 * padding)
        for date in dates
    ]


@dataclass(frozen=True)
class _LegendEntry:
    name: str
    colour: str
    dash: str | None
    marker: str | None
    kind: str = "line"  # "line" | "bar"


def _legend(entries: list[_LegendEntry], rows: list[list[int]], left: float, top: float):
    parts = []
    for row_number, row in enumerate(rows):
        y = top + row_number * 20
        x = left
        for index in row:
            entry = entries[index]
            if entry.kind == "bar":
                parts.append(
                    f'<rect x="{_n(x + 6)}" y="{_n(y - 6)}" width="16" height="12" '
                    f'fill="{entry.colour}"/>'
                )
            else:
                dash = f' stroke-dasharray="{entry.dash}"' if entry.dash else ""
                parts.append(
                    f'<line x1="{_n(x)}" y1="{_n(y)}" x2="{_n(x + 28)}" y2="{_n(y)}" '
                    f'stroke="{entry.colour}" stroke-width="2.5"{dash}/>'
                )
                if entry.marker:
                    parts.append(_marker(entry.marker, x + 14, y, entry.colour))
            parts.append(
                f'<text x="{_n(x + 34)}" y="{_n(y + 4)}" fill="{INK}">{_text(entry.name)}</text>'
            )
            x += 34 + _text_width(entry.name) + 18
    return parts


def _svg(
    *,
    chart_id: str,
    title: str,
    description: str,
    width: int,
    height: int,
    body: Iterable[str],
) -> SafeString:
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    # Every text inside has been escaped where it was put together.
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="{FONT}" '
        f'font-size="{FONT_SIZE}">'
        f'<title id="{title_id}">{_text(title)}</title>'
        f'<desc id="{desc_id}">{_text(description)}</desc>'
        f'<rect width="{width}" height="{height}" fill="#fff"/>'
        f'<text x="8" y="18" fill="{INK}" font-size="14" font-weight="600">{_text(title)}</text>'
        + "".join(body)
        + "</svg>"
    )


def _range(
    values: list[float], y_min: float | None, y_max: float | None, *, include_zero: bool
) -> tuple[float, float, list[float]]:
    """The value range and its ticks; explicit bounds are kept unless the data lies beyond."""
    known = [*values, *([0.0] if include_zero else [])]
    lows = [*known, *([y_min] if y_min is not None else [])]
    highs = [*known, *([y_max] if y_max is not None else [])]
    low = min(lows, default=min(highs, default=0.0))
    high = max(highs, default=max(lows, default=1.0))
    ticks = nice_ticks(low, high)
    low, high = ticks[0], ticks[-1]
    if y_min is not None and y_min <= min(values, default=y_min):
        low = y_min
    if y_max is not None and y_max >= max(values, default=y_max):
        high = y_max
    if high <= low:
        low, high = ticks[0], ticks[-1]
    slack = 1e-9 * (high - low)
    return low, high, [t for t in ticks if low - slack <= t <= high + slack] or [low, high]


def _described(points: Iterable[Point], unit: str) -> str:
    return ", ".join(
        f"{point.label} "
        + (
            _("ingen data")
            if point.value is None or not math.isfinite(point.value)
            else format_value(point.value, unit)
        )
        for point in points
    )


def _sentences(parts: list[str]) -> str:
    return " ".join(part if part.endswith(".") else f"{part}." for part in parts)


# Charts --------------------------------------------------------------------------------


def line_chart(
    *,
    title: str,
    lines: list[Line],
    unit: str = "",
    target: float | None = None,
    target_label: str = "",
    baseline: float | None = None,
    baseline_label: str = "",
    y_min: float | None = None,
    y_max: float | None = None,
    width: int = 640,
    height: int = 280,
) -> SafeString:
    """Lines over time when every point says when it was measured (``Point.at``): each
    point at its date, in proportion, with its label under it. Otherwise over shared
    category labels, evenly spaced in the order the labels first appear.

    ``unit`` is appended to every number shown ("%" gives ``59,9 %``). A ``None`` value
    breaks its line. ``target`` and ``baseline`` are drawn as labelled horizontal lines.
    """
    chart_id = f"chart-{next(_ids)}"
    width, height = max(int(width), 240), max(int(height), 160)
    target, baseline = _finite(target), _finite(baseline)
    y_min, y_max = _finite(y_min), _finite(y_max)
    points = [point for line in lines for point in line.points]
    timed = bool(points) and all(point.at is not None for point in points)
    if timed:
        # A line is drawn in the order of time, whatever order its points came in.
        points = sorted(points, key=attrgetter("at"))
        lines = [
            Line(line.name, sorted(line.points, key=attrgetter("at")), line.style) for line in lines
        ]
    # A point's place on the x axis: its date on a time axis, else its label. Each place is
    # labelled with the first label given for it.
    place = attrgetter("at" if timed else "label")
    places: dict[Any, str] = {}
    for point in points:
        places.setdefault(place(point), point.label)
    labels = list(places.values())
    values = [v for line in lines for p in line.points if (v := _finite(p.value)) is not None]
    references = [v for v in (target, baseline) if v is not None]

    target_name = target_label or _("Mål")
    baseline_name = baseline_label or _("Udgangspunkt")
    entries = [
        _LegendEntry(
            name=line.name,
            colour=COLOURS[index % len(COLOURS)],
            dash=DASHES.get(line.style),
            marker=MARKERS[index % len(MARKERS)],
        )
        for index, line in enumerate(lines)
    ]
    if target is not None:
        entries.append(_LegendEntry(target_name, *REFERENCE_LINES["target"], None))
    if baseline is not None:
        entries.append(_LegendEntry(baseline_name, *REFERENCE_LINES["baseline"], None))

    low, high, ticks = _range(values + references, y_min, y_max, include_zero=False)
    axis_width = max(_text_width(format_value(t, unit, _tick_decimals(ticks))) for t in ticks)
    left = min(12 + axis_width, width / 3)
    legend_rows = _legend_rows([e.name for e in entries], width - 8, left)
    legend_height = 20 * len(legend_rows)
    frame = _Frame(
        left=left,
        top=34,
        right=width - 16,
        bottom=max(height - 30 - legend_height, 60),
        low=low,
        high=high,
    )
    if timed:
        xs = _time_positions(frame, list(places))
    else:
        step = (frame.right - frame.left) / max(len(labels), 1)
        xs = [frame.left + step * (index + 0.5) for index in range(len(labels))]
    x_of = dict(zip(places, xs, strict=True))

    body = _axis(frame, ticks, unit)
    body += (_time_labels if timed else _category_labels)(frame, labels, xs)
    described = []
    for reference, name, kind in (
        (baseline, baseline_name, "baseline"),
        (target, target_name, "target"),
    ):
        if reference is not None:
            svg, text = _reference_line(frame, reference, name, kind, unit)
            body.append(svg)
            described.append(text)
    for line, entry in zip(lines, entries, strict=False):
        commands, markers, pen_down = [], [], False
        for point in line.points:
            value = _finite(point.value)
            if value is None:
                pen_down = False
                continue
            x, y = x_of[place(point)], frame.y(value)
            commands.append(f"{'L' if pen_down else 'M'}{_n(x)} {_n(y)}")
            markers.append(_marker(entry.marker or "circle", x, y, entry.colour))
            pen_down = True
        body.append(
            f'<g class="chart-line"><path d="{"".join(commands) or "M0 0"}" fill="none" '
            f'stroke="{entry.colour}" stroke-width="2.5" stroke-linejoin="round"'
            f"{_dash(line.style)}/>{''.join(markers)}</g>"
        )
    body += _legend(entries, legend_rows, left=left, top=frame.bottom + 36)

    if values:
        summary = "; ".join(f"{line.name}: {_described(line.points, unit)}" for line in lines)
    else:
        summary = _("Ingen data")
    return _svg(
        chart_id=chart_id,
        title=title,
        description=_sentences([summary, *described]),
        width=width,
        height=height,
        body=body,
    )


def bar_chart(
    *,
    title: str,
    bars: list[Point],
    unit: str = "",
    target: float | None = None,
    target_label: str = "",
    width: int = 640,
    height: int = 280,
) -> SafeString:
    """One bar per label, from zero, each with its value written above it; a bar without
    data is marked with a dash. ``target`` is a labelled horizontal line."""
    chart_id = f"chart-{next(_ids)}"
    width, height = max(int(width), 240), max(int(height), 160)
    target = _finite(target)
    values = [v for bar in bars if (v := _finite(bar.value)) is not None]
    target_name = target_label or _("Mål")
    # The bars are named under the axis; a legend is needed only to tell them from a target.
    entries = []
    if target is not None:
        entries = [
            _LegendEntry(title, COLOURS[0], None, None, kind="bar"),
            _LegendEntry(target_name, *REFERENCE_LINES["target"], None),
        ]

    low, high, ticks = _range(
        values + ([target] if target is not None else []), None, None, include_zero=True
    )
    axis_width = max(_text_width(format_value(t, unit, _tick_decimals(ticks))) for t in ticks)
    left = min(12 + axis_width, width / 3)
    legend_rows = _legend_rows([e.name for e in entries], width - 8, left)
    frame = _Frame(
        left=left,
        top=34,
        right=width - 16,
        bottom=max(height - 30 - 20 * len(legend_rows), 60),
        low=low,
        high=high,
    )
    labels = [bar.label for bar in bars]
    step = (frame.right - frame.left) / max(len(bars), 1)
    xs = [frame.left + step * (index + 0.5) for index in range(len(bars))]
    bar_width = max(min(step * 0.6, 64), 2)
    zero = frame.y(min(max(0.0, low), high))

    body = _axis(frame, ticks, unit)
    body += _category_labels(frame, labels, xs)
    value_labels = step >= 40
    for bar, x in zip(bars, xs, strict=True):
        value = _finite(bar.value)
        if value is None:
            body.append(
                f'<text x="{_n(x)}" y="{_n(zero - 6)}" text-anchor="middle" fill="{MUTED}">–</text>'
            )
            continue
        y = frame.y(value)
        top, bottom = min(y, zero), max(y, zero)
        body.append(
            f'<rect class="chart-bar" x="{_n(x - bar_width / 2)}" y="{_n(top)}" '
            f'width="{_n(bar_width)}" height="{_n(max(bottom - top, 0.5))}" fill="{COLOURS[0]}"/>'
        )
        if value_labels:
            body.append(
                f'<text x="{_n(x)}" y="{_n(top - 5)}" text-anchor="middle" fill="{INK}">'
                f"{_text(format_value(value, unit))}</text>"
            )
    described = []
    if target is not None:
        svg, text = _reference_line(frame, target, target_name, "target", unit)
        body.append(svg)
        described.append(text)
    body += _legend(entries, legend_rows, left=left, top=frame.bottom + 36)

    summary = _described(bars, unit) if values else _("Ingen data")
    return _svg(
        chart_id=chart_id,
        title=title,
        description=_sentences([summary, *described]),
        width=width,
        height=height,
        body=body,
    )


def grouped_bar_chart(
    *,
    title: str,
    groups: list[str],
    series: list[Line],
    unit: str = "",
    whole_numbers: bool = False,
    width: int = 640,
    height: int = 300,
) -> SafeString:
    """Bars side by side in each group (a category on the x axis), one bar per series (a
    ``Line`` whose points are named by their group), from zero, each with its value above it
    where there is room. The series are told apart by colour and named in the legend; the
    description states every figure. ``whole_numbers``: counts, whose axis has no ticks
    between whole numbers."""
    chart_id = f"chart-{next(_ids)}"
    width, height = max(int(width), 240), max(int(height), 160)
    values_of = [{point.label: _finite(point.value) for point in line.points} for line in series]
    values = [v for by_group in values_of for v in by_group.values() if v is not None]
    entries = [
        _LegendEntry(line.name, COLOURS[index % len(COLOURS)], None, None, kind="bar")
        for index, line in enumerate(series)
    ]
    low, high, ticks = _range(values, None, None, include_zero=True)
    if whole_numbers and _tick_decimals(ticks) > 0:
        low, high = math.floor(low), max(math.ceil(high), 1)
        ticks = [float(tick) for tick in range(low, high + 1)]
    axis_width = max(_text_width(format_value(t, unit, _tick_decimals(ticks))) for t in ticks)
    left = min(12 + axis_width, width / 3)
    legend_rows = _legend_rows([e.name for e in entries], width - 8, left)
    frame = _Frame(
        left=left,
        top=34,
        right=width - 16,
        bottom=max(height - 30 - 20 * len(legend_rows), 60),
        low=low,
        high=high,
    )
    step = (frame.right - frame.left) / max(len(groups), 1)
    xs = [frame.left + step * (index + 0.5) for index in range(len(groups))]
    bar_width = max(min(step * 0.8 / max(len(series), 1), 40), 2)
    zero = frame.y(min(max(0.0, low), high))
    value_labels = bar_width >= 14

    body = _axis(frame, ticks, unit)
    body += _category_labels(frame, groups, xs)
    for index, (by_group, entry) in enumerate(zip(values_of, entries, strict=True)):
        offset = (index - (len(series) - 1) / 2) * bar_width
        for group, x in zip(groups, xs, strict=True):
            value = by_group.get(group)
            if value is None:
                continue
            y = frame.y(value)
            top, bottom = min(y, zero), max(y, zero)
            centre = x + offset
            body.append(
                f'<rect class="chart-bar" x="{_n(centre - bar_width / 2)}" y="{_n(top)}" '
                f'width="{_n(bar_width)}" height="{_n(max(bottom - top, 0.5))}" '
                f'fill="{entry.colour}"/>'
            )
            if value_labels:
                body.append(
                    f'<text x="{_n(centre)}" y="{_n(top - 5)}" text-anchor="middle" '
                    f'fill="{INK}">{_text(format_value(value, unit))}</text>'
                )
    body += _legend(entries, legend_rows, left=left, top=frame.bottom + 36)

    if values:
        summary = "; ".join(f"{line.name}: {_described(line.points, unit)}" for line in series)
    else:
        summary = _("Ingen data")
    return _svg(
        chart_id=chart_id,
        title=title,
        description=_sentences([summary]),
        width=width,
        height=height,
        body=body,
    )
