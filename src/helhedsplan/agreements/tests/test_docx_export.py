from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from decimal import Decimal
from importlib import resources

import docx
import pytest
from docx.oxml.ns import qn

from helhedsplan.agreements.document import (
    Activity,
    AgreementDocument,
    BudgetLine,
    Criterion,
    Section,
    StaffResource,
)
from helhedsplan.agreements.docx_export import render_docx
from helhedsplan.agreements.importer import parse_docx

SEED = "seed/delaftale-tryghed-og-trivsel-helsingor-syd.docx"

# Fields that keep the wording a structured field was read from; a document built by hand
# leaves them empty and the exporter writes the structured fields instead.
WORDING_FIELDS = ("period_text", "staff_resources_text", "warnings")


@pytest.fixture(scope="module")
def seed() -> AgreementDocument:
    return parse_docx(resources.files("helhedsplan.agreements").joinpath(SEED).read_bytes())


def structure(doc: AgreementDocument) -> AgreementDocument:
    return replace(doc, **{name: type(getattr(doc, name))() for name in WORDING_FIELDS})


def paragraphs_of(data: bytes) -> list[str]:
    """Every paragraph's text, tables included, in document order."""
    body = docx.Document(io.BytesIO(data)).element.body
    return ["".join(p.xpath(".//w:t/text()")) for p in body.iter(qn("w:p"))]


HAND_BUILT = AgreementDocument(
    title="Delaftale for indsatsområdet Uddannelse og beskæftigelse",
    focus_area="Uddannelse og beskæftigelse",
    programme="Fremtidens Bydel",
    housing_areas=["Tingbjerg", "Utterslevhuse"],
    period_start=date(2022, 1, 1),
    period_end=date(2025, 12, 31),
    preamble="Bestyrelsen har ansvar for delaftalen.",
    parties="Bo-Vest og Albertslund Kommune.",
    working_groups="En arbejdsgruppe pr. aktivitet.",
    problem_complex="Mange unge er uden job.\nLedigheden er høj.",
    purpose="At flere unge kommer i job.",
    overall_success_criteria=[
        Criterion("Andelen af unge i job stiger.", "Danmarks Statistik"),
        Criterion("Flere unge tager en uddannelse.", None),
    ],
    activities_overview="1. Lektiecafé",
    activities=[
        Activity(
            name="Lektiecafé",
            content="Frivillige hjælper med lektier.",
            purpose="At flere børn får hjælp.",
            target_groups="Skolebørn",
            success_criteria=[Criterion("Mindst 20 børn deltager hver uge.", "Egen registrering")],
            responsibilities="Medarbejderne koordinerer.",
            working_group="Forældre\nSkolen",
            other_sections=[Section("Tidsplan", "Opstart i august.")],
        ),
        Activity(name="Jobcafé", target_groups=None),
    ],
    staff_resources=[
        StaffResource("Projektledere", 2, 7.5, "week", "Helhedsplanen"),
        StaffResource("Repræsentanter", None, 5, "half_year", "Jobcenter Albertslund"),
        StaffResource("Konsulenter", None, None, None, "Jobcenter Albertslund"),
    ],
    municipal_services="Jobcentret samarbejder tæt med helhedsplanen.",
    budget=[
        BudgetLine("Landsbyggefonden", Decimal("1234567.50")),
        BudgetLine("Lokal medfinansiering", Decimal("400000")),
        BudgetLine("Samlet budget", None),
    ],
    budget_note="Beløbene er i 2022-priser.",
    conflict_handling="Sekretariatslederen orienteres.",
    revision="Bestyrelsen godkender ændringer.",
    other_sections=[Section("Evaluering", "Hvert år i juni.")],
)


def test_the_seed_survives_a_round_trip(seed: AgreementDocument) -> None:
    assert parse_docx(render_docx(seed)) == seed


def test_a_hand_built_agreement_survives_a_round_trip() -> None:
    assert structure(parse_docx(render_docx(HAND_BUILT))) == structure(HAND_BUILT)


def test_the_form_follows_the_templates_order(seed: AgreementDocument) -> None:
    texts = paragraphs_of(render_docx(seed))
    labels = [
        "Navn på den boligsociale indsats, som delaftalen vedrører:",
        "Aftalens parter:",
        "Problemkompleks for indsatsområdet:",
        "Formål og mål:",
        "Succeskriterier (lokalt opstillede målinger):",
        "Medarbejderressourcer for indsatsområdet:",
        "Sammenhængen med den kommunale indsats i boligområdet:",
        "Indsatsområdets økonomi i henhold til budget:",
        "Konflikthåndtering og underretning:",
        "Revision af delaftalen:",
        "Delaftalen gælder fra:",
        "Aktivitetsnavn:",
        "Indhold og praksis (aktivitetsbeskrivelse):",
        "Målgruppe(r):",
        "Succeskriterier og datakilde for aktiviteten:",
        "Ansvars- og rollefordeling:",
    ]
    positions = [texts.index(label) for label in labels]
    assert positions == sorted(positions)
    assert texts.count("Aktivitetsnavn:") == 4


def test_the_title_is_a_title_and_labels_are_shaded_and_bold(seed: AgreementDocument) -> None:
    document = docx.Document(io.BytesIO(render_docx(seed)))
    title = document.paragraphs[0]
    assert title.style is not None
    assert (title.text, title.style.name) == (seed.title, "Title")
    label_cell = document.tables[0].rows[1].cells[0]
    assert label_cell.text == "Navn på den boligsociale indsats, som delaftalen vedrører:"
    assert label_cell.paragraphs[0].style.name == "Delaftale etiket"
    assert label_cell.paragraphs[0].style.font.bold
    assert 'w:fill="DCE6F0"' in label_cell._tc.xml
    assert document.core_properties.title == seed.title


def test_amounts_and_periods_are_written_in_danish() -> None:
    texts = paragraphs_of(render_docx(HAND_BUILT))
    assert "1.234.567,50\N{NO-BREAK SPACE}kr." in texts
    assert "400.000\N{NO-BREAK SPACE}kr." in texts
    assert "1. januar 2022 til 31. december 2025" in texts


def test_the_approved_wording_is_kept_while_it_agrees(seed: AgreementDocument) -> None:
    texts = paragraphs_of(render_docx(seed))
    assert seed.period_text in texts
    assert seed.staff_resources_text in texts


def test_edited_structure_wins_over_stale_wording(seed: AgreementDocument) -> None:
    edited = replace(
        seed,
        period_end=date(2022, 6, 30),
        staff_resources=[StaffResource("Netværkskoordinatorer", 2, 20, "week", "Helhedsplanen")],
    )
    again = parse_docx(render_docx(edited))
    assert (again.period_start, again.period_end) == (date(2018, 1, 1), date(2022, 6, 30))
    assert again.staff_resources == edited.staff_resources


def test_an_unrecognised_section_is_reported_again_after_a_round_trip() -> None:
    again = parse_docx(render_docx(HAND_BUILT))
    assert "Afsnittet »Evaluering« blev ikke genkendt og er gemt som tekst." in again.warnings
