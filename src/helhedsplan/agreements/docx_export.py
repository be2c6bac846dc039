"""Write a delaftale as a Word file laid out like Landsbyggefonden's template.

Each section is a shaded label row followed by its text, in the template's order, with one
table per activity. The labels are the template's own, so :func:`parse_docx` reads the file
back into the same structure. A text's footnotes (``document.split_footnotes``) become Word
footnotes, and its runs of list items Word lists, numbered so that Word shows the numbers and
bullets the text holds and the importer reads them back as they were.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from itertools import groupby
from typing import cast
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import docx
from django.utils import translation
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import CharacterStyle, ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from helhedsplan.agreements.document import (
    FOOTNOTE_MARKER,
    Activity,
    AgreementDocument,
    BudgetLine,
    Criterion,
    Section,
    StaffResource,
    criterion_text,
    footnote_marker,
    split_footnotes,
)
from helhedsplan.agreements.importer import (
    focus_area_from_title,
    parse_period,
    parse_staff_resources,
)
from helhedsplan.agreements.importer.numbering import (
    LEVELS,
    Level,
    ListCounter,
    Numbering,
    Shape,
    list_item,
)
from helhedsplan.core.numbers import format_value

__all__ = ["render_docx"]

LABEL_STYLE = "Delaftale etiket"
LABEL_SHADE = "DCE6F0"
LABEL_COLOUR = RGBColor(0x1F, 0x3A, 0x5F)
PAGE_WIDTH = Cm(16)
COLUMN_WIDTHS = (Cm(11), Cm(5))
MONTH_NAMES = (
    "januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
    "oktober", "november", "december",
)  # fmt: skip
UNIT_WORDS = {"week": "uge", "half_year": "halvår", "year": "år"}
# Hours and amounts are written with as many decimals as they have, up to this many.
MOST_DECIMALS = 6
ACTIVITIES_HEADING = (
    "Aktiviteter, som skal bidrage til indfrielsen af mål for indsatsområdet "
    "(ét skema pr. aktivitet):"
)


def render_docx(doc: AgreementDocument) -> bytes:
    document = docx.Document()
    _set_up(document, doc.title)
    if doc.title:
        document.add_paragraph(doc.title, style="Title")
    prose = _Prose(document)
    _write_agreement_form(_Form(prose), doc)
    if doc.activities:
        heading = document.add_paragraph(style="Heading 2")
        heading.add_run(ACTIVITIES_HEADING)
    for activity in doc.activities:
        _write_activity_form(_Form(prose), activity)
        document.add_paragraph()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _write_agreement_form(form: _Form, doc: AgreementDocument) -> None:
    if doc.preamble:
        form.text(doc.preamble)
    if focus_area_from_title(doc.title) != doc.focus_area:
        form.section("Indsatsområde:", doc.focus_area)
    form.section("Navn på den boligsociale indsats, som delaftalen vedrører:", doc.programme)
    if doc.housing_areas:
        form.section("Omfattede boligområder:", ", ".join(doc.housing_areas))
    form.section("Aftalens parter:", doc.parties)
    if doc.working_groups:
        form.section("Faglige arbejdsgrupper:", doc.working_groups)
    form.section("Problemkompleks for indsatsområdet:", doc.problem_complex)
    form.label("Formål, mål og succeskriterier for indsatsområdet:")
    form.section("Formål og mål:", doc.purpose)
    form.criteria("Succeskriterier (lokalt opstillede målinger):", doc.overall_success_criteria)
    form.section(
        "Aktiviteter, som skal bidrage til indfrielse af formål, mål og succeskriterier:",
        doc.activities_overview,
    )
    form.section("Medarbejderressourcer for indsatsområdet:", _staff_text(doc))
    form.section("Sammenhængen med den kommunale indsats i boligområdet:", doc.municipal_services)
    form.budget(doc.budget, doc.budget_note)
    form.section("Konflikthåndtering og underretning:", doc.conflict_handling)
    form.section("Revision af delaftalen:", doc.revision)
    form.other_sections(doc.other_sections)
    form.section("Delaftalen gælder fra:", _period_text(doc))


def _write_activity_form(form: _Form, activity: Activity) -> None:
    form.section("Aktivitetsnavn:", activity.name)
    form.section("Indhold og praksis (aktivitetsbeskrivelse):", activity.content)
    form.section("Formål og mål:", activity.purpose)
    form.section("Målgruppe(r):", activity.target_groups or "")
    form.label("Succeskriterier og datakilde for aktiviteten:")
    form.criteria("Succeskriterier:", activity.success_criteria)
    form.section("Ansvars- og rollefordeling:", activity.responsibilities)
    if activity.working_group:
        form.section("Faglig arbejdsgruppe:", activity.working_group)
    form.other_sections(activity.other_sections)


class _Form:
    """A two-column table in the template's style: shaded label rows, text rows under them."""

    def __init__(self, prose: _Prose) -> None:
        document = prose.document
        self.prose = prose
        self.table: Table = document.add_table(rows=0, cols=2)
        # Styles looked up by name are searched for on every use; keep the object.
        self.label_style = cast(ParagraphStyle, document.styles[LABEL_STYLE])
        self.table.style = "Table Grid"
        self.table.autofit = False
        # New rows take their cells' widths from the grid.
        for column, width in zip(self.table.columns, COLUMN_WIDTHS, strict=True):
            column.width = width

    def section(self, label: str, text: str) -> None:
        self.label(label)
        self.text(text)

    def label(self, text: str) -> None:
        cell = self._wide_row()
        _shade(cell)
        _write_lines(cell, [text], style=self.label_style)

    def text(self, text: str) -> None:
        self.prose.write(self._wide_row(), text)

    def criteria(self, label: str, criteria: list[Criterion]) -> None:
        self._pair(label, "Datakilde:", header=True)
        for number, criterion in enumerate(criteria, start=1):
            self._pair(f"{number}. {criterion_text(criterion)}", criterion.data_source or "")

    def budget(self, lines: list[BudgetLine], note: str) -> None:
        self.label("Indsatsområdets økonomi i henhold til budget:")
        if note:
            self.text(note)
        self._pair("Organisation", "Finansiering", header=True)
        for line in lines:
            self._pair(line.organisation, _amount_text(line.amount))

    def other_sections(self, sections: Iterable[Section]) -> None:
        for section in sections:
            self.section(f"{section.heading}:", section.text)

    def _wide_row(self) -> _Cell:
        # One cell spanning both columns; python-docx's general merge is slow for this.
        row = self.table.add_row()._tr
        first, second = row.tc_lst
        row.remove(second)
        first.grid_span = 2
        first.width = PAGE_WIDTH
        return _Cell(first, self.table)

    def _pair(self, left: str, right: str, *, header: bool = False) -> None:
        row = self.table.add_row()._tr
        for tc, text in zip(row.tc_lst, (left, right), strict=True):
            cell = _Cell(tc, self.table)
            if header:
                _shade(cell)
                _write_lines(cell, text.split("\n"), style=self.label_style)
            else:
                self.prose.write(cell, text)


