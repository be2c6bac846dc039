"""A parsed delaftale: the interchange between the importer, the database layer and the exporter.

The fields follow Landsbyggefonden's template for a delaftale, in the template's order. Text
sections are plain strings whose paragraphs are separated by ``\\n``; the structured parts
(criteria, activities, staff resources, budget) are derived from them by the importer and are
what the rest of the system works with. A list item keeps its number or bullet in the text as
Word shows it ("1. ", "a) ", "• "), and a footnote is held by the text it belongs to (see
:func:`split_footnotes`), so every text field, and the database, carries both as plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

StaffPeriod = Literal["week", "half_year", "year"]
STAFF_PERIODS: tuple[StaffPeriod, ...] = ("week", "half_year", "year")


def staff_period(value: str) -> StaffPeriod | None:
    """A staff period as the database and the forms store it ("" for none), typed."""
    return next((period for period in STAFF_PERIODS if period == value), None)


@dataclass(frozen=True)
class Criterion:
    text: str
    data_source: str | None = None
    # The share (in %) of a criterion's weeks, months, … that must meet its target for the
    # year to be met; 100 ("every week") unless the agreement says otherwise.
    required_share: int = 100


# How a document writes a required share other than 100 %: a line of its own in the
# criterion's cell, "Krævet andel af perioder: 80 %", which the importer reads back.
REQUIRED_SHARE_LINE = "Krævet andel af perioder: {share} %"
REQUIRED_SHARE = re.compile(r"\s*krævet andel af perioder(?:ne)?\s*:\s*(\d{1,3})\s*%\s*", re.I)


def criterion_text(criterion: Criterion) -> str:
    """The criterion as a document writes it: its text, and its required share when the
    agreement asks for less than every period."""
    if criterion.required_share == 100:
        return criterion.text
    return f"{criterion.text}\n{REQUIRED_SHARE_LINE.format(share=criterion.required_share)}"


def split_required_share(text: str) -> tuple[str, int]:
    """A criterion's text without its required-share line, and the share (100 without one; a
    share outside 1-100 is left in the text, where a person sees it)."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        found = REQUIRED_SHARE.fullmatch(line)
        if found and 1 <= int(found.group(1)) <= 100:
            return "\n".join(lines[:index] + lines[index + 1 :]), int(found.group(1))
    return text, 100


@dataclass(frozen=True)
class Section:
    """A section the importer did not recognise, kept word for word."""

    heading: str
    text: str


@dataclass(frozen=True)
class Activity:
    name: str
    content: str = ""
    purpose: str = ""
    target_groups: str | None = None
    success_criteria: list[Criterion] = field(default_factory=list)
    responsibilities: str = ""
    working_group: str = ""
    other_sections: list[Section] = field(default_factory=list)


@dataclass(frozen=True)
class StaffResource:
    """Hours a role puts into the focus area; ``employer`` is the programme or the partner
    organisation the people come from."""

    role: str
    count: int | None = None
    hours: float | None = None
    per: StaffPeriod | None = None
    employer: str = ""


@dataclass(frozen=True)
class BudgetLine:
    organisation: str
    amount: Decimal | None = None


@dataclass(frozen=True)
class AgreementDocument:
    """One delaftale.

    ``period_text``, ``staff_resources_text`` and ``budget_note`` keep the wording the
    structured fields were read from, so an export can reproduce the approved text; the
    exporter uses the wording only while it still agrees with the structured fields.
    ``housing_areas`` is a proposal that the user confirms.
    """

    title: str = ""
    focus_area: str = ""
    programme: str = ""
    housing_areas: list[str] = field(default_factory=list)
    period_start: date | None = None
    period_end: date | None = None
    period_text: str = ""
    preamble: str = ""
    parties: str = ""
    working_groups: str = ""
    problem_complex: str = ""
    purpose: str = ""
    overall_success_criteria: list[Criterion] = field(default_factory=list)
    activities_overview: str = ""
    activities: list[Activity] = field(default_factory=list)
    staff_resources: list[StaffResource] = field(default_factory=list)
    staff_resources_text: str = ""
    municipal_services: str = ""
    budget: list[BudgetLine] = field(default_factory=list)
    budget_note: str = ""
    conflict_handling: str = ""
    revision: str = ""
    other_sections: list[Section] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# Footnotes ------------------------------------------------------------------------------------
#
# A footnote stays in the text it belongs to (a section's text, a criterion's text): its marker,
# the note's number in superscript digits, follows the word it refers to ("analysen¹"), and the
# note is a line of the same text, below the reference, that begins with the marker
# ("¹ Analysen er fra 2017."). Superscript digits, unlike the ordinary digits of a footnote typed
# into the text ("analysen1", which stays text), say unambiguously that Word held a footnote, so
# the Word export can write a Word footnote back, and no figure a parser reads grows a digit.

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
FOOTNOTE_MARKER = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
FOOTNOTE_LINE = re.compile(f"(?P<marker>[{SUPERSCRIPT_DIGITS}]+) (?P<note>.*)")


def footnote_marker(number: int) -> str:
    """Word's number of a footnote as a marker in the text: 12 is "¹²"."""
    return "".join(SUPERSCRIPT_DIGITS[int(digit)] for digit in str(number))


def footnote_line(marker: str, note: str) -> str:
    return f"{marker} {note}" if note else marker


def split_footnotes(text: str) -> tuple[list[str], dict[str, str]]:
    """A text's lines without its footnotes, and the notes by marker: a note is a line that
    begins with a marker which a line above it refers to."""
    lines: list[str] = []
    notes: dict[str, str] = {}
    referenced: set[str] = set()
    for line in text.split("\n"):
        found = FOOTNOTE_LINE.fullmatch(line)
        if found and found["marker"] in referenced and found["marker"] not in notes:
            notes[found["marker"]] = found["note"]
        else:
            lines.append(line)
            referenced.update(FOOTNOTE_MARKER.findall(line))
    return lines, notes


