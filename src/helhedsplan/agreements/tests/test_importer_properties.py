from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helhedsplan.agreements.document import (
    STAFF_PERIODS,
    Activity,
    AgreementDocument,
    BudgetLine,
    Criterion,
    Section,
    StaffResource,
    as_dry_run_json,
)
from helhedsplan.agreements.docx_export import render_docx
from helhedsplan.agreements.importer import (
    AgreementImportError,
    parse_amount,
    parse_docx,
    parse_file,
    parse_period,
    parse_staff_resources,
    parse_text,
)
from helhedsplan.agreements.tests.test_importer import as_docx, as_text, seed_bytes

# Arbitrary input never fails with anything but AgreementImportError ---------------------------

TEMPLATE_LINES = [
    "Delaftale for indsatsområdet Tryghed og trivsel",
    "Navn på den boligsociale indsats, som delaftalen vedrører:",
    "Aftalens parter:",
    "Problemkompleks for indsatsområdet:",
    "Formål og mål:",
    "Succeskriterier (lokalt opstillede målinger):",
    "Datakilde:",
    "Aktivitetsnavn:",
    "Indhold og praksis (aktivitetsbeskrivelse):",
    "Målgruppe(r):",
    "Succeskriterier og datakilde for aktiviteten:",
    "Ansvars- og rollefordeling:",
    "Medarbejderressourcer for indsatsområdet:",
    "Indsatsområdets økonomi i henhold til budget:",
    "Organisation",
    "Delaftalen gælder fra:",
    "Faglig arbejdsgruppe:",
    "Omfattede boligområder:",
    "Evaluering:",
    "1. januar 2018 til 31. december 2021",
    "31. februar 2018 til 0. maj 2021",
    "1.234.567,50 kr.",
    "2 Netværkskoordinatorer indgår med 16 timer pr. uge i alt.",
    "Kommunale aktører: Repræsentanter fra Ungdomsskolen indgår med 5 timer pr. halvår.",
    "analysen1 viser",
    "1 En fodnote.",
    "0.Xx der afholdes møder",
    "• punkt • punkt",
    "Beboere i Nøjsomhed og på Vapnagaard",
]
# Word files hold XML text: no control characters and no lone surrogates.
XML_TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff"),
    max_size=60,
)
# The text form cannot hold a cell's own "|" or line breaks; the same rows in both forms avoid them.
ONE_LINE_TEXT = st.text(
    st.characters(
        blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="|\ufffe\uffff"
    ),
    max_size=60,
)


def rows_of(cell_text: st.SearchStrategy[str]) -> st.SearchStrategy[list[str | tuple[str, ...]]]:
    cells = st.one_of(st.sampled_from(TEMPLATE_LINES), cell_text, st.just(""))
    return st.lists(
        st.one_of(
            st.sampled_from(TEMPLATE_LINES),
            st.lists(cells, min_size=1, max_size=3).map(tuple),
        ),
        max_size=40,
    )


def rows_to_blocks(rows: list[str | tuple[str, ...]]) -> list[str | list[tuple[str, ...]]]:
    return [row if isinstance(row, str) else [row] for row in rows]


def imports_or_refuses(parse: object, *args: object) -> AgreementDocument | None:
    try:
        document = parse(*args)  # type: ignore[operator]
    except AgreementImportError as error:
        assert str(error)
        return None
    json.dumps(as_dry_run_json(document))
    return document


@given(st.text())
def test_any_text_imports_or_is_refused(text: str) -> None:
    imports_or_refuses(parse_text, text)


@given(rows_of(XML_TEXT))
def test_any_arrangement_of_template_labels_and_text_imports_or_is_refused(
    rows: list[str | tuple[str, ...]],
) -> None:
    imports_or_refuses(parse_text, as_text(rows_to_blocks(rows)))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows_of(ONE_LINE_TEXT))
def test_a_word_file_and_its_text_form_import_alike(rows: list[str | tuple[str, ...]]) -> None:
    blocks = rows_to_blocks(rows)
    from_text = imports_or_refuses(parse_text, as_text(blocks))
    try:
        from_word = parse_docx(as_docx(blocks))
    except AgreementImportError:
        from_word = None
    if from_text is not None and from_word is not None:
        assert as_dry_run_json(from_word)["activities"] == as_dry_run_json(from_text)["activities"]


MAGIC_PREFIXES = st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF", b"\xff\xfe"])


@given(MAGIC_PREFIXES, st.binary(max_size=400), st.sampled_from(["a.docx", "a.txt", "a"]))
def test_any_file_imports_or_is_refused(prefix: bytes, data: bytes, name: str) -> None:
    imports_or_refuses(parse_file, name, prefix + data)


SEED_DOCX = seed_bytes(".docx")


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, len(SEED_DOCX) - 1), st.integers(0, 255)), max_size=20),
    st.integers(0, len(SEED_DOCX)),
)
def test_a_damaged_word_file_imports_or_is_refused(
    changes: list[tuple[int, int]], length: int
) -> None:
    data = bytearray(SEED_DOCX[:length])
    for position, value in changes:
        if position < len(data):
            data[position] = value
    imports_or_refuses(parse_file, "delaftale.docx", bytes(data))


@given(st.text())
def test_the_small_readers_accept_any_text(text: str) -> None:
    parse_period(text)
    parse_amount(text)
    parse_staff_resources(text)


# The readers invert the notation the exporter writes ------------------------------------------

MONTHS = "januar februar marts april maj juni juli august september oktober november december"


def danish_date(day: date) -> str:
    return f"{day.day}. {MONTHS.split()[day.month - 1]} {day.year}"


