"""Reading statistics from CSV and XLSX files, and the number and period formats people type.

Parsing writes nothing: it turns a file into rows ready to store, or into the list of every
problem, each named by its row number (the header is row 1), so that the user can fix the
file and import it whole.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from helhedsplan.core import limits
from helhedsplan.core.numbers import format_number
from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.series.models import Observation, Scope, Series, value_problem

# The limits are checked as a file is read (``_bounded``, ``core.limits``), so that a small
# file that unpacks or expands to millions of cells is refused in a second.
MAX_FILE_BYTES = 5 * 1024 * 1024
# A statistics file holds a few hundred rows (every estate and municipality of a series, year
# by year); ten thousand leave room for many series in one file while a workbook at the limit
# is read in about a second (openpyxl's cost per cell, below).
MAX_ROWS = 10_000
MAX_BLANK_ROWS_AFTER = 1000
# Eight columns are read; the limit leaves room for twelve in every row. openpyxl reads a
# cell in some tens of microseconds, so the cells bound the time a file can take.
MAX_CELLS = 12 * (MAX_ROWS + 1)
# An XLSX file of 20,000 rows of eight columns (twice the row limit) unpacks to some ten
# megabytes and 340,000 XML elements (half a million with its text in the cells instead of
# shared).
PACKAGE_LIMITS = limits.PackageLimits(
    members=1000,
    member_bytes=32 * 1024 * 1024,
    total_bytes=64 * 1024 * 1024,
    xml_elements=600_000,
    xml_children=50_000,
)
# The column a header names, under the spellings people use (compared without accents).
COLUMNS = {
    "series": {"serie", "series", "kode", "code"},
    "estate": {"boligomrade", "omrade", "estate", "area"},
    "level": {"niveau", "level", "scope"},
    "period": {"periode", "period", "ar", "year"},
    "value": {"vaerdi", "value", "tal"},
    "respondents": {"respondenter", "svarpersoner", "respondents"},
    "source": {"kilde", "source", "note"},
    "date": {"dato", "date", "opgjort"},
}
REQUIRED = {"series": "serie", "period": "periode", "value": "værdi"}
# What a cell of a CSV or XLSX file holds, and so what the parsers below are given.
Cell = str | int | float | Decimal | datetime.date | None
LEVELS = {
    "boligomrade": Scope.ESTATE,
    "estate": Scope.ESTATE,
    "kommune": Scope.MUNICIPALITY,
    "kommunen": Scope.MUNICIPALITY,
    "municipality": Scope.MUNICIPALITY,
    "boligorganisation": Scope.HOUSING_ORGANISATION,
    "boligorganisationen": Scope.HOUSING_ORGANISATION,
    "housing_organisation": Scope.HOUSING_ORGANISATION,
    "housing organisation": Scope.HOUSING_ORGANISATION,
}


class ImportFileError(Exception):
    """The file as a whole cannot be read (empty, not CSV or XLSX, a column missing)."""


@dataclass(frozen=True)
class Period:
    start: datetime.date
    label: str


@dataclass(frozen=True)
class ParsedRow:
    number: int
    series: Series
    scope: str
    estate: Estate | None
    period: Period
    value: Decimal
    respondents: int | None
    source_note: str
    observed_on: datetime.date | None

    @property
    def key(self) -> tuple[int, str, int | None, datetime.date]:
        return (
            self.series.pk,
            self.scope,
            self.estate.pk if self.estate else None,
            self.period.start,
        )

    @property
    def stored_fields(self) -> dict:
        """The observation's fields beyond its key, as the row gives them."""
        return {
            "period_label": self.period.label,
            "value": self.value,
            "respondents": self.respondents,
            "source_note": self.source_note,
            "observed_on": self.observed_on,
        }


@dataclass(frozen=True)
class ParsedFile:
    rows: list[ParsedRow]
    errors: list[str]


# Numbers, periods and dates -------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?\d[\d.,]*")
_GROUPED = re.compile(r"\d{1,3}(?:[.]\d{3})+")


