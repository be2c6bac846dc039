from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path

import docx
import pytest
from django.core.management import call_command
from docx.oxml import OxmlElement

from helhedsplan.agreements.document import (
    AgreementDocument,
    BudgetLine,
    Criterion,
    StaffResource,
    as_dry_run_json,
)
from helhedsplan.agreements.importer import (
    AgreementImportError,
    parse_amount,
    parse_docx,
    parse_file,
    parse_period,
    parse_staff_resources,
    parse_text,
)

SEED_NAME = "delaftale-tryghed-og-trivsel-helsingor-syd"


def seed_bytes(suffix: str) -> bytes:
    return (
        resources.files("helhedsplan.agreements").joinpath(f"seed/{SEED_NAME}{suffix}").read_bytes()
    )


@pytest.fixture(scope="module", params=[".docx", ".txt"])
def seed(request: pytest.FixtureRequest) -> AgreementDocument:
    return parse_file(f"{SEED_NAME}{request.param}", seed_bytes(request.param))


# Building small agreements in both formats ----------------------------------------------------

Rows = list[tuple[str, ...]]
Blocks = list[str | Rows]


def as_text(blocks: Blocks) -> str:
    """The seed's text form: a table row per line, each cell followed by " |"."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            lines.append(block)
        else:
            lines.extend(" ".join(f"{cell} |" for cell in row) for row in block)
    return "\n".join(lines)


def as_docx(blocks: Blocks) -> bytes:
    """Paragraphs and tables; a row with fewer cells than the table spans the whole width."""
    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=0, cols=max(len(row) for row in block))
        for row in block:
            cells = table.add_row().cells
            if len(row) < len(cells):
                cells = [cells[0].merge(cells[-1])]
            for cell, text in zip(cells, row, strict=True):
                first, *more = text.split("\n")
                cell.paragraphs[0].text = first
                for line in more:
                    cell.add_paragraph(line)
    return save(document)


def save(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def parse_blocks(kind: str, blocks: Blocks) -> AgreementDocument:
    return parse_text(as_text(blocks)) if kind == "text" else parse_docx(as_docx(blocks))


both_formats = pytest.mark.parametrize("kind", ["text", "docx"])

ACTIVITY: Rows = [
    ("Aktivitetsnavn:",),
    ("Lektiecafé",),
    ("Indhold og praksis (aktivitetsbeskrivelse):",),
    ("Frivillige hjælper skolebørn med lektier to gange om ugen.",),
    ("Formål og mål:",),
    ("At flere børn får hjælp til skolearbejdet.",),
    ("Målgruppe(r):",),
    ("Skolebørn i 4.-9. klasse",),
    ("Succeskriterier og datakilde for aktiviteten:", ""),
    ("Succeskriterier:", "Datakilde:"),
    ("1. Mindst 20 børn deltager hver uge.", "Egen registrering"),
    ("2. Børnene oplever bedre trivsel i skolen.", ""),
    ("Ansvars- og rollefordeling:",),
    ("Helhedsplanens medarbejdere koordinerer de frivillige.",),
]


def agreement(*, main: Rows | None = None, activity: Rows = ACTIVITY) -> Blocks:
    """A small delaftale of another programme, with the template's labels."""
    return [
        "Delaftale for indsatsområdet Uddannelse og beskæftigelse",
        main if main is not None else main_form(),
        "Aktiviteter, som skal bidrage til indfrielsen af mål for indsatsområdet:",
        activity,
    ]


def main_form(**replacements: Rows) -> Rows:
    sections: dict[str, Rows] = {
        "programme": [
            ("Navn på den boligsociale indsats, som delaftalen vedrører:",),
            ("Fremtidens Bydel",),
        ],
        "parties": [("Aftalens parter:",), ("Bo-Vest og Albertslund Kommune.",)],
        "problem": [
            ("Problemkompleks for indsatsområdet:",),
            (
                "Mange unge i Tingbjerg og i Utterslevhuse er uden uddannelse. I både Tingbjerg "
                "og på Utterslevhuse er ledigheden høj. Beboerne i Tingbjerg bruger sjældent "
                "Jobcenter Albertslund, og i Albertslund Kommune er ledigheden lav. Unge på "
                "Utterslevhuse mødes i Kulturhuset.",
            ),
        ],
        "criteria": [
            ("Succeskriterier (lokalt opstillede målinger):", "Datakilde:"),
            ("1. Andelen af unge i job stiger.", "Danmarks Statistik"),
        ],
        "period": [("Delaftalen gælder fra:",), ("januar 2022 til december 2025",)],
    }
    sections.update(replacements)
    return [row for rows in sections.values() for row in rows]


# The seed, field by field, from the Word file and from the text file --------------------------


