"""Word as programmes write it: real footnotes and numbered lists, through import and export."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import World
from helhedsplan.agreements.document import (
    FOOTNOTE_MARKER,
    SUPERSCRIPT_DIGITS,
    AgreementDocument,
    Criterion,
    footnote_marker,
    split_footnotes,
)
from helhedsplan.agreements.docx_export import render_docx
from helhedsplan.agreements.importer import AgreementImportError, parse_docx
from helhedsplan.agreements.importer.reading import MAX_FOOTNOTES_BYTES
from helhedsplan.agreements.models import AgreementVersion
from helhedsplan.agreements.tests.test_importer import save

W_NS = nsdecls("w")

# Building Word files the way Word writes them -------------------------------------------------


class WordFile:
    """A python-docx document with a footnotes part and list definitions of its own."""

    def __init__(self) -> None:
        self.document = docx.Document()
        self.footnotes: list[str] = []
        self.numbering = self.document.part.numbering_part.element
        self.next_definition = 100

    def paragraph(self, *pieces: str | int) -> Paragraph:
        """A paragraph of text pieces; an int is a reference to that footnote id."""
        paragraph = self.document.add_paragraph()
        for piece in pieces:
            if isinstance(piece, int):
                paragraph.add_run()._r.append(
                    parse_xml(f'<w:footnoteReference {W_NS} w:id="{piece}"/>')
                )
            else:
                paragraph.add_run(piece)
        return paragraph

    def footnote(self, note_id: int, text: str) -> None:
        self.footnotes.append(
            f'<w:footnote w:id="{note_id}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            f'<w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r>'
            "</w:p></w:footnote>"
        )

    def definition(self, *levels: tuple[str, str, int]) -> int:
        """A list definition with levels (format, level text, start)."""
        definition_id = self.next_definition
        self.next_definition += 1
        lvls = "".join(
            f'<w:lvl w:ilvl="{number}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/></w:lvl>'
            for number, (fmt, text, start) in enumerate(levels)
        )
        self.numbering.find(qn("w:num")).addprevious(
            parse_xml(
                f'<w:abstractNum {W_NS} w:abstractNumId="{definition_id}">{lvls}</w:abstractNum>'
            )
        )
        return definition_id

    def list_of(self, definition_id: int, *, restart_at: int | None = None) -> int:
        """Another list of a definition: it continues the numbers, unless it restarts them."""
        num = self.numbering.add_num(definition_id)
        if restart_at is not None:
            num.append(
                parse_xml(
                    f'<w:lvlOverride {W_NS} w:ilvl="0"><w:startOverride w:val="{restart_at}"/>'
                    "</w:lvlOverride>"
                )
            )
        return num.numId

    def item(self, num_id: int, level: int, text: str) -> None:
        paragraph = self.paragraph(text)
        properties = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        properties.get_or_add_ilvl().val = level
        properties.get_or_add_numId().val = num_id

    def bytes(self, footnotes_xml: str | None = None) -> bytes:
        if footnotes_xml is None and self.footnotes:
            footnotes_xml = (
                f"<w:footnotes {W_NS}>"
                '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
                '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
                "<w:continuationSeparator/></w:r></w:p></w:footnote>"
                f"{''.join(self.footnotes)}</w:footnotes>"
            )
        if footnotes_xml is not None:
            part = Part(
                PackURI("/word/footnotes.xml"),
                CT.WML_FOOTNOTES,
                footnotes_xml.encode(),
                self.document.part.package,
            )
            self.document.part.relate_to(part, RT.FOOTNOTES)
        return save(self.document)


def a_delaftale_as_programmes_write_it() -> bytes:
    """Footnotes in a paragraph, a table cell and a criterion; decimal, lettered, roman and
    bulleted lists on two levels, a list that restarts and one that continues another."""
    word = WordFile()
    word.paragraph("Delaftale for indsatsområdet Uddannelse og beskæftigelse")
    word.paragraph("Navn på den boligsociale indsats, som delaftalen vedrører:")
    word.paragraph("Fremtidens Bydel")
    word.paragraph("Aftalens parter:")
    bullets = word.list_of(word.definition(("bullet", "\uf0b7", 1), ("bullet", "o", 1)))
    word.item(bullets, 0, "Bo-Vest")
    word.item(bullets, 1, "Afdelingsbestyrelserne")
    word.item(bullets, 0, "Albertslund Kommune")
    word.paragraph("Problemkompleks for indsatsområdet:")
    word.paragraph("Ifølge analysen", 2, " er mange unge uden job.")
    word.footnote(2, "Boligorganisationens analyse fra 2017.")
    table = word.document.add_table(rows=1, cols=1)
    cell = table.rows[0].cells[0]
    cell.paragraphs[0].add_run("Ledigheden er høj i alle afdelinger")
    cell.paragraphs[0].add_run()._r.append(parse_xml(f'<w:footnoteReference {W_NS} w:id="5"/>'))
    word.footnote(5, "Danmarks Statistik, 2016.")
    steps = word.list_of(word.definition(("decimal", "%1.", 1), ("lowerLetter", "%2)", 1)))
    word.item(steps, 0, "Kortlægning")
    word.item(steps, 1, "Interview med beboerne")
    word.item(steps, 1, "Spørgeskema")
    word.item(steps, 0, "Handleplan")
    word.item(steps, 1, "Prioritering")
    word.paragraph("Formål og mål:")
    word.paragraph("At flere unge kommer i job.")
    phases = word.definition(("upperRoman", "%1.", 1))
    word.item(word.list_of(phases), 0, "Opstart")
    word.item(word.list_of(phases), 0, "Drift")  # another list of a definition continues it
    word.item(word.list_of(phases), 0, "Evaluering")
    word.item(word.list_of(phases, restart_at=1), 0, "Ny opstart")
    word.paragraph("Succeskriterier (lokalt opstillede målinger):")
    criteria = word.document.add_table(rows=0, cols=2)
    for texts in [
        ("1. Andelen af unge i job stiger", "Danmarks Statistik"),
        ("2. Flere unge tager en uddannelse", "Egen registrering"),
    ]:
        row = criteria.add_row().cells
        row[0].text, row[1].text = texts
    first = criteria.rows[0].cells[0].paragraphs[0]
    first.add_run()._r.append(parse_xml(f'<w:footnoteReference {W_NS} w:id="7"/>'))
    word.footnote(7, "Målt blandt de 16-29-årige.")
    word.paragraph("Delaftalen gælder fra:")
    word.paragraph("1. januar 2022 til 31. december 2025")
    word.paragraph("Aktivitetsnavn:")
    word.paragraph("Lektiecafé")
    word.paragraph("Målgruppe(r):")
    word.paragraph("Skolebørn")
    return word.bytes()


@pytest.fixture(scope="module")
def imported() -> AgreementDocument:
    return parse_docx(a_delaftale_as_programmes_write_it())


# Import ---------------------------------------------------------------------------------------


def test_lists_keep_their_numbers_and_bullets_on_every_level(imported: AgreementDocument) -> None:
    assert imported.parties == "• Bo-Vest\n◦ Afdelingsbestyrelserne\n• Albertslund Kommune"
    assert imported.purpose == (
        "At flere unge kommer i job.\nI. Opstart\nII. Drift\nIII. Evaluering\nI. Ny opstart"
    )


def test_footnotes_are_read_where_they_are_referenced(imported: AgreementDocument) -> None:
    assert imported.problem_complex == (
        "Ifølge analysen¹ er mange unge uden job.\n"
        "Ledigheden er høj i alle afdelinger²\n"
        "1. Kortlægning\n"
        "a) Interview med beboerne\n"
        "b) Spørgeskema\n"
        "2. Handleplan\n"
        "a) Prioritering\n"
        "¹ Boligorganisationens analyse fra 2017.\n"
        "² Danmarks Statistik, 2016."
    )


def test_a_criterions_footnote_stays_with_that_criterion(imported: AgreementDocument) -> None:
    assert imported.overall_success_criteria == [
        Criterion(
            "Andelen af unge i job stiger³\n³ Målt blandt de 16-29-årige.", "Danmarks Statistik"
        ),
        Criterion("Flere unge tager en uddannelse", "Egen registrering"),
    ]


def test_the_separators_among_the_footnotes_are_not_notes(imported: AgreementDocument) -> None:
    notes = [
        note
        for text in (imported.preamble, imported.parties, imported.problem_complex)
        for note in split_footnotes(text)[1].values()
    ]
    assert notes == ["Boligorganisationens analyse fra 2017.", "Danmarks Statistik, 2016."]
    assert imported.warnings == []


LIBREOFFICE_FILE = Path(__file__).parent / "data" / "footnotes-and-lists-libreoffice.docx"


def test_the_same_delaftale_saved_by_libreoffice_imports_the_same(
    imported: AgreementDocument,
) -> None:
    """LibreOffice writes footnotes and lists its own way (other ids, styles and bullet fonts);
    the file is the delaftale above, opened and saved as .docx by LibreOffice Writer 7.4."""
    assert parse_docx(LIBREOFFICE_FILE.read_bytes()) == imported


def test_labels_in_a_numbered_list_are_still_the_templates_labels() -> None:
    word = WordFile()
    word.paragraph("Delaftale for indsatsområdet Sundhed")
    headings = word.list_of(word.definition(("upperRoman", "%1.", 1)))
    dashes = word.list_of(word.definition(("bullet", "–", 1)))
    for label, text in [("Aftalens parter:", "Bo-Vest"), ("Problemkompleks:", "Ledighed.")]:
        word.item(headings, 0, label)
        word.paragraph(text)
    word.item(dashes, 0, "Målgruppe(r):")
    word.paragraph("Alle")
    doc = parse_docx(word.bytes())
    assert (doc.parties, doc.problem_complex) == ("Bo-Vest", "Ledighed.")
    assert doc.activities[0].target_groups == "Alle"


# Export and import again ----------------------------------------------------------------------


def test_a_word_file_with_footnotes_and_lists_reexports_and_reimports_unchanged(
    imported: AgreementDocument,
) -> None:
    assert parse_docx(render_docx(imported)) == imported


def test_the_export_writes_word_footnotes_and_word_lists(imported: AgreementDocument) -> None:
    exported = render_docx(imported)
    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        footnotes = archive.read("word/footnotes.xml").decode()
        types = archive.read("[Content_Types].xml").decode()
    assert "wordprocessingml.footnotes+xml" in types
    assert footnotes.count("<w:footnoteRef/>") == 3
    assert "Boligorganisationens analyse fra 2017." in footnotes
    body = docx.Document(io.BytesIO(exported)).element.body
    paragraphs = list(body.iter(qn("w:p")))
    texts = ["".join(p.xpath(".//w:t/text()")) for p in paragraphs]
    numbered = [text for p, text in zip(paragraphs, texts, strict=True) if p.xpath("w:pPr/w:numPr")]
    # The numbers and bullets are Word's, not typed into the text.
    assert numbered[:3] == ["Bo-Vest", "Afdelingsbestyrelserne", "Albertslund Kommune"]
    assert "Kortlægning" in numbered and "Ny opstart" in numbered
    assert "Ifølge analysen er mange unge uden job." in texts
    assert len(body.xpath(".//w:footnoteReference")) == 3


def test_a_single_line_that_looks_numbered_stays_text(imported: AgreementDocument) -> None:
    body = docx.Document(io.BytesIO(render_docx(imported))).element.body
    period = next(
        p for p in body.iter(qn("w:p")) if "".join(p.xpath(".//w:t/text()")).startswith("1. jan")
    )
    assert not period.xpath("w:pPr/w:numPr")


HAND_WRITTEN = AgreementDocument(
    title="Delaftale for indsatsområdet Tryghed og trivsel",
    focus_area="Tryghed og trivsel",
    programme="Helsingør Syd",
    # Footnotes met out of their numbers' order, one beside a unit's exponent.
    preamble="Bestyrelsen har ansvar for delaftalen⁵\n⁵ Se forretningsordenen.",
    parties="Boligselskabet¹ og kommunen.\n¹ Boligselskabet Sjælland.",
    problem_complex=(
        "Lejlighederne på 65 m² er overbefolkede² og slidte.\n"
        "3. Første punkt\n4. Andet punkt\n1. Forfra igen\n• Løst punkt\n4. Spring\n"
        "² Tal fra 2019."
    ),
    purpose="At trygheden stiger.",
    overall_success_criteria=[
        Criterion("Trygheden stiger⁴\n⁴ Tryghedsindekset.", "Politiet", required_share=80)
    ],
)


def test_footnotes_out_of_order_and_lists_that_restart_round_trip_exactly() -> None:
    again = parse_docx(render_docx(HAND_WRITTEN))
    assert replace(again, warnings=[], housing_areas=[]) == HAND_WRITTEN


def test_a_unit_exponent_is_not_taken_for_a_footnote_reference() -> None:
    body = docx.Document(io.BytesIO(render_docx(HAND_WRITTEN))).element.body
    (paragraph,) = [
        p for p in body.iter(qn("w:p")) if "Lejlighederne" in "".join(p.xpath(".//w:t/text()"))
    ]
    runs = paragraph.xpath("w:r")
    reference = next(index for index, run in enumerate(runs) if run.xpath("w:footnoteReference"))
    assert "".join(runs[reference - 1].xpath("w:t/text()")).endswith("overbefolkede")
    assert "65 m²" in "".join(paragraph.xpath(".//w:t/text()"))


# Through the pages: upload, confirm, download, upload again -----------------------------------


def test_footnotes_and_lists_survive_the_database_and_the_download(client, world: World) -> None:
    client.force_login(world.user("secretariat_head"))
    upload = SimpleUploadedFile("delaftale.docx", a_delaftale_as_programmes_write_it())
    client.post(reverse("agreements:import"), {"programme": world.programme.pk, "file": upload})
    client.post(reverse("agreements:import_confirm"), {"estates": [world.nojsomhed.pk]})
    version = AgreementVersion.objects.get()
    page = client.get(version.get_absolute_url()).content.decode()
    assert "Ifølge analysen¹ er mange unge uden job." in page
    assert "¹ Boligorganisationens analyse fra 2017." in page
    assert "a) Interview med beboerne" in page
    download = client.get(
        reverse(
            "agreements:version_docx", kwargs={"agreement_id": version.agreement_id, "number": 1}
        )
    )
    original = parse_docx(a_delaftale_as_programmes_write_it())
    again = parse_docx(download.content)
    texts = ("parties", "problem_complex", "purpose", "overall_success_criteria")
    assert [getattr(again, name) for name in texts] == [getattr(original, name) for name in texts]


# Hostile and broken input ---------------------------------------------------------------------


def test_a_reference_to_a_missing_footnote_is_left_out_and_reported() -> None:
    word = WordFile()
    for text in ["Aftalens parter:", "Bo-Vest", "Målgruppe(r):", "Alle"]:
        word.paragraph(text)
    word.paragraph("Problemkompleks:")
    word.paragraph("Ledigheden", 9, " er høj.")
    word.footnote(1, "En note ingen henviser til.")
    doc = parse_docx(word.bytes())
    assert doc.problem_complex == "Ledigheden er høj."
    assert doc.warnings[0] == (
        "Dokumentet henviser til fodnoter, som ikke findes i dokumentet; henvisningerne er udeladt."
    )


def test_numbering_that_names_a_missing_definition_shows_no_number() -> None:
    word = WordFile()
    for text in ["Aftalens parter:", "Bo-Vest", "Målgruppe(r):", "Alle", "Problemkompleks:"]:
        word.paragraph(text)
    word.item(word.list_of(999), 0, "Uden definition")
    word.item(4711, 0, "Uden liste")
    steps = word.list_of(
        word.definition(("decimal", "%1." * 100, 1), ("lowerLetter", "%2)", 10**9))
    )
    word.item(steps, 0, "For lang nummertekst")
    word.item(steps, 1, "Kæmpe start")
    word.item(steps, 5, "Niveau uden definition")
    doc = parse_docx(word.bytes())
    assert doc.problem_complex.split("\n") == [
        "Uden definition",
        "Uden liste",
        "For lang nummertekst",
        "1000000) Kæmpe start",
        "Niveau uden definition",
    ]


def test_a_paragraph_style_puts_its_paragraphs_in_a_list_and_circular_styles_end() -> None:
    word = WordFile()
    for text in ["Aftalens parter:", "Bo-Vest", "Målgruppe(r):", "Alle", "Problemkompleks:"]:
        word.paragraph(text)
    for text, style in [("Et", "List Number"), ("To", "List Number"), ("Punkt", "List Bullet")]:
        word.document.add_paragraph(text, style=style)
    styles = word.document.styles.element
    for name, based_on in [("Ring1", "Ring2"), ("Ring2", "Ring1")]:
        styles.append(
            parse_xml(
                f'<w:style {W_NS} w:type="paragraph" w:styleId="{name}"><w:name w:val="{name}"/>'
                f'<w:basedOn w:val="{based_on}"/></w:style>'
            )
        )
    ring = word.paragraph("I ring")
    ring._p.get_or_add_pPr().append(parse_xml(f'<w:pStyle {W_NS} w:val="Ring1"/>'))
    assert parse_docx(word.bytes()).problem_complex == "1. Et\n2. To\n• Punkt\nI ring"


def hostile(footnotes_xml: str) -> bytes:
    word = WordFile()
    for text in ["Aftalens parter:", "Bo-Vest", "Målgruppe(r):", "Alle", "Problemkompleks:"]:
        word.paragraph(text)
    word.paragraph("Ledigheden", 1, " er høj.")
    return word.bytes(footnotes_xml)


def test_a_huge_footnotes_part_is_refused_before_it_is_parsed() -> None:
    note = "x" * (MAX_FOOTNOTES_BYTES + 1)
    data = hostile(
        f'<w:footnotes {W_NS}><w:footnote w:id="1"><w:p><w:r><w:t>{note}</w:t>'
        "</w:r></w:p></w:footnote></w:footnotes>"
    )
    with pytest.raises(AgreementImportError, match="fodnoter fylder for meget"):
        parse_docx(data)


def test_a_deeply_nested_footnotes_part_is_refused() -> None:
    depth = 5000
    data = hostile(
        f'<w:footnotes {W_NS}><w:footnote w:id="1">{"<w:p>" * depth}'
        f"{'</w:p>' * depth}</w:footnote></w:footnotes>"
    )
    with pytest.raises(AgreementImportError, match="fodnoter er beskadigede"):
        parse_docx(data)


def test_entities_in_the_footnotes_part_are_refused_before_any_parse() -> None:
    # Office never writes a document type declaration: one is refused before python-docx
    # reads the package (before issue 11 the entities were read past, unexpanded).
    data = hostile(
        '<!DOCTYPE w:footnotes [<!ENTITY file SYSTEM "file:///etc/passwd">'
        '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<w:footnotes {W_NS}><w:footnote w:id="1"><w:p><w:r><w:t>Note &file; &b;</w:t>'
        "</w:r></w:p></w:footnote></w:footnotes>"
    )
    with pytest.raises(AgreementImportError, match="dokumenttypeerklæring"):
        parse_docx(data)


def test_a_footnote_referenced_many_times_is_read_once() -> None:
    word = WordFile()
    for text in ["Aftalens parter:", "Bo-Vest", "Målgruppe(r):", "Alle", "Problemkompleks:"]:
        word.paragraph(text)
    pieces: list[str | int] = ["Ord", 1] * 500
    word.paragraph(*pieces)
    word.footnote(1, "Lang note. " * 200)
    doc = parse_docx(word.bytes())
    assert doc.problem_complex.count("Lang note.") == 200
    assert doc.problem_complex.startswith("Ord¹Ord¹")


# Any text of lines, list items and footnotes survives an export ------------------------------

WORDS = ["beboere", "frivillige", "samarbejde", "trivsel", "unge", "familier", "netværk"]
SENTENCES = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(
    lambda words: " ".join(words).capitalize()
)
MARKERS = st.sampled_from(["1.", "2.", "3.", "a)", "b)", "c)", "i.", "ii.", "iv.", "•", "–", "B."])
LINES = st.one_of(SENTENCES, st.tuples(MARKERS, SENTENCES).map(lambda pair: f"{pair[0]} {pair[1]}"))


@st.composite
def texts_with_notes(draw: st.DrawFn) -> str:
    """Lines, some of them list items, with footnote references; the notes follow, in the order
    of their references, as the importer writes them."""
    lines = draw(st.lists(LINES, min_size=1, max_size=12))
    notes = {}
    for number in draw(st.lists(st.integers(1, 15), unique=True, max_size=4)):
        marker = footnote_marker(number)
        index = draw(st.integers(0, len(lines) - 1))
        # Two references in a row are "¹ ²", as the importer writes them, not "¹²".
        space = " " if lines[index][-1] in SUPERSCRIPT_DIGITS else ""
        lines[index] = f"{lines[index]}{space}{marker}"
        notes[marker] = f"{marker} {draw(SENTENCES)}."
    referenced = FOOTNOTE_MARKER.findall("\n".join(lines))
    return "\n".join([*lines, *(notes[marker] for marker in referenced)])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts_with_notes())
def test_any_text_of_list_items_and_footnotes_survives_a_round_trip(text: str) -> None:
    doc = replace(HAND_WRITTEN, problem_complex=text)
    assert parse_docx(render_docx(doc)).problem_complex == text
