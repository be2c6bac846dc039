"""The mapping of needs (H2) as files for the working group and municipal partners.

Files leave the staff, so they are always built from a suppressed ``Mapping``: counts of 1-4
appear as "<5", and the figures from which one could be worked out (all estates minus the
others, a year minus its quarters, a total minus its row) as "x" (``queries.Mapping``).
"""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from helhedsplan.core.exports import sheet_title, write_row
from helhedsplan.core.pdf import render_pdf
from helhedsplan.counselling.queries import SUPPRESSION_LIMIT, Mapping, Table
from helhedsplan.programmes.models import Estate


def mapping_areas(mapping: Mapping) -> list[tuple[str, list[Estate]]]:
    """The areas a report shows: all estates together, then each estate (if several)."""
    each = [(estate.name, [estate]) for estate in mapping.estates]
    return each if len(each) == 1 else [(_("Alle boligområder"), mapping.estates), *each]


def mapping_tables(mapping: Mapping, quarter: int | None = None) -> list[Table]:
    """The topics × bridged-to table of each area, for the year or one quarter."""
    quarters = [quarter] if quarter else [1, 2, 3, 4]
    return [mapping.cross_table(title, area, quarters) for title, area in mapping_areas(mapping)]


def _write_table(sheet: Worksheet, table: Table, first_row: int) -> int:
    # Topic and referral names are typed by the programme's administrators: written through
    # core.exports, a name such as "=HYPERLINK(…)" stays text.
    write_row(sheet, first_row, [table.title], font=Font(bold=True, size=12))
    header = [table.row_heading, *table.columns, table.total_label]
    write_row(sheet, first_row + 1, header, font=Font(bold=True))
    row_number = first_row + 2
    for row in table.rows:
        write_row(sheet, row_number, [row.label, *(c.value for c in row.cells), row.total.value])
        row_number += 1
    footer = [_("I alt"), *(cell.value for cell in table.totals), table.total.value]
    write_row(sheet, row_number, footer, font=Font(bold=True))
    return row_number + 2


def mapping_xlsx(mapping: Mapping) -> bytes:
    """A workbook: one long sheet of every count, and a sheet of tables per area."""
    if not mapping.suppress:
        raise ValueError("Files leave the staff: build them from a suppressed mapping.")
    workbook = Workbook()
    data = workbook.active
    # A new workbook opens on its one worksheet.
    assert isinstance(data, Worksheet)
    data.title = sheet_title(_("Kortlægning %(year)s") % {"year": mapping.year})
    title = _("Kortlægning af henvendelser: %(programme)s, %(year)s") % {
        "programme": mapping.programme.name,
        "year": mapping.year,
    }
    write_row(data, 1, [title])
    write_row(
        data, 2, [_("Tal under %(limit)s vises som <%(limit)s.") % {"limit": SUPPRESSION_LIMIT}]
    )
    write_row(
        data,
        3,
        [_("Et x er skjult, så et lille tal ikke kan regnes ud af totalerne og de andre tal.")],
    )
    header = [_("Boligområde"), _("År"), _("Kvartal"), _("Emne"), _("Brobygget til"), _("Antal")]
    write_row(data, 4, header, font=Font(bold=True))
    for row_number, (estate, quarter, topic, referral, count) in enumerate(
        mapping.long_rows(), start=5
    ):
        write_row(data, row_number, [estate, mapping.year, quarter, topic, referral, count.value])
    for column, width in zip(range(1, 7), (16, 8, 9, 30, 36, 10), strict=True):
        data.column_dimensions[get_column_letter(column)].width = width

    for title, area in mapping_areas(mapping):
        sheet = workbook.create_sheet(sheet_title(title))
        sheet.column_dimensions["A"].width = 30
        next_row = _write_table(sheet, mapping.cross_table(title, area, [1, 2, 3, 4]), 1)
        next_row = _write_table(
            sheet, mapping.quarter_table(_("Emner pr. kvartal"), area, by="topics"), next_row
        )
        _write_table(
            sheet,
            mapping.quarter_table(_("Brobygning pr. kvartal"), area, by="referrals"),
            next_row,
        )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def mapping_pdf(mapping: Mapping, *, quarter: int | None, tables: list[Table]) -> bytes:
    """The tables as a printable PDF, rendered by WeasyPrint from an HTML template."""
    if not mapping.suppress:
        raise ValueError("Files leave the staff: build them from a suppressed mapping.")
    html = render_to_string(
        "counselling/mapping_pdf.html",
        {
            "mapping": mapping,
            "quarter": quarter,
            "tables": tables,
            "made": timezone.localtime(),
            "limit": SUPPRESSION_LIMIT,
        },
    )
    return render_pdf(html)