def _write_lines(cell: _Cell, lines: list[str], *, style: ParagraphStyle | None = None) -> None:
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph()
        paragraph.add_run(line)
        if style:
            paragraph.style = style


def _shade(cell: _Cell) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), LABEL_SHADE)
    cell._tc.get_or_add_tcPr().append(shading)


def _set_up(document: Document, title: str) -> None:
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(3)
    label = document.styles.add_style(LABEL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    label.base_style = normal
    label.font.bold = True
    label.font.color.rgb = LABEL_COLOUR
    label.paragraph_format.keep_with_next = True
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "da-DK")
    normal.element.get_or_add_rPr().append(language)
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2)
    document.core_properties.title = title
    document.core_properties.language = "da-DK"
    _add_page_footer(section.footer.paragraphs[0], title)


def _add_page_footer(paragraph: Paragraph, title: str) -> None:
    paragraph.add_run(f"{title} – side " if title else "Side ").font.size = Pt(8)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        run = paragraph.add_run()
        run.font.size = Pt(8)
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
        else:
            field = OxmlElement("w:instrText")
            field.set(qn("xml:space"), "preserve")
            field.text = text
        run._r.append(field)


def _staff_text(doc: AgreementDocument) -> str:
    """The agreement's own wording while it still says what the structured lines say."""
    if parse_staff_resources(doc.staff_resources_text) == doc.staff_resources:
        return doc.staff_resources_text
    lines: list[str] = []
    for employer, resources in groupby(doc.staff_resources, key=lambda staff: staff.employer):
        if employer:
            lines.append(f"{employer}:")
        lines.extend(_staff_sentence(staff) for staff in resources)
    return "\n".join(lines)


