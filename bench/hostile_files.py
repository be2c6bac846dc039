"""Peak memory and time of each import given a file made to exhaust it.

Every file goes through ``core.services.staged_import_stage``, the service the upload pages
call with the uploaded file (size limit, parse, stored parse), in a process of its own; the
peak resident memory is that process's (``os.wait4``), Django's start included, and the time
is that of the call alone. Refused files must be refused with a message, accepted ones (the
largest files the limits let through) stored. Run:

    python bench/hostile_files.py [--scale 1.0] [--only NAME]

Each line reads ``name file_kb peak_mb seconds outcome``; the last ``worst_mb=… worst_s=…``.
``--scale`` shrinks the files that are large only to be large (the zip bombs, the rows).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
S = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
MB = 1024 * 1024
LAUGHS = (
    b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        b"<!ENTITY %s '%s'>" % (bytes([98 + i]), (b"&%s;" % bytes([97 + i])) * 10) for i in range(8)
    )
    + b"]>"
)


# Files ---------------------------------------------------------------------------------------


def _package(base: bytes, parts: dict[str, Iterator[bytes] | bytes]) -> bytes:
    """``base`` (a zip) with parts replaced or added, each written as a stream of chunks."""
    original = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in original.infolist():
            if member.filename not in parts:
                archive.writestr(member.filename, original.read(member))
        for name, content in parts.items():
            with archive.open(name, "w", force_zip64=True) as stream:
                for chunk in [content] if isinstance(content, bytes) else content:
                    stream.write(chunk)
    return out.getvalue()


def _repeat(head: bytes, unit: bytes, times: int, tail: bytes) -> Iterator[bytes]:
    yield head
    batch = max(1, MB // max(1, len(unit)))
    for start in range(0, times, batch):
        yield unit * min(batch, times - start)
    yield tail


def _word(parts: dict[str, Iterator[bytes] | bytes]) -> bytes:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return _package(buffer.getvalue(), parts)


def _workbook(parts: dict[str, Iterator[bytes] | bytes]) -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    return _package(buffer.getvalue(), parts)


def _document(unit: bytes, times: int) -> Iterator[bytes]:
    return _repeat(b"<w:document " + W + b"><w:body>", unit, times, b"</w:body></w:document>")


SHEET = "xl/worksheets/sheet1.xml"
HEADER_ROW = (
    b'<row r="1">'
    + b"".join(
        b'<c t="inlineStr"><is><t>%s</t></is></c>' % name.encode()
        for name in ("serie", "boligområde", "periode", "værdi")
    )
    + b"</row>"
)


def _sheet(unit: bytes, times: int, dimension: bytes = b"") -> Iterator[bytes]:
    head = b"<worksheet " + S + b">" + dimension + b"<sheetData>" + HEADER_ROW
    return _repeat(head, unit, times, b"</sheetData></worksheet>")


def _good_rows(count: int) -> Iterator[bytes]:
    import datetime

    head = b"<worksheet " + S + b"><sheetData>" + HEADER_ROW
    yield head
    first = datetime.date(1950, 1, 1)
    for number in range(count):
        day = (first + datetime.timedelta(days=number)).strftime("%d.%m.%Y").encode()
        yield (
            b'<row><c t="inlineStr"><is><t>tryghed</t></is></c>'
            b'<c t="inlineStr"><is><t>Vapnagaard</t></is></c>'
            b'<c t="inlineStr"><is><t>' + day + b"</t></is></c><c><v>59.5</v></c></row>"
        )
    yield b"</sheetData></worksheet>"


def _kulturhus_csv(rows: int) -> bytes:
    # Short rows of the required columns, so that 200,000 fit within the upload's 5 MB.
    lines = (f"{1 + n % 28}.3.2021;19:00;K{n};F\n" for n in range(rows))
    return ("Dato;Start;Arrangement;Arrangør\n" + "".join(lines)).encode()


def _short_calendar(events: int) -> bytes:
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:{n}\r\nDTSTART:20210312T190000\r\nSUMMARY:K\r\nEND:VEVENT\r\n"
        for n in range(events)
    )
    return ("BEGIN:VCALENDAR\r\n" + body + "END:VCALENDAR\r\n").encode()


def _calendar(events: int) -> bytes:
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:{n}@kulturhus\r\nDTSTART:20210312T190000\r\n"
        f"DTEND:20210312T210000\r\nSUMMARY:Koncert {n}\r\n"
        f'ORGANIZER;CN="Forening {n}":mailto:f{n}@example.dk\r\nLOCATION:Sal\r\nEND:VEVENT\r\n'
        for n in range(events)
    )
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + body + "END:VCALENDAR\r\n").encode()


def cases(scale: float) -> dict[str, tuple[str, str, Callable[[], bytes]]]:
    """name -> (import kind, file name, the file's bytes)."""

    def n(count: int) -> int:
        return max(1, int(count * scale))

    paragraph = b"<w:p><w:r><w:t>Aktivitet</w:t></w:r></w:p>"
    cell_row = b"<row>" + b"<c><v>1</v></c>" * 25 + b"</row>"
    return {
        # The probe's files: a 616 KB .docx whose document part unpacks to 190 MB ...
        "docx_bomb_190mb": (
            "agreements.document",
            "delaftale.docx",
            lambda: _word({"word/document.xml": _document(paragraph, n(190 * MB // 42))}),
        ),
        # ... and a 95 KB one of more XML elements than a delaftale ever has.
        "docx_95kb_elements": (
            "agreements.document",
            "delaftale.docx",
            lambda: _word({"word/document.xml": _document(b"<w:p/>" * 3, 700_000)}),
        ),
        "docx_entities": (
            "agreements.document",
            "delaftale.docx",
            lambda: _word(
                {
                    "word/document.xml": LAUGHS
                    + b"<w:document "
                    + W
                    + b"><w:body>&i;</w:body></w:document>"
                }
            ),
        ),
        "docx_external_entity": (
            "agreements.document",
            "delaftale.docx",
            lambda: _word(
                {
                    "word/document.xml": b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                    + b"<w:document "
                    + W
                    + b"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
                }
            ),
        ),
        # The most XML elements the limit lets through: parsed whole.
        "docx_at_element_limit": (
            "agreements.document",
            "delaftale.docx",
            lambda: _word({"word/document.xml": _document(paragraph, 20_000)}),
        ),
        "kulturhus_csv_50000_rows": (
            "events.kulturhus",
            "kulturhus.csv",
            lambda: _kulturhus_csv(n(50_000)),
        ),
        "kulturhus_csv_200000_rows": (
            "events.kulturhus",
            "kulturhus.csv",
            lambda: _kulturhus_csv(n(200_000)),
        ),
        # The most bookings the limit lets through: parsed and stored.
        "kulturhus_csv_10000_rows": (
            "events.kulturhus",
            "kulturhus.csv",
            lambda: _kulturhus_csv(10_000),
        ),
        "kulturhus_ics_30000_events": (
            "events.kulturhus",
            "kulturhus.ics",
            lambda: _short_calendar(n(30_000)),
        ),
        # The most calendar lines the limit lets through: parsed and stored.
        "kulturhus_ics_at_line_limit": (
            "events.kulturhus",
            "kulturhus.ics",
            lambda: _calendar(1_100),
        ),
        "xlsx_5m_cells": (
            "series.observations",
            "tal.xlsx",
            lambda: _workbook({SHEET: _sheet(cell_row, n(200_000))}),
        ),
        "xlsx_whitespace_2gb": (
            "series.observations",
            "tal.xlsx",
            lambda: _workbook({SHEET: _sheet(b" " * MB, n(2048))}),
        ),
        "xlsx_1m_rows": (
            "series.observations",
            "tal.xlsx",
            lambda: _workbook({SHEET: _sheet(b"<row><c><v>1</v></c></row>", n(1_000_000))}),
        ),
        "xlsx_1m_rows_by_number": (
            "series.observations",
            "tal.xlsx",
            lambda: _workbook({SHEET: _sheet(b'<row r="1048576"><c><v>1</v></c></row>', 1)}),
        ),
        "xlsx_declared_dimension": (
            "series.observations",
            "tal.xlsx",
            lambda: _workbook({SHEET: _sheet(b"", 0, b'<dimension ref="A1:XFD1048576"/>')}),
        ),
        # Rows of 13 cells up to the cell limit: read until it is reached.
        "xlsx_cells_to_the_limit": (
            "series.observations",
            "tal.xlsx",
            lambda: _workbook(
                {SHEET: _sheet(b"<row>" + b"<c><v>1</v></c>" * 13 + b"</row>", 10_001)}
            ),
        ),
        "xlsx_entities": (
            "series.observations",
            "tal.xlsx",
            lambda: _workbook(
                {"xl/sharedStrings.xml": LAUGHS + b"<sst " + S + b"><si><t>&i;</t></si></sst>"}
            ),
        ),
        "xlsx_external_entity": (
            "series.observations",
            "tal.xlsx",
            lambda: _workbook(
                {
                    SHEET: b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                    + b"<worksheet "
                    + S
                    + b'><sheetData><row><c t="inlineStr"><is><t>&x;</t></is></c></row>'
                    + b"</sheetData></worksheet>"
                }
            ),
        ),
        # The most rows the limit lets through: parsed and stored.
        "xlsx_10000_good_rows": (
            "series.observations",
            "tal.xlsx",
            lambda: _workbook({SHEET: _good_rows(10_000)}),
        ),
    }


# The processes -------------------------------------------------------------------------------


def _django(data_dir: Path) -> None:
    os.environ["HELHEDSPLAN_DATA_DIR"] = str(data_dir)
    os.environ["HELHEDSPLAN_MODE"] = "development"
    os.environ["DJANGO_SETTINGS_MODULE"] = "helhedsplan.settings"
    import django

    django.setup()


def setup(data_dir: Path) -> None:
    """A database with a programme, its estates and series, and a secretariat head."""
    import datetime

    _django(data_dir)
    from django.core.management import call_command

    from helhedsplan.accounts import services as accounts
    from helhedsplan.accounts.models import Role
    from helhedsplan.programmes import services as programmes
    from helhedsplan.series import services as series
    from helhedsplan.series.models import Granularity, Unit

    call_command("migrate", verbosity=0)
    programme = programmes.programme_ensure(
        name="Helsingør Syd",
        housing_organisation="Boligselskabet",
        municipality="Helsingør Kommune",
        period_start=datetime.date(2018, 1, 1),
        period_end=datetime.date(2021, 12, 31),
    )
    programmes.estate_ensure(programme=programme, name="Vapnagaard", tenancies=1741)
    series.series_ensure(
        programme=programme,
        code="tryghed",
        name="Trygge beboere",
        unit=Unit.PERCENT,
        source="Politiets Tryghedsindeks",
        granularity=Granularity.DATE,
    )
    accounts.user_create(
        username="sekretariat",
        password=None,
        programme=programme,
        role=Role.SECRETARIAT_HEAD,
    )


def feed(data_dir: Path, kind: str, path: Path) -> None:
    """Stage the file as the upload page does; print the outcome as JSON."""
    _django(data_dir)
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError
    from django.core.files import File

    from helhedsplan.core import services
    from helhedsplan.programmes.models import Estate, Programme

    programme = Programme.objects.get()
    target = {"programme": programme.pk}
    if kind == "events.kulturhus":
        target["estate"] = Estate.objects.get().pk
    owner = get_user_model().objects.get(username="sekretariat")
    with path.open("rb") as handle:
        start = time.perf_counter()
        try:
            services.staged_import_stage(
                owner=owner, kind=kind, upload=File(handle, name=path.name), target=target
            )
            outcome = "stored"
        except ValidationError as error:
            outcome = "refused: " + " ".join(error.messages)[:110]
        seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "outcome": outcome}))


def measure(data_dir: Path, kind: str, path: Path) -> tuple[float, float, str]:
    """Peak memory (MB) and seconds of one feed in a process of its own, and its outcome."""
    child = subprocess.Popen(
        [sys.executable, __file__, "--feed", str(data_dir), kind, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    out, err = child.stdout.read(), child.stderr.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    if child.returncode != 0:
        return peak_mb, float("nan"), "crashed: " + err.decode()[-300:]
    result = json.loads(out.decode().strip().splitlines()[-1])
    return peak_mb, result["seconds"], result["outcome"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--setup", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--feed", nargs=3, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.setup:
        setup(options.setup)
        return
    if options.feed:
        data_dir, kind, path = options.feed
        feed(Path(data_dir), kind, Path(path))
        return
    with tempfile.TemporaryDirectory() as temporary:
        data_dir = Path(temporary) / "data"
        subprocess.run([sys.executable, __file__, "--setup", str(data_dir)], check=True)
        worst_mb = worst_s = 0.0
        for name, (kind, file_name, make) in cases(options.scale).items():
            if options.only and name not in options.only:
                continue
            path = Path(temporary) / name / file_name
            path.parent.mkdir()
            path.write_bytes(make())
            peak_mb, seconds, outcome = measure(data_dir, kind, path)
            worst_mb, worst_s = max(worst_mb, peak_mb), max(worst_s, seconds)
            size_kb = path.stat().st_size / 1024
            print(f"{name} file_kb={size_kb:.0f} peak_mb={peak_mb:.0f} s={seconds:.2f} {outcome}")
            path.unlink()
        print(f"worst_mb={worst_mb:.0f} worst_s={worst_s:.2f}")


if __name__ == "__main__":
    main()
