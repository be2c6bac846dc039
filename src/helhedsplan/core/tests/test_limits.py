"""Reading a zip package within limits before a library parses it (``core.limits``)."""

from __future__ import annotations

import io
import zipfile

import pytest

from helhedsplan.core.limits import PackageLimits, PackageRefused, check_package

LIMITS = PackageLimits(
    members=3, member_bytes=1000, total_bytes=1500, xml_elements=10, xml_children=4
)


def package(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_package_within_the_limits_gives_its_members() -> None:
    members = {"a.xml": b"<a><b/><b/></a>", "b.png": b"\x89PNG" + bytes(500)}
    assert check_package(package(members), LIMITS) == ["a.xml", "b.png"]


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"a": b"", "b": b"", "c": b"", "d": b""}, "flere end 3 dele"),
        ({"a.xml": b" " * 1001}, "»a.xml« fylder udpakket mere end"),
        ({"a.bin": b" " * 800, "b.bin": b" " * 800}, "Filen fylder udpakket mere end"),
        (
            {"a.xml": b"<a>" + b"<b><c/><c/></b>" * 2 + b"</a>", "b.xml": b"<a><b/><b/><b/></a>"},
            "flere end 10 XML-elementer",
        ),
        ({"a.xml": b"<a>" + b"<b/>" * 5 + b"</a>"}, "flere end 4 elementer direkte under"),
        ({"a.xml": b'<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>'}, "dokumenttypeerklæring"),
        ({"a.xml": b"<a><b></a>"}, "»a.xml« er ikke gyldig XML"),
    ],
)
def test_a_package_beyond_a_limit_is_refused_naming_it(members: dict, message: str) -> None:
    with pytest.raises(PackageRefused, match=message):
        check_package(package(members), LIMITS)


def test_a_part_that_only_begins_like_xml_is_counted_not_refused() -> None:
    # Word may embed a web page (altChunk) that is no well-formed XML.
    assert check_package(package({"word/page.html": b"<html><br></html>"}), LIMITS)


def test_a_damaged_archive_is_refused_as_damaged() -> None:
    with pytest.raises(PackageRefused) as refused:
        check_package(b"PK\x03\x04" + bytes(40), LIMITS)
    assert refused.value.damaged
