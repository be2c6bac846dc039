"""Word's list numbering: the number or bullet Word shows before a list paragraph.

A list paragraph names a list (``w:numId``) and a level (``w:ilvl``), directly or through its
paragraph style. The numbering part defines each list's levels (start, format: decimal,
letters, roman numerals or a bullet, and the text around the number: "%1.", "%2)", "%1.%2.")
and lets a list restart a level (``w:lvlOverride``/``w:startOverride``). Lists that share a
definition continue one another's numbers, and a level restarts when a higher one is used, as
in Word. :class:`ListCounter` walks the list paragraphs in document order and gives each the
marker Word shows ("1.", "b)", "iv.", "•"), which the importer keeps in the text; the Word
export writes its lists with the same counter, so that they read back as they were written.

Whatever a numbering part says, the work stays linear: levels are 0-8, a level's text is short,
and a number too large for letters or roman numerals is written in digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LEVELS = 9
# Longer level texts than this are not numbering anyone writes; such a level shows nothing.
MAX_LEVEL_TEXT = 40
MAX_START = 10**6
# Letters repeat past "z" ("aa", "bb", ...); this many repeats and roman numerals past 3999
# are written in digits.
MAX_LETTER_VALUE = 26 * 30
MAX_ROMAN_VALUE = 3999
# Bullets are drawn from symbol fonts (Symbol, Wingdings) by the font's own codes, written as
# such in a symbol font or as private-use code points (U+F000 + code); the glyphs they show.
SYMBOL_BULLETS = {0xB7: "•", 0x6C: "•", 0xA7: "▪", 0xD8: "➢", 0xFC: "✓", 0x76: "❖", 0x6E: "■",
                  0x71: "❑"}  # fmt: skip
SYMBOL_FONTS = re.compile(r"symbol|wingdings.*|webdings", re.IGNORECASE)
DEFAULT_BULLET = "•"
PLACEHOLDER = re.compile(r"%([1-9])")


@dataclass(frozen=True)
class Level:
    """One level of a list definition (``w:lvl``)."""

    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    # The level (1-based) whose use restarts this one; None: any higher level, 0: never.
    restart: int | None = None
    legal: bool = False
    # The level's text is in a symbol font: a bullet's letter is a symbol's code.
    symbol_font: bool = False


@dataclass
class Numbering:
    """A document's lists: definitions (``w:abstractNum``) by id, list instances (``w:num``)
    with their definition and restarts, and the paragraph styles, which may put their
    paragraphs in a list."""

    definitions: dict[str, dict[int, Level]] = field(default_factory=dict)
    # A definition may take its levels from a numbering style ("w:numStyleLink").
    style_links: dict[str, str] = field(default_factory=dict)
    lists: dict[str, tuple[str, dict[int, Level]]] = field(default_factory=dict)
    styles: dict[str, Any] = field(default_factory=dict)
    default_style: str | None = None
    # Each style's list, through the styles it is based on, worked out once.
    style_lists: dict[str | None, tuple[str | None, int | None]] = field(default_factory=dict)

    def list_of(self, paragraph: Any) -> tuple[str, int] | None:
        """The list (numId) and level of a paragraph, from its own properties or its style's."""
        properties = paragraph.find(f"{W}pPr")
        num_id, level = _num_pr(properties)
        style = _value(properties, "pStyle") if properties is not None else None
        if num_id is None or level is None:
            style_num, style_level = self.style_list(style or self.default_style)
            num_id = num_id if num_id is not None else style_num
            level = level if level is not None else style_level
        if num_id is None or num_id == "0":
            return None
        return num_id, level or 0

    def style_list(self, style: str | None) -> tuple[str | None, int | None]:
        """A paragraph style's list and level, its own or from the styles it is based on."""
        # Walk up to a style already worked out, then work out the walked ones from there:
        # every style is looked at once, however long or circular the chains.
        asked = style
        path: list[str] = []
        while style is not None and style in self.styles and style not in self.style_lists:
            self.style_lists[style] = (None, None)  # a circle ends here
            path.append(style)
            style = _value(self.styles[style], "basedOn")
        num_id, level = self.style_lists.get(style, (None, None))
        for name in reversed(path):
            own_num, own_level = _num_pr(self.styles[name].find(f"{W}pPr"))
            num_id = own_num if own_num is not None else num_id
            level = own_level if own_level is not None else level
            self.style_lists[name] = (num_id, level)
        return self.style_lists.get(asked, (None, None))

    def definition(self, num_id: str) -> tuple[str, dict[int, Level], dict[int, Level]] | None:
        """A list's definition id, its levels and the levels its instance overrides."""
        found = self.lists.get(num_id)
        if found is None:
            return None
        definition_id, overrides = found
        levels = self.definitions.get(definition_id)
        linked_style = self.style_links.get(definition_id)
        if linked_style is not None:
            # One step through the numbering style to the definition that holds the levels.
            style_num, _ = self.style_list(linked_style)
            linked = self.lists.get(style_num or "")
            if linked is not None and linked[0] in self.definitions:
                definition_id, levels = linked[0], self.definitions[linked[0]]
        if levels is None:
            return None
        return definition_id, levels, overrides