def parse_decimal(text: Cell) -> Decimal | None:
    """A number as typed in Danish or English: ``59,2``, ``59,2 %``, ``1.741``, ``59.2``,
    ``331.964 kr.``, ``1,741,000``. None when it is not a number.

    A single comma is a decimal comma. Full stops followed by groups of exactly three
    digits are thousands separators (the Danish ``1.741``); otherwise a full stop is a
    decimal point.
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float | Decimal):
        try:
            number = Decimal(str(text))
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    cleaned = unicodedata.normalize("NFKC", str(text)).strip().replace("\u2212", "-")
    cleaned = re.sub(r"\s*(%|kr\.?|dkk)\s*$", "", cleaned, flags=re.IGNORECASE)
    cleaned = re.sub(r"(?<=\d)[\s'](?=\d{3}\b)", "", cleaned)
    if not _NUMBER.fullmatch(cleaned):
        return None
    sign = "-" if cleaned.startswith("-") else ""
    digits = cleaned.lstrip("+-")
    if "," in digits and "." in digits:
        if digits.rfind(",") > digits.rfind("."):
            digits = digits.replace(".", "").replace(",", ".")
        else:
            digits = digits.replace(",", "")
    elif digits.count(",") == 1:
        digits = digits.replace(",", ".")
    elif "," in digits:
        if not re.fullmatch(r"\d{1,3}(?:,\d{3})+", digits):
            return None
        digits = digits.replace(",", "")
    elif _GROUPED.fullmatch(digits):
        digits = digits.replace(".", "")
    try:
        number = Decimal(sign + digits)
    except InvalidOperation:
        return None
    return number


_YEAR = re.compile(r"(\d{4})")
_HALF = re.compile(r"(\d{4})\s*-?\s*H([12])", re.IGNORECASE)
_QUARTER = re.compile(r"(\d{4})\s*-?\s*[KQ]([1-4])", re.IGNORECASE)
_MONTH = re.compile(r"(\d{4})\s*-?\s*M(\d{1,2})|(\d{4})-(\d{1,2})|(\d{1,2})[./](\d{4})")
_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")
FIRST_YEAR, LAST_YEAR = 1900, 2100


def parse_date(text: Cell) -> datetime.date | None:
    if isinstance(text, datetime.datetime):
        return text.date()
    if isinstance(text, datetime.date):
        return text
    for pattern in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(str(text).strip(), pattern).date()
        except ValueError:
            continue
    return None


def _in_range(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def parse_period(text: Cell) -> Period | None:
    """A period as typed: a year (``2016``), a half-year (``2017H1``), a quarter
    (``2017K2`` or ``2017Q2``), a month (``2017M03``, ``2017-03``, ``03.2017``) or a day
    (``01.07.2017``, ``2017-07-01``). None when it is none of these."""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)
    if isinstance(text, str):
        text = text.strip()
        if match := _YEAR.fullmatch(text):
            year = int(match[1])
            return Period(datetime.date(year, 1, 1), str(year)) if _in_range(year) else None
        if match := _HALF.fullmatch(text):
            year, half = int(match[1]), int(match[2])
            start = datetime.date(year, 1 + 6 * (half - 1), 1)
            return Period(start, f"{year}H{half}") if _in_range(year) else None
        if match := _QUARTER.fullmatch(text):
            year, quarter = int(match[1]), int(match[2])
            start = datetime.date(year, 1 + 3 * (quarter - 1), 1)
            return Period(start, f"{year}K{quarter}") if _in_range(year) else None
        if match := _MONTH.fullmatch(text):
            groups = [g for g in match.groups() if g is not None]
            year, month = (int(groups[0]), int(groups[1]))
            if len(groups[0]) != 4:
                year, month = int(groups[1]), int(groups[0])
            if not (1 <= month <= 12 and _in_range(year)):
                return None
            return Period(datetime.date(year, month, 1), f"{month:02d}.{year}")
    elif not isinstance(text, datetime.date):
        return None
    # A day, typed or given as a date by a spreadsheet.
    day = parse_date(text)
    if day is None or not _in_range(day.year):
        return None
    return Period(day, day.strftime("%d.%m.%Y"))


# Files ---------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Excel on Danish Windows saves "CSV" in cp1252.
        return data.decode("cp1252", errors="replace")


def _csv_rows(data: bytes) -> Iterator[list[Cell]]:
    if b"\x00" in data:
        raise ImportFileError(_("Filen kan ikke læses som CSV eller Excel (.xlsx)."))
    text = _decode(data)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample.strip() else ""
        delimiter = max(";,\t", key=first.count)
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as error:  # e.g. a field longer than the csv module's limit
        raise ImportFileError(_("Filen kan ikke læses som CSV eller Excel (.xlsx).")) from error


def _xlsx_value(cell) -> Cell:
    value = cell.value
    # A share formatted as a percentage in Excel is stored as 0.592: the figure is 59.2.
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if is_number and "%" in (cell.number_format or ""):
        return Decimal(str(value)) * 100
    return value


def _xlsx_rows(data: bytes) -> Iterator[list[Cell]]:
    """The first sheet's rows as openpyxl streams them (read-only), after the package has
    been read within ``PACKAGE_LIMITS``: openpyxl reads every shared string at once, and
    would build a sheet's row however many cells it has."""
    from openpyxl import load_workbook

    try:
        limits.check_package(data, PACKAGE_LIMITS)
    except limits.PackageRefused as error:
        if error.damaged:
            raise ImportFileError(
                _("Filen kan ikke læses som et Excel-regneark (.xlsx).")
            ) from error
        raise ImportFileError(str(error)) from error
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a file that is not a workbook
        raise ImportFileError(_("Filen kan ikke læses som et Excel-regneark (.xlsx).")) from error
    try:
        sheet = workbook.worksheets[0]
        _check_dimension(sheet)
        for row in sheet.iter_rows():
            yield [_xlsx_value(cell) for cell in row]
    except ImportFileError:
        raise
    except Exception as error:  # a sheet that breaks off or holds what openpyxl cannot read
        raise ImportFileError(_("Filen kan ikke læses som et Excel-regneark (.xlsx).")) from error
    finally:
        workbook.close()