def test_seed_header(seed: AgreementDocument) -> None:
    assert seed.title == "Delaftale for indsatsområdet Tryghed og trivsel"
    assert seed.focus_area == "Tryghed og trivsel"
    assert seed.programme == "Helsingør Syd"
    assert seed.housing_areas == ["Nøjsomhed", "Vapnagaard"]
    assert seed.period_start == date(2018, 1, 1)
    assert seed.period_end == date(2021, 12, 31)
    assert seed.period_text == "1. Januar 2018 til 31. december 2021."


def test_seed_overall_success_criteria(seed: AgreementDocument) -> None:
    expected = [
        ("Naboskab og fællesskab Naboskabet og oplevelsen af fællesskaber på tværs", (
            "Koordineres med den landsdækkende evaluering fra LBF.")),
        ("Trygge beboere Andelen af trygge beboere i hhv. Nøjsomhed og på Vapnagaard stiger",
         "Politiets Tryghedsindeks"),
        ("Tillid til politiet Andelen af beboere i hhv. Nøjsomhed og på Vapnagaard, der har",
         "Politiets Tryghedsindeks"),
        ("Image og pressedækning Andelen af positive omtaler i de lokale medier",
         "Boliggårdens Informationskontor"),
    ]  # fmt: skip
    assert len(seed.overall_success_criteria) == len(expected)
    for criterion, (beginning, source) in zip(seed.overall_success_criteria, expected, strict=True):
        assert criterion.text.startswith(beginning), criterion.text
        assert criterion.data_source == source
    assert seed.overall_success_criteria[0].text.endswith("Baseline etableres i 2018.")


SEED_ACTIVITIES = [
    (
        "Hverdagsrådgivning – vi hjælper jer videre",
        "Udsatte voksne i boligområderne",
        [
            ("Xx min. 10 beboere pr. boligområde får ugentligt hjælp", "Egen registrering"),
            ("At der oprettes en systematik for registrering af henvendelsernes", (
                "Egen registrering og videreformidling til arbejdsgruppe og kommunale "
                "samarbejdspartnere.")),
            ("Afholdelse af seks temaaftner pr. år", "Egen registrering"),
            ("Xx beboere der benytter hverdagsrådgivningen oplever: -at de har fået hjælp", (
                "Egen registrering Stikprøve en gang i kvartalet via udlevering af eget "
                "opsamlingsskema til brugerne")),
        ],
    ),
    (
        "Helt Frivillig",
        "Alle beboere",
        [
            ("Andelen af unge i alderen fra 15-30 år som er frivillig", (
                "Helhedsplanens egen registrering Den første optælling laves ved udgangen af 2017"
            )),
            ("Der indgås samarbejde med Ungdomsskolen om minimum to frivillig-tiltag",
             "Egen registrering"),
            ("At beboere der tilknyttes ’Helt Xxxxxxxxx’ oplever: - at deres kompetencer", (
                "Stikprøve en gang i kvartalet via udlevering af eget opsamlingsskema til "
                "beboerne.")),
            ("Der afholdes årligt minimum fire beboerdrevne sociale aktiviteter i hvert",
             "Egen registrering."),
        ],
    ),
    (
        "Kulturelle arrangementer",
        "Alle beboere. Den sekundære målgruppe er naboer til boligområderne.",
        [
            ("Der afholdes fire årlige kulturelle arrangementer i Vapnagaard",
             "Egen registrering."),
            ("Der afholdes et årligt åbent hus i hvert boligområde", "Egen registrering."),
            ("At alle kulturelle arrangementer omtales i den lokale presse.",
             "Egen registrering via informationskontoret på Vapnagaard"),
            ("At antallet af arrangementer i Kulturhus Syd afholdt af foreninger",
             "Via Kulturhus Syd/kommunens kalender booking system"),
        ],
    ),
    (
        "Beboerpanel med politi",
        "Alle Beboere",
        [
            ("Xx der afholdes minimum seks møder med Beboerpaneler pr. år", "Politiet registrerer"),
            ("Xx der udarbejdes en kvalitativ evaluering af panelets nytteværdi",
             "Helhedsplanen og Politiet registrerer en gang årligt"),
        ],
    ),
]  # fmt: skip


def test_seed_activities_with_target_groups(seed: AgreementDocument) -> None:
    assert [(a.name, a.target_groups) for a in seed.activities] == [
        (name, target_groups) for name, target_groups, _ in SEED_ACTIVITIES
    ]


def test_seed_activity_success_criteria_with_data_sources(seed: AgreementDocument) -> None:
    assert sum(len(a.success_criteria) for a in seed.activities) == 14
    for activity, (_, _, expected) in zip(seed.activities, SEED_ACTIVITIES, strict=True):
        assert len(activity.success_criteria) == len(expected), activity.name
        for criterion, (beginning, source) in zip(activity.success_criteria, expected, strict=True):
            assert criterion.text.startswith(beginning), criterion.text
            assert criterion.data_source == source