def read_numbering(numbering: Any | None, styles: Any | None) -> Numbering:
    """The lists of a document from its numbering and styles parts (either may be missing)."""
    result = Numbering()
    if numbering is not None:
        for definition in numbering.iterchildren(f"{W}abstractNum"):
            definition_id = definition.get(f"{W}abstractNumId")
            if definition_id is None:
                continue
            result.definitions[definition_id] = dict(_levels(definition))
            link = _value(definition, "numStyleLink")
            if link is not None:
                result.style_links[definition_id] = link
        for instance in numbering.iterchildren(f"{W}num"):
            num_id = instance.get(f"{W}numId")
            definition_id = _value(instance, "abstractNumId")
            if num_id is not None and definition_id is not None:
                result.lists[num_id] = (definition_id, dict(_overrides(instance)))
    if styles is not None:
        for style in styles.iterchildren(f"{W}style"):
            name = style.get(f"{W}styleId")
            if name is not None:
                result.styles.setdefault(name, style)
                if style.get(f"{W}default") in ("1", "true") and style.get(f"{W}type") == (
                    "paragraph"
                ):
                    result.default_style = name
    return result


def _value(element: Any, tag: str) -> str | None:
    child = element.find(f"{W}{tag}")
    return None if child is None else child.get(f"{W}val")


def _num_pr(properties: Any | None) -> tuple[str | None, int | None]:
    if properties is None:
        return None, None
    num_pr = properties.find(f"{W}numPr")
    if num_pr is None:
        return None, None
    level = _integer(_value(num_pr, "ilvl"))
    return _value(num_pr, "numId"), level if level is not None and 0 <= level < LEVELS else None


def _integer(text: str | None) -> int | None:
    if text is None or len(text) > 12:
        return None
    try:
        return int(text)
    except ValueError:
        return None


def _levels(element: Any) -> Iterator[tuple[int, Level]]:
    for level in element.iterchildren(f"{W}lvl"):
        number = _integer(level.get(f"{W}ilvl"))
        if number is not None and 0 <= number < LEVELS:
            yield number, _level(level)


def _level(element: Any) -> Level:
    # A missing start is 0 and a missing level text empty, as the standard says.
    start = _integer(_value(element, "start")) or 0
    restart = _integer(_value(element, "lvlRestart"))
    legal = element.find(f"{W}isLgl")
    fonts = element.find(f"{W}rPr/{W}rFonts")
    font = "" if fonts is None else fonts.get(f"{W}ascii") or fonts.get(f"{W}hAnsi") or ""
    return Level(
        start=min(max(start, 0), MAX_START),
        fmt=_value(element, "numFmt") or "decimal",
        text=_value(element, "lvlText") or "",
        restart=restart if restart is not None and 0 <= restart <= LEVELS else None,
        legal=legal is not None and legal.get(f"{W}val", "1") not in ("0", "false"),
        symbol_font=SYMBOL_FONTS.fullmatch(font) is not None,
    )


def _overrides(instance: Any) -> Iterator[tuple[int, Level]]:
    """A list instance's own levels: a restart value, or a whole level of its own."""
    for override in instance.iterchildren(f"{W}lvlOverride"):
        number = _integer(override.get(f"{W}ilvl"))
        if number is None or not 0 <= number < LEVELS:
            continue
        own = override.find(f"{W}lvl")
        start = _integer(_value(override, "startOverride"))
        level = _level(own) if own is not None else None
        if start is not None:
            yield number, replace(level or _RESTART, start=min(max(start, 0), MAX_START))
        elif level is not None:
            yield number, level


# A level that only restarts takes everything but its start from the definition.
_RESTART = Level(fmt="", text="")


# Counting -------------------------------------------------------------------------------------


class ListCounter:
    """The markers of list paragraphs met in document order."""

    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        # The last number shown at each level, per definition; None: the level starts afresh.
        self.counts: dict[str, list[int | None]] = {}
        self.started: set[str] = set()

    def marker(self, num_id: str, level: int) -> str | None:
        """The marker of the next paragraph of a list at a level; None if Word shows none."""
        step = self._step(num_id, level)
        if step is None:
            return None
        definition_id, counts, marker = step
        self.started.add(num_id)
        self.counts[definition_id] = counts
        return marker

    def preview(self, num_id: str, level: int) -> str | None:
        """The marker :meth:`marker` would give, without counting the paragraph."""
        step = self._step(num_id, level)
        return None if step is None else step[2]

    def _step(self, num_id: str, level: int) -> tuple[str, list[int | None], str | None] | None:
        found = self.numbering.definition(num_id)
        if found is None:
            return None
        definition_id, base, overrides = found
        levels = {
            number: _merged(base.get(number), overrides.get(number)) for number in range(LEVELS)
        }
        this = levels[level]
        if this is None:
            return None
        counts = list(self.counts.get(definition_id, [None] * LEVELS))
        if num_id not in self.started:
            # A list instance that restarts a level starts it afresh when first used.
            for number in overrides:
                counts[number] = None
        previous = counts[level]
        counts[level] = this.start if previous is None else previous + 1
        for deeper in range(level + 1, LEVELS):
            other = levels[deeper]
            restart = other.restart if other is not None else None
            if restart is None or (restart > 0 and level < restart):
                counts[deeper] = None
        return definition_id, counts, _rendered(this, levels, counts)


