"""Propose an indicator definition from the Danish text of a success criterion.

A delaftale states its success criteria in free Danish ("Der afholdes minimum seks møder
med Beboerpaneler pr. år"). :func:`propose_indicator` reads such a text with general
Danish patterns and proposes what the indicator counts, its target, period and estates;
staff review the proposal before the indicator is used. Pure Python, no database.

Conventions of the proposal (see :class:`ProposedIndicator`):

* A promised number without a bound word is a minimum (``>=``), or a maximum (``<=``) when
  a trend falls towards it. "alle"/"samtlige" as the subject with no number promised is
  ``=`` 100 percent (a share, or the share a questionnaire or statistic finds).
* ``change.value`` is signed: "falder med 20 %" is ``{"value": -20, "unit": "percent"}``
  (and direction ``down``). A factor is the multiplier itself: "halveres" is 0.5,
  "fordobles" is 2. A stored definition keeps the magnitude with its direction
  (``forms.proposal_initial`` translates).
* When ``target`` is None but ``comparator`` is set, the value is compared with the
  baseline, moved by ``change`` when there is one: "bibeholdes på niveauet for 2016 ...
  eller stige" is ``>=`` the 2016 value, "stiger fra 2017 til 2021" is ``>`` it and
  "halveres" is ``<=`` half of it.
* ``baseline`` holds one known starting value; its ``year`` is None only when the text
  gives no year ("fra 20 til 30"). Starting values that differ per estate go to
  ``baselines_by_area`` and ``baseline`` is then None, so no estate is measured against
  another's starting point. A baseline year whose value is still to be measured
  ("Baseline etableres i 2018", "stiger fra 2017 til 2021") is ``baseline_pending_year``.
* Targets that differ per estate go to ``targets_by_area`` and ``target`` is then None.
  Estates named together ("i både A og B", "i hver af A og B", "A, B og C") share their
  group's figure, "de to andre boligområder" are the estates the text does not name, and a
  list of as many figures as estates goes to them in order after "hhv."/"henholdsvis"
  (wherever it stands) or after "til". One figure "i både A og B", "i hver af de tre
  afdelinger" or "hver for sig" is one target for each estate (``per_area``).
* ``kind`` follows the data source where one is given: an external statistic (Danmarks
  Statistik, Politiets Tryghedsindeks, LBF's Boligsociale Data, the municipality's or the
  housing organisation's figures) is ``series``, a questionnaire ``survey``, the
  programme's own registration ``count``/``share`` (``trend`` when it is only to rise or
  fall). Without a source what is measured decides: household income, public support,
  reported crimes, young people in education are statistics of the residents (``series``)
  unless the text counts the programme's participants or promises a number of them.
* Of several figures the target is the share of the people counted ("70 % af de unge, der
  ... i mindst 2 måneder"); bound figures after it only say who is counted. Fractions in
  words ("to tredjedele", "hver fjerde") are percent. A time after a deadline word ("inden
  for 3 måneder", "senest 4 uger efter") and the number of estates ("i de tre afdelinger")
  are never the target; another time, an amount after "i/ved mindst" or "efter", a part of
  a whole ("5 af de 6 gange") and a figure in a relative clause give way to another figure,
  a change or "alle".
* ``target_year`` is the deadline's year ("senest i 2025", "inden 1. oktober 2025"); a
  school year "2026/27" ends in 2027.
* ``period`` is the one the criterion names, else the one its data source names; a
  trend, series or survey spanning years without one is followed per ``year``.
* ``direction`` is given for trends, series and surveys, and whenever there is a change;
  a count or share states its direction through ``comparator``.
* ``matched`` maps each decided field to the phrase of the normalised text (lower case,
  numbers as digits, "%" for procent) that decided it, or to a short English note where a
  convention decided it ("a promised figure is a minimum").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from helhedsplan.core.danish import NUMBER_WORDS

Kind = Literal["count", "share", "survey", "series", "trend", "milestone"]
Comparator = Literal[">=", ">", "<=", "<", "="]
Period = Literal["week", "month", "quarter", "half_year", "year", "school_year", "agreement"]
Direction = Literal["up", "down"]
ChangeUnit = Literal["percent", "percentage_points", "factor"]
Unit = Literal["count", "percent"]
Confidence = Literal["high", "medium", "low"]
Number = int | float
Span = tuple[int, int]


@dataclass(frozen=True)
class Baseline:
    year: int | None
    value: Number

    def as_json(self) -> dict[str, Number | None]:
        return {"year": self.year, "value": self.value}


@dataclass(frozen=True)
class Change:
    value: Number
    unit: ChangeUnit

    def as_json(self) -> dict[str, Number | str]:
        return {"value": self.value, "unit": self.unit}


@dataclass(frozen=True)
class ProposedIndicator:
    kind: Kind
    comparator: Comparator | None = None
    target: Number | None = None
    targets_by_area: dict[str, Number] | None = None
    per_area: bool = False
    period: Period | None = None
    direction: Direction | None = None
    baseline: Baseline | None = None
    baselines_by_area: dict[str, Baseline] | None = None
    baseline_pending_year: int | None = None
    target_year: int | None = None
    change: Change | None = None
    unit: Unit | None = None
    # "low": nothing recognisable decided the kind, or a figure could not be represented;
    # "medium": a guess among several figures or estates; "high" otherwise.
    confidence: Confidence = "high"
    matched: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "comparator": self.comparator,
            "target": self.target,
            "targets_by_area": dict(self.targets_by_area) if self.targets_by_area else None,
            "per_area": self.per_area,
            "period": self.period,
            "direction": self.direction,
            "baseline": self.baseline.as_json() if self.baseline else None,
            "baselines_by_area": (
                {area: b.as_json() for area, b in self.baselines_by_area.items()}
                if self.baselines_by_area
                else None
            ),
            "baseline_pending_year": self.baseline_pending_year,
            "target_year": self.target_year,
            "change": self.change.as_json() if self.change else None,
            "unit": self.unit,
            "confidence": self.confidence,
            "matched": dict(self.matched),
        }


# --- Normalisation -------------------------------------------------------------------------
# Everything below reads the normalised text: lower case, single spaces, numbers as digits
# with a decimal comma, "%" for every way of writing procent and "pp" for procentpoint.

_DROPPED = re.compile(r"[|()\[\]{}:;!?\"“”„«»'’‘`*•·▪◦●…]")
_DASH = re.compile(r"[‐‑‒–—―−]")
_SPACES = re.compile(r"\s+")
# "2. Trygge beboere ...", "0.Xx der ...": the criterion's place in its table, not a figure.
_LEADING_NUMBER = re.compile(r"^\d{1,2} ?\.(?!\d) ?")
# "31.12.2026": the year is set apart, so the day and month are masked and the year is read.
_DATE_YEAR = re.compile(r"\b(\d{1,2}\.\d{1,2}\.)((?:19|20)\d\d)\b")
# "1.000", "12.500.000": a dot between groups of three digits separates thousands.
_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?!\d|[.,]\d)")
# "procentpoint", "procent-point", "pct.-point", "%-point", in singular or plural.
_PERCENT_POINTS = re.compile(r"(?:\bprocent|\bpct\b\.?|%) ?-? ?points?\b")
_PERCENT = re.compile(r"\bprocent\b|\bpct\b\.?|%")
_PER = re.compile(r"\bpr\b\.?")
_FRACTIONS = (
    (re.compile(r"\bhalvdelen\b"), "50 %"),
    (re.compile(r"\b(?:en|et|1) tredjedel\b"), "33,33 %"),
    (re.compile(r"\b(?:to|2) tredjedele\b"), "66,67 %"),
    (re.compile(r"\b(?:en|et|1) fjerdedel\b"), "25 %"),
    (re.compile(r"\b(?:tre|3) fjerdedele\b"), "75 %"),
    (re.compile(r"\b(?:en|et|1) femtedel\b"), "20 %"),
    (re.compile(r"\b(?:en|et|1) tiendedel\b"), "10 %"),
    # "hver tredje deltager", but "hver anden uge" is a period, not a share.
    (re.compile(r"\bhver anden\b(?! (?:uge|måned|år|dag|gang|time)\w*)"), "50 %"),
    (re.compile(r"\bhver tredje\b"), "33,33 %"),
    (re.compile(r"\bhver fjerde\b"), "25 %"),
    (re.compile(r"\bhver femte\b"), "20 %"),
    (re.compile(r"\bhver tiende\b"), "10 %"),
)
# Plain "en"/"et" is mostly an article here, so only the stressed "én"/"ét" reads as one
# (and "en" inside a compound: "enogtyve"); after a bound word see _BOUND_ONE.
_NUMBER_WORD = re.compile(rf"\b({'|'.join(NUMBER_WORDS)})\b")
_MULTIPLIED = re.compile(r"\b(\d{1,3}) (hundrede|tusind[e]?)\b")
_BARE_MULTIPLIER = re.compile(r"\b(?:et )?(hundrede|tusind[e]?)\b")
# "4 ud af 5" is a share: 80 %.
_OUT_OF = re.compile(r"\b(\d{1,6}) ud af (\d{1,6})\b")
# "mindst en gang", "højst et": after a bound word the article is the number one.
_BOUND_ONE = re.compile(r"\b(mindst|minimum|min\.|højst|maksimalt|maks\.) (?:en|et)\b")


def _normalise(text: str) -> str:
    text = _DASH.sub("-", _DROPPED.sub(" ", text.lower()))
    text = _LEADING_NUMBER.sub("", _SPACES.sub(" ", text).strip())
    text = _DATE_YEAR.sub(r"\1 \2", text)
    text = _THOUSANDS.sub(lambda m: m.group().replace(".", ""), text)
    text = _PERCENT.sub(" % ", _PERCENT_POINTS.sub(" pp ", text))
    text = _PER.sub("pr.", text)
    for pattern, replacement in _FRACTIONS:
        text = pattern.sub(replacement, text)
    text = _NUMBER_WORD.sub(lambda m: str(NUMBER_WORDS[m[1]]), text)
    text = _MULTIPLIED.sub(lambda m: str(int(m[1]) * _multiplier(m[2])), text)
    text = _BARE_MULTIPLIER.sub(lambda m: str(_multiplier(m[1])), text)
    text = _OUT_OF.sub(_out_of, text)
    text = _BOUND_ONE.sub(r"\1 1", text)
    return _SPACES.sub(" ", text).strip()


def _multiplier(word: str) -> int:
    return 100 if word == "hundrede" else 1000


def _out_of(match: re.Match[str]) -> str:
    part, whole = int(match[1]), int(match[2])
    if whole == 0:
        return match.group()
    percent = f"{100 * part / whole:.2f}".rstrip("0").rstrip(".")
    return f"{percent.replace('.', ',')} %"


# --- Masking figures that are not targets --------------------------------------------------
# Ages, dates, grades, clock times, section and week numbers and "en gang" ("once", as in
# "en gang i kvartalet") hold digits that are never the promised figure. They are blanked
# with "#" of the same length, so positions in the masked text still point into the text.

_MASKED = re.compile(
    "|".join(
        (
            # "i alderen fra 15-30 år", "mellem 15 og 25 år", "15-30-årige", "under 18 år"
            r"\b(?:(?:i alderen|alderen|mellem|fra|under|over|på) )*"
            r"\d{1,3}(?: ?(?:-|og|til) ?\d{1,3})? ?-? ?(?:år|årige|års|årig)\b",
            r"\b\d{1,2}\. ?(?:januar|februar|marts|april|maj|juni|juli|august|september"
            r"|oktober|november|december)\b",
            r"\b\d{1,2}\.\d{1,2}\.(?:\d{2,4})?",
            # "8.-10. klasse", "2. halvår", "hver 2. uge"
            r"\b\d{1,2}\.(?: ?- ?\d{1,2}\.)? ?(?:klasse\w*|klassetrin\w*|halvår\w*|kvartal\w*"
            r"|plads\w*|uge\w*|måned\w*)",
            r"\bkl\. ?\d{1,2}(?:\.\d{2})?(?: ?- ?\d{1,2}(?:\.\d{2})?)?",
            r"§ ?\d+\w*",
            r"\buge \d{1,2}\b",
            r"\bnr\. ?\d+",
            # "02 eller derover": a grade of the Danish scale, written with its zero
            r"\b0[02]\b",
            r"(?<!mindst )(?<!minimum )(?<!min\. )\b(?:en|1) gang\b",
        )
    )
)


def _mask(text: str) -> str:
    return _MASKED.sub(lambda m: "#" * len(m.group()), text)


# --- Figures -------------------------------------------------------------------------------

_NUMBER = r"\d{1,9}(?:,\d{1,6})?"
_LOOK_BACK = 30  # characters: longer than any bound phrase before a figure
_YEAR_DIGITS = r"(?:19[5-9]\d|20\d\d)"
# Digits that stand alone: not glued to a word, a decimal or a masked figure.
_ALONE = r"(?<![\w,.#])"
_END = r"(?![\w#]|,\d)"
_QUANTITY = re.compile(rf"{_ALONE}(?P<num>{_NUMBER}){_END}(?: (?P<unit>%|pp)(?!\w))?")
_YEAR = rf"{_ALONE}(?P<year>{_YEAR_DIGITS}){_END}(?! %| pp)"
# A figure that is not a year, with its unit; and a list of them of any length ("59,2 % og
# 59,9 %", "58,1 %, 62,4 % og 55,0 %": a comma after "%" stands apart once normalised).
_VALUE = rf"{_ALONE}(?!{_YEAR_DIGITS}{_END}(?! %| pp)){_NUMBER}{_END}(?: (?:%|pp)(?!\w))?"
_VALUE_LIST = rf"{_VALUE}(?:(?: ?,| og| samt) {_VALUE})*"


@dataclass(frozen=True)
class _Quantity:
    value: Number
    start: int
    end: int
    unit: Literal["percent", "pp"] | None
    is_year: bool

    def inside(self, spans: Sequence[Span]) -> bool:
        return any(start <= self.start and self.end <= end for start, end in spans)


def _ends_in(pattern: re.Pattern[str], text: str, end: int) -> re.Match[str] | None:
    """Match a pattern anchored with "$" just before ``end``, looking back only as far as
    the longest such phrase, so that reading every figure stays linear in the text."""
    return pattern.search(text, max(0, end - _LOOK_BACK), end)


def _number(digits: str) -> Number:
    value = float(digits.replace(",", "."))
    return int(value) if value.is_integer() else value


# --- Bounds ------------------------------------------------------------------------------

_BOUNDS_BEFORE: dict[str, Comparator] = {
    "ikke færre end": ">=",
    "ikke mindre end": ">=",
    "ikke under": ">=",
    "ikke flere end": "<=",
    "ikke mere end": "<=",
    "ikke over": "<=",
    "som minimum": ">=",
    "mindst": ">=",
    "minimum": ">=",
    "min.": ">=",
    "højst": "<=",
    "maksimalt": "<=",
    "maksimum": "<=",
    "maks.": "<=",
    "max.": "<=",
    "mere end": ">",
    "flere end": ">",
    "højere end": ">",
    "større end": ">",
    "over": ">",
    "færre end": "<",
    "mindre end": "<",
    "lavere end": "<",
    "under": "<",
    "præcis": "=",
    "præcist": "=",
    "nøjagtig": "=",
}
_BOUNDS_AFTER: dict[str, Comparator] = {
    "eller derover": ">=",
    "eller mere": ">=",
    "eller flere": ">=",
    "eller højere": ">=",
    "eller større": ">=",
    "eller over": ">=",
    "og derover": ">=",
    "og opefter": ">=",
    "eller derunder": "<=",
    "eller mindre": "<=",
    "eller færre": "<=",
    "eller lavere": "<=",
    "eller under": "<=",
    "og derunder": "<=",
}


def _alternation(phrases: dict[str, Comparator]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


_BOUND_BEFORE = _alternation(_BOUNDS_BEFORE)
_BOUND_AFTER = _alternation(_BOUNDS_AFTER)
# The text just before a figure ends in a bound word: "mindst 10", "minimum på 6".
_BOUND_BEFORE_FIGURE = re.compile(rf"\b(?P<bound>{_BOUND_BEFORE}) (?:på )?$")
# The text just after a figure: up to three words, then "eller derover" and the like.
_BOUND_AFTER_FIGURE = re.compile(rf"(?: [^\s\d]+){{0,3}}? (?P<bound>{_BOUND_AFTER})\b")
# "... eller stige": kept at the baseline or moved the right way.
_OR_MOVE = re.compile(
    r"\beller (?:(?P<up>stige\w*|øge\w*|forbedre\w*|bedre)|(?P<down>falde\w*|mindske\w*"
    r"|reducere\w*))\b"
)
_MAINTAIN = re.compile(r"\b(?:bibehold|fasthold|oprethold)\w*")

# --- Direction and change ------------------------------------------------------------------

_UP = (
    r"stig(?:e|er|ende|et|ning\w*)|(?:for)?øg(?:e|es|er|et|ning\w*)?|forbedr\w*|styrke[rst]?"
    r"|vokse[rn]?|udvide[rst]?|fordobl\w*|tredobl\w*|firdobl\w*|fremgang\w*"
)
_DOWN = (
    r"fald(?:e|er|et|ende)?|mindske[st]?|mindsket|reducer(?:e|es|er|et)|reduktion\w*"
    r"|nedbring\w*|sænke[st]?|halver\w*|begrænse[st]?|formindske[st]?|nedgang\w*"
)
_DIRECTION = re.compile(rf"\b(?:(?P<up>{_UP})|(?P<down>{_DOWN}))\b")
_FACTORS: dict[str, Number] = {"fordobl": 2, "tredobl": 3, "firdobl": 4, "halver": 0.5}
_FACTOR_WORD = re.compile(rf"\b(?P<word>{'|'.join(_FACTORS)})\w*")
# "reduceres til det halve", "stiger til det dobbelte"
_FACTOR_PHRASES: dict[str, Number] = {"halve": 0.5, "dobbelte": 2, "tredobbelte": 3}
_FACTOR_PHRASE = re.compile(rf"\btil det (?P<word>{'|'.join(_FACTOR_PHRASES)})\b")
# "3 gange så mange"
_TIMES = re.compile(rf"{_ALONE}(?P<num>{_NUMBER}) gange så (?:mange|stor|høj)\w*")
_CHANGE_PATTERNS = (
    # "falder med 20 %", "stiger i begge boligområder med mindst 5 pp", "reduceres fra 14 %
    # og 11 % i 2025 med 3 pp"
    re.compile(
        rf"\b(?:(?P<up>{_UP})|(?P<down>{_DOWN}))(?: \S+){{0,10}}? med "
        rf"(?:(?:{_BOUND_BEFORE}) )?(?P<num>{_NUMBER}) (?P<unit>%|pp)(?!\w)"
    ),
    # "falder 5 procentpoint": the figure right after the verb
    re.compile(
        rf"\b(?:(?P<up>{_UP})|(?P<down>{_DOWN})) (?:(?:{_BOUND_BEFORE}) )?"
        rf"(?P<num>{_NUMBER}) (?P<unit>%|pp)(?!\w)"
    ),
    # "en stigning på 10 %", "et fald på 5 pp"
    re.compile(
        r"\b(?:(?P<up>stigning|øgning|forøgelse|fremgang|forbedring)|(?P<down>fald|reduktion"
        rf"|nedgang|nedbringelse))(?:en)? (?:på|med) (?:(?:{_BOUND_BEFORE}) )?"
        rf"(?P<num>{_NUMBER}) (?P<unit>%|pp)(?!\w)"
    ),
    # "20 % færre", "5 pp højere"
    re.compile(
        rf"{_ALONE}(?P<num>{_NUMBER}) (?P<unit>%|pp) (?:(?P<up>flere|højere|større|mere)"
        r"|(?P<down>færre|lavere|mindre))\b"
    ),
)
# "øges med 25 deltagere": a change in a count, which the change field cannot hold.
_ABSOLUTE_CHANGE = re.compile(
    rf"\b(?:{_UP}|{_DOWN})(?: \S+){{0,4}}? med (?:(?:{_BOUND_BEFORE}) )?"
    rf"(?P<num>{_NUMBER}){_END}(?! %| pp)"
)

# --- Baselines and target years ------------------------------------------------------------

_BASELINE_VALUE_PATTERNS = (
    # "fra 59,2 % og 59,9 % i 2016 (til ...)", "fra hhv. 14,2 % og 11,8 % i 2025", "fra 20
    # til 30", "fra 41 og 36 % (2027)"
    re.compile(
        rf"\bfra (?:et niveau på |niveauet på )?(?:hhv\.? |henholdsvis )?(?P<vals>{_VALUE_LIST})"
        rf"(?: (?:i )?{_YEAR}|(?= til\b))"
    ),
    # "i Sdr. Parkvej fra 55,0 %, i Nr. Alslev fra 52 % og i Gl. Bakkegård fra 60,2 % i
    # 2022": one per estate
    re.compile(
        rf"\bfra (?P<vals>{_VALUE}(?:(?: ?,| og) (?:i |på )?[^\d#]{{1,40}}? fra {_VALUE}){{1,5}})"
        rf" i {_YEAR}"
    ),
    # "fra 60 % i Østervang, 55 % i Nr. Lyngby og 58 % i St. Bøgely i 2024", "fra 41 %
    # (St. Olai Vænge) og 36 % (Ndr. Kirkebakken) i 2027": each value followed by its estate
    re.compile(
        rf"\bfra (?P<vals>{_VALUE} (?:(?:i|på) )?[^\d#]{{1,40}}?(?:(?: ?,| og) {_VALUE} "
        rf"(?:(?:i|på) )?[^\d#]{{1,40}}?){{1,5}}) i {_YEAR}"
    ),
    # "på niveauet for 2016 på (hhv.) 77,6 % og 71,9 %"; the values may be left out
    re.compile(
        rf"\bniveau(?:et)? (?:for|fra|i) {_YEAR}"
        rf"(?: (?:på|af) (?:hhv\.? |henholdsvis )?(?P<vals>{_VALUE_LIST}))?"
    ),
    # "i 2021 var andelen 9 %", "i 2024 var den hhv. 48 % og 51 %"
    re.compile(
        rf"\bi {_YEAR},? (?:var|lå|udgjorde) (?:\w+ ){{0,2}}?(?:på )?(?:hhv\.? |henholdsvis )?"
        rf"(?P<vals>{_VALUE_LIST})"
    ),
    # "var i 2024 hhv. 48,5 %, 51,0 % og 45,3 %"
    re.compile(
        rf"\b(?:var|lå|udgjorde) i {_YEAR},? (?:på )?(?:hhv\.? |henholdsvis )?"
        rf"(?P<vals>{_VALUE_LIST})"
    ),
    # "i forhold til 2021, hvor den var 9 %"
    re.compile(
        rf"\b(?:i forhold til|sammenlignet med) {_YEAR},? hvor (?:\w+ )?(?:var|lå|udgjorde) "
        rf"(?:på )?(?P<vals>{_VALUE_LIST})"
    ),
    # "var 45 % i 2019": a past value is where the criterion starts from
    re.compile(
        rf"\b(?:var|lå|udgjorde) (?:på )?(?:hhv\.? |henholdsvis )?(?P<vals>{_VALUE_LIST}) i {_YEAR}"
    ),
    re.compile(rf"\bbaseline\w*(?: (?:er|var|på|lå))* (?P<vals>{_VALUE_LIST})(?: i {_YEAR})?"),
)
# "over niveauet i 2022": a comparison with a year, and its direction.
_LEVEL_OF_YEAR = re.compile(rf"\b(?:(?P<up>over)|(?P<down>under)) niveauet (?:i|for|fra) {_YEAR}")
_BASELINE_YEAR_PATTERNS = (
    re.compile(
        rf"\b(?:i forhold til|ift\.?|sammenlignet med|sammenholdt med|set i forhold til"
        rf"|målt mod|end i|end) (?:niveauet i |året )?{_YEAR}"
    ),
    # "med 2017 som udgangspunkt"
    re.compile(rf"{_YEAR} som (?:baseline|udgangspunkt|basisår|referenceår)"),
    re.compile(rf"{_YEAR} ?-? ?niveau"),
    _LEVEL_OF_YEAR,
)
# Stated as the baseline, in the criterion or in its data source.
_BASELINE_WORD_PATTERNS = (
    re.compile(rf"\bbaseline\w*(?: \S+){{0,6}}? (?:i|for|år) {_YEAR}"),
    re.compile(
        rf"\b(?:udgangspunkt\w*|basisår\w*|referenceår\w*|baseline\w*)"
        rf"(?: (?:er|var|i|fra|for|år|på|bliver|bruges))* {_YEAR}"
    ),
    re.compile(rf"\bførste (?:optælling|måling|opgørelse)\w*(?: \S+){{0,5}}? {_YEAR}"),
)
# "lavere end i 2019", "højere sammenlignet med 2016", "over niveauet i 2022": a comparison
# with a year, and its direction.
_THAN_YEAR = re.compile(
    r"\b(?:(?P<up>højere|flere|større|bedre|mere)|(?P<down>lavere|færre|mindre|dårligere))"
    rf" (?:end|sammenlignet med|sammenholdt med|i forhold til|ift\.?) "
    rf"(?:i |niveauet i |året )?{_YEAR}"
)
# The seasons and holidays that recur each year ("hver sommer", "inden sommerferien 2026").
_SEASON = r"(?:sommer|vinter|forår|efterår|jul|påske|skolestart|nytår)"
# "fra 2017" starts a comparison only when something rises or falls; otherwise it is a date.
_FROM_YEAR = re.compile(rf"\bfra (?:og med )?{_YEAR}")
_TARGET_YEAR_PATTERNS = (
    # "til 10 % i 2029", "til højst 10 % i 2029", "til hhv. 70 % og 65 % i 2029"
    re.compile(
        rf"\btil (?:og med )?(?:(?:{_BOUND_BEFORE}) )?(?:(?:hhv\.? |henholdsvis )?{_VALUE_LIST}"
        rf"(?: (?:{_BOUND_AFTER}))? )?"
        rf"(?:i |udgangen af )?{_YEAR}"
    ),
    re.compile(rf"{_ALONE}{_YEAR_DIGITS} ?- ?{_YEAR}"),
    # "inden 1. oktober 2025": the day and month are masked, the year is the deadline's;
    # "inden sommerferien 2026", "senest i foråret 2025": a season or holiday of that year.
    re.compile(
        r"\b(?:inden|senest|ved udgangen af|med udgangen af|udgangen af|frem mod|frem til"
        rf"|i løbet af|ultimo|ved afslutningen af|i) (?:den )?(?:i )?(?:år |udgangen af |#+ "
        rf"|{_SEASON}\w* )?{_YEAR}"
    ),
    # "i skoleåret 2026/27" ends in 2027.
    re.compile(
        rf"\b(?:skoleår(?:et)?|sæson(?:en)?) (?P<first>{_YEAR_DIGITS}) ?[/-] ?(?P<short>\d\d)\b"
    ),
    # "pr. 1. januar 2027", "den 31.12. 2026"
    re.compile(rf"\b(?:pr\.|per|den) #+ {_YEAR}"),
)
# "til 65 %", "til højst 15 %": the figure a trend moves to ("op til 50" is a capacity, not a
# target).
_TO_FIGURE = re.compile(rf"(?<!op )\btil (?:og med )?(?:(?P<bound>{_BOUND_BEFORE}) )?$")

# --- Periods -------------------------------------------------------------------------------

_PERIOD_PATTERNS: dict[Period, str] = {
    "week": r"\b(?:(?:pr\.|per|hver) uge|om ugen|ugentlig\w*)\b",
    "month": r"\b(?:(?:pr\.|per|hver) måned|om måneden|i måneden|månedlig\w*)\b"
    r"|\b(?:pr\.|per) md\b\.?",
    "quarter": r"\b(?:(?:pr\.|per|hvert) kvartal|i kvartalet|om kvartalet|kvartalsvis\w*"
    r"|kvartalsmæssig\w*)\b",
    "half_year": r"\b(?:(?:pr\.|per|hvert) halvår|hvert halve år|om halvåret|i halvåret"
    r"|halvårlig\w*)\b",
    "school_year": r"\b(?:(?:pr\.|per|hvert) skoleår|i løbet af et skoleår|om skoleåret"
    r"|i skoleåret)\b",
    "year": r"\b(?:(?:pr\.|per|hvert) år|om året|i året|i løbet af et år|årlig\w*)\b|\bårl\."
    rf"|\b(?:hver|hvert) {_SEASON}\w*",
    # "i aftaleperioden", "i hele perioden", "i løbet af projektperioden"
    "agreement": r"\b(?:i|over|gennem|under|i løbet af|for)(?: hele)? (?:den )?"
    r"(?:aftale|projekt|indsats|helhedsplans?|bevillings)?perioden\b",
}
# One pattern with a group per period, so the period named first in the text wins.
_PERIODS = re.compile("|".join(rf"(?P<{name}>{p})" for name, p in _PERIOD_PATTERNS.items()))

# --- Estates -------------------------------------------------------------------------------

_ESTATE = r"(?:bolig)?(?:område(?:r|rne|t)?|afdeling(?:en|er|erne)?|bebyggelse(?:n|r|rne)?)\b"
# "i hvert boligområde", "i begge boligområder", "i hvert af de to boligområder",
# "pr. boligområde", "hver af de tre afdelinger holder ...", "i hvert af de to andre områder"
_EACH_ESTATE = re.compile(
    r"\b(?:(?:(?:(?:i|på|for|fra|blandt|til) )?(?:hvert|hver)"
    r"|(?:i|på|for|fra|blandt|til) (?:begge|alle|samtlige|de \d{1,2}))"
    rf"(?: af)?(?: de)?(?: \d{{1,2}})?(?: andre| øvrige)? |(?:pr\.|per) ){_ESTATE}"
)
# Estates named together as each having the figure: "i både Nr. Lyngby og St. Bøgely", "i
# hver af Østervang og Sdr. Eng", "i Østervang og Nr. Lyngby hver for sig".
_EACH_BEFORE_NAMES = re.compile(r"\b(?:både|hver af|hvert af)(?: i| på)? $")
_EACH_AFTER_NAMES = re.compile(r"(?: [^\s\d]+){0,2}? (?:hver for sig|hver især)\b| hver(?=,|$)")
# The estates a criterion does not name, after those it does: "4 i de to andre
# boligområder", "2 i de øvrige afdelinger".
_OTHER_ESTATES = re.compile(
    rf"\b(?:(?:begge|alle) )?de(?: \d{{1,2}})? (?:andre|øvrige) {_ESTATE}|\bresten af {_ESTATE}"
)
# "forbedres i boligafdelingerne": a condition of the estates is measured in each of them.
_IN_THE_ESTATES = re.compile(r"\bi (?:de )?(?:bolig)?(?:områderne|afdelingerne)\b")
# "møder med beboerpanelerne": each estate has its own panel, board or council.
_ESTATE_BODIES = re.compile(
    r"\b(?:med|i|for) (?:de |alle |begge )?\w*(?:paneler|bestyrelser|rådene)(?:ne)?\b"
)
_RESPECTIVELY = re.compile(r"\b(?:hhv|henholdsvis)\b")

# --- Kinds ---------------------------------------------------------------------------------

_EXTERNAL_SOURCE = re.compile(
    r"tryghedsindeks|danmarks statistik|statistikbanken|(?<!egen )(?<!egne )statistik"
    r"|landsdækkende evaluering|national\w* evaluering|registerdata|registerbaseret"
    r"|boligsocialnet|\bjobindsats|effektmåling|datavarehus|boligsociale data"
)
# A source named by who keeps it: the municipality, LBF and the housing organisation keep
# statistics of the residents; what the programme registers itself (and a booking calendar,
# which lists the events themselves) is counted by the programme.
_EXTERNAL_KEEPER = re.compile(
    r"\bkommune\w*|\blbf\b|landsbyggefond\w*|\bdrift\w*|\bboligselskab\w*"
    r"|\bboligorganisation\w*|\bboligforening\w*"
)
_OWN_SOURCE = re.compile(
    r"\begen\b|\begne\b|\bhelhedsplan\w*|\bsekretariat\w*|deltagerlist\w*|fremmødelist\w*"
    r"|\bbooking\w*|\bkalender\w*"
)
# Without a source, what is measured decides: these are statistics of the estate's
# residents, unless the text counts the programme's own participants.
_MEASURED_STATISTIC = re.compile(
    r"\b(?:\w*indkomst\w*|offentlig forsørgelse|uden for arbejdsmarkedet|i beskæftigelse"
    r"|beskæftigelsesfrekvens\w*|ledighed\w*|anmeldte|anmeldelse\w*|sigtelse\w*|sigtet"
    r"|sigtes|dømte|underretning\w*|i uddannelse|uden (?:job eller )?uddannelse"
    r"|erhvervskompetencegivende|skoleparat\w*|dagtilbud|sprogligt|sprogvurder\w*"
    r"|fraflytning\w*|\w*fravær\w*|karakter\w*|i dansk og matematik|kontanthjælp\w*"
    r"|overførselsindkomst\w*|arbejdsløs\w*|kriminalitet\w*|ungdomsuddannelse|i job|i arbejde"
    r"|beskæftige\w*|erhvervsfrekvens\w*|ledige|dagpenge\w*|indbrud\w*|tyveri\w*|hærværk\w*"
    r"|vold|voldsepisode\w*|domfæld\w*|dømt\w*|uddannelsesniveau\w*|afgangsprøve\w*"
    r"|\w*restance\w*|\w*udsættelse\w*|flyttehyppighed\w*|lejeledighed\w*"
    # passing an exam ("består dansk og matematik"), not "består af" (consists of)
    r"|bestå(?:r|et)?(?! af)|beståelse\w*)\b"
)
_PARTICIPANTS = re.compile(
    r"\b(?:deltage\w*|tilmeldt\w*|\w*forløb\w*|\w*indsats\w*|mentor\w*|via|\w*café\w*"
    r"|\w*klub\w*|\w*kursus\w*|\w*vejledning\w*|\w*rådgivning\w*)\b"
)
_SURVEY = re.compile(
    r"spørgeskema|stikprøve|survey|tilfreds|brugerundersøgelse|trivselsmåling"
    r"|trivselsundersøgelse|interview|opsamlingsskema|evalueringsskema|fokusgruppe"
)
# Words of experience point to asking people, unless the text compares figures over years.
_EXPERIENCE = re.compile(r"\b(?:oplever|opleve|føler|angiver|vurderer|svarer|giver udtryk for)\b")
_DELIVERABLE_NOUN = re.compile(
    r"\b(?:\w*evaluering|rapport|system|systematik|strategi|plan|handleplan|kortlægning"
    r"|analyse|model|procedure|database|samarbejdsaftale|koncept|værktøj|manual|pjece"
    r"|vejledning|retningslinjer|oversigt|katalog|styregruppe|arbejdsgruppe|partnerskab"
    r"|beredskab|politik)(?:en|et|er|erne|ne)?\b"
)
_DELIVERABLE_VERB = re.compile(
    r"\b(?:udarbejde[st]?|etablere[st]?|oprette[st]?|udvikle[st]?|implementere[st]?"
    r"|nedsætte[st]?|igangsætte[st]?|foreligge[r]?|gennemføre[st]?|beskrive[st]?"
    r"|udgive[st]?)\b"
)
# "et årligt åbent hus", "halvårligt et fællesmøde": an article next to a frequency word
# counts one thing.
_FREQUENCY_WORD = r"(?:årlig|ugentlig|månedlig|halvårlig|kvartalsvis)\w*"
_IMPLICIT_ONE = re.compile(
    rf"\b(?P<before>en|et) (?={_FREQUENCY_WORD})|\b{_FREQUENCY_WORD} (?P<after>en|et)\b"
)
# "alle" as the subject ("alle arrangementer omtales"), not after a preposition ("for alle").
_FREQUENCY_AFTER_FIGURE = re.compile(rf" {_FREQUENCY_WORD}")
_ALL = re.compile(r"(?<!for )(?<!til )(?<!med )(?<!af )(?<!blandt )\b(?:alle|samtlige)\b")
_ONCE = re.compile(r"\b(?:en|et|1) gang\b")
# Conditions of time or amount on what is counted, not the promised figure: a time after a
# deadline word ("inden for 3 måneder efter indflytning", "senest 4 uger efter") always is
# one; another time ("i mindst 2 måneder", "over 2 måneder", "6 måneder efter forløbet"), an
# amount after "i/ved mindst" or "efter" ("ved mindst 2 arrangementer", "efter 3
# samtaler"), a part of a whole ("mindst 5 af de 6 kursusgange") and a figure in a relative
# clause (", der har deltaget i 4 forløb,") are conditions when something else is promised.
_TIME_UNIT = re.compile(
    r" (?:arbejds|hverdags|kalender)?(?:dage?|døgn|uger?|måneder|måned|mdr|timer?)\b"
)
_DEADLINE_BEFORE_FIGURE = re.compile(
    r"\b(?:inden for|indenfor|inden|efter|senest|i løbet af)(?: de(?: første)?)? $"
)
_AMOUNT_BEFORE_FIGURE = re.compile(rf"\b(?:(?:i|ved) (?:{_BOUND_BEFORE})|efter) $")
_PART_BEFORE_WHOLE = re.compile(rf" af (?:\w+ ){{0,2}}?{_ALONE}{_NUMBER}{_END}(?! %| pp)")
_WHOLE_AFTER_PART = re.compile(r"(?<![\w,.#])\d{1,9}(?:,\d{1,6})? af (?:\w+ ){0,2}?$")
_ESTATES_COUNTED = re.compile(rf" {_ESTATE}")
_ESTATES_COUNTED_BEFORE = re.compile(r"\b(?:de|alle|begge) $")
_RELATIVE_CLAUSE = re.compile(r", (?:der|som|hvor) (?:[^,]|,(?=\d))*, ")
_SHARE_OF = re.compile(r" af\b")
_SHARE_WORD = re.compile(r"\b(?:andel|procentdel)\w*|% af\b")
_COUNT_WORD = re.compile(r"\bantal\w*")


@dataclass(frozen=True)
class _Reading:
    """The criterion and its data source, normalised, with the figures found in them."""

    clause: str
    masked: str
    source: str
    masked_source: str
    areas: tuple[tuple[str, Span], ...]  # estates named in the text, in order of mention
    last_areas: tuple[tuple[str, Span], ...]  # the same estates where they are named last
    unnamed: tuple[str, ...]  # the caller's estates the text does not name
    quantities: tuple[_Quantity, ...]

    def phrase(self, span: Span) -> str:
        return self.clause[span[0] : span[1]]


def _read(text: str, areas: Sequence[str], data_source: str | None) -> _Reading:
    clause = _normalise(text)
    masked = _mask(clause)
    source = _normalise(data_source or "")
    named = _areas_named(clause, areas)
    named_last = _areas_named(clause, areas, last=True)
    named_names = {area for area, _ in named}
    return _Reading(
        clause=clause,
        masked=masked,
        source=source,
        masked_source=_mask(source),
        areas=named,
        last_areas=named_last,
        unnamed=tuple(a for a in dict.fromkeys(a.strip() for a in areas) if a not in named_names),
        quantities=_quantities(masked),
    )


def _quantities(masked: str) -> tuple[_Quantity, ...]:
    found = [_quantity(masked, m) for m in _QUANTITY.finditer(masked)]
    if not _DELIVERABLE_NOUN.search(masked):
        for match in _IMPLICIT_ONE.finditer(masked):
            start, end = match.span("before") if match["before"] else match.span("after")
            found.append(_Quantity(1, start, end, None, False))
    return tuple(sorted(found, key=lambda q: q.start))


def _quantity(masked: str, match: re.Match[str]) -> _Quantity:
    digits = match["num"]
    unit: Literal["percent", "pp"] | None = None
    if match["unit"] == "%":
        unit = "percent"
    elif match["unit"] == "pp":
        unit = "pp"
    # "mindst 2000 besøgende" is a figure even though 2000 could be a year.
    is_year = (
        unit is None
        and re.fullmatch(_YEAR_DIGITS, digits) is not None
        and not _ends_in(_BOUND_BEFORE_FIGURE, masked, match.start())
    )
    return _Quantity(_number(digits), match.start(), match.end(), unit, is_year)


def _areas_named(
    clause: str, areas: Sequence[str], last: bool = False
) -> tuple[tuple[str, Span], ...]:
    """The estates the text names, each where it is named first (or ``last``)."""
    named = []
    for area in dict.fromkeys(a.strip() for a in areas):
        # The name is normalised like the text; one with no letters left cannot be named.
        name = _normalise(area)
        spans = [m.span() for m in _area_pattern(name).finditer(clause)] if name else []
        if spans:
            named.append((area, spans[-1] if last else spans[0]))
    return tuple(sorted(named, key=lambda item: item[1][0]))


# The abbreviated and the written-out words of place names: "Nr. Lyngholm" is also written
# "Nørre Lyngholm" or "Nr Lyngholm", "Sct. Jørgens Park" also "Sankt Jørgens Park".
_NAME_WORD_GROUPS = (
    ("nr", "nørre"),
    ("sdr", "søndre"),
    ("ndr", "nordre"),
    ("gl", "gml", "gammel", "gamle"),
    ("st", "store"),
    ("st", "sct", "skt", "sankt"),
    ("ll", "lille"),
    ("vr", "vester", "vestre"),
    ("kgs", "kongens"),
    ("øvr", "øvre"),
    ("nedr", "nedre"),
)
_NAME_ABBREVIATIONS = frozenset(
    ("nr", "sdr", "ndr", "gl", "gml", "st", "sct", "skt", "ll", "vr", "kgs", "øvr", "nedr")
)


def _name_word_forms() -> dict[str, tuple[str, ...]]:
    """Each word of :data:`_NAME_WORD_GROUPS`, with every form of the groups it is in."""
    forms: dict[str, tuple[str, ...]] = {}
    for group in _NAME_WORD_GROUPS:
        for word in group:
            forms[word] = tuple(dict.fromkeys((*forms.get(word, ()), *group)))
    return forms


_NAME_WORD_FORMS = _name_word_forms()


def _area_pattern(name: str) -> re.Pattern[str]:
    # A genitive "s" is the only inflection a name takes ("på Vapnagaard", "Vapnagaards").
    body = " ".join(_name_word_pattern(word) for word in name.split(" "))
    return re.compile(rf"(?<!\w){body}s?(?!\w)")


def _name_word_pattern(word: str) -> str:
    forms = _NAME_WORD_FORMS.get(word.removesuffix("."))
    if forms:
        return "(?:{})".format(
            "|".join(re.escape(f) + (r"\.?" if f in _NAME_ABBREVIATIONS else "") for f in forms)
        )
    # "Vapnagaard" is also spelt "Vapnagård".
    parts = re.split(r"(aa|å)", word)
    return "".join("(?:aa|å)" if part in {"aa", "å"} else re.escape(part) for part in parts)


# --- Reading the parts ---------------------------------------------------------------------


@dataclass(frozen=True)
class _ChangeReading:
    change: Change
    direction: Direction
    span: Span


def _find_change(masked: str) -> _ChangeReading | None:
    for pattern in _CHANGE_PATTERNS:
        match = pattern.search(masked)
        if match:
            unit: ChangeUnit = "percent" if match["unit"] == "%" else "percentage_points"
            direction: Direction = "up" if match["up"] else "down"
            value = _number(match["num"])
            signed = value if direction == "up" else -value
            return _ChangeReading(Change(signed, unit), direction, match.span())
    match = _TIMES.search(masked)
    if match:
        return _ChangeReading(Change(_number(match["num"]), "factor"), "up", match.span())
    match = _FACTOR_PHRASE.search(masked)
    factor_words = _FACTOR_PHRASES
    if not match:
        match = _FACTOR_WORD.search(masked)
        factor_words = _FACTORS
    if match:
        factor = factor_words[match["word"]]
        direction = "up" if factor > 1 else "down"
        return _ChangeReading(Change(factor, "factor"), direction, match.span())
    return None


@dataclass(frozen=True)
class _BaselineReading:
    year: int | None
    values: tuple[_Quantity, ...]
    spans: tuple[Span, ...]  # every baseline phrase of the criterion, kept from the target
    phrase: str


def _find_baseline(reading: _Reading, moving: bool) -> _BaselineReading | None:
    masked = reading.masked
    year_patterns: tuple[re.Pattern[str], ...] = _BASELINE_YEAR_PATTERNS + _BASELINE_WORD_PATTERNS
    if moving:
        year_patterns += (_FROM_YEAR,)
    value_matches = [m for p in _BASELINE_VALUE_PATTERNS for m in p.finditer(masked)]
    year_matches = [m for p in year_patterns for m in p.finditer(masked)]
    spans = tuple(m.span() for m in value_matches + year_matches)
    with_values = sorted((m for m in value_matches if m["vals"]), key=_start)
    with_years = sorted((m for m in value_matches + year_matches if m["year"]), key=_start)
    if with_values:
        first = with_values[0]
        year_match = first if first["year"] else (with_years[0] if with_years else None)
        values = tuple(
            q for q in reading.quantities if not q.is_year and q.inside([first.span("vals")])
        )
        year = int(year_match["year"]) if year_match else None
        return _BaselineReading(year, values, spans, reading.phrase(first.span()))
    if with_years:
        return _BaselineReading(
            int(with_years[0]["year"]), (), spans, reading.phrase(with_years[0].span())
        )
    return _baseline_in_source(reading)


def _baseline_in_source(reading: _Reading) -> _BaselineReading | None:
    for pattern in _BASELINE_WORD_PATTERNS:
        match = pattern.search(reading.masked_source)
        if match:
            phrase = reading.source[match.start() : match.end()]
            return _BaselineReading(int(match["year"]), (), (), phrase)
    return None


def _start(match: re.Match[str]) -> int:
    return match.start()


def _deadline_year(match: re.Match[str]) -> int:
    if match.groupdict().get("short"):
        # A school year "2026/27" ends in the year after its first.
        return int(match["first"]) + 1
    return int(match["year"])


def _find_target_year(masked: str, baseline_spans: Sequence[Span]) -> re.Match[str] | None:
    for pattern in _TARGET_YEAR_PATTERNS:
        for match in pattern.finditer(masked):
            year = match.span("short") if match.groupdict().get("short") else match.span("year")
            if not any(start <= year[0] and year[1] <= end for start, end in baseline_spans):
                return match
    return None


def _find_period(reading: _Reading) -> tuple[Period, str] | None:
    for masked, text in ((reading.masked, reading.clause), (reading.masked_source, reading.source)):
        match = _PERIODS.search(masked)
        if match:
            period = next(name for name in _PERIOD_PATTERNS if match[name])
            return period, text[match.start() : match.end()]
    return None


@dataclass(frozen=True)
class _Target:
    quantity: _Quantity
    comparator: Comparator | None
    phrase: str
    moved_to: bool  # the figure a rise or fall goes "til"
    guessed: bool  # the first of several unexplained figures


def _bound(masked: str, quantity: _Quantity) -> tuple[Comparator, Span] | None:
    """The bound word on a figure, and the span of the bound figure ("mindst 10")."""
    before = _ends_in(_BOUND_BEFORE_FIGURE, masked, quantity.start)
    if before:
        return _BOUNDS_BEFORE[before["bound"]], (before.start(), quantity.end)
    after = _BOUND_AFTER_FIGURE.match(masked, quantity.end)
    if after:
        return _BOUNDS_AFTER[after["bound"]], (quantity.start, after.end())
    return None


def _bound_target(reading: _Reading, quantity: _Quantity) -> _Target:
    bound = _bound(reading.masked, quantity)
    phrase = reading.phrase(bound[1] if bound else (quantity.start, quantity.end))
    comparator = bound[0] if bound else None
    return _Target(quantity, comparator, phrase, moved_to=False, guessed=False)


def _choose_target(
    reading: _Reading, candidates: Sequence[_Quantity], moving: bool
) -> _Target | None:
    """The promised figure: one counted per period ("2 årlige stormøder"), else the share of
    the people counted ("70 % af de unge, der ... i mindst 2 måneder"), else the one a moving
    figure goes "til" ("elever med over 10 % fravær falder til højst 15 %": the bound figure
    before it says who is counted), else a bound one ("mindst 50 deltagere"; of a share, a
    bound percentage before a bound count), else the first. ``moving`` says the criterion
    rises, falls or starts "fra" a figure."""
    masked = reading.masked
    for quantity in candidates:
        if _FREQUENCY_AFTER_FIGURE.match(masked, quantity.end):
            return _bound_target(reading, quantity)
    # A bound count after the share only says who is counted ("mindst fire forløb"); the
    # share is "of" the people, or the subject itself ("hver fjerde beboer deltager i ...").
    for index, quantity in enumerate(candidates):
        if quantity.unit == "percent" and (index == 0 or _SHARE_OF.match(masked, quantity.end)):
            others = [q for q in candidates if q is not quantity and q.unit]
            if not any(_bound(masked, q) for q in others):
                return _bound_target(reading, quantity)
            break
    for quantity in candidates if moving else ():
        to = _ends_in(_TO_FIGURE, masked, quantity.start)
        if to:
            phrase = reading.phrase((to.start(), quantity.end))
            comparator = _BOUNDS_BEFORE[to["bound"]] if to["bound"] else None
            return _Target(quantity, comparator, phrase, moved_to=True, guessed=False)
    bound_figures = [(q, bound) for q in candidates if (bound := _bound(masked, q))]
    if _SHARE_WORD.search(masked):
        # "andelen af beboere, der deltager i mindst 2 aktiviteter, er mindst 30 %": a share
        # is promised in percent, and the bound count says who is counted.
        bound_figures.sort(key=lambda item: item[0].unit != "percent")
    for quantity, bound in bound_figures[:1]:
        phrase = reading.phrase(bound[1])
        return _Target(quantity, bound[0], phrase, moved_to=False, guessed=False)
    if candidates:
        first = candidates[0]
        phrase = reading.phrase((first.start, first.end))
        return _Target(first, None, phrase, moved_to=False, guessed=len(candidates) > 1)
    return None


# Between two estates named one after the other ("i både Gl. Skovvang og Sdr. Havnekvarter",
# "i A, B og C"): the estates form a group that shares one figure.
_JOINED_ESTATES = re.compile(r" ?,? (?:og |samt |eller |såvel som )?(?:i |på )?|,")


def _estate_groups(reading: _Reading) -> list[tuple[tuple[str, ...], Span]]:
    """The named estates in groups of those named together, each with the span it covers;
    "de andre boligområder" is a group of the estates the text does not name."""
    groups: list[tuple[tuple[str, ...], Span]] = []
    for area, (start, end) in reading.areas:
        if groups and _JOINED_ESTATES.fullmatch(reading.masked, groups[-1][1][1], start):
            names, (group_start, _) = groups[-1]
            groups[-1] = ((*names, area), (group_start, end))
        else:
            groups.append(((area,), (start, end)))
    others = _OTHER_ESTATES.search(reading.masked) if reading.unnamed and groups else None
    if others and not any(s <= others.start() < e for _, (s, e) in groups):
        groups.append((reading.unnamed, others.span()))
        groups.sort(key=lambda group: group[1][0])
    return groups


def _each_named_estate(reading: _Reading) -> str | None:
    """The phrase that gives each of several estates named together the figure, if any."""
    for names, (start, end) in _estate_groups(reading):
        if len(names) < 2:
            continue
        before = _ends_in(_EACH_BEFORE_NAMES, reading.masked, start)
        if before:
            return reading.phrase((before.start(), end))
        after = _EACH_AFTER_NAMES.match(reading.masked, end)
        if after:
            return reading.phrase((start, after.end()))
    return None


def _figures_before_areas(
    reading: _Reading, candidates: Sequence[_Quantity]
) -> dict[str, _Quantity] | None:
    """Each group of estates takes the figure before it: "fire ... i Vapnagaard og to i
    Nøjsomhed", "5 i Nr. Bjert Have og 3 i både Gl. Skovvang og Sdr. Havnekvarter"."""
    groups = _estate_groups(reading)
    if len(groups) < 2:
        return None
    result = {}
    segment_start = 0
    for names, (start, end) in groups:
        inside = [q for q in candidates if segment_start <= q.start and q.end <= start]
        if not inside:
            return None
        result.update(dict.fromkeys(names, inside[-1]))
        segment_start = end
    return result