def test_seed_activity_texts(seed: AgreementDocument) -> None:
    counselling, volunteering, culture, panel = seed.activities
    assert counselling.content.startswith("Hverdagsrådgivningen består af 5-10 timer om ugen")
    # The description continues over a page break into the next row; it reads as one text.
    assert "have en samtale om de konkrete udfordringer" in counselling.content
    assert counselling.purpose.startswith("Formålet med ’Hverdagsrådgivningen’ er")
    assert counselling.responsibilities.startswith("Helhedsplanens ansatte har ansvaret")
    assert volunteering.content.endswith("der hvor det er relevant.")
    assert culture.responsibilities.endswith("i forbindelse med de forestillinger de booker.")
    assert panel.purpose.endswith("-At styrke beboernes tillid til offentlige myndigheder")


def test_seed_working_groups_come_from_the_parties_text(seed: AgreementDocument) -> None:
    assert [a.working_group for a in seed.activities] == [
        "Arbejdsgruppe tilknyttet ad hoc",
        "",
        "Beboere fra Nøjsomhed og Vapnagaard\nRepræsenter fra Helsingør Teater\n"
        "Repræsentanter fra Billedskolen\nRepræsentanter fra Kulturhus Syd",
        "(Ingen arbejdsgruppe tilknyttet)",
    ]


def test_seed_staff_resources(seed: AgreementDocument) -> None:
    programme = "Boligsociale Helhedsplan"
    assert seed.staff_resources == [
        StaffResource("Netværkskoordinatorer", 2, 16, "week", programme),
        StaffResource("Familiekoordinator", 1, 12, "week", programme),
        StaffResource("Børn, Unge og Familiekoordinator", 1, 13, "week", programme),
        StaffResource("Boligsocial medarbejder", 1, 4, "week", programme),
        StaffResource("Sekretariatsleder", 1, 5, "week", programme),
        StaffResource("Repræsentanter", None, 5, "half_year", "Frivillighedscenter"),
        StaffResource("Repræsentanter", None, 5, "half_year", "Ungdomsskolen"),
        StaffResource("Repræsentanter", None, 5, "half_year", "Billedskolen"),
        StaffResource("Repræsentanter", None, 5, "week", "Kulturhus Syd"),
        StaffResource("Repræsentanter", None, None, None, "Helsingør Teater"),
    ]
    assert seed.staff_resources_text.startswith("Boligsociale Helhedsplan: 2 Netværkskoordinatorer")


def test_seed_budget_lines_without_amounts_are_kept_and_reported(seed: AgreementDocument) -> None:
    organisations = [
        "Landsbyggefonden",
        "Lokal medfinansiering",
        "Samlet budget for indsatsområdet",
    ]
    assert seed.budget == [BudgetLine(organisation, None) for organisation in organisations]
    assert seed.warnings == [
        "Budgettet mangler beløb for: Landsbyggefonden, Lokal medfinansiering, "
        "Samlet budget for indsatsområdet."
    ]


def test_seed_text_sections(seed: AgreementDocument) -> None:
    assert seed.preamble.startswith("Bestyrelsen for den boligsociale indsats har ansvar for")
    assert seed.title not in seed.preamble
    assert seed.parties.startswith("Der er for alle fire indsatsområder nedsat faglige")
    assert seed.purpose.startswith("Formålet med indsatsen er at øge trygheden og trivslen")
    assert seed.activities_overview.startswith("1. Hverdagsrådgivning – vi hjælper jer videre")
    assert seed.municipal_services.endswith("på tværs af beboergrupper.")
    assert seed.conflict_handling.startswith("Det er et fælles ansvar at parterne indgår")
    assert seed.revision.startswith("Delaftalen kan revideres løbende")
    assert seed.other_sections == []


def test_seed_footnotes_do_not_break_the_problem_complex(seed: AgreementDocument) -> None:
    text = seed.problem_complex
    assert "Tesen er, at uvidenhed om hinanden fremmer utryghed, fordomme og angst." in text
    assert "Nøjsomhed | 7 (1,5%) | 464" in text.split("\n")
    assert text.endswith("af det kriminalitetsforebyggende arbejde.")
    footnotes = [line for line in text.split("\n") if line[:2] in ("1 ", "2 ", "3 ")]
    assert [line[:12] for line in footnotes] == ["1 I forbinde", "2 ”Resultate", "3 Det er et "]
    assert text.split("\n")[-3:] == footnotes


def test_seed_imports_identically_from_word_and_text() -> None:
    from_word = parse_docx(seed_bytes(".docx"))
    from_text = parse_text(seed_bytes(".txt").decode("utf-8"))
    assert from_word == from_text


