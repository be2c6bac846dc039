"""The estates a delaftale covers: listed under their own label, or proposed from the text.

A proposal is only that: the user confirms the estates before anything is stored.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from helhedsplan.agreements.document import Activity, AgreementDocument
from helhedsplan.core.danish import sort_key

# Danish place names keep their abbreviations ("Gl. Bakkegård", "Nr. Vangen", "Sdr. Parkvej",
# "St. Karlsminde", "Sct. Jørgens Park", "Kgs. Lyngby"); the full words ("Ny", "Vestre",
# "Lille") are capitalised words of the name like any other.
ABBREVIATION = r"(?:Gl|Gml|Nr|Ndr|Sdr|St|Ll|Vr|Øvr|Nedr|Sct|Skt|Kgs)\."
WORD = r"[A-ZÆØÅ][a-zæøåäöüé]+(?:-[A-ZÆØÅa-zæøå][a-zæøåäöüé]+)*"
# The words of one name, and a name and the words that place it, stand on one line: a line
# break ends them (criteria, table rows and list items are lines of their own).
SPACE = r"[^\S\n]+"
# Bounded, so that a line of nothing but capitalised words is read in linear time.
MAX_NAME_WORDS = 5
NAME = rf"(?:{ABBREVIATION}{SPACE})?{WORD}(?:{SPACE}{WORD}){{0,{MAX_NAME_WORDS - 1}}}"
LOCATIVE = re.compile(
    rf"\b(?:i|på|ved){SPACE}(?:(?:både|hhv\.|henholdsvis){SPACE})?(?P<name>{NAME})"
)
COORDINATED = re.compile(
    rf"(?<![\w.])(?P<first>{NAME}){SPACE}(?:og|samt|eller){SPACE}(?:(?:i|på){SPACE})?"
    rf"(?P<second>{NAME})"
)
AREA_CONTEXT = re.compile(
    rf"\b(?:[Bb]oligområde(?:t|rne|r)?|[Aa]fdelingsbestyrelse(?:n|rne)?{SPACE}i){SPACE}"
    rf"(?:hhv\.{SPACE})?(?P<first>{NAME})(?:(?:,|{SPACE}og){SPACE}(?P<second>{NAME}))?"
)
MUNICIPALITY = re.compile(rf"\b(?P<name>{WORD})\s+[Kk]ommunes?\b")
MEMBERS_FROM = re.compile(rf"\b[Rr]epræsentant\w*\s+fra\s+(?P<name>{NAME})")
WHOLE_NAME = re.compile(NAME)
PROGRAMME_PARTS = re.compile(r",|\s+(?:og|samt|&)\s+")
PROGRAMME_PART_NAME = re.compile(rf"(?:^|\s)(?P<name>{NAME})$")
INSTITUTION = re.compile(
    r"(?:kommune|skole|center|centret|centeret|teater|teatret|kulturhus|politi|fond|bibliotek"
    r"|klub|forening|kontor)\w{0,4}$",
    re.IGNORECASE,
)
STREET = re.compile(r"(?:vej|gade|allé|alle|plads|torv|stræde|boulevard)(?:en|et)?$", re.IGNORECASE)
CALENDAR_WORDS = frozenset(
    {"januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
     "oktober", "november", "december", "mandag", "tirsdag", "onsdag", "torsdag", "fredag",
     "lørdag", "søndag", "danmark", "danmarks"}
)  # fmt: skip
MIN_ESTATE_SCORE = 3
ESTATE_SHARE_OF_TOP = 0.25
# Where the text names a place as an estate: the programme's name lists its estates, a
# statistics table has a row per estate, "boligområdet X", "afdelingsbestyrelserne i X og Y".
NAMED_AS_ESTATE = 2
# An activity's name as a heading is a line; a programme's name lists a few estates.
MAX_HEADING_LENGTH = 200
MAX_PROGRAMME_ESTATES = 12


def propose_housing_areas(document: AgreementDocument) -> list[str]:
    """Estates named in the text: names, whole with their abbreviations, that keep recurring
    where places are named ("i X", "på X", "i både X og Y", "boligområderne X og Y") or that a
    statistics table has a row for, minus municipalities, institutions, partners and ordinary
    words that happen to start a sentence; and the estates the programme's name lists
    ("Skovparken og Gl. Bakkegård") where the text names them too."""
    text = "\n".join(_document_texts(document))
    partners = _partners(text, document)
    words = Counter(re.findall(r"\w+", text))
    listed = _programme_estates(document.programme, text)
    scores, named = _place_scores(text, listed)
    candidates = {
        name: score
        for name, score in scores.items()
        if name not in partners and _may_be_an_estate(name, words, named_as_estate=name in named)
    }
    if len(candidates) > 1:
        candidates.pop(document.programme, None)
    if not candidates:
        return []
    top = max(candidates.values())
    chosen = [
        name
        for name, score in candidates.items()
        if name in listed or (score >= MIN_ESTATE_SCORE and score >= top * ESTATE_SHARE_OF_TOP)
    ]
    return sorted(_whole_names(chosen), key=sort_key)


def _document_texts(document: AgreementDocument) -> Iterator[str]:
    yield from (
        document.preamble,
        _headings_apart(document.parties, document.activities),
        _headings_apart(document.working_groups, document.activities),
        document.problem_complex,
        document.purpose,
        document.municipal_services,
        document.staff_resources_text,
    )
    for criterion in document.overall_success_criteria:
        yield criterion.text
    for activity in document.activities:
        yield from (activity.content, activity.purpose, activity.responsibilities)
        yield from (criterion.text for criterion in activity.success_criteria)


def _headings_apart(text: str, activities: list[Activity]) -> str:
    """The parties' text lists each activity's working group under "<activity name>:", run
    into the bullet before ("• Beboere fra Nr. Vangen Unge og nattevandring:"); a line break
    keeps the activity's name out of the estate's. Each colon is looked at once, against the
    lengths the names have (linear in the text, however many activities there are)."""
    names = {a.name for a in activities if 0 < len(a.name) <= MAX_HEADING_LENGTH}
    lengths = sorted({len(name) for name in names}, reverse=True)
    pieces, start = [], 0
    for colon in re.finditer(":", text):
        end = colon.start()
        begins = (end - length for length in lengths if text[end - length : end] in names)
        begin = next(begins, -1)
        if begin >= start:
            pieces += [text[start:begin], "\n"]
            start = begin
    return "".join([*pieces, text[start:]])


def _name(found: str) -> str:
    return " ".join(found.split())


def _programme_estates(programme: str, text: str) -> set[str]:
    """The names a programme's name lists ("Vestre Engparken og Nr. Vangen"), where the text
    names them too; a programme of one name is named after its town or district."""
    parts = PROGRAMME_PARTS.split(_name(programme), maxsplit=MAX_PROGRAMME_ESTATES)
    if not 2 <= len(parts) <= MAX_PROGRAMME_ESTATES:
        return set()
    names = {found["name"] for part in parts if (found := PROGRAMME_PART_NAME.search(part))}
    if len(names) < len(parts):
        return set()
    return {name for name in names if re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", text)}


def _place_scores(text: str, programme_estates: set[str]) -> tuple[Counter[str], set[str]]:
    """How often each name stands where places are named, and the names named as estates."""
    scores: Counter[str] = Counter()
    named = set(programme_estates)
    for found in LOCATIVE.finditer(text):
        scores[_name(found["name"])] += 1
    for found in COORDINATED.finditer(text):
        first, second = _name(found["first"]), _name(found["second"])
        if first in scores and second in scores:
            scores[first] += 1
            scores[second] += 1
    as_estates = [
        _name(name)
        for found in AREA_CONTEXT.finditer(text)
        for name in (found["first"], found["second"])
        if name
    ]
    as_estates += _table_rows(text)
    for name in [*as_estates, *programme_estates]:
        scores[name] += NAMED_AS_ESTATE
        named.add(name)
    return scores, named


def _table_rows(text: str) -> list[str]:
    """A statistics table in the problem description has a row per estate, figures beside it
    ("Sdr. Parkvej | 41,7% | 734")."""
    rows = []
    for line in text.split("\n"):
        first, *cells = (cell.strip() for cell in line.split("|"))
        figures = [cell for cell in cells if cell]
        numeric = figures and all(any(char.isdigit() for char in cell) for cell in figures)
        if numeric and WHOLE_NAME.fullmatch(first):
            rows.append(_name(first))
    return rows


def _partners(text: str, document: AgreementDocument) -> set[str]:
    """Municipalities and organisations that take part: named like places, but not estates."""
    partners = {found["name"] for found in MUNICIPALITY.finditer(text)}
    partners |= {_name(found["name"]) for found in MEMBERS_FROM.finditer(text)}
    partners |= {staff.employer for staff in document.staff_resources}
    partners |= {line.organisation for line in document.budget}
    return partners


def _may_be_an_estate(name: str, words: Counter[str], *, named_as_estate: bool) -> bool:
    """Not a month, a municipality or an institution; a street only where the text names it as
    an estate ("Sdr. Parkvej" in the programme's name). A single word written in lower case at
    least as often is an ordinary word starting a sentence or a table row."""
    parts = name.split()
    return (
        not any(part.casefold() in CALENDAR_WORDS for part in parts)
        and not any(INSTITUTION.search(part) for part in parts)
        and (named_as_estate or STREET.search(name) is None)
        and (len(parts) > 1 or words[name.casefold()] < words[name])
    )


def _whole_names(names: list[str]) -> list[str]:
    """A name that is the end of another chosen name ("Engparken" of "Vestre Engparken") is
    that estate written short."""
    ends = {
        " ".join(words[start:]) for words in map(str.split, names) for start in range(1, len(words))
    }
    return [name for name in names if name not in ends]


def listed_names(text: str) -> list[str]:
    """Names given as a list ("Nøjsomhed og Vapnagaard"); empty if the text is prose."""
    items = [item.strip(" .•") for item in re.split(r",|\n|\bog\b|•", text)]
    names = [item for item in items if item]
    if not names or any(len(name.split()) > 4 or not name[0].isupper() for name in names):
        return []
    return sorted(dict.fromkeys(names), key=sort_key)