def _figures_after_areas(
    reading: _Reading, candidates: Sequence[_Quantity]
) -> dict[str, _Quantity] | None:
    """Each group of estates takes the figure after it: "i Vapnagaard 4 og i Nøjsomhed 2",
    "i A og B 3 og i C 2"."""
    groups = _estate_groups(reading)
    if len(groups) < 2:
        return None
    result = {}
    ends = [span[0] for _, span in groups[1:]] + [len(reading.masked)]
    for (names, (_, end)), segment_end in zip(groups, ends, strict=True):
        inside = [q for q in candidates if end <= q.start and q.end <= segment_end]
        if not inside:
            return None
        result.update(dict.fromkeys(names, inside[0]))
    return result


_VALUE_LISTS = re.compile(_VALUE_LIST)


def _respective_figures(
    reading: _Reading, candidates: Sequence[_Quantity]
) -> dict[str, _Quantity] | None:
    """With "hhv."/"henholdsvis", a list of as many figures as there are estates goes to the
    estates in the order they are named, wherever the word stands: "hhv. 5, 3 og 3 møder i
    A, B og C", "i hhv. A, B og C til 70 %, 65 % og 60 %"; so does such a list after "til".
    Starting values are not candidates, so their list is never taken for the targets."""
    if len(reading.areas) < 2:
        return None
    respectively = _RESPECTIVELY.search(reading.masked) is not None
    for match in _VALUE_LISTS.finditer(reading.masked):
        # Without the word, a list a rise or fall goes "til" is as plain: "til 50 % og 45 %".
        if not respectively and not _ends_in(_TO_FIGURE, reading.masked, match.start()):
            continue
        listed = [q for q in candidates if q.inside([match.span()])]
        if len(listed) == len(reading.areas):
            return {area: q for (area, _), q in zip(reading.areas, listed, strict=True)}
    return None