def test_dry_run_json_has_the_agreed_shape(seed: AgreementDocument) -> None:
    dry_run = json.loads(json.dumps(as_dry_run_json(seed)))
    assert dry_run["period_start"] == "2018-01-01"
    assert dry_run["period_end"] == "2021-12-31"
    assert dry_run["housing_areas"] == ["Nøjsomhed", "Vapnagaard"]
    assert dry_run["overall_success_criteria"][1] == {
        "text": seed.overall_success_criteria[1].text,
        "data_source": "Politiets Tryghedsindeks",
        "required_share": 100,
    }
    first_activity = dry_run["activities"][0]
    assert {"name", "target_groups", "success_criteria"} <= first_activity.keys()
    assert first_activity["success_criteria"][0]["data_source"] == "Egen registrering"
    assert dry_run["staff_resources"][0] == {
        "role": "Netværkskoordinatorer",
        "count": 2,
        "hours": 16,
        "per": "week",
        "employer": "Boligsociale Helhedsplan",
    }
    assert dry_run["budget"][0] == {"organisation": "Landsbyggefonden", "amount": None}
    assert isinstance(dry_run["warnings"], list)


def test_dry_run_json_writes_amounts_and_empty_periods_as_json_values() -> None:
    doc = AgreementDocument(budget=[BudgetLine("LBF", Decimal("1234567.50"))])
    dry_run = json.loads(json.dumps(as_dry_run_json(doc)))
    assert dry_run["budget"] == [{"organisation": "LBF", "amount": 1234567.5}]
    assert dry_run["period_start"] is None
    assert dry_run["period_end"] is None


# Variations real documents show -------------------------------------------------------------


@both_formats
def test_an_agreement_of_another_programme_reads_by_its_labels(kind: str) -> None:
    doc = parse_blocks(kind, agreement())
    assert doc.focus_area == "Uddannelse og beskæftigelse"
    assert doc.programme == "Fremtidens Bydel"
    assert doc.parties == "Bo-Vest og Albertslund Kommune."
    assert (doc.period_start, doc.period_end) == (date(2022, 1, 1), date(2025, 12, 31))
    assert doc.overall_success_criteria == [
        Criterion("Andelen af unge i job stiger.", "Danmarks Statistik")
    ]
    (activity,) = doc.activities
    assert activity.name == "Lektiecafé"
    assert activity.target_groups == "Skolebørn i 4.-9. klasse"
    assert activity.success_criteria == [
        Criterion("Mindst 20 børn deltager hver uge.", "Egen registrering"),
        Criterion("Børnene oplever bedre trivsel i skolen.", None),
    ]


@both_formats
def test_estates_are_proposed_from_where_places_are_named(kind: str) -> None:
    doc = parse_blocks(kind, agreement())
    # Not the municipality, the job centre or the culture house named the same way.
    assert doc.housing_areas == ["Tingbjerg", "Utterslevhuse"]


@both_formats
def test_an_empty_data_source_is_none_and_reported(kind: str) -> None:
    doc = parse_blocks(kind, agreement())
    assert doc.activities[0].success_criteria[1].data_source is None
    assert (
        "Succeskriteriet »Børnene oplever bedre trivsel i skolen.« i aktiviteten »Lektiecafé« "
        "har ingen datakilde." in doc.warnings
    )


LABEL_VARIANTS = [
    ("Aktivitetsnavn", "MÅLGRUPPE(R)", "Datakilde(r)"),
    ("1.2 Aktivitetsnavn:", "Målgruppe:", "Datakilder:"),
    ("0.Xx Aktivitetsnavn :", "målgrupper", "DATAKILDE"),
]


@both_formats
@pytest.mark.parametrize(("name_label", "target_label", "source_label"), LABEL_VARIANTS)
def test_labels_match_tolerantly(
    kind: str, name_label: str, target_label: str, source_label: str
) -> None:
    activity = [
        (name_label,),
        ("Lektiecafé",),
        (target_label,),
        ("Skolebørn",),
        ("Succeskriterier", source_label),
        ("1. Mindst 20 børn deltager.", "Egen registrering"),
    ]
    (parsed,) = parse_blocks(kind, agreement(activity=activity)).activities
    assert parsed.name == "Lektiecafé"
    assert parsed.target_groups == "Skolebørn"
    assert parsed.success_criteria == [Criterion("Mindst 20 børn deltager.", "Egen registrering")]


@both_formats
def test_a_label_and_its_text_may_share_a_line_or_a_row(kind: str) -> None:
    activity = [
        ("Aktivitetsnavn: Lektiecafé",),
        ("Målgruppe(r):", "Skolebørn"),
        ("Succeskriterier:", "Datakilde:"),
        ("1. Mindst 20 børn deltager. Datakilde: Egen registrering",),
        ("Ansvars- og rollefordeling:", "Helhedsplanen"),
        ("", "og de frivillige"),
    ]
    (parsed,) = parse_blocks(kind, agreement(activity=activity)).activities
    assert parsed.name == "Lektiecafé"
    assert parsed.target_groups == "Skolebørn"
    assert parsed.success_criteria == [Criterion("Mindst 20 børn deltager.", "Egen registrering")]
    assert parsed.responsibilities == "Helhedsplanen og de frivillige"