def _staff_sentence(staff: StaffResource) -> str:
    who = f"{staff.count} {staff.role}" if staff.count is not None else staff.role
    if staff.hours is None or staff.per is None:
        return f"{who} indgår."
    return f"{who} indgår med {_number_text(staff.hours)} timer pr. {UNIT_WORDS[staff.per]}."


def _period_text(doc: AgreementDocument) -> str:
    if parse_period(doc.period_text) == (doc.period_start, doc.period_end):
        return doc.period_text
    dates = [_date_text(day) for day in (doc.period_start, doc.period_end) if day is not None]
    return " til ".join(dates)


def _date_text(day: date) -> str:
    return f"{day.day}. {MONTH_NAMES[day.month - 1]} {day.year}"


def _number_text(value: float | Decimal, unit: str = "", decimals: int | None = None) -> str:
    """A number as ``core.numbers`` writes it in Danish, whatever the reader's language: the
    agreement is a Danish document ("1.234.567", "7,5"). Its decimals are kept (up to
    ``MOST_DECIMALS``), so that the importer reads back the same number."""
    with translation.override("da"):
        return format_value(float(value), unit, decimals, most=MOST_DECIMALS)


def _amount_text(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    # Øre are written with both digits: "1.234.567,50 kr.".
    decimals = 2 if amount != int(amount) and amount == round(amount, 2) else None
    return _number_text(amount, "kr.", decimals)


# Text rows: Word footnotes and Word lists ------------------------------------------------------

# A footnote's marker right after a unit ("65 m²") is the unit's exponent, not a reference.
UNIT_BEFORE = re.compile(r"(?<![^\W\d_])(?:k|c|d|m)?m$")
LIST_STYLE = "List Paragraph"
FOOTNOTE_TEXT_STYLE = "Footnote Text"
FOOTNOTE_REFERENCE_STYLE = "Footnote Reference"
# Word's list indents: each level 0.63 cm further in, the number hanging before the text.
INDENT_STEP = 360
# The two separators Word keeps at the top of its footnotes part (ids -1 and 0).
FOOTNOTES_XML = f"""<w:footnotes {nsdecls("w")}>
<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240"
 w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"
 w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
</w:footnotes>"""


class _Prose:
    """Writes a text into a cell, a paragraph per line: its footnotes as Word footnotes, and each
    run of two or more list items ("1. ", "a) ", "• ") as a Word list, numbered so that Word
    shows the markers the text holds."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.footnotes = _Footnotes(document)
        self.lists = _Lists(document)

    def write(self, cell: _Cell, text: str) -> None:
        lines, notes = split_footnotes(text)
        pending = dict(notes)
        paragraph = cell.paragraphs[0]
        for index, (line, place) in enumerate(self.lists.plan(lines)):
            if index:
                paragraph = cell.add_paragraph()
            if place is not None:
                self.lists.number(paragraph, *place)
            self.footnotes.write(paragraph, line, pending)
        # A note whose reference could not be placed stays a line of text, as it was.
        for marker, note in pending.items():
            cell.add_paragraph().add_run(f"{marker} {note}")


class _Footnotes:
    """The document's footnotes part, created with the first footnote.

    Word numbers footnotes in the order they are referenced. A marker that is the next number
    becomes such a numbered footnote; any other (the text's footnotes came from another order)
    is written as the footnote's own mark (``w:customMarkFollows``), so the number the text holds
    is the number Word shows and the importer reads."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.part: _FootnotesPart | None = None
        self.numbered = 0
        self.last_id = 0

    def write(self, paragraph: Paragraph, line: str, pending: dict[str, str]) -> None:
        start = 0
        for found in FOOTNOTE_MARKER.finditer(line):
            marker = found.group()
            if marker not in pending or UNIT_BEFORE.search(line, 0, found.start()):
                continue
            if found.start() > start:
                paragraph.add_run(line[start : found.start()])
            self._reference(paragraph, marker, pending.pop(marker))
            start = found.end()
        if start < len(line) or not line:
            paragraph.add_run(line[start:])

    def _reference(self, paragraph: Paragraph, marker: str, note: str) -> None:
        if self.part is None:
            self.part = _FootnotesPart(self.document)
        self.last_id += 1
        numbered = marker == footnote_marker(self.numbered + 1)
        reference = OxmlElement("w:footnoteReference")
        reference.set(qn("w:id"), str(self.last_id))
        run = paragraph.add_run()
        if numbered:
            self.numbered += 1
            run.style = self.part.reference_style
            run._r.append(reference)
        else:
            reference.set(qn("w:customMarkFollows"), "1")
            run._r.append(reference)
            run.add_text(marker)
        self.part.add(self.last_id, None if numbered else marker, note)


class _FootnotesPart:
    """``word/footnotes.xml`` with Word's two separators, its relationship from the document and
    the two styles Word gives footnotes (a small text, a superscript number)."""

    def __init__(self, document: Document) -> None:
        self.root = parse_xml(FOOTNOTES_XML)
        main = document.part
        part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self.root, main.package)
        main.relate_to(part, RT.FOOTNOTES)
        styles = document.styles
        text_style = styles.add_style(FOOTNOTE_TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        text_style.base_style = styles["Normal"]
        text_style.font.size = Pt(8)
        text_style.paragraph_format.space_after = Pt(0)
        self.text_style_id = text_style.style_id
        self.reference_style = cast(
            CharacterStyle, styles.add_style(FOOTNOTE_REFERENCE_STYLE, WD_STYLE_TYPE.CHARACTER)
        )
        self.reference_style.font.superscript = True

    def add(self, footnote_id: int, custom_mark: str | None, note: str) -> None:
        """A footnote: its number (or its own mark, as Word writes one) and its text."""
        mark = (
            f'<w:r><w:rPr><w:rStyle w:val="{self.reference_style.style_id}"/></w:rPr>'
            "<w:footnoteRef/></w:r>"
            if custom_mark is None
            else f"<w:r><w:t>{xml_escape(custom_mark)}</w:t></w:r>"
        )
        self.root.append(
            parse_xml(
                f'<w:footnote {nsdecls("w")} w:id="{footnote_id}"><w:p>'
                f'<w:pPr><w:pStyle w:val="{self.text_style_id}"/></w:pPr>{mark}'
                f'<w:r><w:t xml:space="preserve"> {xml_escape(note)}</w:t></w:r>'
                "</w:p></w:footnote>"
            )
        )


class _List:
    """A Word list being planned: its levels, taken from the markers in the order met, and a
    counter that says what Word would show next."""

    NUM = "list"

    def __init__(self, num_id: int, definition: BaseOxmlElement) -> None:
        self.num_id = num_id
        self.definition = definition
        self.shapes: list[Shape] = []
        self.levels: dict[int, Level] = {}
        self.counter = ListCounter(
            Numbering(definitions={"": self.levels}, lists={self.NUM: ("", {})})
        )

    def place(self, marker: str, shapes: list[tuple[Shape, int]]) -> int | None:
        """The level at which Word shows this marker next, adding a level if need be; None if
        the list cannot show it (the text restarts or skips a number)."""
        for shape, _value in shapes:
            if shape in self.shapes and self._shows(self.shapes.index(shape), marker):
                return self.shapes.index(shape)
        for shape, value in shapes:
            if shape not in self.shapes and len(self.shapes) < LEVELS:
                level = len(self.shapes)
                self.shapes.append(shape)
                self.levels[level] = shape.level(level, value)
                if self._shows(level, marker):
                    return level
                self.shapes.pop()
                del self.levels[level]
        return None

    def _shows(self, level: int, marker: str) -> bool:
        if self.counter.preview(self.NUM, level) != marker:
            return False
        self.counter.marker(self.NUM, level)
        return True

    def write_levels(self) -> None:
        for number, level in sorted(self.levels.items()):
            self.definition.append(_level_xml(number, level))


def _level_xml(number: int, level: Level) -> BaseOxmlElement:
    indent = INDENT_STEP * (number + 2)
    return parse_xml(
        f'<w:lvl {nsdecls("w")} w:ilvl="{number}"><w:start w:val="{level.start}"/>'
        f'<w:numFmt w:val="{level.fmt}"/><w:lvlText w:val={quoteattr(level.text)}/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{indent}" w:hanging="{INDENT_STEP}"/>'
        "</w:pPr></w:lvl>"
    )


ListItem = tuple[str, str, list[tuple[Shape, int]]]


class _Lists:
    """The lists the document's text rows hold, each a list definition of its own in the
    numbering part, so that no list continues another's numbers."""

    def __init__(self, document: Document) -> None:
        self.numbering = document.part.numbering_part.element
        self.style = cast(ParagraphStyle, document.styles[LIST_STYLE])
        ids = [int(n) for n in self.numbering.xpath("w:abstractNum/@w:abstractNumId")]
        self.next_definition = max(ids, default=-1) + 1

    def plan(self, lines: list[str]) -> list[tuple[str, tuple[int, int] | None]]:
        """Each line's text, and for a list item its list and level (the marker then left to
        Word). A single line that looks like a list item ("1. januar 2022") stays text."""
        planned: list[tuple[str, tuple[int, int] | None]] = []
        items = [(line, list_item(line)) for line in lines]
        for _, group in groupby(items, key=lambda pair: pair[1] is not None):
            pairs = list(group)
            run = [(line, item) for line, item in pairs if item is not None]
            if len(run) > 1:
                planned.extend(self._list(run))
            else:
                planned.extend((line, None) for line, _ in pairs)
        return planned

    def _list(self, run: list[tuple[str, ListItem]]) -> list[tuple[str, tuple[int, int] | None]]:
        planned: list[tuple[str, tuple[int, int] | None]] = []
        lists: list[_List] = []
        for line, (marker, text, shapes) in run:
            level = lists[-1].place(marker, shapes) if lists else None
            if level is None:
                # The text restarts the numbers, or skips one: a new list takes over.
                lists.append(self._new_list())
                level = lists[-1].place(marker, shapes)
            planned.append((line, None) if level is None else (text, (lists[-1].num_id, level)))
        for planned_list in lists:
            planned_list.write_levels()
        return planned

    def number(self, paragraph: Paragraph, num_id: int, level: int) -> None:
        paragraph.style = self.style
        numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numbering.get_or_add_ilvl().val = level
        numbering.get_or_add_numId().val = num_id

    def _new_list(self) -> _List:
        definition_id = self.next_definition
        self.next_definition += 1
        definition = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{definition_id}">'
            '<w:multiLevelType w:val="hybridMultilevel"/></w:abstractNum>'
        )
        # Every list definition comes before the first list that uses one.
        first = self.numbering.find(qn("w:num"))
        if first is not None:
            first.addprevious(definition)
        else:
            self.numbering.append(definition)
        return _List(self.numbering.add_num(definition_id).numId, definition)
