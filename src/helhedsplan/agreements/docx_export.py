"""Write a delaftale as a Word file laid out like Landsbyggefonden's template.

Each section is a shaded label row followed by its text, in the template's order, with one
table per activity. The labels are the template's own, so :func:`parse_docx` reads the file
back into the same structure.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from itertools import groupby
from typing import cast

import docx
from django.utils import translation
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from helhedsplan.agreements.document import (
    Activity,
    AgreementDocument,
    BudgetLine,
    Criterion,
    Section,
    StaffResource,
)
from helhedsplan.agreements.importer import (
    focus_area_from_title,
    parse_period,
    parse_staff_resources,
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
    _write_agreement_form(_Form(document), doc)
    if doc.activities:
        heading = document.add_paragraph(style="Heading 2")
        heading.add_run(ACTIVITIES_HEADING)
    for activity in doc.activities:
        _write_activity_form(_Form(document), activity)
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

    def __init__(self, document: Document) -> None:
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
        _write_lines(self._wide_row(), text.split("\n"))

    def criteria(self, label: str, criteria: list[Criterion]) -> None:
        self._pair(label, "Datakilde:", header=True)
        for number, criterion in enumerate(criteria, start=1):
            self._pair(f"{number}. {criterion.text}", criterion.data_source or "")

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
            _write_lines(cell, text.split("\n"), style=self.label_style if header else None)


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