def _targets_by_area(
    reading: _Reading, candidates: Sequence[_Quantity]
) -> dict[str, _Quantity] | None:
    readings = [reading]
    if reading.last_areas != reading.areas:
        # "Andelen i A og B ... stiger til 50 % i A og 45 % i B": the estates named again
        # carry the targets.
        readings.append(replace(reading, areas=reading.last_areas))
    for each in readings:
        for assign in (_figures_before_areas, _figures_after_areas, _respective_figures):
            assigned = assign(each, candidates)
            if assigned:
                return assigned
    return None


# --- Deciding ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Figures:
    """What the criterion says about numbers, before its kind is decided."""

    direction: re.Match[str] | None
    change: _ChangeReading | None
    baseline: _BaselineReading | None
    target: _Target | None
    by_area: dict[str, _Quantity] | None
    target_year: re.Match[str] | None
    absolute_change: re.Match[str] | None

    @property
    def has_target(self) -> bool:
        return self.target is not None or self.by_area is not None

    @property
    def percent_target(self) -> bool:
        quantities = list(self.by_area.values()) if self.by_area else []
        if self.target:
            quantities.append(self.target.quantity)
        return any(q.unit is not None for q in quantities)


def _compares_over_time(reading: _Reading, figures: _Figures) -> str | None:
    """The phrase that makes the criterion a comparison with a baseline, if any."""
    if figures.baseline and figures.baseline.spans:
        return figures.baseline.phrase
    if figures.change:
        return reading.phrase(figures.change.span)
    maintain = _MAINTAIN.search(reading.masked)
    if maintain and not figures.has_target:
        return maintain.group()
    moving_to_a_year_or_figure = figures.target_year or (figures.target and figures.target.moved_to)
    if figures.direction and moving_to_a_year_or_figure:
        return figures.direction.group()
    return None


