"""Lists as spreadsheets, and spreadsheet cells that are never formulas.

Every list (and the indicators' dashboard) exports through ``export_response``: the list's
columns, each a header and how to get its value from a row, and the rows as the page filtered
them. One URL per format (``…/export.xlsx``, ``…/export.csv``, the ``export`` path converter)
with the list's own access rule.

XLSX keeps values typed: numbers stay numbers and dates dates (shown as 31.12.2021), so a
reader can sum and sort. CSV is written as Danish Excel opens it with a double click: ``;``
between fields (the comma is the decimal mark), UTF-8 with a byte-order mark (without it
Excel reads æ, ø and å as Windows-1252), dates as ``31.12.2021``, times as ``17:00``,
decimals with a comma and no thousands separator (``1234,5``, which Excel reads as a
number). Yes and no are written as words.

A spreadsheet program runs text that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return before one of them, per OWASP) as a formula: a topic named
``=HYPERLINK("http://…")`` would become a live link in the file the board opens. So every
text the system writes into a spreadsheet goes through ``looks_like_formula``: in XLSX
through ``set_cell``, which keeps every text a text cell (and marks the risky ones with a
quote prefix, as Excel does for text typed after ``'``); in CSV, where a cell has no type, the
risky ones get a leading ``'``.
"""

from __future__ import annotations

