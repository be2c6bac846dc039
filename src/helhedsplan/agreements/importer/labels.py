"""The labels of Landsbyggefonden's template ("Aftalens parter", "Aktivitetsnavn", ...).

A label is recognised in the many ways delaftaler write it: with numbering, parentheses, a
final colon or a few words more ("Problemkompleks i Vollsmose:"). Nothing here knows a
particular agreement, so delaftaler of other programmes and focus areas read the same way.
"""

from __future__ import annotations

import re
from enum import Enum

from helhedsplan.agreements.document import FOOTNOTE_MARKER
from helhedsplan.agreements.importer.reading import BULLET, SPACES


class Label(Enum):
    FOCUS_AREA = "focus_area"
    PROGRAMME = "programme"
    HOUSING_AREAS = "housing_areas"
    PARTIES = "parties"
    WORKING_GROUPS = "working_groups"
    PROBLEM = "problem_complex"
    PURPOSE = "purpose"
    CRITERIA = "success_criteria"
    DATA_SOURCE = "data_source"
    ACTIVITIES_OVERVIEW = "activities_overview"
    STAFF = "staff_resources"
    MUNICIPAL = "municipal_services"
    BUDGET = "budget"
    CONFLICT = "conflict_handling"
    REVISION = "revision"
    PERIOD = "period"
    ACTIVITY_NAME = "activity_name"
    ACTIVITY_CONTENT = "activity_content"
    TARGET_GROUPS = "target_groups"
    RESPONSIBILITIES = "responsibilities"


# Patterns over a normalised label: lower case, no parentheses, numbering or final colon.
LABEL_PATTERNS: dict[Label, str] = {
    Label.FOCUS_AREA: r"(navn på )?indsatsområde(t|ts navn)?",
    Label.PROGRAMME: (
        r"navn på (den )?(boligsociale? indsats|helhedsplan(en)?)(,? som (del)?aftalen vedrører)?"
        r"|(den )?boligsociale indsats"
    ),
    Label.HOUSING_AREAS: (
        r"(omfattede|berørte) (boligområder|boligafdelinger)"
        r"|(boligområder|boligafdelinger) omfattet( af (del)?aftalen)?"
    ),
    Label.PARTIES: r"((del)?aftalens )?parter",
    Label.WORKING_GROUPS: r"(faglige? )?arbejdsgrupper?( for (del)?aftalen| for aktiviteten)?",
    Label.PROBLEM: r"problemkompleks(et)?( for (indsatsområdet|delaftalen))?",
    Label.PURPOSE: r"formål(,| og) mål( og succeskriterier)?( for (indsatsområdet|aktiviteten))?",
    Label.CRITERIA: r"(lokale )?succeskriterier( og datakilder? for (aktiviteten|indsatsområdet))?",
    Label.DATA_SOURCE: r"datakilder?",
    Label.ACTIVITIES_OVERVIEW: r"aktiviteter,? (som|der) skal bidrage til .*",
    Label.STAFF: r"medarbejderressourcer( for (indsatsområdet|aktiviteten))?",
    Label.MUNICIPAL: (
        r"(sammenhæng(en)?|relation(en)?) (med|til) (den )?kommunale? "
        r"(indsats(er)?|tilbud|service(ydelser)?)( i boligområdet)?"
    ),
    Label.BUDGET: (
        r"(indsatsområdets )?økonomi( i henhold til budget(tet)?)?|budget( for indsatsområdet)?"
    ),
    Label.CONFLICT: r"konflikt(håndtering|løsning)( og underretning)?",
    Label.REVISION: r"revision( af (del)?aftalen)?",
    Label.PERIOD: (
        r"(del)?aftalen gælder( fra)?( og med)?|(del)?aftalens (periode|varighed|løbetid)"
        r"|gyldighedsperiode"
    ),
    Label.ACTIVITY_NAME: r"aktivitetsnavn|aktivitetens navn|navn på aktivitet(en)?|aktivitet \d+",
    Label.ACTIVITY_CONTENT: r"indhold og praksis|aktivitetsbeskrivelse",
    Label.TARGET_GROUPS: r"målgrupper?",
    Label.RESPONSIBILITIES: r"ansvars?- og rollefordeling|roller og ansvar",
}
FULL_LABELS = [(label, re.compile(pattern)) for label, pattern in LABEL_PATTERNS.items()]
# With a colon, a template label may carry a few words more: "Problemkompleks i Vollsmose:".
LABEL_PREFIXES = [
    (label, re.compile(rf"(?:{pattern})(?=[\s,]|$)")) for label, pattern in LABEL_PATTERNS.items()
]
MAX_EXTRA_LABEL_WORDS = 8

ACTIVITY_LABELS = frozenset(
    {Label.ACTIVITY_NAME, Label.ACTIVITY_CONTENT, Label.TARGET_GROUPS, Label.RESPONSIBILITIES}
)
SHARED_LABELS = frozenset({Label.PURPOSE, Label.CRITERIA, Label.DATA_SOURCE, Label.WORKING_GROUPS})

PARENTHESES = re.compile(r"\([^()]*\)")
DASHES = re.compile(r"[\u2010-\u2015\u2212]")
# Numbering before a label, typed or Word's own list numbers: "1.2", "a)", "b.", "iv.", "◦".
LABEL_NUMBERING = re.compile(
    r"^(?:\d{1,2}(?:\.(?:\d{1,2}|x+))*\.?|[a-z][.)]|[ivx]{1,5}[.)]|[•◦▪‣⁃➢✓❖-])\s*"
)


def label_key(text: str) -> str:
    # A Word footnote on a label ("Problemkompleks¹:") leaves its note in the section.
    key = DASHES.sub("-", FOOTNOTE_MARKER.sub("", text.casefold()))
    while True:
        shorter = PARENTHESES.sub(" ", key)
        if shorter == key:
            break
        key = shorter
    key = LABEL_NUMBERING.sub("", SPACES.sub(" ", key).strip())
    return re.sub(r"\s+,", ",", key).strip(" :.;*•")


def match_label(text: str) -> Label | None:
    """The template label a whole cell (or line) is, if any."""
    if len(text) > 300:
        return None
    key = label_key(text)
    for label, pattern in FULL_LABELS:
        if pattern.fullmatch(key):
            return label
    if not text.rstrip().endswith(":"):
        return None
    for label, pattern in LABEL_PREFIXES:
        found = pattern.match(key)
        if found and len(key[found.end() :].split()) <= MAX_EXTRA_LABEL_WORDS:
            return label
    return None


def split_label(line: str) -> tuple[Label | None, str]:
    """The label of a line and the text after it: "Målgruppe(r): Alle beboere"."""
    label = match_label(line)
    if label is not None:
        return label, ""
    head, colon, tail = line.partition(":")
    if colon and tail.strip() and len(head) <= 120:
        label = next(
            (lb for lb, pattern in FULL_LABELS if pattern.fullmatch(label_key(head))), None
        )
        if label is not None:
            return label, tail.strip()
    return None, ""


def looks_like_heading(text: str) -> bool:
    """An unknown section heading: a short line ending with a colon, like the template's."""
    return (
        "\n" not in text
        and text.endswith(":")
        and len(text) <= 80
        and len(text.split()) <= MAX_EXTRA_LABEL_WORDS
        and text[0].isupper()
        and ". " not in text
        and BULLET not in text
    )
