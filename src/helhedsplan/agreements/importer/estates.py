"""The estates a delaftale covers: listed under their own label, or proposed from the text.

A proposal is only that: the user confirms the estates before anything is stored.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from helhedsplan.agreements.document import AgreementDocument
from helhedsplan.core.danish import sort_key

NAME = r"[A-ZÆØÅ][a-zæøåäöüé]+(?:-[A-ZÆØÅa-zæøå][a-zæøåäöüé]+)*"
LOCATIVE = re.compile(rf"\b(?:i|på|ved)\s+(?:både\s+|hhv\.\s+|henholdsvis\s+)?(?P<name>{NAME})\b")
COORDINATED = re.compile(
    rf"\b(?P<first>{NAME})\s+(?:og|samt|eller)\s+(?:i\s+|på\s+)?(?P<second>{NAME})\b"
)
AREA_CONTEXT = re.compile(
    rf"\bboligområde(?:t|rne|r)?\s+(?P<first>{NAME})(?:\s+og\s+(?P<second>{NAME}))?\b"
)
MUNICIPALITY = re.compile(rf"\b(?P<name>{NAME})\s+[Kk]ommunes?\b")
MEMBERS_FROM = re.compile(rf"\b[Rr]epræsentant\w*\s+fra\s+(?P<name>{NAME})")
NOT_AN_ESTATE = re.compile(
    r"(?:kommune|skole|center|centret|centeret|teater|teatret|kulturhus|politi|fond|bibliotek"
    r"|klub|forening|kontor)\w{0,4}$|(?:vej|gade|allé|alle|plads|torv|stræde|boulevard)(?:en|et)?$",
    re.IGNORECASE,
)
CALENDAR_WORDS = frozenset(
    {"januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
     "oktober", "november", "december", "mandag", "tirsdag", "onsdag", "torsdag", "fredag",
     "lørdag", "søndag", "danmark"}
)  # fmt: skip
MIN_ESTATE_SCORE = 3
ESTATE_SHARE_OF_TOP = 0.25


def propose_housing_areas(document: AgreementDocument) -> list[str]:
    """Estates named in the text: capitalised names that keep recurring where places are
    named ("i X", "på X", "i både X og Y", "boligområderne X og Y"), minus municipalities,
    institutions, streets, partners and ordinary words that happen to start a sentence."""
    text = "\n".join(_document_texts(document))
    partners = _partners(text, document)
    words = Counter(re.findall(r"\w+", text))
    candidates = {
        name: score
        for name, score in _place_scores(text).items()
        if name not in partners and _may_be_an_estate(name, words)
    }
    if len(candidates) > 1:
        candidates.pop(document.programme, None)
    if not candidates:
        return []
    top = max(candidates.values())
    chosen = [
        name
        for name, score in candidates.items()
        if score >= MIN_ESTATE_SCORE and score >= top * ESTATE_SHARE_OF_TOP
    ]
    return sorted(chosen, key=sort_key)


def _document_texts(document: AgreementDocument) -> Iterator[str]:
    yield from (
        document.preamble,
        document.parties,
        document.working_groups,
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


def _place_scores(text: str) -> Counter[str]:
    scores: Counter[str] = Counter()
    for found in LOCATIVE.finditer(text):
        scores[found["name"]] += 1
    for found in COORDINATED.finditer(text):
        if found["first"] in scores and found["second"] in scores:
            scores[found["first"]] += 1
            scores[found["second"]] += 1
    for found in AREA_CONTEXT.finditer(text):
        for name in (found["first"], found["second"]):
            if name:
                scores[name] += 2
    return scores


def _partners(text: str, document: AgreementDocument) -> set[str]:
    """Municipalities and organisations that take part: named like places, but not estates."""
    partners = {found["name"] for found in MUNICIPALITY.finditer(text)}
    partners |= {found["name"] for found in MEMBERS_FROM.finditer(text)}
    partners |= {staff.employer for staff in document.staff_resources}
    partners |= {line.organisation for line in document.budget}
    return partners


def _may_be_an_estate(name: str, words: Counter[str]) -> bool:
    # A word written in lower case at least as often is an ordinary word starting a sentence.
    return (
        name.casefold() not in CALENDAR_WORDS
        and NOT_AN_ESTATE.search(name) is None
        and words[name.casefold()] < words[name]
    )


def listed_names(text: str) -> list[str]:
    """Names given as a list ("Nøjsomhed og Vapnagaard"); empty if the text is prose."""
    items = [item.strip(" .•") for item in re.split(r",|\n|\bog\b|•", text)]
    names = [item for item in items if item]
    if not names or any(len(name.split()) > 4 or not name[0].isupper() for name in names):
        return []
    return sorted(dict.fromkeys(names), key=sort_key)
