"""The report in its three files: PDF from the page's own template, Word for further editing,
and the raw figures as a workbook with one sheet per part."""

from __future__ import annotations

import io
from typing import Any

import docx
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx.shared import Pt

from helhedsplan.core.danish import slug
from helhedsplan.core.exports import Column, Sheet, xlsx_sheets_bytes
from helhedsplan.core.numbers import format_number
from helhedsplan.core.pdf import render_pdf
from helhedsplan.reports.queries import Line, Report


def title(report: Report) -> str:
    return _("Statusrapport %(year)s") % {"year": report.year}


def file_name(report: Report, fmt: str) -> str:
    scope = report.agreement.focus_area.name if report.agreement else report.programme.name
    return f"statusrapport-{slug(scope)}-{report.year}.{fmt}"


def pdf(report: Report) -> bytes:
    html = render_to_string("reports/report_pdf.html", {"report": report, "title": title(report)})
    return render_pdf(html)


def _figure(value: float | None) -> str:
    return "–" if value is None else format_number(value)


def _table(document: docx.document.Document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def docx_bytes(report: Report) -> bytes:
    """Real headings and tables, so the secretariat can go on editing the report in Word. The
    charts are given as tables of their figures: no SVG converter is at hand."""
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    document.add_heading(title(report), level=0)
    scope = report.programme.name
    if report.agreement:
        scope += f" · {report.agreement.focus_area.name}"
    document.add_paragraph(scope)
    document.add_paragraph(
        _("Version %(number)s, godkendt %(date)s")
        % {
            "number": report.approved.version,
            "date": report.approved.approved_at.strftime("%d.%m.%Y")
            if report.approved.approved_at
            else "",
        }
        if report.approved
        else _("Ikke godkendt: teksterne er automatiske udkast ud fra tallene.")
    )
    document.add_heading(_("Resumé"), level=1)
    _table(
        document,
        [_("Status"), _("Antal")],
        [[label, str(count)] for label, count in report.summary]
        + [[_("Opgjort i alt"), str(report.counted)]],
    )
    for part in report.parts:
        document.add_heading(part.title, level=1)
        document.add_paragraph(
            _("Året er vurderet efter %(version)s.") % {"version": part.judged_by}
        )
        for activity in part.activities:
            document.add_heading(activity.name, level=2)
            for criterion in activity.criteria:
                document.add_heading(f"{criterion.key} {criterion.text}", level=3)
                if criterion.indicator:
                    document.add_paragraph(criterion.indicator)
                _table(
                    document,
                    [_("Boligområde"), _("Værdi"), _("Mål"), _("Status")],
                    [
                        [line.estate or "–", line.value_text, line.target_text, line.status_label]
                        for line in criterion.lines
                    ],
                )
                if criterion.history:
                    document.add_paragraph(_("Udviklingen over årene:"))
                    _table(
                        document,
                        [_("Boligområde")] + [str(year) for year in criterion.years],
                        [[scope, *values] for scope, values in criterion.history],
                    )
                document.add_paragraph(criterion.paragraph)
        if not part.with_budget:
            continue
        document.add_heading(_("Personaleressourcer"), level=2)
        _table(
            document,
            [_("Rolle"), _("Planlagt i delaftalen"), _("Indberettede timer")],
            [[role, planned or "–", _figure(hours)] for role, planned, hours in part.staff],
        )
        document.add_heading(_("Budget"), level=2)
        _table(
            document,
            [_("Budgetlinje"), _("Planlagt (kr.)"), _("Forbrugt (kr.)")],
            [[line, _figure(planned), _figure(spent)] for line, planned, spent in part.budget],
        )
    document.add_heading(_("Nøgletal fra registrene"), level=1)
    for section in report.key_figures:
        document.add_heading(section.title, level=2)
        _table(
            document,
            [_("Tal"), _("Værdi")],
            [[label, _figure(value)] for label, value in section.rows],
        )
    if report.key_restatements:
        document.add_heading(_("Ændret siden årets afslutning"), level=2)
        _table(
            document,
            [_("Register"), _("Tal"), _("Ved afslutningen"), _("Nu")],
            [
                [t, label, _figure(then), _figure(now)]
                for t, label, then, now in report.key_restatements
            ],
        )
    governance = report.governance
    document.add_heading(_("Organisering og styring"), level=1)
    _table(
        document,
        [_("Organ"), _("Type"), _("Møder")],
        [[name, kind, str(held)] for name, kind, held in governance.bodies],
    )
    document.add_heading(_("Beslutninger"), level=2)
    for day, body, text in governance.decisions:
        document.add_paragraph(f"{day:%d.%m.%Y}, {body}: {text}", style="List Bullet")
    document.add_heading(_("Konflikter og underretninger"), level=2)
    for kind, status, count in governance.cases:
        document.add_paragraph(f"{kind}, {status.lower()}: {count}", style="List Bullet")
    document.add_heading(_("Forslag til justeringer"), level=2)
    for day, text, status in governance.proposals:
        document.add_paragraph(f"{day:%d.%m.%Y}: {text} ({status.lower()})", style="List Bullet")
    document.add_heading(_("Bilag: datakilder og definitioner"), level=1)
    for part in report.parts:
        for code, name, counted, definition in part.sources:
            document.add_paragraph(f"{code} {name}. {counted}. {definition}.")
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


LINE_COLUMNS: list[Column[Line]] = [
    Column(gettext_lazy("Succeskriterium"), lambda line: line.criterion_key, 12),
    Column(gettext_lazy("Indikator"), lambda line: line.code, 10),
    Column(gettext_lazy("Tekst"), lambda line: line.criterion_text, 48),
    Column(gettext_lazy("Boligområde"), lambda line: line.estate, 18),
    Column(gettext_lazy("Værdi"), lambda line: line.value, 10),
    Column(gettext_lazy("Mål"), lambda line: line.target, 10),
    Column(gettext_lazy("Status"), lambda line: line.status_label, 14),
    Column(
        gettext_lazy("Rettet siden årets afslutning"), lambda line: line.restated_to or None, 18
    ),
]


def xlsx_bytes(report: Report) -> bytes:
    """The raw figures, one sheet per part of the report."""
    figures = [
        (section.title, label, value)
        for section in report.key_figures
        for label, value in section.rows
    ]
    staff = [(part.title, *row) for part in report.parts for row in part.staff]
    budget = [(part.title, *row) for part in report.parts for row in part.budget]
    governance = [(_("Organ"), name, kind, held) for name, kind, held in report.governance.bodies]
    governance += [
        (_("Sag"), kind, status, count) for kind, status, count in report.governance.cases
    ]
    sheets: list[Sheet[Any]] = [
        Sheet(
            _("Resumé"),
            [Column(_("Status"), lambda r: r[0], 20), Column(_("Antal"), lambda r: r[1])],
            [*report.summary, (_("Opgjort i alt"), report.counted)],
        ),
        Sheet(_("Succeskriterier"), LINE_COLUMNS, report.lines),
        Sheet(
            _("Nøgletal"),
            [
                Column(_("Register"), lambda r: r[0], 36),
                Column(_("Tal"), lambda r: r[1], 30),
                Column(_("Værdi"), lambda r: r[2]),
            ],
            figures,
        ),
        Sheet(
            _("Personale"),
            [
                Column(_("Delaftale"), lambda r: r[0], 24),
                Column(_("Rolle"), lambda r: r[1], 30),
                Column(_("Planlagt i delaftalen"), lambda r: r[2], 24),
                Column(_("Indberettede timer"), lambda r: r[3]),
            ],
            staff,
        ),
        Sheet(
            _("Budget"),
            [
                Column(_("Delaftale"), lambda r: r[0], 24),
                Column(_("Budgetlinje"), lambda r: r[1], 30),
                Column(_("Planlagt (kr.)"), lambda r: r[2]),
                Column(_("Forbrugt (kr.)"), lambda r: r[3]),
            ],
            budget,
        ),
        Sheet(
            _("Styring"),
            [
                Column(_("Slags"), lambda r: r[0]),
                Column(_("Navn"), lambda r: r[1], 30),
                Column(_("Type eller status"), lambda r: r[2], 24),
                Column(_("Antal"), lambda r: r[3]),
            ],
            governance,
        ),
    ]
    return xlsx_sheets_bytes(sheets)


def render(report: Report, fmt: str) -> bytes:
    if fmt == "pdf":
        return pdf(report)
    if fmt == "docx":
        return docx_bytes(report)
    if fmt == "xlsx":
        return xlsx_bytes(report)
    raise ValueError(fmt)


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