def _decide_kind(reading: _Reading, figures: _Figures) -> tuple[Kind, str | None]:
    """The kind and the phrase that decided it; no phrase means nothing was recognised.

    The order matters: what the data source is (an external statistic, a questionnaire)
    wins over the wording; a comparison with a baseline wins over words of experience; a
    deliverable is a milestone only when no figure is promised.
    """
    both = f"{reading.masked} {reading.masked_source}"
    external = _EXTERNAL_SOURCE.search(both)
    if external:
        return "series", external.group()
    survey = _SURVEY.search(both)
    if survey:
        return "survey", survey.group()
    own = _OWN_SOURCE.search(reading.masked_source)
    keeper = None if own else _EXTERNAL_KEEPER.search(reading.masked_source)
    if keeper:
        return "series", reading.source[keeper.start() : keeper.end()]
    statistic = _measured_statistic(reading, figures) if not own else None
    if statistic:
        return "series", statistic
    comparison = _compares_over_time(reading, figures)
    if comparison:
        return "trend", comparison
    experience = _EXPERIENCE.search(reading.masked)
    if experience:
        return "survey", experience.group()
    every = _ALL.search(reading.masked)
    if every and not figures.has_target:
        # "Alle unge i mentorordningen har en plan": a share of them, not a deliverable.
        return "share", every.group()
    deliverable = _DELIVERABLE_NOUN.search(reading.masked) or _DELIVERABLE_VERB.search(
        reading.masked
    )
    if deliverable and not figures.has_target:
        return "milestone", deliverable.group()
    share = _SHARE_WORD.search(reading.masked)
    if figures.percent_target or (share and figures.has_target):
        return "share", share.group() if share else "%"
    if figures.target:
        return "count", figures.target.phrase
    if figures.by_area:
        return "count", "a figure per estate"
    if figures.direction:
        return "trend", figures.direction.group()
    return "milestone", None


