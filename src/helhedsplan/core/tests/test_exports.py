"""The shared export: typed XLSX, CSV as Danish Excel opens it, and no cell ever a formula."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from helhedsplan.core import exports
from helhedsplan.core.exports import Column, Format

HOSTILE = '=HYPERLINK("http://x","y")'


@dataclass
class Thing:
    name: str
    day: datetime.date
    moment: datetime.datetime
    share: Decimal
    count: int
    done: bool
    tags: list[str]


COLUMNS: list[Column[Thing]] = [
    Column("Navn", lambda t: t.name),
    Column("Dato", lambda t: t.day),
    Column("Tidspunkt", lambda t: t.moment),
    Column("Andel", lambda t: t.share),
    Column("Antal", lambda t: t.count),
    Column("Færdig", lambda t: t.done),
    Column("Mærker", lambda t: t.tags),
]


def _sheet(content: bytes) -> Worksheet:
    sheet = load_workbook(io.BytesIO(content)).active
    assert isinstance(sheet, Worksheet)
    return sheet


def things() -> list[Thing]:
    moment = timezone.make_aware(datetime.datetime(2021, 12, 31, 17, 30))
    return [
        Thing("Æblegrød", datetime.date(2021, 12, 31), moment, Decimal("1234.5"), -3, True, []),
        Thing(HOSTILE, datetime.date(2020, 1, 2), moment, Decimal("40.0000"), 7, False, ["@a"]),
        Thing("-1+2", datetime.date(2020, 1, 2), moment, Decimal("0.25"), 0, False, ["x", "y"]),
        Thing("\tsum", datetime.date(2020, 1, 2), moment, Decimal("2"), 0, False, []),
    ]


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_that_a_spreadsheet_would_run_is_recognised(text) -> None:
    assert exports.looks_like_formula(text)
    assert exports.csv_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Boligstøtte", "1-2", "a=b", "", " =1"])
def test_ordinary_text_is_left_alone(text) -> None:
    assert not exports.looks_like_formula(text)
    assert exports.csv_text(text) == text


def test_xlsx_keeps_numbers_and_dates_typed_and_every_text_a_text() -> None:
    sheet = _sheet(exports.xlsx_bytes(title="Ting: i [alt]", columns=COLUMNS, rows=things()))
    assert sheet.title == "Ting  i  alt "
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Navn", "Dato", "Tidspunkt", "Andel", "Antal", "Færdig", "Mærker")
    assert rows[1] == (
        "Æblegrød",
        datetime.datetime(2021, 12, 31),
        datetime.datetime(2021, 12, 31, 17, 30),
        1234.5,
        -3,
        "Ja",
        None,
    )
    assert rows[3][-1] == "x, y"
    assert sheet["B2"].number_format == "DD.MM.YYYY"
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"
    hostile = sheet["A3"]
    assert (hostile.value, hostile.data_type, hostile.quotePrefix) == (HOSTILE, "s", True)
    assert (sheet["G3"].value, sheet["G3"].data_type) == ("@a", "s")
    assert sheet.freeze_panes == "A2"


def test_csv_is_what_danish_excel_opens() -> None:
    content = exports.csv_bytes(columns=COLUMNS, rows=things())
    assert content.startswith("\N{BYTE ORDER MARK}".encode())
    text = content.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Navn", "Dato", "Tidspunkt", "Andel", "Antal", "Færdig", "Mærker"]
    assert rows[1] == ["Æblegrød", "31.12.2021", "31.12.2021 17:30", "1234,5", "-3", "Ja", ""]
    assert rows[2] == ["'" + HOSTILE, "02.01.2020", "31.12.2021 17:30", "40", "7", "Nej", "'@a"]
    assert rows[3][0] == "'-1+2"
    assert rows[3][3] == "0,25"
    assert rows[4][0] == "'\tsum"


def test_the_response_is_a_private_download_named_after_the_list() -> None:
    response = exports.export_response(
        Format.CSV, title="Arrangementer i Nøjsomhed", columns=COLUMNS, rows=things()
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="arrangementer-i-noejsomhed.csv"'
    )
    assert "private" in response["Cache-Control"]
    xlsx = exports.export_response(Format.XLSX, title="Ting", columns=COLUMNS, rows=[])
    assert xlsx["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert _sheet(xlsx.content).max_row == 1


def test_control_characters_a_workbook_cannot_hold_are_dropped() -> None:
    row = things()[0]
    row.name = "Bad\x00\x07name"
    sheet = _sheet(exports.xlsx_bytes(title="T", columns=COLUMNS, rows=[row]))
    assert sheet["A2"].value == "Badname"