def _check_dimension(sheet) -> None:
    """Refuse a sheet whose declared size exceeds the cells a file may have: openpyxl fills
    every row out to the declared width, and the declared height with empty rows."""
    rows, columns = sheet.max_row or 0, sheet.max_column or 0
    if rows * columns > MAX_CELLS:
        raise ImportFileError(
            _(
                "Regnearket er angivet til %(rows)s rækker og %(columns)s kolonner, mere end "
                "grænsen på %(limit)s celler. Slet de tomme rækker og kolonner, eller del filen op."
            )
            % {
                "rows": format_number(rows),
                "columns": format_number(columns),
                "limit": format_number(MAX_CELLS),
            }
        )


def read_rows(name: str, data: bytes) -> list[list[Cell]]:
    """The file's rows of cells, from CSV (any of ; , tab; UTF-8 or cp1252) or XLSX, without
    the blank rows at the end. The limits on rows and cells are checked as the rows are
    read, so a file beyond them is refused without being read to its end."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(
            _("Filen fylder mere end %(limit)s MB, som er grænsen.")
            % {"limit": format_number(MAX_FILE_BYTES / (1024 * 1024), decimals=0)}
        )
    if not data.strip():
        raise ImportFileError(_("Filen er tom."))
    if data.startswith(b"PK\x03\x04"):
        if suffix not in {"xlsx", "xlsm", ""}:
            raise ImportFileError(_("Filen kan ikke læses som CSV eller Excel (.xlsx)."))
        return _bounded(_xlsx_rows(data))
    if suffix not in {"csv", "txt", "tsv", ""}:
        raise ImportFileError(_("Filen kan ikke læses som CSV eller Excel (.xlsx)."))
    return _bounded(_csv_rows(data))


def _bounded(rows: Iterator[list[Cell]]) -> list[list[Cell]]:
    """The rows up to the last one that is not blank, read one at a time and refused as soon
    as there are more than ``MAX_ROWS`` under the header, more than ``MAX_CELLS`` cells, or
    more than ``MAX_BLANK_ROWS_AFTER`` blank rows past the limit (where a spreadsheet may
    have formatted rows it left empty)."""
    kept: list[list[Cell]] = []
    blank_after: list[list[Cell]] = []
    cells = 0
    for number, row in enumerate(rows, start=1):
        cells += len(row)
        if cells > MAX_CELLS:
            raise ImportFileError(
                _("Række %(number)s: filen har mere end %(limit)s celler. Del den op.")
                % {"number": number, "limit": format_number(MAX_CELLS)}
            )
        if all(_blank(cell) for cell in row):
            blank_after.append(row)
            if number > MAX_ROWS + 1 + MAX_BLANK_ROWS_AFTER:
                raise _too_many_rows()
            continue
        if number > MAX_ROWS + 1:
            raise _too_many_rows()
        kept += blank_after
        kept.append(row)
        blank_after = []
    return kept


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        _("Filen har mere end %(limit)s rækker. Del den op.") % {"limit": format_number(MAX_ROWS)}
    )


# Rows ----------------------------------------------------------------------------------


def _folded(text: Cell) -> str:
    """Lower case without accents or Danish letters: «Boligområde» → «boligomrade»."""
    text = "" if text is None else str(text)
    text = text.strip().casefold().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _shown(cell: Cell) -> str:
    if isinstance(cell, datetime.datetime | datetime.date):
        return cell.strftime("%d.%m.%Y")
    return "" if cell is None else str(cell).strip()


def _header(cells: list[Cell]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        folded = _folded(cell)
        for column, names in COLUMNS.items():
            if folded in names and column not in columns:
                columns[column] = index
    missing = [REQUIRED[c] for c in REQUIRED if c not in columns]
    if "estate" not in columns and "level" not in columns:
        missing.append("boligområde")
    if missing:
        raise ImportFileError(
            _(
                "Række 1: kolonnen %(columns)s mangler. "
                "Kolonnerne skal hedde serie, boligområde, periode og værdi."
            )
            % {"columns": ", ".join(f"«{m}»" for m in missing)}
        )
    return columns


class _Lookup:
    """The programme's series, estates and comparison names, read once per file."""

    def __init__(self, programme: Programme) -> None:
        self.series: dict[str, Series] = {}
        for series in Series.objects.filter(programme=programme).select_related("programme"):
            self.series.setdefault(_folded(series.code), series)
            self.series.setdefault(_folded(series.name), series)
        self.estates = {_folded(e.name): e for e in programme.estates.all()}
        self.comparisons = {
            _folded(programme.municipality): Scope.MUNICIPALITY,
            _folded(programme.housing_organisation): Scope.HOUSING_ORGANISATION,
        } | {name: scope for name, scope in LEVELS.items() if scope != Scope.ESTATE}