def _measured_statistic(reading: _Reading, figures: _Figures) -> str | None:
    """The phrase naming a statistic of the residents, unless the text counts the programme's
    participants or promises a number of people or events (a count of its own)."""
    measured = _MEASURED_STATISTIC.search(reading.masked)
    if not measured or _PARTICIPANTS.search(reading.masked):
        return None
    if figures.has_target and not figures.percent_target:
        return None
    return measured.group()


def _once(reading: _Reading) -> list[_Quantity]:
    """ "2 gange om måneden i X og 1 gang i Y": beside another estate's figure, the masked
    "en gang" is that estate's figure one."""
    return [_Quantity(1, m.start(), m.end(), None, False) for m in _ONCE.finditer(reading.clause)]


def _without_conditions(
    reading: _Reading, candidates: Sequence[_Quantity], promised_elsewhere: bool
) -> list[_Quantity]:
    """The candidates less the figures that only say what is counted. A time after a deadline
    word ("inden for 3 måneder") never is the target; other conditions give way when another
    figure, a change or "alle" as the subject ("Alle nye beboere får besøg ...") is what the
    criterion promises."""
    masked = reading.masked
    clauses = [m.span() for m in _RELATIVE_CLAUSE.finditer(masked)]
    free: list[_Quantity] = []
    conditions: list[_Quantity] = []
    for quantity in candidates:
        time = _TIME_UNIT.match(masked, quantity.end) is not None
        if time and _ends_in(_DEADLINE_BEFORE_FIGURE, masked, quantity.start):
            continue
        if _ESTATES_COUNTED.match(masked, quantity.end) and _ends_in(
            _ESTATES_COUNTED_BEFORE, masked, quantity.start
        ):
            # "i de tre afdelinger": how many estates there are, never a target.
            continue
        part_of_whole = quantity.unit is None and (
            _PART_BEFORE_WHOLE.match(masked, quantity.end) is not None
            or _ends_in(_WHOLE_AFTER_PART, masked, quantity.start) is not None
        )
        if (
            time
            or part_of_whole
            or _ends_in(_AMOUNT_BEFORE_FIGURE, masked, quantity.start)
            or quantity.inside(clauses)
        ):
            conditions.append(quantity)
        else:
            free.append(quantity)
    if free or promised_elsewhere or _ALL.search(masked):
        return free
    return conditions