@both_formats
def test_an_unknown_section_is_kept_as_text_and_reported(kind: str) -> None:
    main = main_form(extra=[("Evaluering og læring:",), ("Vi evaluerer hvert år i juni.",)])
    doc = parse_blocks(kind, agreement(main=main))
    assert [(s.heading, s.text) for s in doc.other_sections] == [
        ("Evaluering og læring", "Vi evaluerer hvert år i juni.")
    ]
    assert "Afsnittet »Evaluering og læring« blev ikke genkendt og er gemt som tekst." in (
        doc.warnings
    )
    # The section after it is still read.
    assert doc.period_start == date(2022, 1, 1)


@both_formats
def test_an_unknown_section_inside_an_activity_stays_with_the_activity(kind: str) -> None:
    activity = [*ACTIVITY, ("Tidsplan:",), ("Opstart i august.",)]
    doc = parse_blocks(kind, agreement(activity=activity))
    assert [(s.heading, s.text) for s in doc.activities[0].other_sections] == [
        ("Tidsplan", "Opstart i august.")
    ]
    assert doc.other_sections == []
    assert (
        "Afsnittet »Tidsplan« i aktiviteten »Lektiecafé« blev ikke genkendt og er gemt som tekst."
        in (doc.warnings)
    )


@both_formats
def test_sources_under_their_own_label_belong_to_the_criterion_above(kind: str) -> None:
    activity: Rows = [
        ("Aktivitetsnavn:",),
        ("Lektiecafé",),
        ("Succeskriterier:",),
        ("1. Mindst 20 børn deltager.",),
        ("Datakilde:",),
        ("Egen registrering",),
        ("2. Forældrene deltager.",),
        ("Datakilde:",),
        ("Spørgeskema",),
    ]
    (parsed,) = parse_blocks(kind, agreement(activity=activity)).activities
    assert parsed.success_criteria == [
        Criterion("Mindst 20 børn deltager.", "Egen registrering"),
        Criterion("Forældrene deltager.", "Spørgeskema"),
    ]


@both_formats
def test_estates_listed_under_their_own_label_are_taken_as_listed(kind: str) -> None:
    main = main_form(estates=[("Omfattede boligområder:",), ("Tingbjerg og Husum",)])
    assert parse_blocks(kind, agreement(main=main)).housing_areas == ["Husum", "Tingbjerg"]


@both_formats
def test_a_description_under_the_estates_label_is_kept_as_text(kind: str) -> None:
    description = "to afdelinger med i alt 1.200 boliger"
    main = main_form(estates=[("Omfattede boligområder:",), (description,)])
    doc = parse_blocks(kind, agreement(main=main))
    assert doc.housing_areas == ["Tingbjerg", "Utterslevhuse"]
    assert [(s.heading, s.text) for s in doc.other_sections] == [
        ("Omfattede boligområder", description)
    ]
    assert (
        "Afsnittet »Omfattede boligområder« er ikke en liste over boligområder og er gemt som "
        "tekst." in doc.warnings
    )


def estates_form(programme: str, first: str, second: str) -> Rows:
    """The main form of an agreement whose problem description names two estates."""
    return main_form(
        programme=[("Navn på den boligsociale indsats, som delaftalen vedrører:",), (programme,)],
        problem=[
            ("Problemkompleks for indsatsområdet:",),
            (
                f"Beboerne i {first} og {second} har en lav tilknytning til arbejdsmarkedet. "
                f"I {first} er hver fjerde ledig, og i {second} bor mange ældre alene.",
            ),
        ],
    )


ESTATES_IN_THE_PROGRAMMES_NAME = [
    ("Skovparken og Gl. Bakkegård", ["Gl. Bakkegård", "Skovparken"]),
    ("Vestre Engparken og Nr. Vangen", ["Nr. Vangen", "Vestre Engparken"]),
    ("St. Karlsminde og Ny Holmegård", ["Ny Holmegård", "St. Karlsminde"]),
    # Estates named after their street are estates where the programme's name lists them.
    ("Sdr. Parkvej og Lille Solbakken", ["Lille Solbakken", "Sdr. Parkvej"]),
    ("Sct. Jørgens Park og Gl. Skovvej Nord", ["Gl. Skovvej Nord", "Sct. Jørgens Park"]),
]


@both_formats
@pytest.mark.parametrize(("programme", "estates"), ESTATES_IN_THE_PROGRAMMES_NAME)
def test_estates_in_the_programmes_name_are_found_whole(
    kind: str, programme: str, estates: list[str]
) -> None:
    first, second = programme.split(" og ")
    doc = parse_blocks(kind, agreement(main=estates_form(programme, first, second)))
    assert doc.housing_areas == estates