def _where(lookup: _Lookup, estate_cell: Cell, level_cell: Cell) -> tuple[str, Estate | None] | str:
    """The scope and estate a row is about, or the reason it cannot be told."""
    level = None
    if not _blank(level_cell):
        level = LEVELS.get(_folded(level_cell))
        if level is None:
            return _("ukendt niveau «%(level)s»") % {"level": _shown(level_cell)}
    name = _folded(estate_cell)
    if name in lookup.estates and level in {None, Scope.ESTATE}:
        return Scope.ESTATE, lookup.estates[name]
    if name in lookup.comparisons and level in {None, lookup.comparisons[name]}:
        return lookup.comparisons[name], None
    if not name and level in {Scope.MUNICIPALITY, Scope.HOUSING_ORGANISATION}:
        return level, None
    if not name:
        return _("boligområdet mangler")
    return _("ukendt boligområde «%(name)s»") % {"name": _shown(estate_cell)}


def _cell(cells: list[Cell], columns: dict[str, int], column: str) -> Cell:
    index = columns.get(column)
    if index is None or index >= len(cells):
        return None
    return cells[index]


def _parse_row(
    number: int, cells: list[Cell], columns: dict[str, int], lookup: _Lookup
) -> ParsedRow | list[str]:
    problems: list[str] = []
    series_cell = _cell(cells, columns, "series")
    series = lookup.series.get(_folded(series_cell))
    if series is None:
        problems.append(
            _("serien mangler")
            if _blank(series_cell)
            else _("ukendt serie «%(series)s»") % {"series": _shown(series_cell)}
        )

    where = _where(lookup, _cell(cells, columns, "estate"), _cell(cells, columns, "level"))
    if isinstance(where, str):
        problems.append(where)

    period_cell = _cell(cells, columns, "period")
    period = parse_period(period_cell) if not _blank(period_cell) else None
    if period is None:
        problems.append(
            _("perioden mangler")
            if _blank(period_cell)
            else _(
                "perioden «%(period)s» er hverken et år, et halvår (2017H1), "
                "et kvartal (2017K2), en måned eller en dato"
            )
            % {"period": _shown(period_cell)}
        )

    value_cell = _cell(cells, columns, "value")
    value = None if _blank(value_cell) else parse_decimal(value_cell)
    if value is None:
        problems.append(
            _("værdien mangler")
            if _blank(value_cell)
            else _("værdien «%(value)s» er ikke et tal") % {"value": _shown(value_cell)}
        )
    elif abs(value) >= Decimal(10) ** 12:
        problems.append(_("værdien «%(value)s» er for stor") % {"value": _shown(value_cell)})
    elif series is not None and (problem := value_problem(series.unit, value)):
        problems.append(
            _("værdien «%(value)s» passer ikke til serien: %(problem)s")
            % {"value": _shown(value_cell), "problem": problem}
        )

    respondents_cell = _cell(cells, columns, "respondents")
    respondents = None
    if not _blank(respondents_cell):
        number_of = parse_decimal(respondents_cell)
        if number_of is None or number_of < 0 or number_of != number_of.to_integral_value():
            problems.append(
                _("antallet af respondenter «%(value)s» er ikke et helt tal")
                % {"value": _shown(respondents_cell)}
            )
        else:
            respondents = int(number_of)

    date_cell = _cell(cells, columns, "date")
    observed_on = None
    if not _blank(date_cell):
        observed_on = parse_date(date_cell)
        if observed_on is None:
            problems.append(
                _("datoen «%(date)s» er ikke en dato som 31.12.2021") % {"date": _shown(date_cell)}
            )

    if problems:
        return problems
    # Each part that could not be read added a problem above.
    assert series is not None and period is not None and value is not None
    assert not isinstance(where, str)
    scope, estate = where
    return ParsedRow(
        number=number,
        series=series,
        scope=scope,
        estate=estate,
        period=period,
        value=value.quantize(Decimal("0.0001")),
        respondents=respondents,
        source_note=_shown(_cell(cells, columns, "source"))[
            : Observation._meta.get_field("source_note").max_length
        ],
        observed_on=observed_on,
    )


