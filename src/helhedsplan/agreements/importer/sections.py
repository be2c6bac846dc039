"""Conversion: the labelled parts become the dataclasses of :mod:`agreements.document`.

Each section of the template has its converter here (title and focus area, criteria with
their data sources, activities, the budget table); the figures inside the text are read by
:mod:`.numbers` and the estates proposed by :mod:`.estates`. What is missing or cannot be
read becomes a Danish warning on the document, never an error.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from django.utils.translation import gettext

from helhedsplan.agreements.document import (
    FOOTNOTE_LINE,
    FOOTNOTE_MARKER,
    Activity,
    AgreementDocument,
    BudgetLine,
    Criterion,
    Section,
    split_required_share,
)
from helhedsplan.agreements.importer.estates import listed_names, propose_housing_areas
from helhedsplan.agreements.importer.labels import Label, label_key
from helhedsplan.agreements.importer.numbering import list_item
from helhedsplan.agreements.importer.numbers import (
    parse_amount,
    parse_period,
    parse_staff_resources,
)
from helhedsplan.agreements.importer.outline import (
    SENTENCE_ENDINGS,
    ActivityParts,
    Outline,
    Part,
    one_line,
    part_text,
)
from helhedsplan.agreements.importer.reading import BULLET


def convert(outline: Outline, warnings: list[str]) -> AgreementDocument:
    """The document, with the reader's warnings first."""
    return _Converter(outline, warnings).document()