def _read_figures(reading: _Reading) -> _Figures:
    masked = reading.masked
    direction = (
        _DIRECTION.search(masked) or _THAN_YEAR.search(masked) or _LEVEL_OF_YEAR.search(masked)
    )
    change = _find_change(masked)
    absolute_change = None if change else _ABSOLUTE_CHANGE.search(masked)
    baseline = _find_baseline(reading, moving=direction is not None)
    baseline_spans = baseline.spans if baseline else ()
    kept_out = list(baseline_spans)
    if change:
        kept_out.append(change.span)
    if absolute_change:
        kept_out.append(absolute_change.span("num"))
    candidates = _without_conditions(
        reading,
        [q for q in reading.quantities if not q.is_year and not q.inside(kept_out)],
        promised_elsewhere=change is not None or absolute_change is not None,
    )
    by_area = _targets_by_area(reading, candidates) or _targets_by_area(
        reading, sorted([*candidates, *_once(reading)], key=lambda q: q.start)
    )
    moving = direction is not None or bool(baseline and baseline.values)
    return _Figures(
        direction=direction,
        change=change,
        baseline=baseline,
        target=None if by_area else _choose_target(reading, candidates, moving),
        by_area=by_area,
        target_year=_find_target_year(masked, baseline_spans),
        absolute_change=absolute_change,
    )


