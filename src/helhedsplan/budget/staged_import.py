"""The finance system's spreadsheet as a staged import (``core.staging``).

The file is read once, when it is uploaded: a row per budget line and year with what was
spent. A bad row (a line the agreement does not have, a year outside its period, an amount
that is not a number) is named with its reason and nothing is stored. The rows are kept as
JSON naming the lines as the agreement writes them; the preview and the confirmation
rebuild them, and a line gone from the agreement since makes the upload stale.
"""

from __future__ import annotations

import io
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from helhedsplan.agreements.models import Agreement
from helhedsplan.budget import queries
from helhedsplan.budget.services import ImportRow
from helhedsplan.core import exports, limits
from helhedsplan.core.staging import Importer, Target

KIND = "budget.spend"
ROW_ERROR = "row"
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
# A finance export of some thousand rows unpacks to well under a megabyte; the limits leave
# wide room and stop a zip bomb before openpyxl reads it.
PACKAGE_LIMITS = limits.PackageLimits(
    members=200,
    member_bytes=16 * 1024 * 1024,
    total_bytes=32 * 1024 * 1024,
    xml_elements=300_000,
    xml_children=50_000,
)
# The column a header names, under the spellings finance systems use (folded: lower case,
# without accents, æ ø å as ae o a).
COLUMNS = {
    "line": {"budgetlinje", "konto", "linje", "organisation"},
    "year": {"ar", "aar", "year", "regnskabsar"},
    "spent": {"forbrug", "belob", "spent", "faktisk"},
}
HEADERS = {"line": "Budgetlinje", "year": "År", "spent": "Forbrug"}


def _folded(value: object) -> str:
    text = str(value or "").strip().lower().replace("æ", "ae").replace("ø", "o")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


CENT = Decimal("0.01")
AMOUNT_LIMIT = Decimal(10) ** 12
_AMOUNT = re.compile(r"-?\d[\d.]*(,\d+)?")


def parse_amount(value: object) -> Decimal | None:
    """An amount as the finance system writes it: a number cell, or Danish text such as
    ``12.500,50`` or ``12500 kr.``, in øre (a spreadsheet's float such as
    0.30000000000000004 is 0.30). None when it is not one, or too large to be kept."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return None
        if not number.is_finite():
            return None
    else:
        text = re.sub(r"\s|kr\.?$", "", str(value or "").strip(), flags=re.IGNORECASE)
        text = text.replace("\u2212", "-")
        if not _AMOUNT.fullmatch(text):
            return None
        number = Decimal(text.replace(".", "").replace(",", "."))
    # The preview must refuse what the confirm could not store (14 digits, 2 of them øre).
    if abs(number) >= AMOUNT_LIMIT:
        return None
    return number.quantize(CENT, rounding=ROUND_HALF_UP)


def _unreadable() -> ValidationError:
    return ValidationError(
        _("Filen kan ikke læses som et Excel-regneark (.xlsx)."), code="unreadable"
    )


def read_rows(data: bytes) -> list[tuple[Any, ...]]:
    """The first sheet's rows, after the package has been read within ``PACKAGE_LIMITS``."""
    try:
        limits.check_package(data, PACKAGE_LIMITS)
    except limits.PackageRefused as error:
        if error.damaged:
            raise _unreadable() from error
        raise ValidationError(str(error), code="unreadable") from error
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a file that is not a workbook
        raise _unreadable() from error
    try:
        rows = []
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                raise ValidationError(
                    _("Filen har flere end %(limit)s rækker.") % {"limit": MAX_ROWS},
                    code="unreadable",
                )
        return rows
    except ValidationError:
        raise
    except Exception as error:  # a sheet that breaks off or holds what openpyxl cannot read
        raise _unreadable() from error
    finally:
        workbook.close()