class _Converter:
    def __init__(self, outline: Outline, warnings: list[str]) -> None:
        self.outline = outline
        self.warnings: list[str] = list(warnings)

    def text(self, label: Label) -> str:
        return part_text(self.outline.parts.get(label))

    def document(self) -> AgreementDocument:
        title, preamble = _title_and_preamble(self.outline.opening)
        programme = one_line(self.text(Label.PROGRAMME))
        focus_area = one_line(self.text(Label.FOCUS_AREA)) or focus_area_from_title(title)
        period_text = self.text(Label.PERIOD)
        period_start, period_end = self.period(period_text)
        staff_text = self.text(Label.STAFF)
        staff = parse_staff_resources(staff_text)
        budget, budget_note = _budget(self.outline.parts.get(Label.BUDGET))
        parties = self.text(Label.PARTIES)
        working_groups = self.text(Label.WORKING_GROUPS)
        activities = self.activities(f"{parties}\n{working_groups}")
        other_sections = [self.unknown_section(part, None) for part in self.outline.unknown]
        document = AgreementDocument(
            title=title,
            focus_area=focus_area,
            programme=programme,
            period_start=period_start,
            period_end=period_end,
            period_text=period_text,
            preamble=preamble,
            parties=parties,
            working_groups=working_groups,
            problem_complex=self.text(Label.PROBLEM),
            purpose=self.text(Label.PURPOSE),
            overall_success_criteria=self.criteria(self.outline.parts.get(Label.CRITERIA), None),
            activities_overview=self.text(Label.ACTIVITIES_OVERVIEW),
            activities=activities,
            staff_resources=staff,
            staff_resources_text=staff_text,
            municipal_services=self.text(Label.MUNICIPAL),
            budget=budget,
            budget_note=budget_note,
            conflict_handling=self.text(Label.CONFLICT),
            revision=self.text(Label.REVISION),
            other_sections=other_sections,
        )
        housing_areas, described = self.housing_areas(document)
        self.warn_about_gaps(document)
        return replace(
            document,
            housing_areas=housing_areas,
            other_sections=[*document.other_sections, *described],
            warnings=self.warnings,
        )

    def period(self, text: str) -> tuple[date | None, date | None]:
        start, end = parse_period(text)
        if text and (start is None or end is None):
            self.warnings.append(
                gettext("Aftaleperioden »%(period)s« kunne ikke læses helt.") % {"period": text}
            )
        return start, end

    def activities(self, working_group_text: str) -> list[Activity]:
        names = [_activity_name(parts) for parts in self.outline.activities]
        return [
            self.activity(parts, name, working_group_text, names)
            for parts, name in zip(self.outline.activities, names, strict=True)
        ]

    def activity(
        self, parts: ActivityParts, name: str, working_group_text: str, names: list[str]
    ) -> Activity:
        texts = {label: part_text(part) for label, part in parts.parts.items()}
        target_groups = texts.get(Label.TARGET_GROUPS) or None
        working_group = texts.get(Label.WORKING_GROUPS) or _working_group_from(
            working_group_text, name, names
        )
        return Activity(
            name=name,
            content=texts.get(Label.ACTIVITY_CONTENT, ""),
            purpose=texts.get(Label.PURPOSE, ""),
            target_groups=target_groups,
            success_criteria=self.criteria(parts.parts.get(Label.CRITERIA), name),
            responsibilities=texts.get(Label.RESPONSIBILITIES, ""),
            working_group=working_group,
            other_sections=[self.unknown_section(part, name) for part in parts.unknown],
        )

    def criteria(self, part: Part | None, activity: str | None) -> list[Criterion]:
        criteria = _criteria(part)
        if activity is None:
            message = gettext("Succeskriteriet »%(criterion)s« har ingen datakilde.")
        else:
            message = gettext(
                "Succeskriteriet »%(criterion)s« i aktiviteten »%(activity)s« har ingen datakilde."
            )
        for criterion in criteria:
            if criterion.data_source is None:
                self.warnings.append(
                    message % {"criterion": _shortened(criterion.text), "activity": activity}
                )
        return criteria

    def unknown_section(self, part: Part, activity: str | None) -> Section:
        if activity is None:
            message = gettext("Afsnittet »%(heading)s« blev ikke genkendt og er gemt som tekst.")
        else:
            message = gettext(
                "Afsnittet »%(heading)s« i aktiviteten »%(activity)s« blev ikke genkendt og er "
                "gemt som tekst."
            )
        self.warnings.append(message % {"heading": part.heading, "activity": activity})
        return Section(heading=part.heading, text=part_text(part))

    def housing_areas(self, document: AgreementDocument) -> tuple[list[str], list[Section]]:
        """The estates listed under their own label, else proposed from the text; a
        description under that label is kept as a section of its own."""
        part = self.outline.parts.get(Label.HOUSING_AREAS)
        text = part_text(part)
        listed = listed_names(text)
        if listed:
            return listed, []
        if part is None or not text:
            return propose_housing_areas(document), []
        heading = part.heading.rstrip(":").strip()
        self.warnings.append(
            gettext(
                "Afsnittet »%(heading)s« er ikke en liste over boligområder og er gemt som tekst."
            )
            % {"heading": heading}
        )
        return propose_housing_areas(document), [Section(heading=heading, text=text)]

    def warn_about_gaps(self, document: AgreementDocument) -> None:
        if not document.title:
            self.warnings.append(gettext("Delaftalens titel blev ikke fundet."))
        if not document.focus_area:
            self.warnings.append(gettext("Indsatsområdet blev ikke fundet i titlen."))
        if not document.programme:
            self.warnings.append(gettext("Navnet på den boligsociale indsats blev ikke fundet."))
        if not document.period_text:
            self.warnings.append(gettext("Aftaleperioden (»Delaftalen gælder fra«) mangler."))
        if not document.activities:
            self.warnings.append(gettext("Delaftalen indeholder ingen aktiviteter."))
        for activity in document.activities:
            if not activity.name:
                self.warnings.append(gettext("En aktivitet har intet navn."))
        missing = [line.organisation for line in document.budget if line.amount is None]
        if missing:
            self.warnings.append(
                gettext("Budgettet mangler beløb for: %(organisations)s.")
                % {"organisations": ", ".join(missing)}
            )


def _shortened(text: str, limit: int = 60) -> str:
    flat = text.replace("\n", " ")
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


# Title and focus area -------------------------------------------------------------------------