def as_dry_run_json(doc: AgreementDocument) -> dict[str, Any]:
    """What an import would store, as JSON-ready data for a preview and for the API."""
    return {
        "title": doc.title,
        "focus_area": doc.focus_area,
        "programme": doc.programme,
        "housing_areas": list(doc.housing_areas),
        "period_start": _iso_or_none(doc.period_start),
        "period_end": _iso_or_none(doc.period_end),
        "overall_success_criteria": [_criterion_json(c) for c in doc.overall_success_criteria],
        "activities": [_activity_json(a) for a in doc.activities],
        "staff_resources": [_staff_json(s) for s in doc.staff_resources],
        "budget": [_budget_json(b) for b in doc.budget],
        "warnings": list(doc.warnings),
        "preamble": doc.preamble,
        "parties": doc.parties,
        "working_groups": doc.working_groups,
        "problem_complex": doc.problem_complex,
        "purpose": doc.purpose,
        "activities_overview": doc.activities_overview,
        "staff_resources_text": doc.staff_resources_text,
        "municipal_services": doc.municipal_services,
        "budget_note": doc.budget_note,
        "conflict_handling": doc.conflict_handling,
        "revision": doc.revision,
        "period_text": doc.period_text,
        "other_sections": [_section_json(s) for s in doc.other_sections],
    }


def _iso_or_none(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _number_or_none(value: float | Decimal | None) -> int | float | None:
    if value is None:
        return None
    if value == int(value):
        return int(value)
    return float(value)


def _criterion_json(criterion: Criterion) -> dict[str, Any]:
    return {
        "text": criterion.text,
        "data_source": criterion.data_source,
        "required_share": criterion.required_share,
    }


def _section_json(section: Section) -> dict[str, Any]:
    return {"heading": section.heading, "text": section.text}


def _activity_json(activity: Activity) -> dict[str, Any]:
    return {
        "name": activity.name,
        "target_groups": activity.target_groups,
        "success_criteria": [_criterion_json(c) for c in activity.success_criteria],
        "content": activity.content,
        "purpose": activity.purpose,
        "responsibilities": activity.responsibilities,
        "working_group": activity.working_group,
        "other_sections": [_section_json(s) for s in activity.other_sections],
    }


def _staff_json(staff: StaffResource) -> dict[str, Any]:
    return {
        "role": staff.role,
        "count": staff.count,
        "hours": _number_or_none(staff.hours),
        "per": staff.per,
        "employer": staff.employer,
    }


def _budget_json(line: BudgetLine) -> dict[str, Any]:
    return {"organisation": line.organisation, "amount": _number_or_none(line.amount)}


def from_dry_run_json(data: dict[str, Any]) -> AgreementDocument:
    """The document ``as_dry_run_json`` wrote: a staged import stores that JSON and rebuilds
    the document from it instead of reading the file again.

    Amounts come back through a float, which is exact for every amount a budget line can
    store (at most 14 digits).
    """
    return AgreementDocument(
        title=data["title"],
        focus_area=data["focus_area"],
        programme=data["programme"],
        housing_areas=list(data["housing_areas"]),
        period_start=_date_or_none(data["period_start"]),
        period_end=_date_or_none(data["period_end"]),
        period_text=data["period_text"],
        preamble=data["preamble"],
        parties=data["parties"],
        working_groups=data["working_groups"],
        problem_complex=data["problem_complex"],
        purpose=data["purpose"],
        overall_success_criteria=[_criterion(c) for c in data["overall_success_criteria"]],
        activities_overview=data["activities_overview"],
        activities=[_activity(a) for a in data["activities"]],
        staff_resources=[_staff(s) for s in data["staff_resources"]],
        staff_resources_text=data["staff_resources_text"],
        municipal_services=data["municipal_services"],
        budget=[_budget_line(b) for b in data["budget"]],
        budget_note=data["budget_note"],
        conflict_handling=data["conflict_handling"],
        revision=data["revision"],
        other_sections=[_section(s) for s in data["other_sections"]],
        warnings=list(data["warnings"]),
    )


def _date_or_none(value: str | None) -> date | None:
    return date.fromisoformat(value) if value is not None else None


def _criterion(data: dict[str, Any]) -> Criterion:
    # Parses staged before required shares existed have none: every period then.
    return Criterion(
        text=data["text"],
        data_source=data["data_source"],
        required_share=data.get("required_share", 100),
    )


def _section(data: dict[str, Any]) -> Section:
    return Section(heading=data["heading"], text=data["text"])


def _activity(data: dict[str, Any]) -> Activity:
    return Activity(
        name=data["name"],
        content=data["content"],
        purpose=data["purpose"],
        target_groups=data["target_groups"],
        success_criteria=[_criterion(c) for c in data["success_criteria"]],
        responsibilities=data["responsibilities"],
        working_group=data["working_group"],
        other_sections=[_section(s) for s in data["other_sections"]],
    )


def _staff(data: dict[str, Any]) -> StaffResource:
    return StaffResource(
        role=data["role"],
        count=data["count"],
        hours=float(data["hours"]) if data["hours"] is not None else None,
        per=data["per"],
        employer=data["employer"],
    )


def _budget_line(data: dict[str, Any]) -> BudgetLine:
    amount = data["amount"]
    return BudgetLine(
        organisation=data["organisation"],
        amount=Decimal(str(amount)) if amount is not None else None,
    )
