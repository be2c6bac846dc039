"""Word files made to exhaust the importer are refused before python-docx reads them, with a
message naming the limit, in the browser and on the command line, and nothing is stored."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from conftest import World
from helhedsplan.agreements.importer import AgreementImportError, parse_file
from helhedsplan.agreements.importer.reading import PACKAGE_LIMITS
from helhedsplan.agreements.models import Agreement
from helhedsplan.core.models import StagedImport

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def word_with(replaced: dict[str, bytes]) -> bytes:
    """A Word file python-docx writes, with parts replaced or added."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    original = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in original.infolist():
            if member.filename not in replaced:
                archive.writestr(member.filename, original.read(member))
        for name, content in replaced.items():
            archive.writestr(name, content)
    return out.getvalue()


def body(inner: bytes) -> bytes:
    return b"<w:document " + W_NS.encode() + b"><w:body>" + inner + b"</w:body></w:document>"


def bomb() -> bytes:
    """A document part of spaces one byte beyond the limit of a part: some kilobytes packed."""
    return word_with({"word/document.xml": body(b" " * (PACKAGE_LIMITS.member_bytes + 1))})


def test_a_part_that_unpacks_beyond_its_limit_is_refused_naming_it() -> None:
    data = bomb()
    assert len(data) < 100_000
    with pytest.raises(
        AgreementImportError, match=r"»word/document\.xml« fylder udpakket mere end 25 MB"
    ):
        parse_file("delaftale.docx", data)


def test_parts_that_together_unpack_beyond_the_limit_are_refused() -> None:
    part = b" " * (PACKAGE_LIMITS.member_bytes - 1024)
    data = word_with({"word/media/a.bin": part, "word/media/b.bin": part, "word/media/c.bin": part})
    with pytest.raises(AgreementImportError, match="udpakket mere end 50 MB"):
        parse_file("delaftale.docx", data)


def test_a_part_that_lies_about_its_size_is_refused() -> None:
    """The central directory declares 100 bytes; the part unpacks to a megabyte."""
    data = bytearray(word_with({"word/document.xml": body(b" " * 1024 * 1024)}))
    name = b"word/document.xml"
    entry = data.index(b"PK\x01\x02")
    while data[entry + 46 : entry + 46 + len(name)] != name:
        entry = data.index(b"PK\x01\x02", entry + 1)
    data[entry + 24 : entry + 28] = (100).to_bytes(4, "little")
    with pytest.raises(AgreementImportError, match="beskadiget"):
        parse_file("delaftale.docx", bytes(data))


def test_a_document_of_too_many_elements_is_refused() -> None:
    paragraph = b"<w:p><w:r/><w:r/><w:r/><w:r/></w:p>"
    data = word_with({"word/document.xml": body(paragraph * (PACKAGE_LIMITS.xml_elements // 5))})
    assert len(data) < 100_000
    with pytest.raises(AgreementImportError, match=r"flere end 100\.000 XML-elementer"):
        parse_file("delaftale.docx", data)


def test_an_element_with_too_many_children_is_refused() -> None:
    data = word_with({"word/document.xml": body(b"<w:p/>" * (PACKAGE_LIMITS.xml_children + 1))})
    with pytest.raises(AgreementImportError, match=r"flere end 20\.000 elementer direkte under"):
        parse_file("delaftale.docx", data)


def test_entity_expansion_in_the_document_is_refused() -> None:
    laughs = (
        b'<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            b"<!ENTITY %s '%s'>" % (bytes([98 + i]), (b"&%s;" % bytes([97 + i])) * 10)
            for i in range(8)
        )
        + b"]>"
    )
    data = word_with({"word/document.xml": laughs + body(b"<w:p><w:r><w:t>&i;</w:t></w:r></w:p>")})
    with pytest.raises(AgreementImportError, match="dokumenttypeerklæring"):
        parse_file("delaftale.docx", data)


def test_a_utf16_document_with_an_external_entity_is_refused() -> None:
    xml = (
        '<?xml version="1.0" encoding="UTF-16"?>'
        '<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    )
    data = word_with({"word/document.xml": (xml + body(b"&x;").decode()).encode("utf-16")})
    with pytest.raises(AgreementImportError, match="dokumenttypeerklæring"):
        parse_file("delaftale.docx", data)


def test_the_upload_page_refuses_a_bomb_with_the_limit_and_stores_nothing(
    client, world: World
) -> None:
    client.force_login(world.user("secretariat_head"))
    response = client.post(
        reverse("agreements:import"),
        {"programme": world.programme.pk, "file": SimpleUploadedFile("delaftale.docx", bomb())},
    )
    assert response.status_code == 400
    assert "fylder udpakket mere end 25 MB" in response.content.decode()
    assert not StagedImport.objects.exists()
    assert not Agreement.objects.exists()


def test_the_command_refuses_a_bomb_with_the_limit_and_stores_nothing(
    tmp_path: Path, world: World
) -> None:
    path = tmp_path / "delaftale.docx"
    path.write_bytes(bomb())
    with pytest.raises(CommandError, match="fylder udpakket mere end 25 MB"):
        call_command("import_agreement", str(path), "--programme", world.programme.name)
    assert not Agreement.objects.exists()


def test_the_command_refuses_a_file_beyond_the_upload_limit(tmp_path: Path, world: World) -> None:
    path = tmp_path / "delaftale.txt"
    path.write_bytes(b"Aftalens parter: |\n" * (21 * 1024 * 1024 // 19))
    with pytest.raises(CommandError, match="fylder mere end 20 MB"):
        call_command("import_agreement", str(path), "--programme", world.programme.name)
    assert not Agreement.objects.exists()