FOCUS_IN_TITLE = re.compile(r"indsatsområde(?:t|r|rne)?\b\s*[:\-–]?\s*(?P<area>.+)", re.IGNORECASE)
DELAFTALE_PREFIX = re.compile(
    r"^delaftale(?:n)?\s*(?:for|om|vedr\.?|vedrørende)?\s*[:\-–]?\s*", re.IGNORECASE
)
MAX_TITLE_LENGTH = 150


def _title_and_preamble(opening: Part) -> tuple[str, str]:
    lines = [line for line in part_text(opening).split("\n") if line]
    title = next((line for line in lines if line.casefold().startswith("delaftale")), "")
    if not title and lines and len(lines[0]) <= MAX_TITLE_LENGTH and lines[0][-1] != ".":
        title = lines[0]
    # Templates repeat the title in the header and the body; keep it once.
    preamble = [line for line in lines if line != title]
    return title, "\n".join(preamble)


def focus_area_from_title(title: str) -> str:
    found = FOCUS_IN_TITLE.search(title)
    if found:
        area = found.group("area")
    elif DELAFTALE_PREFIX.match(title):
        area = DELAFTALE_PREFIX.sub("", title)
    else:
        return ""
    return area.strip(" \"'”“»«’.:-–")


# Criteria -------------------------------------------------------------------------------------

# Typed numbering, or a Word list's own: "1.", "2.1", "a)", "B.", "iv.", "•", "➢".
ITEM_NUMBERING = re.compile(
    r"^\s*(?:[•·▪◦‣⁃➢✓❖*\-–]\s*|\(?\d{1,2}(?:\.\d{1,2})*[.)](?!\d)\s*|\d{1,2}(?:\.\d{1,2})+\s+"
    r"|[a-z]\)\s+|(?:[a-zA-Z]|[ivx]{1,5}|[IVX]{1,5})[.)]\s+)"
)
INLINE_SOURCE = re.compile(r"\s*\bdatakilder?\s*:\s*", re.IGNORECASE)


def _without_numbering(text: str) -> str:
    return ITEM_NUMBERING.sub("", text, count=1).strip()


def _starts_item(line: str) -> bool:
    return ITEM_NUMBERING.match(line) is not None


def _criteria(part: Part | None) -> list[Criterion]:
    """Criteria from rows of "criterion | data source"; a row beginning in lower case continues
    the criterion cut by a page break, and a row of only a source belongs to the one above."""
    if part is None:
        return []
    drafts: list[list[str]] = []
    for row in part.rows:
        text = row[0].strip() if row else ""
        source = " ".join(cell for cell in row[1:] if cell)
        if not text:
            if drafts:
                drafts[-1][1] = _joined(drafts[-1][1], source)
            continue
        for index, item in enumerate(_criterion_items(text, len(row) > 1)):
            if drafts and _continues_criterion(drafts[-1][0], item):
                drafts[-1][0] = _joined(drafts[-1][0], item)
            else:
                drafts.append([item, ""])
            if index == 0:
                drafts[-1][1] = _joined(drafts[-1][1], source)
    if drafts:
        _attach_notes(drafts, part.notes)
    return [_criterion(text, source) for text, source in drafts]


def _attach_notes(drafts: list[list[str]], notes: list[str]) -> None:
    """A Word footnote's note goes to the criterion whose text refers to it; a typed note, which
    a page break separates from its criterion, to the last criterion."""
    referring: dict[str, int] = {}
    for index, (text, _source) in enumerate(drafts):
        for marker in FOOTNOTE_MARKER.findall(text):
            referring.setdefault(marker, index)
    for note in notes:
        found = FOOTNOTE_LINE.match(note)
        index = referring.get(found["marker"], -1) if found else -1
        drafts[index][0] = "\n".join([drafts[index][0], note])


def _continues_criterion(before: str, item: str) -> bool:
    """A row beginning in lower case continues the criterion a page break cut, unless it is
    an item of a lettered or roman-numbered list ("b) ", "ii. ")."""
    return item[0].islower() and before[-1] not in SENTENCE_ENDINGS and list_item(item) is None


