"""Reading back what an export view sent, for the apps' tests of their exports."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import HttpResponse
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from helhedsplan.core.exports import XLSX_CONTENT_TYPE


def xlsx_rows(response: HttpResponse) -> list[list[Any]]:
    """The sheet's rows, the headers first; every text cell checked to be text, never a
    formula."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert isinstance(sheet, Worksheet)
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value}"
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def csv_rows(response: HttpResponse) -> list[list[Any]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\N{BYTE ORDER MARK}".encode())
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def column(rows: list[list[Any]], header: str) -> list[Any]:
    """The values under ``header``, without the header."""
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]