@given(st.dates(date(1990, 1, 1), date(2060, 12, 31)), st.integers(0, 3000))
def test_a_written_period_reads_back(start: date, length: int) -> None:
    end = date.fromordinal(min(start.toordinal() + length, date(2099, 12, 31).toordinal()))
    assert parse_period(f"{danish_date(start)} til {danish_date(end)}") == (start, end)


@given(st.decimals(min_value=0, max_value=10**10, places=2))
def test_a_danish_amount_reads_back(amount: Decimal) -> None:
    whole, _, fraction = f"{amount:,.2f}".partition(".")
    assert parse_amount(f"{whole.replace(',', '.')},{fraction} kr.") == amount


# Round trip: a generated agreement written to Word reads back the same ------------------------

WORDS = [
    "beboere", "frivillige", "samarbejde", "boligområdet", "trivsel", "unge", "familier",
    "netværk", "styrkes", "deltager", "hver", "måned", "mødes", "sammen", "med", "kommunen",
]  # fmt: skip
SENTENCES = st.lists(st.sampled_from(WORDS), min_size=2, max_size=7).map(
    lambda words: " ".join(words).capitalize() + "."
)
TEXTS = st.lists(SENTENCES, min_size=1, max_size=3).map("\n".join)
OPTIONAL_TEXTS = st.one_of(st.just(""), TEXTS)
NAMES = st.sampled_from(["Lektiecafé", "Jobcafé for unge", "Fællesspisning", "Sommerlejr"])
EMPLOYERS = st.sampled_from(["Helhedsplanen", "Kommunale aktører", "Jobcenter Albertslund"])
ROLES = st.sampled_from(["Projektleder", "Netværkskoordinatorer", "Boligsocial medarbejder"])
HOURS = st.one_of(
    st.tuples(st.none(), st.none()),
    st.tuples(
        st.integers(1, 80).map(lambda halves: halves / 2),
        st.sampled_from(STAFF_PERIODS),
    ),
)
CRITERIA = st.lists(st.builds(Criterion, SENTENCES, st.one_of(st.none(), SENTENCES)), max_size=3)
SECTIONS = st.lists(
    st.builds(
        Section, st.sampled_from(["Evaluering", "Tidsplan", "Kommunikation og presse"]), TEXTS
    ),
    max_size=2,
)


@st.composite
def staff_resources(draw: st.DrawFn) -> StaffResource:
    hours, per = draw(HOURS)
    count = draw(st.one_of(st.none(), st.integers(1, 9)))
    return StaffResource(draw(ROLES), count, hours, per, draw(EMPLOYERS))


@st.composite
def periods(draw: st.DrawFn) -> tuple[date | None, date | None]:
    if draw(st.booleans()):
        return None, None
    start = draw(st.dates(date(2000, 1, 1), date(2040, 12, 31)))
    return start, draw(st.dates(start, date(2045, 12, 31)))


ACTIVITIES = st.lists(
    st.builds(
        Activity,
        name=NAMES,
        content=OPTIONAL_TEXTS,
        purpose=OPTIONAL_TEXTS,
        target_groups=st.one_of(st.none(), SENTENCES),
        success_criteria=CRITERIA,
        responsibilities=OPTIONAL_TEXTS,
        working_group=st.one_of(st.just(""), st.just("Forældre\nSkolen")),
        other_sections=SECTIONS,
    ),
    max_size=3,
)


@st.composite
def agreements(draw: st.DrawFn) -> AgreementDocument:
    focus_area = draw(st.sampled_from(["Tryghed og trivsel", "Uddannelse og beskæftigelse"]))
    estates = draw(st.sets(st.sampled_from(["Gellerup", "Tingbjerg", "Vollsmose"]), max_size=3))
    start, end = draw(periods())
    return AgreementDocument(
        title=f"Delaftale for indsatsområdet {focus_area}",
        focus_area=focus_area,
        programme=draw(st.sampled_from(["Helsingør Syd", "Fremtidens Bydel"])),
        housing_areas=sorted(estates),
        period_start=start,
        period_end=end,
        preamble=draw(OPTIONAL_TEXTS),
        parties=draw(OPTIONAL_TEXTS),
        working_groups=draw(OPTIONAL_TEXTS),
        problem_complex=draw(OPTIONAL_TEXTS),
        purpose=draw(OPTIONAL_TEXTS),
        overall_success_criteria=draw(CRITERIA),
        activities_overview=draw(OPTIONAL_TEXTS),
        activities=draw(ACTIVITIES),
        staff_resources=draw(st.lists(staff_resources(), max_size=4)),
        municipal_services=draw(OPTIONAL_TEXTS),
        budget=draw(
            st.lists(
                st.builds(
                    BudgetLine,
                    st.sampled_from(["Landsbyggefonden", "Lokal medfinansiering", "Kommunen"]),
                    st.one_of(st.none(), st.decimals(min_value=0, max_value=10**9, places=2)),
                ),
                max_size=3,
            )
        ),
        budget_note=draw(st.one_of(st.just(""), SENTENCES)),
        conflict_handling=draw(OPTIONAL_TEXTS),
        revision=draw(OPTIONAL_TEXTS),
        other_sections=draw(SECTIONS),
    )


def structure(doc: AgreementDocument) -> AgreementDocument:
    """The document without the wording it was read from, which a generated one lacks."""
    return replace(doc, period_text="", staff_resources_text="", warnings=[])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agreements())
def test_a_generated_agreement_survives_a_round_trip(doc: AgreementDocument) -> None:
    assert structure(parse_docx(render_docx(doc))) == structure(doc)