def _comparator(reading: _Reading, figures: _Figures, kind: Kind) -> tuple[Comparator, str] | None:
    if figures.target and figures.target.comparator:
        return figures.target.comparator, figures.target.phrase
    for quantity in (figures.by_area or {}).values():
        bound = _bound(reading.masked, quantity)
        if bound:
            return bound[0], reading.phrase(bound[1])
    falling = figures.direction is not None and figures.direction["down"] is not None
    if figures.has_target:
        if falling and kind in {"trend", "series"}:
            return "<=", "falling to a figure"
        return ">=", "a promised figure is a minimum"
    if figures.change:
        return (">=", "rising by") if figures.change.direction == "up" else ("<=", "falling by")
    return _comparator_against_baseline(reading, figures)


def _comparator_against_baseline(
    reading: _Reading, figures: _Figures
) -> tuple[Comparator, str] | None:
    if not (figures.baseline or _MAINTAIN.search(reading.masked)):
        return None
    or_move = _OR_MOVE.search(reading.masked)
    if or_move:
        return (">=" if or_move["up"] else "<="), or_move.group()
    maintain = _MAINTAIN.search(reading.masked)
    if maintain:
        return ">=", maintain.group()
    if figures.direction:
        return (">" if figures.direction["up"] else "<"), figures.direction.group()
    return None


