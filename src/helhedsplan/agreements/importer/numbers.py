"""Figures in Danish prose: the agreement's period, the staff's hours and amounts of money.

These small readers are public: the Word export reads the period and the staff back with them
to check that the wording it keeps still says what the structured fields say.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import Decimal

from helhedsplan.agreements.document import StaffPeriod, StaffResource
from helhedsplan.core.danish import ARTICLE_ONES, NUMBER_WORDS

# Period ---------------------------------------------------------------------------------------

MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "marts": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE = re.compile(
    rf"(?P<iyear>\d{{4}})-(?P<imonth>\d{{1,2}})-(?P<iday>\d{{1,2}})"
    rf"|(?P<nday>\d{{1,2}})\s*[./-]\s*(?P<nmonth>\d{{1,2}})\s*[./\- ]\s*(?P<nyear>\d{{4}})"
    rf"|(?:(?P<day>\d{{1,2}})\.?\s*)?\b(?P<month>{MONTH_NAMES})\b\.?\s*(?P<year>\d{{4}})",
    re.IGNORECASE,
)
YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def parse_period(text: str) -> tuple[date | None, date | None]:
    """The first and last date in a period such as "1. januar 2018 til 31. december 2021".
    A date without a day means the first day of the month at the start and the last at the
    end; with no month at all, "2018-2021" means 1 January 2018 to 31 December 2021."""
    found = [_date_parts(match) for match in DATE.finditer(text)]
    if not found:
        years = [int(year) for year in YEAR.findall(text)]
        found = [(years[0], 1, 1), (years[-1], 12, 31)] if len(years) > 1 else []
    if not found:
        return None, None
    start = _valid_date(*found[0], at_end=False)
    end = _valid_date(*found[-1], at_end=True) if len(found) > 1 else None
    return start, end


def _date_parts(match: re.Match[str]) -> tuple[int, int, int | None]:
    if match["iyear"]:
        return int(match["iyear"]), int(match["imonth"]), int(match["iday"])
    if match["nyear"]:
        return int(match["nyear"]), int(match["nmonth"]), int(match["nday"])
    day = int(match["day"]) if match["day"] else None
    return int(match["year"]), MONTHS[match["month"].casefold()], day


def _valid_date(year: int, month: int, day: int | None, *, at_end: bool) -> date | None:
    if not (1 <= month <= 12 and year >= 1):
        return None
    if day is None:
        day = calendar.monthrange(year, month)[1] if at_end else 1
    try:
        return date(year, month, day)
    except ValueError:
        return None


# Staff resources ------------------------------------------------------------------------------

HOURS = re.compile(
    r"(?P<hours>\d+(?:,\d+)?)\s*(?:timer|time|t\.?)\s*"
    r"(?:(?:pr\.|per|om|i|hver|/)\s*"
    r"(?P<unit>ugen|uge|halvåret|halvår|året|år|måneden|måned|kvartalet|kvartal)\b"
    r"|(?P<adverb>ugentligt|ugentlig|halvårligt|halvårlig|årligt|årlig|månedligt|kvartalsvis))",
    re.IGNORECASE,
)
UNITS: dict[str, tuple[StaffPeriod, int]] = {
    "uge": ("week", 1), "ugen": ("week", 1), "ugentligt": ("week", 1), "ugentlig": ("week", 1),
    "halvår": ("half_year", 1), "halvåret": ("half_year", 1), "halvårligt": ("half_year", 1),
    "halvårlig": ("half_year", 1), "år": ("year", 1), "året": ("year", 1),
    "årligt": ("year", 1), "årlig": ("year", 1),
    # The model knows weeks, half-years and years; months and quarters become years.
    "måned": ("year", 12), "måneden": ("year", 12), "månedligt": ("year", 12),
    "kvartal": ("year", 4), "kvartalet": ("year", 4), "kvartalsvis": ("year", 4),
}  # fmt: skip
# Before a role, "en"/"et" is the number: "En projektleder indgår med 37 timer pr. uge."
COUNT_WORDS = {**ARTICLE_ONES, **NUMBER_WORDS}
COUNT = re.compile(rf"^(?P<count>\d{{1,3}}|{'|'.join(COUNT_WORDS)})\s+(?=\S)", re.IGNORECASE)
ROLE_FILLERS = frozenset(
    {"indgår", "bidrager", "deltager", "arbejder", "anvender", "bruger", "afsætter", "med", "i",
     "alt", "samlet", "ca.", "cirka", "op", "til", "på", "er"}
)  # fmt: skip
LEADING_FILLERS = re.compile(r"^(?:herudover|derudover|desuden|samtidig|endelig)\s+", re.I)
# "Konsulenter indgår.": a role whose hours are not stated.
ROLE_WITHOUT_HOURS = re.compile(r"(?P<role>\w[^:.,;]{1,59}?)\s+indgår\.?")
PARTICIPATES = re.compile(r"\b(?:indgår|deltager|bidrager)\b", re.IGNORECASE)
ORGANISATION = r"[A-ZÆØÅ][\w-]*(?:\s+[A-ZÆØÅ][\w-]*)*"
MEMBER_OF = re.compile(rf"(?P<role>\w+)\s+fra\s+(?P<organisation>{ORGANISATION})")
FROM_ORGANISATION = re.compile(rf"^(?P<role>.*?)\s+fra\s+(?P<organisation>{ORGANISATION})$")
GROUP_HEADING = re.compile(r"^(?P<heading>[^:\d]{2,60}):\s*(?P<body>.*)$", re.DOTALL)
ABBREVIATIONS = (
    "pr.", "ca.", "fx.", "f.eks.", "bl.a.", "hhv.", "mv.", "m.fl.", "evt.", "inkl.", "jf.",
    "dvs.", "kl.", "nr.", "mht.", "ift.", "vedr.", "osv.",
)  # fmt: skip
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n+|\s*•\s*")


def parse_staff_resources(text: str) -> list[StaffResource]:
    """Staff lines such as "2 Netværkskoordinatorer indgår med 16 timer pr. uge i alt." under a
    group heading ("Kommunale aktører:"), which is the employer unless a line says "fra X"."""
    resources: list[StaffResource] = []
    group = ""
    for sentence in _sentences(text):
        heading, body = _group_heading(sentence)
        hours = HOURS.search(body)
        if heading and hours and not _role_text(body[: hours.start()]):
            resources.append(_staff_line(heading, hours, group))
            continue
        if heading:
            group = heading
        if hours:
            role = _role_text(body[: hours.start()])
            if role:
                resources.append(_staff_line(role, hours, group))
        elif bare := ROLE_WITHOUT_HOURS.fullmatch(body):
            resources.append(_staff_line(bare["role"], None, group))
        elif PARTICIPATES.search(body) and (member := MEMBER_OF.search(body)):
            resources.append(
                StaffResource(role=_capitalised(member["role"]), employer=member["organisation"])
            )
    return resources


def _sentences(text: str) -> list[str]:
    sentences: list[str] = []
    for piece in SENTENCE_BREAK.split(text):
        piece = piece.strip()
        if not piece:
            continue
        if sentences and (_ends_with_abbreviation(sentences[-1]) or piece[0].islower()):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences


def _ends_with_abbreviation(sentence: str) -> bool:
    return sentence.rsplit(" ", 1)[-1].casefold() in ABBREVIATIONS


def _group_heading(sentence: str) -> tuple[str, str]:
    found = GROUP_HEADING.match(sentence)
    if found is None or len(found["heading"].split()) > 5:
        return "", sentence
    return found["heading"].strip(), found["body"]


def _role_text(lead: str) -> str:
    words = LEADING_FILLERS.sub("", lead.strip(" ,:;–-")).split()
    while words and (
        words[-1].casefold() in ROLE_FILLERS or not any(c.isalnum() for c in words[-1])
    ):
        words.pop()
    return " ".join(words)


def _staff_line(role_text: str, hours: re.Match[str] | None, group: str) -> StaffResource:
    count: int | None = None
    counted = COUNT.match(role_text)
    if counted:
        word = counted["count"].casefold()
        count = int(word) if word.isdigit() else COUNT_WORDS[word]
        role_text = role_text[counted.end() :]
    employer = group
    member = FROM_ORGANISATION.match(role_text)
    if member:
        role_text, employer = member["role"], member["organisation"]
    role = _capitalised(role_text)
    if hours is None:
        return StaffResource(role=role, count=count, employer=employer)
    per, factor = UNITS[(hours["unit"] or hours["adverb"]).casefold()]
    amount = float(hours["hours"].replace(",", ".")) * factor
    return StaffResource(role=role, count=count, hours=amount, per=per, employer=employer)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


# Money ----------------------------------------------------------------------------------------

AMOUNT = re.compile(
    r"(?<![\d.,])(?P<whole>\d{1,3}(?:[. ]\d{3})+|\d+)(?:,(?P<fraction>\d+|-))?"
    r"(?:\s*(?P<scale>mio\.?|millioner|mia\.?|milliarder)(?!\w))?"
    r"(?P<currency>\s*(?:kr\.?|dkk|kroner)(?!\w))?",
    re.IGNORECASE,
)
SCALES = {"mio": 10**6, "millioner": 10**6, "mia": 10**9, "milliarder": 10**9}


def parse_amount(text: str) -> Decimal | None:
    """Danish money: "1.234.567 kr.", "1.234.567,50", "1,2 mio. kr."; None if there is none."""
    matches = list(AMOUNT.finditer(text))
    if not matches:
        return None
    money = [m for m in matches if m["currency"] or m["scale"]]
    chosen = (money or matches)[-1]
    whole = re.sub(r"[. ]", "", chosen["whole"])
    fraction = chosen["fraction"] if chosen["fraction"] not in (None, "-") else "0"
    value = Decimal(f"{whole}.{fraction}")
    scale = (chosen["scale"] or "").casefold().rstrip(".")
    return value * SCALES[scale] if scale else value