import csv
import datetime
import enum
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from helhedsplan.core import danish

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Row = TypeVar("Row")
Value = (
    str
    | int
    | float
    | Decimal
    | bool
    | datetime.datetime
    | datetime.date
    | datetime.time
    | Sequence[str]
    | None
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "%d.%m.%Y"
TIME_FORMAT = "%H:%M"
# Excel's number formats for the same: its own codes, shown alike in every language.
XLSX_DATE = "DD.MM.YYYY"
XLSX_DATETIME = "DD.MM.YYYY HH:MM"
XLSX_TIME = "HH:MM"
# The longest text Excel keeps in a cell.
XLSX_CELL_LIMIT = 32_767


class Format(enum.StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


class FormatConverter:
    """``<export:fmt>`` in a URL: ``xlsx`` or ``csv``, given to the view as a ``Format``."""

    regex = "xlsx|csv"

    def to_python(self, value: str) -> Format:
        return Format(value)

    def to_url(self, value: str) -> str:
        return str(Format(value))


@dataclass(frozen=True)
class Column(Generic[Row]):
    header: StrOrPromise
    value: Callable[[Row], Value]
    # In characters, for XLSX.
    width: int = 16


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet program would take ``text`` for a formula."""
    return text.startswith(FORMULA_STARTS)


def csv_text(text: str) -> str:
    """``text`` as a CSV field that no spreadsheet program runs."""
    return f"'{text}" if looks_like_formula(text) else text


def set_cell(cell: Cell, value: str | int | float | Decimal | datetime.date | None) -> Cell:
    """The one way the system writes a value into an XLSX cell: text is always a text cell,
    never a formula, whatever it begins with."""
    if isinstance(value, str):
        # openpyxl refuses control characters a workbook cannot hold.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_CELL_LIMIT]
        cell.value = value
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
        return cell
    cell.value = value
    return cell


def write_row(
    sheet: Worksheet,
    row: int,
    values: Iterable[str | int | float | Decimal | datetime.date | None],
    *,
    font: Font | None = None,
) -> None:
    """``values`` from column A on in ``row``, each through ``set_cell``."""
    for column, value in enumerate(values, start=1):
        cell = set_cell(_cell(sheet, row, column), value)
        if font is not None:
            cell.font = font


def _cell(sheet: Worksheet, row: int, column: int) -> Cell:
    # The system merges no cells, so every cell it writes is a plain one.
    return cast(Cell, sheet.cell(row=row, column=column))


def _yes_no(value: bool) -> str:
    return _("Ja") if value else _("Nej")


def _local(moment: datetime.datetime) -> datetime.datetime:
    """The moment in Danish time, without a zone: a spreadsheet knows none."""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.replace(tzinfo=None)


def _decimal_comma(value: float | Decimal) -> str:
    """``1234,5``: a comma and no thousands separator, as Danish Excel reads a number."""
    exact = Decimal(str(value)) if isinstance(value, float) else value
    return f"{exact.normalize():f}".replace(".", ",")


def csv_value(value: Value) -> str:
    """A value as a field of the CSV export."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        return _decimal_comma(value)
    if isinstance(value, datetime.datetime):
        return _local(value).strftime(f"{DATE_FORMAT} {TIME_FORMAT}")
    if isinstance(value, datetime.date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, datetime.time):
        return value.strftime(TIME_FORMAT)
    if isinstance(value, str):
        return csv_text(value)
    return csv_text(", ".join(value))


def _xlsx_value(cell: Cell, value: Value) -> None:
    if isinstance(value, bool):
        set_cell(cell, _yes_no(value))
    elif isinstance(value, datetime.datetime):
        set_cell(cell, _local(value)).number_format = XLSX_DATETIME
    elif isinstance(value, datetime.date):
        set_cell(cell, value).number_format = XLSX_DATE
    elif isinstance(value, datetime.time):
        cell.value = value
        cell.number_format = XLSX_TIME
    elif value is None or isinstance(value, str | int | float | Decimal):
        set_cell(cell, value)
    else:
        set_cell(cell, ", ".join(value))


def xlsx_bytes(*, title: str, columns: Sequence[Column[Row]], rows: Iterable[Row]) -> bytes:
    """One sheet: the headers in bold on a frozen first row with filter buttons, then a row
    per row."""
    return xlsx_sheets_bytes([Sheet(title=title, columns=columns, rows=rows)])


@dataclass(frozen=True)
class Sheet(Generic[Row]):
    """A worksheet of a workbook with several (a list and its report)."""

    title: str
    columns: Sequence[Column[Row]]
    rows: Iterable[Row]


def xlsx_sheets_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A workbook of ``sheets``, each written as ``xlsx_bytes`` writes its one."""
    workbook = Workbook()
    # A new workbook opens on its one worksheet: the first sheet's.
    first = workbook.active
    assert isinstance(first, Worksheet)
    for index, sheet in enumerate(sheets):
        _write_sheet(first if index == 0 else workbook.create_sheet(), sheet)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _write_sheet(sheet: Worksheet, content: Sheet) -> None:
    title, columns, rows = content.title, content.columns, content.rows
    sheet.title = sheet_title(title)
    write_row(sheet, 1, [str(column.header) for column in columns], font=Font(bold=True))
    row_number = 1
    for row in rows:
        row_number += 1
        for index, column in enumerate(columns, start=1):
            _xlsx_value(_cell(sheet, row_number, index), column.value(row))
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{row_number}"


def csv_bytes(*, columns: Sequence[Column[Row]], rows: Iterable[Row]) -> bytes:
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_text(str(column.header)) for column in columns])
    for row in rows:
        writer.writerow([csv_value(column.value(row)) for column in columns])
    return output.getvalue().encode("utf-8-sig")


# Excel refuses these in sheet titles, and titles longer than 31 characters.
_SHEET_TITLE_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_title(title: str) -> str:
    return title.translate(_SHEET_TITLE_FORBIDDEN)[:31]


def export_response(
    fmt: Format,
    *,
    title: str,
    columns: Sequence[Column[Row]],
    rows: Iterable[Row],
) -> HttpResponse:
    """The rows as a download in ``fmt``, named after ``title`` (``arrangementer.xlsx``)."""
    if fmt == Format.XLSX:
        content = xlsx_bytes(title=title, columns=columns, rows=rows)
        content_type = XLSX_CONTENT_TYPE
    else:
        content = csv_bytes(columns=columns, rows=rows)
        content_type = "text/csv; charset=utf-8"
    return _download(content, content_type=content_type, title=title, fmt=fmt)


def xlsx_sheets_response(*, title: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """A workbook of several sheets as a download named after ``title``."""
    return _download(
        xlsx_sheets_bytes(sheets), content_type=XLSX_CONTENT_TYPE, title=title, fmt=Format.XLSX
    )


def _download(content: bytes, *, content_type: str, title: str, fmt: Format) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{danish.slug(title)}.{fmt}"'
    # The lists are the person's own view of the programme: no shared cache keeps them.
    patch_cache_control(response, private=True)
    return response