def _joined(*texts: str) -> str:
    return " ".join(text for text in texts if text)


def _criterion_items(text: str, has_source_column: bool) -> list[str]:
    """A criterion cell; without a source column one cell may list several numbered criteria."""
    lines = text.split("\n")
    if has_source_column or not _starts_item(lines[0]):
        return [text]
    items: list[str] = []
    for line in lines:
        if _starts_item(line) or not items:
            items.append(line)
        else:
            items[-1] = f"{items[-1]}\n{line}"
    return items


def _criterion(text: str, source: str) -> Criterion:
    text, required_share = split_required_share(_without_numbering(text))
    if not source:
        text, _, source = (part.strip() for part in _partition_source(text))
    source = source.strip()
    return Criterion(
        text=text,
        data_source=source if any(c.isalnum() for c in source) else None,
        required_share=required_share,
    )


def _partition_source(text: str) -> tuple[str, str, str]:
    found = INLINE_SOURCE.search(text)
    if found is None:
        return text, "", ""
    return text[: found.start()], found.group(), text[found.end() :]


# Activities -----------------------------------------------------------------------------------


def _activity_name(parts: ActivityParts) -> str:
    return _without_numbering(one_line(part_text(parts.parts.get(Label.ACTIVITY_NAME))))


TRAILING_CAPITALISED = re.compile(r"(?:\s+[A-ZÆØÅ]\S*)+:$")


def _working_group_from(text: str, name: str, names: list[str]) -> str:
    """The bullets after "<activity name>:" in the parties' text, which lists each activity's
    working group as a heading followed by bullets."""
    if not name:
        return ""
    folded = text.casefold()
    start = folded.find(f"{name.casefold()}:")
    if start < 0:
        return ""
    rest = text[start + len(name) + 1 :]
    ends = [rest.casefold().find(f"{other.casefold()}:") for other in names if other != name]
    rest = rest[: min([end for end in ends if end >= 0], default=len(rest))]
    members: list[str] = []
    for item in (piece.strip() for piece in rest.split(BULLET)):
        if not item:
            continue
        if item.endswith(":"):
            # The bullet runs into the heading of a group we cannot name; keep what precedes it.
            member = TRAILING_CAPITALISED.sub("", item).strip()
            if member and member != item.rstrip(":"):
                members.append(member)
            break
        members.append(item)
    return "\n".join(members)


# Budget ---------------------------------------------------------------------------------------

BUDGET_HEADER = re.compile(r"(finansiering\w*|beløb|budget|kr|kroner|dkk|i alt|sum)\b.*")
INLINE_BUDGET_LINE = re.compile(
    r"^(?P<organisation>[^\d:]{2,80}?)\s*[:–-]?\s*"
    r"(?P<amount>(?:kr\.?\s*)?\d[\d. ]*(?:,\d+|,-)?\s*(?:mio\.?|millioner)?\s*(?:kr\.?|dkk)?)$",
    re.IGNORECASE,
)


def _budget(part: Part | None) -> tuple[list[BudgetLine], str]:
    if part is None:
        return [], ""
    lines: list[BudgetLine] = []
    notes: list[str] = []
    for row in part.rows:
        filled = [cell for cell in row if cell]
        if not filled or _is_budget_header(filled):
            continue
        if len(row) > 1 and row[0]:
            lines.append(BudgetLine(row[0], parse_amount(filled[-1] if len(filled) > 1 else "")))
        elif len(filled) == 1 and (inline := INLINE_BUDGET_LINE.match(filled[0])):
            lines.append(BudgetLine(inline["organisation"].strip(), parse_amount(inline["amount"])))
        else:
            notes.append(" | ".join(filled))
    return lines, "\n".join([*notes, *part.notes])


def _is_budget_header(cells: list[str]) -> bool:
    return (
        len(cells) > 1
        and not any(char.isdigit() for cell in cells for char in cell)
        and BUDGET_HEADER.fullmatch(label_key(cells[-1])) is not None
    )
