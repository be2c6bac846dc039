"""Limits on reading an uploaded Office package (.docx, .xlsx) before a library parses it.

A zip archive can hold a thousand times its own size: a 600 KB Word file can unpack to 190
MB of XML, which python-docx would read whole and lxml build into a tree of gigabytes. So
:func:`check_package` reads every member as a stream, counting the bytes it actually
decompresses (the sizes an archive declares can lie), and parses each XML member as it
streams with expat, which builds nothing: it refuses a document type declaration (Office
never writes one; it is where entity expansion and external entities live) and counts the
elements, in all and under any one element. Only a package within every limit reaches
python-docx or openpyxl, whose reads of it are then bounded by what was checked here:
``zipfile`` never returns more of a member than its declared size, and the declared sizes are
within the limits.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from xml.parsers import expat

from django.utils.translation import gettext as _

from helhedsplan.core.numbers import format_number

CHUNK_BYTES = 64 * 1024
# How an XML member begins: optional byte order mark or white space, then "<", in UTF-8,
# UTF-16 or UTF-32. A member that begins otherwise (an image, a font) is not parsed as XML
# by python-docx or openpyxl, and is only counted.
XML_STARTS = (
    b"<",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\x00<",
    b"\x00\x00\x00<",
    b"\x00\x00\xfe\xff",
    b"\x4c\x6f\xa7\x94",  # "<?xm" in EBCDIC, which libxml2 reads and expat refuses
)


class PackageRefused(Exception):
    """The package exceeds a limit or cannot be read; ``str(error)`` is a Danish message that
    names the limit or the damage. ``damaged`` tells a broken archive, for which the caller
    may have a message naming what the file should have been."""

    def __init__(self, message: str, *, damaged: bool = False) -> None:
        super().__init__(message)
        self.damaged = damaged


@dataclass(frozen=True)
class PackageLimits:
    members: int
    # Uncompressed bytes of any one member, and of all of them together.
    member_bytes: int
    total_bytes: int
    # Elements in all the XML members together, and directly under any one element.
    xml_elements: int
    xml_children: int


def _megabytes(size: int) -> str:
    return format_number(size / (1024 * 1024), decimals=0)


def check_package(data: bytes, limits: PackageLimits) -> list[str]:
    """Read every member of the zip archive ``data`` within ``limits``; the members' names.

    Raises :class:`PackageRefused` for an archive that is damaged, encrypted, exceeds a limit
    or holds XML with a document type declaration.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise _damaged() from error
    with archive:
        members = archive.infolist()
        _check_declared(members, limits)
        counter = _ElementCounter(limits)
        total = 0
        for member in members:
            total += _read_member(archive, member, limits, counter, total)
    return [member.filename for member in members]


def _check_declared(members: list[zipfile.ZipInfo], limits: PackageLimits) -> None:
    if len(members) > limits.members:
        raise PackageRefused(
            _("Filen rummer flere end %(limit)s dele og kan ikke indlæses.")
            % {"limit": format_number(limits.members)}
        )
    for member in members:
        if member.file_size > limits.member_bytes:
            raise _member_too_large(member.filename, limits)
    if sum(member.file_size for member in members) > limits.total_bytes:
        raise _total_too_large(limits)


def _member_too_large(name: str, limits: PackageLimits) -> PackageRefused:
    return PackageRefused(
        _(
            "Delen »%(name)s« fylder udpakket mere end %(limit)s MB, som er grænsen for én "
            "del af filen. Filen kan ikke indlæses."
        )
        % {"name": name[:100], "limit": _megabytes(limits.member_bytes)}
    )


def _total_too_large(limits: PackageLimits) -> PackageRefused:
    return PackageRefused(
        _("Filen fylder udpakket mere end %(limit)s MB, som er grænsen. Filen kan ikke indlæses.")
        % {"limit": _megabytes(limits.total_bytes)}
    )


def _read_member(
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    limits: PackageLimits,
    counter: _ElementCounter,
    before: int,
) -> int:
    """The member's uncompressed size, read chunk by chunk and parsed as it streams when it
    is XML."""
    size = 0
    parser: expat.XMLParserType | None = None
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                size += len(chunk)
                if size > limits.member_bytes:
                    raise _member_too_large(member.filename, limits)
                if before + size > limits.total_bytes:
                    raise _total_too_large(limits)
                if size == len(chunk) and chunk.lstrip(b" \t\r\n").startswith(XML_STARTS):
                    parser = counter.parser()
                if parser is not None:
                    parser = _parsed(parser, chunk, member.filename, final=False)
            if parser is not None:
                _parsed(parser, b"", member.filename, final=True)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, zlib.error) as error:
        # A wrong checksum, an encrypted member, an unknown compression, a cut-off archive.
        raise _damaged() from error
    return size


def _parsed(
    parser: expat.XMLParserType, chunk: bytes, name: str, *, final: bool
) -> expat.XMLParserType | None:
    """The parser after ``chunk``, or None when the member turned out not to be XML. A part
    named as XML must be well-formed; another that only began like XML (an embedded web page)
    is counted as bytes: what reads it as XML would refuse it as malformed too."""
    try:
        parser.Parse(chunk, final)
    except expat.ExpatError as error:
        if name.lower().endswith((".xml", ".rels")):
            raise PackageRefused(
                _("Delen »%(name)s« er ikke gyldig XML og kan ikke læses.") % {"name": name[:100]}
            ) from error
        return None
    return parser


def _damaged() -> PackageRefused:
    return PackageRefused(_("Filen er en beskadiget zip-fil og kan ikke åbnes."), damaged=True)


class _ElementCounter:
    """Counts elements across a package's XML members as expat meets them, and refuses a
    document type declaration before any entity in it could be declared or expanded."""

    def __init__(self, limits: PackageLimits) -> None:
        self.limits = limits
        self.elements = 0
        self.open: list[int] = []

    def parser(self) -> expat.XMLParserType:
        self.open = [0]
        parser = expat.ParserCreate()
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        return parser

    def _doctype(self, *args: object) -> None:
        raise PackageRefused(
            _(
                "Filen indeholder en dokumenttypeerklæring (DOCTYPE) med mulige entiteter. "
                "Office-filer har ingen, så filen kan ikke indlæses."
            )
        )

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        self.elements += 1
        if self.elements > self.limits.xml_elements:
            raise PackageRefused(
                _("Filen rummer flere end %(limit)s XML-elementer og kan ikke indlæses.")
                % {"limit": format_number(self.limits.xml_elements)}
            )
        self.open[-1] += 1
        if self.open[-1] > self.limits.xml_children:
            raise PackageRefused(
                _(
                    "Et element i filen rummer flere end %(limit)s elementer direkte under sig "
                    "og kan ikke indlæses."
                )
                % {"limit": format_number(self.limits.xml_children)}
            )
        self.open.append(0)

    def _end(self, name: str) -> None:
        self.open.pop()