@both_formats
def test_three_estates_listed_in_the_programmes_name_are_all_found(kind: str) -> None:
    main = main_form(
        programme=[
            ("Navn på den boligsociale indsats, som delaftalen vedrører:",),
            ("Hedelyngen, Øster Tværvej og St. Magleby Vænge",),
        ],
        problem=[
            ("Problemkompleks for indsatsområdet:",),
            (
                "I Hedelyngen, på Øster Tværvej og i St. Magleby Vænge bor mange børnefamilier. "
                "Ledigheden er højest i Hedelyngen og i St. Magleby Vænge.",
            ),
        ],
    )
    doc = parse_blocks(kind, agreement(main=main))
    assert doc.housing_areas == ["Hedelyngen", "St. Magleby Vænge", "Øster Tværvej"]


@both_formats
def test_estates_of_several_words_are_found_whole_where_the_text_names_them(kind: str) -> None:
    """The programme is named after its district; the estates are named in the parties, the
    problem description and its statistics table."""
    main = main_form(
        parties=[
            ("Aftalens parter:",),
            ("Boligforeningen Vestkysten, afdelingsbestyrelserne i Vestre Engparken og "
             "Nr. Vangen og Esbjerg Kommune.",),
        ],
        problem=[
            ("Problemkompleks for indsatsområdet:",),
            ("Beboerne i Vestre Engparken føler sig utrygge, og i Nr. Vangen er mange ældre "
             "ensomme. Nedenfor ses antallet af beboerklager:",),
            ("Beboerklager", "2027"),
            ("Vestre Engparken", "64"),
            ("Nr. Vangen", "19"),
            ("Esbjerg Kommune", "412"),
        ],
    )  # fmt: skip
    doc = parse_blocks(kind, agreement(main=main))
    assert doc.housing_areas == ["Nr. Vangen", "Vestre Engparken"]


@both_formats
def test_an_estate_written_short_is_the_estate_of_the_whole_name(kind: str) -> None:
    programme = "Vestre Engparken og Nr. Vangen"
    main = main_form(
        programme=[("Navn på den boligsociale indsats, som delaftalen vedrører:",), (programme,)],
        problem=[
            ("Problemkompleks for indsatsområdet:",),
            ("Beboerne i Vestre Engparken og Nr. Vangen føler sig utrygge. I Engparken er der "
             "uro om aftenen, i Engparken er der hærværk, og i Engparken mangler lys.",),
        ],
    )  # fmt: skip
    doc = parse_blocks(kind, agreement(main=main))
    assert doc.housing_areas == ["Nr. Vangen", "Vestre Engparken"]


@both_formats
def test_no_estates_are_invented_from_other_capitalised_names(kind: str) -> None:
    """Neither the programme's own name, the data sources, the municipality, a street where an
    activity takes place, nor a heading that runs into a name."""
    main = main_form(
        programme=[
            ("Navn på den boligsociale indsats, som delaftalen vedrører:",),
            ("Helsingør Syd",),
        ],
        parties=[
            ("Aftalens parter:",),
            ("Afdelingsbestyrelserne i Tingbjerg og Utterslevhuse. Lektiecafé: • Beboere fra "
             "Tingbjerg Nattevandring: • Natteravnene",),
        ],
        problem=[
            ("Problemkompleks for indsatsområdet:",),
            ("Mange unge i Tingbjerg og i Utterslevhuse i Helsingør Syd er uden uddannelse, "
             "målt i Danmarks Statistik og i Politiets Tryghedsindeks. I Helsingør Syd mødes de "
             "unge på Rådhusvej, og på Rådhusvej ligger også Jobcenter Helsingør. I Danmarks "
             "Statistik er ledigheden i Helsingør Kommune lav, men i Tingbjerg og på "
             "Utterslevhuse er den høj.",),
        ],
    )  # fmt: skip
    doc = parse_blocks(kind, agreement(main=main))
    assert doc.housing_areas == ["Tingbjerg", "Utterslevhuse"]


def test_per_estate_targets_are_read_with_the_estates_whole(tmp_path: Path) -> None:
    """The dry run hands the criterion parser the estates whole, so a target per estate is
    found for each of them."""
    activity = [
        *ACTIVITY[:10],
        ("Succeskriterier:", "Datakilde:"),
        (
            "1. Mindst 40 børn i Skovparken og 25 i Gl. Bakkegård benytter lektiecaféen hvert år",
            "Egen registrering",
        ),
    ]
    main = estates_form("Skovparken og Gl. Bakkegård", "Skovparken", "Gl. Bakkegård")
    path = tmp_path / "delaftale.txt"
    path.write_text(as_text(agreement(main=main, activity=activity)), "utf-8")
    out = io.StringIO()
    call_command("import_agreement", str(path), dry_run=True, json=True, stdout=out)
    dry_run = json.loads(out.getvalue())
    assert dry_run["housing_areas"] == ["Gl. Bakkegård", "Skovparken"]
    (criterion,) = dry_run["activities"][0]["success_criteria"]
    proposal = criterion["proposed_indicator"]
    assert proposal["per_area"] is True
    assert proposal["targets_by_area"] == {"Skovparken": 40, "Gl. Bakkegård": 25}