def _merged(base: Level | None, override: Level | None) -> Level | None:
    if override is None:
        return base
    if override.fmt or base is None:
        return override
    return replace(base, start=override.start)


def _rendered(level: Level, levels: dict[int, Level | None], counts: list[int | None]) -> str:
    if len(level.text) > MAX_LEVEL_TEXT:
        return ""
    if level.fmt == "bullet":
        return bullet_glyph(level.text, symbol_font=level.symbol_font)

    def number(found: re.Match[str]) -> str:
        index = int(found.group(1)) - 1
        other = levels[index]
        value = counts[index]
        if value is None:
            value = other.start if other is not None else 1
        fmt = other.fmt if other is not None else "decimal"
        return format_number(value, "decimal" if level.legal and fmt != "none" else fmt)

    return PLACEHOLDER.sub(number, level.text).strip()


def bullet_glyph(text: str, *, symbol_font: bool) -> str:
    """The bullet Word shows for a level's text, in a symbol font or not."""
    if len(text) == 1:
        code = ord(text)
        if 0xF000 <= code <= 0xF0FF:
            return SYMBOL_BULLETS.get(code - 0xF000, DEFAULT_BULLET)
        if symbol_font:
            return SYMBOL_BULLETS.get(code, DEFAULT_BULLET)
        if text == "o":
            # Word's second-level bullet: a letter o in Courier New, which reads as a circle.
            return "◦"
    return text.strip()


def format_number(value: int, fmt: str) -> str:
    """A number in one of Word's formats; formats not listed here are written in digits."""
    if fmt == "none":
        return ""
    if fmt in ("lowerLetter", "upperLetter") and 1 <= value <= MAX_LETTER_VALUE:
        letters = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman") and 1 <= value <= MAX_ROMAN_VALUE:
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "decimalZero" and value < 10:
        return f"0{value}"
    return str(value)


ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
    (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def _roman(value: int) -> str:
    digits = []
    for worth, letters in ROMAN:
        count, value = divmod(value, worth)
        digits.append(letters * count)
    return "".join(digits)


# Markers in text, for the Word export --------------------------------------------------------

BULLET_MARKERS = frozenset("•◦▪‣⁃–-➢✓❖")
NUMBER_MARKER = re.compile(r"(?P<open>\(?)(?P<value>\d{1,3}|[a-zA-Z]{1,12})(?P<close>[.)])")
LIST_LINE = re.compile(r"(?P<marker>\S{1,16}) (?P<text>\S.*)")
ROMAN_VALUES = {roman: value for value in range(1, 200) for roman in [_roman(value)]}


@dataclass(frozen=True)
class Shape:
    """How a marker is written: a format and the text around the number ("%1." is "", ".")."""

    fmt: str
    before: str = ""
    after: str = ""

    def level(self, number: int, start: int) -> Level:
        if self.fmt == "bullet":
            return Level(start=1, fmt="bullet", text=self.before)
        return Level(start=start, fmt=self.fmt, text=f"{self.before}%{number + 1}{self.after}")


def list_item(line: str) -> tuple[str, str, list[tuple[Shape, int]]] | None:
    """A line that starts with a list marker: the marker, the text after it, and the shapes
    and values the marker can be (an "i." is the ninth letter or the first roman numeral)."""
    found = LIST_LINE.fullmatch(line)
    if found is None:
        return None
    marker = found["marker"]
    shapes = marker_shapes(marker)
    return (marker, found["text"], shapes) if shapes else None


def marker_shapes(marker: str) -> list[tuple[Shape, int]]:
    if marker in BULLET_MARKERS:
        return [(Shape("bullet", marker), 0)]
    found = NUMBER_MARKER.fullmatch(marker)
    if found is None or (found["open"] and found["close"] != ")"):
        return []
    value, around = found["value"], (found["open"], found["close"])
    if value.isdigit():
        if value != str(int(value)):
            return [(Shape("decimalZero", *around), int(value))] if len(value) == 2 else []
        return [(Shape("decimal", *around), int(value))]
    shapes: list[tuple[Shape, int]] = []
    case = "upper" if value.isupper() else "lower" if value.islower() else ""
    if case and value.upper() in ROMAN_VALUES:
        shapes.append((Shape(f"{case}Roman", *around), ROMAN_VALUES[value.upper()]))
    if case and value == value[0] * len(value):
        position = ord(value[0].lower()) - ord("a") + 1
        letter = (Shape(f"{case}Letter", *around), 26 * (len(value) - 1) + position)
        # A new list's "c." is a letter, but its "i." and "iv." are roman numerals.
        shapes.insert(0 if len(value) == 1 and value not in "iI" else len(shapes), letter)
    return shapes