def _direction(reading: _Reading, figures: _Figures, kind: Kind) -> tuple[Direction, str] | None:
    if figures.change:
        return figures.change.direction, reading.phrase(figures.change.span)
    if figures.direction and kind in {"trend", "series", "survey"}:
        return ("up" if figures.direction["up"] else "down"), figures.direction.group()
    return None


def _per_area(
    reading: _Reading, figures: _Figures, kind: Kind, baselines_by_area: bool
) -> str | None:
    """The phrase that makes the target apply to each estate separately, if any."""
    for pattern in (_EACH_ESTATE, _ESTATE_BODIES):
        match = pattern.search(reading.masked)
        if match:
            return match.group()
    respectively = _RESPECTIVELY.search(reading.masked)
    if respectively and len(reading.areas) >= 2:
        return respectively.group()
    each = _each_named_estate(reading)
    if each:
        return each
    if figures.by_area or baselines_by_area:
        return "a figure per estate"
    plural = _IN_THE_ESTATES.search(reading.masked)
    if plural and kind in {"trend", "series", "survey"}:
        return plural.group()
    return None


def _all_counted(reading: _Reading, figures: _Figures, kind: Kind) -> re.Match[str] | None:
    """ "Alle nye beboere får et velkomstbesøg", "alle deltagere er tilfredse": with no figure
    promised, "alle" as the subject is a share of 100 % of those registered, asked or counted
    by a statistic; not when the criterion moves from a starting point."""
    if figures.has_target or kind not in {"share", "survey", "series"} or figures.change:
        return None
    if figures.baseline and figures.baseline.values:
        return None
    return _ALL.search(reading.masked)


def _unit(reading: _Reading, figures: _Figures, kind: Kind) -> Unit | None:
    if kind == "milestone":
        return None
    baseline_values = figures.baseline.values if figures.baseline else ()
    if (
        kind == "share"
        or _all_counted(reading, figures, kind)
        or figures.percent_target
        or any(q.unit for q in baseline_values)
        or (figures.change and figures.change.change.unit == "percentage_points")
        or _SHARE_WORD.search(reading.masked)
    ):
        return "percent"
    if kind == "count" or figures.has_target or _COUNT_WORD.search(reading.masked):
        return "count"
    return None


def propose_indicator(
    text: str, areas: Sequence[str] = (), data_source: str | None = None
) -> ProposedIndicator:
    """Propose an indicator for the text of a success criterion, for staff to review.

    ``areas`` are the programme's estates, named as ``targets_by_area`` should name them;
    ``data_source`` is the criterion's "Datakilde", which tells series and surveys apart
    and may name the period of measurement. Never raises on any text.
    """
    reading = _read(text, areas, data_source)
    figures = _read_figures(reading)
    kind, kind_phrase = _decide_kind(reading, figures)
    matched: dict[str, str] = {}
    if kind_phrase:
        matched["kind"] = kind_phrase

    target, comparator = _target_and_comparator(reading, figures, kind, matched)
    targets_by_area = _area_targets(reading, figures, matched)
    baseline, baselines_by_area, pending_year, uneven = _baselines(reading, figures, matched)
    per_area = _per_area(reading, figures, kind, baselines_by_area is not None)
    if per_area:
        matched["per_area"] = per_area
    period = _period(reading, kind, matched)
    direction = _direction(reading, figures, kind)
    if direction:
        matched["direction"] = direction[1]
    target_year = None
    if figures.target_year:
        target_year = _deadline_year(figures.target_year)
        matched["target_year"] = figures.target_year.group()
    change = figures.change.change if figures.change else None
    if figures.change:
        matched["change"] = reading.phrase(figures.change.span)
    unit = _unit(reading, figures, kind)
    return ProposedIndicator(
        kind=kind,
        comparator=comparator,
        target=target,
        targets_by_area=targets_by_area,
        per_area=per_area is not None,
        period=period,
        direction=direction[0] if direction else None,
        baseline=baseline,
        baselines_by_area=baselines_by_area,
        baseline_pending_year=pending_year,
        target_year=target_year,
        change=change,
        unit=unit,
        confidence=_confidence(reading, figures, kind_phrase, uneven, matched),
        matched=matched,
    )


def _area_targets(
    reading: _Reading, figures: _Figures, matched: dict[str, str]
) -> dict[str, Number] | None:
    if not figures.by_area:
        return None
    spans = [span for _, span in reading.areas]
    spans += [(q.start, q.end) for q in figures.by_area.values()]
    matched["targets_by_area"] = reading.phrase((min(spans)[0], max(end for _, end in spans)))
    return {area: q.value for area, q in figures.by_area.items()}


def _target_and_comparator(
    reading: _Reading, figures: _Figures, kind: Kind, matched: dict[str, str]
) -> tuple[Number | None, Comparator | None]:
    every = _all_counted(reading, figures, kind)
    if every:
        matched["target"] = matched["comparator"] = every.group()
        return 100, "="
    target = None
    if figures.target:
        target = figures.target.quantity.value
        matched["target"] = figures.target.phrase
    kept = _kept_level(reading, figures)
    if kept:
        # "fastholdes mindst på niveauet fra 2024 på 74,5 %": the level kept is the target.
        target = kept.value
        matched["target"] = reading.phrase((kept.start, kept.end))
    comparator = _comparator(reading, figures, kind)
    if comparator:
        matched["comparator"] = comparator[1]
    return target, comparator[0] if comparator else None


def _kept_level(reading: _Reading, figures: _Figures) -> _Quantity | None:
    """The one starting figure a criterion promises to keep, when it promises no other."""
    baseline_values = figures.baseline.values if figures.baseline else ()
    if figures.has_target or len(baseline_values) != 1 or not _MAINTAIN.search(reading.masked):
        return None
    return baseline_values[0]


def _baselines(
    reading: _Reading, figures: _Figures, matched: dict[str, str]
) -> tuple[Baseline | None, dict[str, Baseline] | None, int | None, bool]:
    """The baseline, the baselines per estate, the pending baseline year, and whether the
    starting values outnumber what the named estates can explain."""
    found = figures.baseline
    if not found:
        return None, None, None, False
    matched["baseline"] = found.phrase
    values = found.values
    if not values:
        return None, None, found.year, False
    if len(values) > 1 and len(values) == len(reading.areas):
        by_area = {
            area: Baseline(found.year, q.value)
            for (area, _), q in zip(reading.areas, values, strict=True)
        }
        return None, by_area, None, False
    return Baseline(found.year, values[0].value), None, None, len(values) > 1


def _period(reading: _Reading, kind: Kind, matched: dict[str, str]) -> Period | None:
    found = _find_period(reading)
    if found:
        matched["period"] = found[1]
        return found[0]
    if kind in {"trend", "series", "survey"} and any(q.is_year for q in reading.quantities):
        matched["period"] = "compared across years"
        return "year"
    return None


def _confidence(
    reading: _Reading,
    figures: _Figures,
    kind_phrase: str | None,
    uneven: bool,
    matched: dict[str, str],
) -> Confidence:
    if figures.absolute_change:
        matched["confidence"] = (
            f"change in a count: {reading.phrase(figures.absolute_change.span())}"
        )
        return "low"
    if kind_phrase is None:
        matched["confidence"] = "no recognised pattern"
        return "low"
    if uneven:
        matched["confidence"] = "more starting values than named estates, the first taken"
        return "medium"
    if figures.target and figures.target.guessed:
        matched["confidence"] = "several figures, the first taken"
        return "medium"
    return "high"