@both_formats
def test_budget_amounts_in_danish_notation(kind: str) -> None:
    main = main_form(
        budget=[
            ("Indsatsområdets økonomi i henhold til budget:",),
            ("Organisation", "Finansiering"),
            ("Landsbyggefonden", "1.234.567 kr."),
            ("Lokal medfinansiering", "1.234.567,50"),
            ("Albertslund Kommune", "0,5 mio. kr."),
            ("Samlet budget", ""),
        ]
    )
    doc = parse_blocks(kind, agreement(main=main))
    assert doc.budget == [
        BudgetLine("Landsbyggefonden", Decimal("1234567")),
        BudgetLine("Lokal medfinansiering", Decimal("1234567.50")),
        BudgetLine("Albertslund Kommune", Decimal("500000")),
        BudgetLine("Samlet budget", None),
    ]


@both_formats
def test_a_footnote_inside_a_cell_does_not_break_the_section(kind: str) -> None:
    main = main_form(
        problem=[
            ("Problemkompleks:",),
            ("Ifølge analysen1 er der store skel mellem",),
            ("1 Analysen er lavet i 2017 af boligorganisationen.",),
            ("beboergrupperne i Tingbjerg.",),
            ("Formål og mål:",),
            ("At mindske skellene.",),
        ]
    )
    doc = parse_blocks(kind, agreement(main=main))
    assert doc.problem_complex == (
        "Ifølge analysen1 er der store skel mellem beboergrupperne i Tingbjerg.\n"
        "1 Analysen er lavet i 2017 af boligorganisationen."
    )
    assert doc.purpose == "At mindske skellene."


def test_a_footnote_paragraph_in_a_word_cell_moves_to_the_end_of_its_section() -> None:
    main = main_form(
        problem=[
            ("Problemkompleks:",),
            ("Ifølge analysen1 er der store skel mellem\n1 Analysen er fra 2017.",),
            ("beboergrupperne.",),
        ]
    )
    doc = parse_docx(as_docx(agreement(main=main)))
    assert doc.problem_complex == (
        "Ifølge analysen1 er der store skel mellem beboergrupperne.\n1 Analysen er fra 2017."
    )


@both_formats
def test_a_repeated_title_anonymised_words_and_inline_bullets_are_kept(kind: str) -> None:
    blocks = agreement(
        main=main_form(parties=[("Aftalens parter:",), ("Xxxx Xxxxxxx: • Beboere • Xxxxx",)])
    )
    doc = parse_blocks(kind, [blocks[0], *blocks])
    assert doc.title == "Delaftale for indsatsområdet Uddannelse og beskæftigelse"
    assert doc.preamble == ""
    assert doc.parties == "Xxxx Xxxxxxx: • Beboere • Xxxxx"


def test_merged_cells_count_once() -> None:
    document = docx.Document()
    table = document.add_table(rows=0, cols=3)
    for texts in [("Aftalens parter:",), ("Bo-Vest",), ("Problemkompleks:",), ("Ledighed.",)]:
        cells = table.add_row().cells
        cells[0].merge(cells[2]).text = texts[0]
    merged_down = table.add_row().cells
    merged_down[0].text = "Målgruppe(r):"
    below = table.add_row().cells
    merged_down[1].merge(below[2]).text = "Alle beboere"
    doc = parse_docx(save(document))
    assert doc.parties == "Bo-Vest"
    assert doc.problem_complex == "Ledighed."
    assert doc.activities[0].target_groups == "Alle beboere"


def test_text_inside_content_controls_is_read() -> None:
    document = docx.Document()
    document.add_paragraph("Delaftale for indsatsområdet Sundhed")
    for text in ["Aftalens parter:", "Bo-Vest", "Problemkompleks:", "Ledighed.", "Målgruppe:"]:
        document.add_paragraph(text)
    control = OxmlElement("w:sdt")
    content = OxmlElement("w:sdtContent")
    paragraph = document.add_paragraph("Alle beboere")._p
    content.append(paragraph)
    control.append(content)
    document.element.body.insert(len(document.element.body) - 1, control)
    doc = parse_docx(save(document))
    assert doc.activities[0].target_groups == "Alle beboere"


# Bad input ------------------------------------------------------------------------------------