def _columns(header: tuple[Any, ...]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        for column, names in COLUMNS.items():
            if _folded(cell) in names and column not in found:
                found[column] = index
    missing = [HEADERS[column] for column in COLUMNS if column not in found]
    if missing:
        raise ValidationError(
            _("Første række mangler kolonnerne %(columns)s.") % {"columns": ", ".join(missing)},
            code="unreadable",
        )
    return found


def _cell(row: tuple[Any, ...], index: int) -> Any:
    return row[index] if index < len(row) else None


def _parse_row(
    row: tuple[Any, ...],
    columns: dict[str, int],
    lines: dict[str, str],
    years: dict[int, set[str]],
) -> tuple[list[str], dict[str, Any] | None]:
    """The row's problems, and its line, year and spent amount as JSON when it has none."""
    problems = []
    given = str(_cell(row, columns["line"]) or "").strip()
    line = lines.get(_folded(given))
    if line is None:
        problems.append(
            _("budgetlinjen »%(line)s« findes ikke i delaftalen") % {"line": given[:100]}
        )
    year_cell = _cell(row, columns["year"])
    number = parse_amount(year_cell)
    year = int(number) if number is not None and number == int(number) else None
    if year is None or year not in years:
        problems.append(
            _("året »%(year)s« ligger ikke i delaftalens periode")
            % {"year": str(year_cell or "")[:20]}
        )
    spent = parse_amount(_cell(row, columns["spent"]))
    if spent is None:
        problems.append(_("forbruget er ikke et beløb"))
    elif spent < 0:
        problems.append(_("forbruget er negativt"))
    if problems or line is None or year is None:
        return problems, None
    if line not in years[year]:
        problems.append(
            _("budgetlinjen »%(line)s« findes ikke i delaftalen for %(year)s")
            % {"line": line, "year": year}
        )
        return problems, None
    return problems, {"line": line, "year": year, "spent": str(spent)}


def parse(data: bytes, name: str, target: Target) -> list[dict[str, Any]]:
    agreement = Agreement.objects.get(pk=target["agreement"])
    lines = {_folded(line): line for line in queries.line_names(agreement)}
    years = {
        year: set(queries.line_names(agreement, year))
        for year in queries.versions_by_year(agreement)
    }
    rows = read_rows(data)
    if not rows:
        raise ValidationError(_("Filen er tom."), code="unreadable")
    columns = _columns(rows[0])
    errors: list[str] = []
    parsed: list[dict[str, Any]] = []
    seen: dict[tuple[str, int], int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if all(cell is None or str(cell).strip() == "" for cell in row):
            continue
        problems, item = _parse_row(row, columns, lines, years)
        if item is not None:
            key = (item["line"], item["year"])
            if key in seen:
                problems.append(
                    _("%(line)s %(year)s står også i række %(other)s")
                    % {"line": key[0], "year": key[1], "other": seen[key]}
                )
            seen[key] = number
        if problems:
            errors.append(
                _("Række %(number)s: %(problems)s.")
                % {"number": number, "problems": "; ".join(problems)}
            )
        elif item is not None:
            parsed.append({"number": number, **item})
    if errors:
        raise ValidationError([ValidationError(error, code=ROW_ERROR) for error in errors])
    if not parsed:
        raise ValidationError(_("Filen har ingen rækker med forbrug."), code="unreadable")
    return parsed


def rebuild(parsed: list[dict[str, Any]], target: Target) -> list[ImportRow]:
    agreement = Agreement.objects.get(pk=target["agreement"])
    lines = {year: queries.line_names(agreement, year) for year in {r["year"] for r in parsed}}
    if any(row["line"] not in lines[row["year"]] for row in parsed):
        raise ValidationError(_("Filen kunne ikke længere læses. Upload den igen."), code="stale")
    return [
        ImportRow(
            number=row["number"], line=row["line"], year=row["year"], spent=Decimal(row["spent"])
        )
        for row in parsed
    ]


def template_bytes(agreement: Agreement) -> bytes:
    """A spreadsheet to fill in: the headers, and a row per line and year of the agreement."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = exports.sheet_title(_("Forbrug"))
    exports.write_row(sheet, 1, [HEADERS["line"], HEADERS["year"], HEADERS["spent"]])
    number = 1
    for year in queries.versions_by_year(agreement):
        for line in queries.line_names(agreement, year):
            number += 1
            exports.write_row(sheet, number, [line, year, None])
    sheet.column_dimensions["A"].width = 30
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


IMPORTER = Importer(kind=KIND, parse=parse, rebuild=rebuild, max_bytes=MAX_FILE_BYTES)