def parse_observations(programme: Programme, name: str, data: bytes) -> ParsedFile:
    """Every row of the file as an observation of ``programme``, or every row's problems.

    Raises ImportFileError when the file as a whole cannot be read.
    """
    rows = read_rows(name, data)
    if not rows:
        raise ImportFileError(_("Filen er tom."))
    columns = _header(rows[0])
    lookup = _Lookup(programme)
    parsed: list[ParsedRow] = []
    errors: list[str] = []
    first_seen: dict[tuple, int] = {}
    for number, cells in enumerate(rows[1:], start=2):
        if all(_blank(cell) for cell in cells):
            continue
        result = _parse_row(number, cells, columns, lookup)
        if isinstance(result, list):
            errors += [
                _("Række %(number)s: %(problem)s") % {"number": number, "problem": problem}
                for problem in result
            ]
            continue
        if result.key in first_seen:
            errors.append(
                _("Række %(number)s: samme serie, boligområde og periode som række %(first)s")
                % {"number": number, "first": first_seen[result.key]}
            )
            continue
        first_seen[result.key] = number
        parsed.append(result)
    if not parsed and not errors:
        raise ImportFileError(_("Filen har ingen rækker med tal under overskrifterne."))
    return ParsedFile(rows=[] if errors else parsed, errors=errors)