def zip_bytes(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


BAD_FILES = [
    ("tom.docx", b"", "Filen er tom."),
    ("tom.txt", b" \n\t\n", "Filen er tom."),
    ("halv.docx", b"PK\x03\x04" + b"\x00" * 40, "Filen er beskadiget"),
    ("delaftale.docx", seed_bytes(".docx")[:20000], "Filen er beskadiget"),
    ("beskyttet.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "adgangskode"),
    ("arkiv.zip", zip_bytes({"a.txt": "hej"}), "ikke et Word-dokument"),
    ("delaftale.pdf", b"%PDF-1.7\n%\xe2\xe3", "PDF-filer kan ikke indlæses"),
    ("billede.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "hverken et Word-dokument"),
    ("noget.docx", b"Ikke en zip-fil", "Filen er beskadiget"),
    ("brev.txt", "Kære Hanne\nTak for sidst.".encode(), "ligner ikke en delaftale"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_FILES)
def test_bad_input_is_refused_with_a_danish_message(name: str, data: bytes, message: str) -> None:
    with pytest.raises(AgreementImportError, match=message):
        parse_file(name, data)


def test_a_word_file_without_the_templates_labels_is_not_a_delaftale() -> None:
    document = docx.Document()
    document.add_paragraph("Referat af bestyrelsesmøde")
    document.add_paragraph("Formål og mål: at holde møde.")
    with pytest.raises(AgreementImportError, match="ligner ikke en delaftale"):
        parse_docx(save(document))


def test_a_word_file_without_text_is_reported() -> None:
    with pytest.raises(AgreementImportError, match="ingen tekst"):
        parse_docx(save(docx.Document()))


def test_text_in_windows_1252_is_read() -> None:
    text = as_text(agreement())
    doc = parse_file("delaftale.txt", text.encode("cp1252"))
    assert doc.focus_area == "Uddannelse og beskæftigelse"


# The small readers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("1. Januar 2018 til 31. december 2021.", date(2018, 1, 1), date(2021, 12, 31)),
        ("januar 2022 til december 2025", date(2022, 1, 1), date(2025, 12, 31)),
        ("Fra 1. feb. 2020 – 28. feb. 2024", date(2020, 2, 1), date(2024, 2, 28)),
        ("01.09.2019 - 31.08.2023", date(2019, 9, 1), date(2023, 8, 31)),
        ("2019-01-01 til 2022-12-31", date(2019, 1, 1), date(2022, 12, 31)),
        ("2018-2021", date(2018, 1, 1), date(2021, 12, 31)),
        ("1. januar 2018", date(2018, 1, 1), None),
        ("31. februar 2018 til 1. marts 2020", None, date(2020, 3, 1)),
        ("Aftalen gælder til den er afløst", None, None),
    ],
)
def test_parse_period(text: str, start: date | None, end: date | None) -> None:
    assert parse_period(text) == (start, end)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.234.567 kr.", Decimal("1234567")),
        ("1.234.567,50", Decimal("1234567.50")),
        ("kr. 250.000,-", Decimal("250000")),
        ("1 234 567 DKK", Decimal("1234567")),
        ("2,5 mio. kr.", Decimal("2500000")),
        ("I alt 2018-2021: 400.000 kr.", Decimal("400000")),
        ("", None),
        ("Afventer bevilling", None),
    ],
)
def test_parse_amount(text: str, amount: Decimal | None) -> None:
    assert parse_amount(text) == amount


def test_staff_resources_in_other_wordings() -> None:
    text = (
        "Helhedsplanen:\n"
        "• To projektmedarbejdere: 7,5 timer ugentligt\n"
        "• Projektleder – 10 t/uge\n"
        "Kommunale aktører:\n"
        "• Medarbejdere fra Jobcenter Albertslund bidrager med 20 timer om måneden.\n"
        "Derudover deltager repræsentanter fra Albertslund Bibliotek efter behov."
    )
    assert parse_staff_resources(text) == [
        StaffResource("Projektmedarbejdere", 2, 7.5, "week", "Helhedsplanen"),
        StaffResource("Projektleder", None, 10, "week", "Helhedsplanen"),
        StaffResource("Medarbejdere", None, 240, "year", "Jobcenter Albertslund"),
        StaffResource("Repræsentanter", None, None, None, "Albertslund Bibliotek"),
    ]


def test_staff_are_counted_in_any_danish_number_word() -> None:
    text = (
        "En projektleder indgår med 37 timer pr. uge.\n"
        "Tolv frivillige indgår med 2 timer pr. uge.\n"
        "Femogtyve lektiehjælpere indgår med 1 time pr. uge."
    )
    assert [(s.role, s.count) for s in parse_staff_resources(text)] == [
        ("Projektleder", 1),
        ("Frivillige", 12),
        ("Lektiehjælpere", 25),
    ]
