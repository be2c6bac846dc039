"""Statistics files made to exhaust the importer are refused as they are read, with a message
naming the limit, and nothing is stored."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from conftest import World
from helhedsplan.core.models import StagedImport
from helhedsplan.series import importers
from helhedsplan.series.importers import ImportFileError, read_rows
from helhedsplan.series.models import Observation
from helhedsplan.series.tests.factories import safety_series

MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
HEADER = b'<row r="1"><c t="inlineStr"><is><t>serie</t></is></c></row>'


def xlsx_with(replaced: dict[str, bytes]) -> bytes:
    """A workbook openpyxl writes, with parts replaced or added."""
    buffer = io.BytesIO()
    workbook = Workbook()
    sheet = workbook.active
    # A new workbook opens on its one worksheet.
    assert isinstance(sheet, Worksheet)
    sheet.append(["serie", "boligområde", "periode", "værdi"])
    workbook.save(buffer)
    original = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in original.infolist():
            if member.filename not in replaced:
                archive.writestr(member.filename, original.read(member))
        for name, content in replaced.items():
            archive.writestr(name, content)
    return out.getvalue()


def sheet(rows: bytes, dimension: bytes = b"") -> bytes:
    return (
        b"<worksheet "
        + MAIN
        + b">"
        + dimension
        + b"<sheetData>"
        + rows
        + b"</sheetData></worksheet>"
    )


SHEET = "xl/worksheets/sheet1.xml"
LAUGHS = (
    b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        b"<!ENTITY %s '%s'>" % (bytes([98 + i]), (b"&%s;" % bytes([97 + i])) * 10) for i in range(8)
    )
    + b"]>"
)


def test_a_sheet_declared_larger_than_the_cell_limit_is_refused_before_its_rows() -> None:
    data = xlsx_with({SHEET: sheet(HEADER, b'<dimension ref="A1:XFD1048576"/>')})
    with pytest.raises(ImportFileError, match=r"mere end grænsen på 120\.012 celler"):
        read_rows("tal.xlsx", data)


def test_a_million_rows_in_a_few_bytes_are_refused_at_the_limit() -> None:
    # openpyxl makes a row of every number the sheet skips: this is a million rows.
    data = xlsx_with({SHEET: sheet(HEADER + b'<row r="1000000"><c><v>1</v></c></row>')})
    assert len(data) < 10_000
    with pytest.raises(ImportFileError, match=r"mere end 10\.000 rækker"):
        read_rows("tal.xlsx", data)


def test_cells_beyond_the_limit_are_refused_as_they_are_read(monkeypatch) -> None:
    monkeypatch.setattr(importers, "MAX_CELLS", 1000)
    row = b"<row>" + b"<c><v>1</v></c>" * 100 + b"</row>"
    data = xlsx_with({SHEET: sheet(HEADER + row * 50)})
    with pytest.raises(ImportFileError, match=r"Række 11: filen har mere end 1\.000 celler"):
        read_rows("tal.xlsx", data)


def test_a_whitespace_padded_sheet_is_refused_before_it_is_parsed() -> None:
    padding = b" " * (importers.PACKAGE_LIMITS.member_bytes + 1)
    data = xlsx_with({SHEET: sheet(HEADER + padding)})
    assert len(data) < 100_000
    with pytest.raises(ImportFileError, match="fylder udpakket mere end 32 MB"):
        read_rows("tal.xlsx", data)


def test_entity_expansion_in_the_shared_strings_is_refused() -> None:
    strings = LAUGHS.replace(b"worksheet", b"sst") + b"<sst " + MAIN + b"><si><t>&i;</t></si></sst>"
    data = xlsx_with({SHEET: sheet(HEADER), "xl/sharedStrings.xml": strings})
    with pytest.raises(ImportFileError, match="dokumenttypeerklæring"):
        read_rows("tal.xlsx", data)


def test_an_external_entity_in_a_sheet_is_refused() -> None:
    entity = b'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    data = xlsx_with(
        {SHEET: entity + sheet(HEADER + b'<row><c t="inlineStr"><is><t>&x;</t></is></c></row>')}
    )
    with pytest.raises(ImportFileError, match="dokumenttypeerklæring"):
        read_rows("tal.xlsx", data)


def test_blank_rows_far_beyond_the_limit_are_refused_as_they_are_read() -> None:
    data = "serie;boligområde;periode;værdi\ntryghed;Nøjsomhed;2016;59\n".encode() + b";\n" * 30_000
    with pytest.raises(ImportFileError, match=r"mere end 10\.000 rækker"):
        read_rows("tal.csv", data)


def test_a_file_beyond_the_size_limit_is_refused_on_the_command_line_too(world: World) -> None:
    with pytest.raises(ImportFileError, match="mere end 5 MB"):
        read_rows("tal.csv", b"serie;periode\n" + b"x;2016\n" * 800_000)


@pytest.mark.parametrize(
    ("replaced", "message"),
    [
        ({"xl/sharedStrings.xml": LAUGHS + b"<sst " + MAIN + b"/>"}, "dokumenttypeerklæring"),
        ({SHEET: sheet(HEADER + b'<row r="1000000"/>')}, "mere end 10.000 rækker"),
    ],
)
def test_the_upload_page_refuses_a_hostile_workbook_and_stores_nothing(
    client, world: World, replaced: dict[str, bytes], message: str
) -> None:
    safety_series(world)
    client.force_login(world.user("secretariat_head"))
    response = client.post(
        reverse("series:import", kwargs={"slug": world.programme.slug}),
        {"file": SimpleUploadedFile("tal.xlsx", xlsx_with(replaced))},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not StagedImport.objects.exists()
    assert not Observation.objects.exists()
