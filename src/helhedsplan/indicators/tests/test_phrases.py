"""The target-phrase parser: Danish success criteria in, proposed indicator definitions out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import helhedsplan
from helhedsplan.indicators.phrases import propose_indicator
from helhedsplan.indicators.tests.reading import criteria_cases, score_case

AREAS = ("Nøjsomhed", "Vapnagaard")
SEED = (
    Path(helhedsplan.__file__).parent
    / "agreements"
    / "seed"
    / "delaftale-tryghed-og-trivsel-helsingor-syd.txt"
)
JSON_KEYS = {
    "kind",
    "comparator",
    "target",
    "targets_by_area",
    "per_area",
    "period",
    "direction",
    "baseline",
    "baselines_by_area",
    "baseline_pending_year",
    "target_year",
    "change",
    "unit",
    "confidence",
    "matched",
}


def proposal(text: str, source: str | None = None, areas: tuple[str, ...] = AREAS) -> dict:
    return propose_indicator(text, areas, data_source=source).as_json()


def assert_fields(result: dict, expected: dict[str, Any]) -> None:
    """Every expected field, with ints and floats told apart ("Numbers as int when whole")."""
    for key, value in expected.items():
        assert result[key] == value, f"{key}: {result[key]!r} != {value!r} in {result}"
        assert type(result[key]) is type(value), f"{key}: {result[key]!r} is not {value!r}"


# --- Phrases from every focus area -------------------------------------------------------
# (text, data source or None, expected fields). Fields left out are not asserted here.

PHRASES: list[tuple[str, str | None, dict[str, Any]]] = [
    # Uddannelse og livschancer
    (
        "Mindst 80 % af de børn, der deltager i lektiecaféen, går op til folkeskolens afgangsprøve",
        None,
        {"kind": "share", "comparator": ">=", "target": 80, "unit": "percent", "per_area": False},
    ),
    (
        "Andelen af 18-29-årige i boligområdet, der er i gang med en uddannelse, stiger fra "
        "38 % i 2019 til 45 % i 2023",
        None,
        {
            "kind": "trend",
            "direction": "up",
            "baseline": {"year": 2019, "value": 38},
            "target": 45,
            "comparator": ">=",
            "target_year": 2023,
            "unit": "percent",
            "period": "year",
        },
    ),
    (
        "Der afholdes mindst 30 lektiecaféer pr. skoleår i hvert boligområde",
        None,
        {"kind": "count", "target": 30, "period": "school_year", "per_area": True},
    ),
    (
        "I løbet af et skoleår deltager mindst tyve forældre i forældremøder om skolestart",
        None,
        {"kind": "count", "comparator": ">=", "target": 20, "period": "school_year"},
    ),
    (
        # Issue 16: school absence is a statistic, and a fall is a negative change.
        "Fraværet blandt skolebørn fra boligområdet reduceres med en tredjedel i aftaleperioden",
        None,
        {
            "kind": "series",
            "direction": "down",
            "change": {"value": -33.33, "unit": "percent"},
            "comparator": "<=",
            "target": None,
            "period": "agreement",
        },
    ),
    (
        "Halvdelen af de unge i mentorforløb påbegynder en ungdomsuddannelse",
        None,
        {"kind": "share", "target": 50, "comparator": ">=", "unit": "percent"},
    ),
    (
        "Andelen af unge med en erhvervsuddannelse stiger med 5 procentpoint i forhold til 2020",
        None,
        {
            "kind": "trend",
            "change": {"value": 5, "unit": "percentage_points"},
            "direction": "up",
            "comparator": ">=",
            "baseline": None,
            "baseline_pending_year": 2020,
            "unit": "percent",
        },
    ),
    (
        "Der udarbejdes en samarbejdsaftale med de lokale skoler",
        None,
        {"kind": "milestone", "target": None, "comparator": None, "unit": None},
    ),
    (
        "Mindst 25 børn pr. måned deltager i læseklubben på biblioteket",
        None,
        {"kind": "count", "target": 25, "period": "month", "unit": "count"},
    ),
    (
        # Issue 16: young people in education are a statistic, not the programme's count.
        "Antallet af unge, der får en ungdomsuddannelse, fordobles fra 2022 til 2025",
        None,
        {
            "kind": "series",
            "change": {"value": 2, "unit": "factor"},
            "direction": "up",
            "comparator": ">=",
            "baseline_pending_year": 2022,
            "target_year": 2025,
            "unit": "count",
        },
    ),
    (
        # Issue 16: the municipality's language assessments are a statistic.
        "Andelen af børn, der er sprogvurderet som alderssvarende ved skolestart, øges med "
        "10 % frem til 2021",
        None,
        {
            "kind": "series",
            "change": {"value": 10, "unit": "percent"},
            "direction": "up",
            "target_year": 2021,
            "unit": "percent",
        },
    ),
    # Beskæftigelse
    (
        "Mindst 40 beboere om året kommer i job eller uddannelse via jobcaféen",
        None,
        {"kind": "count", "comparator": ">=", "target": 40, "period": "year"},
    ),
    (
        "Antallet af beboere på offentlig forsørgelse falder med 10 % i forhold til 2019",
        "Danmarks Statistik",
        {
            "kind": "series",
            "change": {"value": -10, "unit": "percent"},
            "direction": "down",
            "comparator": "<=",
            "baseline_pending_year": 2019,
            "target_year": None,
        },
    ),
    (
        # Issue 16: the share outside the labour market is a statistic.
        "Andelen af beboere uden for arbejdsmarkedet falder fra 48,8 % til 40 % eller "
        "derunder i 2021",
        None,
        {
            "kind": "series",
            "direction": "down",
            "baseline": {"year": None, "value": 48.8},
            "target": 40,
            "comparator": "<=",
            "target_year": 2021,
        },
    ),
    (
        "Der gennemføres 1.200 vejledningssamtaler i jobcaféen i aftaleperioden",
        None,
        {"kind": "count", "target": 1200, "comparator": ">=", "period": "agreement"},
    ),
    (
        "To tredjedele af deltagerne i jobklubben oplever, at de er kommet tættere på "
        "arbejdsmarkedet",
        "Spørgeskema ved forløbets afslutning",
        {"kind": "survey", "target": 66.67, "comparator": ">=", "unit": "percent"},
    ),
    (
        "Mindst 15 unge får et fritidsjob hvert halve år",
        None,
        {"kind": "count", "target": 15, "period": "half_year"},
    ),
    (
        "Der etableres et partnerskab med lokale virksomheder om praktikpladser",
        None,
        {"kind": "milestone", "target": None, "period": None},
    ),
    (
        "Antallet af ledige i Nøjsomhed og Vapnagaard skal være hhv. 30 og 120 eller færre i 2022",
        None,
        {
            "kind": "count",
            "targets_by_area": {"Nøjsomhed": 30, "Vapnagaard": 120},
            "target": None,
            "comparator": "<=",
            "per_area": True,
            "target_year": 2022,
        },
    ),
    (
        "Ledigheden blandt beboerne er lavere end i 2019",
        "Jobindsats.dk",
        {
            "kind": "series",
            "comparator": "<",
            "direction": "down",
            "baseline_pending_year": 2019,
            "target": None,
        },
    ),
    (
        "Der afholdes kvartalsvis minimum to jobmesser",
        None,
        {"kind": "count", "comparator": ">=", "target": 2, "period": "quarter"},
    ),
    # Kriminalitetsforebyggelse
    (
        "Antallet af unge under 18 år, der sigtes for kriminalitet, halveres i perioden",
        "Politiets kriminalstatistik",
        {
            "kind": "series",
            "change": {"value": 0.5, "unit": "factor"},
            "direction": "down",
            "comparator": "<=",
            "target": None,
            "period": "agreement",
        },
    ),
    (
        "Der afholdes ugentligt mindst 2 gadeplansvandringer i hvert boligområde",
        None,
        {"kind": "count", "target": 2, "period": "week", "per_area": True},
    ),
    (
        "Færre end 5 unge fra boligområdet får en dom om året",
        None,
        {"kind": "count", "comparator": "<", "target": 5, "period": "year"},
    ),
    (
        "Højst 10 % af de unge i SSP-forløb sigtes igen inden for et år",
        None,
        {"kind": "share", "comparator": "<=", "target": 10, "unit": "percent"},
    ),
    (
        # Issue 16: reported crimes are a statistic.
        "Antallet af anmeldte indbrud skal bibeholdes på 2019-niveau eller falde",
        None,
        {
            "kind": "series",
            "comparator": "<=",
            "direction": "down",
            "baseline_pending_year": 2019,
            "target": None,
        },
    ),
    (
        "Mere end 100 unge deltager i sommerferieaktiviteterne hvert år",
        None,
        {"kind": "count", "comparator": ">", "target": 100, "period": "year"},
    ),
    (
        "Der afholdes et kvartalsvist koordineringsmøde mellem SSP, politi og helhedsplanen",
        None,
        {"kind": "count", "comparator": ">=", "target": 1, "period": "quarter"},
    ),
    (
        "Der nedsættes en tryghedsgruppe med beboere og politi",
        None,
        {"kind": "milestone", "target": None},
    ),
    (
        # Issue 16: the housing organisation's registration is an external series.
        "Antallet af hærværkssager i boligområderne mindskes fra 2019 til 2022",
        "Boligselskabets driftsregistrering",
        {
            "kind": "series",
            "direction": "down",
            "comparator": "<",
            "baseline_pending_year": 2019,
            "target_year": 2022,
            "per_area": True,
            "period": "year",
        },
    ),
    (
        "Mindst 60 % af beboerne føler sig trygge i deres boligområde om aftenen",
        None,
        {"kind": "survey", "target": 60, "comparator": ">=", "unit": "percent"},
    ),
    (
        "Andelen af trygge beboere skal være 70 % eller derover i 2024",
        "Politiets Tryghedsindeks",
        {"kind": "series", "target": 70, "comparator": ">=", "target_year": 2024},
    ),
    # Forældre og forebyggelse
    (
        "Mindst 15 familier pr. halvår gennemfører et forældreforløb",
        None,
        {"kind": "count", "target": 15, "period": "half_year", "per_area": False},
    ),
    (
        "Der afholdes to forældrecaféer om måneden i begge boligområder",
        None,
        {"kind": "count", "target": 2, "comparator": ">=", "period": "month", "per_area": True},
    ),
    (
        "Alle familier med børn i 0. klasse tilbydes et hjemmebesøg",
        None,
        {"kind": "share", "target": 100, "comparator": "=", "unit": "percent"},
    ),
    (
        "Der gennemføres en årlig evaluering af familieindsatsen sammen med familieafdelingen",
        None,
        {"kind": "milestone", "period": "year", "target": None, "per_area": False},
    ),
    (
        "Mindst tre fjerdedele af de deltagende forældre oplever, at de har fået redskaber "
        "til at støtte deres børn",
        "Opsamlingsskema efter hvert forløb",
        {"kind": "survey", "target": 75, "comparator": ">="},
    ),
    (
        "Mindst 12 forældre deltager i Bydelsmødrenes temamøder hver måned i hvert af "
        "boligområderne",
        None,
        {"kind": "count", "target": 12, "period": "month", "per_area": True},
    ),
    (
        "Der afholdes 8 familieaktiviteter om året i Vapnagaard og 4 i Nøjsomhed",
        None,
        {
            "kind": "count",
            "targets_by_area": {"Vapnagaard": 8, "Nøjsomhed": 4},
            "target": None,
            "period": "year",
        },
    ),
    (
        "I Vapnagaard deltager 20 og i Nøjsomhed 10 børn i ferieaktiviteter pr. år",
        None,
        {"kind": "count", "targets_by_area": {"Vapnagaard": 20, "Nøjsomhed": 10}},
    ),
    (
        # Issue 16: the municipality's figures are an external series.
        "Antallet af underretninger vedrørende børn i boligområdet falder",
        "Kommunens familieafdeling",
        {"kind": "series", "direction": "down", "target": None, "comparator": None},
    ),
    # General patterns: bullets, number words, estate bodies, inflected estate names
    (
        "• Der afholdes min. 10 beboermøder pr. år",
        None,
        {"kind": "count", "comparator": ">=", "target": 10, "period": "year"},
    ),
    (
        "Der gennemføres i alt halvtreds hjemmebesøg pr. kvartal",
        None,
        {"kind": "count", "target": 50, "period": "quarter"},
    ),
    (
        "Femogtyve unge får fritidsjob hvert år",
        None,
        {"kind": "count", "target": 25, "period": "year"},
    ),
    (
        "Antallet af frivillige stiger fra 40 til 60 i aftaleperioden",
        None,
        {
            "kind": "trend",
            "baseline": {"year": None, "value": 40},
            "target": 60,
            "period": "agreement",
            "unit": "count",
        },
    ),
    (
        "Der afholdes mindst 4 møder med afdelingsbestyrelserne pr. år",
        None,
        {"kind": "count", "target": 4, "per_area": True},
    ),
    (
        # A count "in the estates" is their total; only a measured condition is per estate.
        "Der afholdes 6 temaaftener i boligområderne om året",
        None,
        {"kind": "count", "target": 6, "per_area": False},
    ),
    (
        "Der afholdes 4 arrangementer på Vapnagårds legeplads og 2 i Nøjsomheds fælleshus om året",
        None,
        {"kind": "count", "targets_by_area": {"Vapnagaard": 4, "Nøjsomhed": 2}},
    ),
    (
        "Der afholdes halvårligt et fællesmøde for alle frivillige",
        None,
        {"kind": "count", "target": 1, "period": "half_year"},
    ),
    (
        # The figure counted per period is the target, not a condition on each event.
        "Der afholdes 2 årlige stormøder med deltagelse af mindst 50 beboere",
        None,
        {"kind": "count", "target": 2, "comparator": ">=", "period": "year"},
    ),
    (
        "Mindst 4 ud af 5 deltagere i jobforløbet kommer i praktik",
        None,
        {"kind": "share", "target": 80, "comparator": ">=", "unit": "percent"},
    ),
    (
        "Andelen skal være 59,2 pct. i 2020",
        None,
        {"kind": "share", "target": 59.2, "unit": "percent", "target_year": 2020},
    ),
]


@pytest.mark.parametrize(
    ("text", "source", "expected"), PHRASES, ids=[case[0][:50] for case in PHRASES]
)
def test_it_reads_the_phrase(text: str, source: str | None, expected: dict) -> None:
    assert_fields(proposal(text, source), expected)


# --- Parts of the reading ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Andelen er 59,2% i 2020", "Andelen er 59,2 % i 2020", "Andelen er 59,2 procent i 2020"],
)
def test_it_reads_a_decimal_comma_percentage_however_written(text: str) -> None:
    assert_fields(proposal(text), {"target": 59.2, "unit": "percent"})


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("en", 1),
        ("et", 1),
        ("to", 2),
        ("tre", 3),
        ("fire", 4),
        ("fem", 5),
        ("seks", 6),
        ("syv", 7),
        ("otte", 8),
        ("ni", 9),
        ("ti", 10),
        ("elleve", 11),
        ("tolv", 12),
        ("femten", 15),
        ("tyve", 20),
        ("tredive", 30),
        ("fyrre", 40),
        ("halvtreds", 50),
        ("hundrede", 100),
        ("1.000", 1000),
    ],
)
def test_it_reads_numbers_in_words(words: str, value: int) -> None:
    assert_fields(proposal(f"Der afholdes mindst {words} møder om året"), {"target": value})


@pytest.mark.parametrize(
    ("fraction", "value"),
    [
        ("halvdelen", 50),
        ("en tredjedel", 33.33),
        ("to tredjedele", 66.67),
        ("en fjerdedel", 25),
        ("tre fjerdedele", 75),
    ],
)
def test_it_reads_fractions_as_shares(fraction: str, value: float) -> None:
    result = proposal(f"Mindst {fraction} af deltagerne kommer i job")
    assert_fields(result, {"kind": "share", "target": value, "unit": "percent"})


@pytest.mark.parametrize(
    ("bound", "comparator"),
    [
        ("mindst 10", ">="),
        ("minimum 10", ">="),
        ("min. 10", ">="),
        ("10 eller derover", ">="),
        ("10 eller mere", ">="),
        ("10 eller flere", ">="),
        ("10 eller derunder", "<="),
        ("højst 10", "<="),
        ("maksimalt 10", "<="),
        ("under 10", "<"),
        ("over 10", ">"),
        ("mere end 10", ">"),
        ("færre end 10", "<"),
    ],
)
def test_it_reads_bounds(bound: str, comparator: str) -> None:
    result = proposal(f"Der registreres {bound} henvendelser om ugen")
    assert_fields(result, {"comparator": comparator, "target": 10, "period": "week"})


@pytest.mark.parametrize(
    ("phrase", "period"),
    [
        ("pr. år", "year"),
        ("årligt", "year"),
        ("om året", "year"),
        ("hvert år", "year"),
        ("ugentligt", "week"),
        ("pr. uge", "week"),
        ("om ugen", "week"),
        ("hver uge", "week"),
        ("pr. halvår", "half_year"),
        ("halvårligt", "half_year"),
        ("pr. kvartal", "quarter"),
        ("kvartalsvis", "quarter"),
        ("hvert kvartal", "quarter"),
        ("om måneden", "month"),
        ("månedligt", "month"),
        ("pr. måned", "month"),
        ("i løbet af et skoleår", "school_year"),
        ("pr. skoleår", "school_year"),
        ("i aftaleperioden", "agreement"),
        ("i perioden", "agreement"),
    ],
)
def test_it_reads_periods(phrase: str, period: str) -> None:
    assert_fields(proposal(f"Mindst 5 unge deltager {phrase}"), {"period": period, "target": 5})


@pytest.mark.parametrize(
    "scope",
    [
        "i hvert boligområde",
        "i begge boligområder",
        "i hvert af boligområderne",
        "pr. boligområde",
        "i hver afdeling",
    ],
)
def test_it_reads_a_target_for_each_estate(scope: str) -> None:
    result = proposal(f"Mindst 3 frivillige er aktive {scope} om måneden")
    assert_fields(result, {"per_area": True, "target": 3, "targets_by_area": None})


def test_a_target_across_estates_is_not_per_estate() -> None:
    result = proposal("Der afholdes 2 fællesmøder på tværs af boligområderne om året")
    assert_fields(result, {"per_area": False, "target": 2})


def test_estate_names_are_matched_case_insensitively_and_inflected() -> None:
    result = proposal("der afholdes 3 fester i VAPNAGÅRDS gård og 1 på nøjsomhed om året")
    assert_fields(result, {"targets_by_area": {"Vapnagaard": 3, "Nøjsomhed": 1}})


def test_estates_come_from_the_caller_not_from_the_parser() -> None:
    text = "Der afholdes 4 møder om året i Korsløkken og 2 i Solbakken"
    assert proposal(text)["targets_by_area"] is None
    result = proposal(text, areas=("Solbakken", "Korsløkken"))
    assert_fields(result, {"targets_by_area": {"Korsløkken": 4, "Solbakken": 2}})


def test_baselines_listed_without_known_estates_keep_the_first_and_say_so() -> None:
    text = "Andelen stiger fra 40 % og 45 % i 2019 til 50 % i 2022"
    result = proposal(text, areas=())
    assert_fields(result, {"baseline": {"year": 2019, "value": 40}, "confidence": "medium"})
    assert result["baselines_by_area"] is None


def test_ages_dates_and_grades_are_not_targets() -> None:
    result = proposal("Unge i alderen 15-30 år fra 8.-10. klasse deltager pr. 1. juli i fritidsjob")
    assert_fields(result, {"target": None})


def test_a_date_is_not_a_baseline_unless_something_moves() -> None:
    result = proposal("Fra 2019 afholdes mindst 6 møder årligt")
    assert_fields(result, {"kind": "count", "target": 6, "baseline_pending_year": None})


def test_a_capacity_is_not_the_target() -> None:
    result = proposal("Der afholdes 3 åbne møder om året med op til 50 deltagere")
    assert_fields(result, {"target": 3, "confidence": "medium"})


def test_a_change_in_a_count_is_flagged_not_guessed() -> None:
    result = proposal("Antallet af arrangementer øges med 25 i aftaleperioden")
    assert_fields(result, {"kind": "trend", "target": None, "change": None, "confidence": "low"})
    assert "øges med 25" in result["matched"]["confidence"]


def test_text_with_no_recognisable_pattern_is_a_low_confidence_milestone() -> None:
    assert_fields(proposal("Beboerne hygger sig"), {"kind": "milestone", "confidence": "low"})


def test_matched_names_the_phrases_that_decided() -> None:
    matched = proposal("Der afholdes minimum 6 møder pr. år i hvert boligområde")["matched"]
    assert matched["target"] == "minimum 6"
    assert matched["period"] == "pr. år"
    assert matched["per_area"] == "i hvert boligområde"


def test_the_json_shape_is_fixed_and_serialisable() -> None:
    result = proposal("Der afholdes fire årlige møder")
    assert set(result) == JSON_KEYS
    assert json.loads(json.dumps(result)) == result


# --- The seed's 18 criteria, with the domain guide's catalogue semantics --------------------


def seed_rows() -> dict[str, str]:
    """Criterion text -> data source, from the seed's two-cell rows ("text | source |")."""
    rows = {}
    for line in SEED.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.split(" |")]
        if len(cells) >= 2 and cells[1]:
            rows[cells[0]] = cells[1]
    return rows


SEED_CRITERIA: dict[str, tuple[str, dict[str, Any]]] = {
    "O1": (
        "1. Naboskab og fællesskab Naboskabet og oplevelsen af fællesskaber på tværs blandt "
        "beboerne forbedres i boligafdelingerne fra 2018-2021 Baseline etableres i 2018.",
        {
            "kind": "series",
            "per_area": True,
            "baseline": None,
            "baseline_pending_year": 2018,
            "direction": "up",
            "comparator": ">",
            "target": None,
            "target_year": 2021,
            "period": "year",
        },
    ),
    "O2": (
        "2. Trygge beboere Andelen af trygge beboere i hhv. Nøjsomhed og på Vapnagaard stiger "
        "fra 59,2% og 59,9% i 2016 til 65% eller derover i 2021",
        {
            "kind": "series",
            "per_area": True,
            "baseline": None,
            "baselines_by_area": {
                "Nøjsomhed": {"year": 2016, "value": 59.2},
                "Vapnagaard": {"year": 2016, "value": 59.9},
            },
            "target": 65,
            "comparator": ">=",
            "target_year": 2021,
            "direction": "up",
            "unit": "percent",
            "period": "year",
        },
    ),
    "O3": (
        "3.Tillid til politiet Andelen af beboere i hhv. Nøjsomhed og på Vapnagaard, der har "
        "tillid til politiet, skal bibeholdes på niveauet for 2016 på 77,6% og 71,9% eller "
        "stige.",
        {
            "kind": "series",
            "per_area": True,
            "baselines_by_area": {
                "Nøjsomhed": {"year": 2016, "value": 77.6},
                "Vapnagaard": {"year": 2016, "value": 71.9},
            },
            "comparator": ">=",
            "target": None,
            "target_year": None,
            "direction": "up",
            "unit": "percent",
            "period": "year",
        },
    ),
    "O4": (
        "4.Image og pressedækning Andelen af positive omtaler i de lokale medier - Helsingør "
        "Dagblad, Fredensborg Amtsavis og Ugeavisen Nordsjælland – skal udgøre 60% eller "
        "derover af de samlede omtaler af boligområderne/ helhedsplanens aktiviteter",
        {"kind": "share", "comparator": ">=", "target": 60, "unit": "percent", "per_area": False},
    ),
    "H1": (
        "0.Xx min. 10 beboere pr. boligområde får ugentligt hjælp i hverdagsrådgivningen",
        {
            "kind": "count",
            "comparator": ">=",
            "target": 10,
            "per_area": True,
            "period": "week",
            "unit": "count",
        },
    ),
    "H2": (
        "2. At der oprettes en systematik for registrering af henvendelsernes karakter/indhold "
        "til brug for kortlægning af hvortil brobygningen evt. skal intensiveres.",
        {"kind": "milestone", "target": None, "comparator": None, "period": None},
    ),
    "H3": (
        "3.Afholdelse af seks temaaftner pr. år",
        {"kind": "count", "comparator": ">=", "target": 6, "period": "year", "per_area": False},
    ),
    "H4": (
        "0.Xx beboere der benytter hverdagsrådgivningen oplever: -at de har fået hjælp til at "
        "håndtere diverse problemstillinger -at de bliver bedre i stand til at navigere i det "
        "kommunale system",
        {"kind": "survey", "period": "quarter", "target": None, "comparator": None},
    ),
    "F1": (
        "1.Andelen af unge i alderen fra 15-30 år som er frivillig enten i en af de etablerede "
        "foreninger/klubber/bestyrelsen eller på mere ad hoc niveau stiger fra 2017 til 2021 i "
        "begge boligområder.",
        {
            "kind": "trend",
            "direction": "up",
            "comparator": ">",
            "baseline_pending_year": 2017,
            "target_year": 2021,
            "per_area": True,
            "target": None,
            "unit": "percent",
            "period": "year",
        },
    ),
    "F2": (
        "2.Der indgås samarbejde med Ungdomsskolen om minimum to frivillig-tiltag for unge "
        "mellem 15 og 25 år pr. år",
        {"kind": "count", "comparator": ">=", "target": 2, "period": "year", "per_area": False},
    ),
    "F3": (
        "3. At beboere der tilknyttes ’Helt Xxxxxxxxx’ oplever: - at deres kompetencer som "
        "frivillige øges - at deres sociale netværk styrkes",
        {"kind": "survey", "period": "quarter", "target": None, "comparator": None},
    ),
    "F4": (
        "4.Der afholdes årligt minimum fire beboerdrevne sociale aktiviteter i hvert "
        "boligområde med fokus på en blandet beboergruppe (etnicitet, generationer, socialt og "
        "kulturelt)",
        {"kind": "count", "comparator": ">=", "target": 4, "per_area": True, "period": "year"},
    ),
    "K1": (
        "1. Der afholdes fire årlige kulturelle arrangementer i Vapnagaard i samarbejde med "
        "Kulturhus Syd og to i Nøjsomhed. Helsingør Teater og Helsingør kommunes billedskole "
        "indgår som samarbejdspartnere for begge boligområder.",
        {
            "kind": "count",
            "comparator": ">=",
            "target": None,
            "targets_by_area": {"Vapnagaard": 4, "Nøjsomhed": 2},
            "per_area": True,
            "period": "year",
        },
    ),
    "K2": (
        "2. Der afholdes et årligt åbent hus i hvert boligområde, som primært planlægges og "
        "afvikles af frivillige beboere herunder også beboerdemokraterne.",
        {"kind": "count", "comparator": ">=", "target": 1, "per_area": True, "period": "year"},
    ),
    "K3": (
        "3. At alle kulturelle arrangementer omtales i den lokale presse. Det gælder både "
        "arrangementer i Kulturhus syd og i regi af helhedsplanen.",
        {"kind": "share", "comparator": "=", "target": 100, "unit": "percent"},
    ),
    "K4": (
        "4. At antallet af arrangementer i Kulturhus Syd afholdt af foreninger og "
        "organisationer som kommer udefra øges fra 2018-2021.",
        {
            "kind": "trend",
            "direction": "up",
            "comparator": ">",
            "baseline_pending_year": 2018,
            "target_year": 2021,
            "unit": "count",
            "period": "year",
        },
    ),
    "P1": (
        "0.Xx der afholdes minimum seks møder med Beboerpaneler pr. år",
        {"kind": "count", "comparator": ">=", "target": 6, "period": "year", "per_area": True},
    ),
    "P2": (
        "0.Xx der udarbejdes en kvalitativ evaluering af panelets nytteværdi på tværs af "
        "politi og deltagere, hvori resultaterne af samarbejdet illustreres.",
        {"kind": "milestone", "period": "year", "target": None},
    ),
}


@pytest.mark.parametrize("code", SEED_CRITERIA)
def test_it_reads_the_seed_criterion_as_the_catalogue_says(code: str) -> None:
    text, expected = SEED_CRITERIA[code]
    rows = seed_rows()
    assert text in rows, f"{code} is not a criterion row of the seed"
    assert_fields(proposal(text, rows[text]), {**expected, "confidence": "high"})


@pytest.mark.parametrize(("code", "kind"), [("O1", "trend"), ("O2", "trend"), ("O3", "trend")])
def test_without_its_data_source_an_external_series_reads_as_a_trend(code: str, kind: str) -> None:
    text, expected = SEED_CRITERIA[code]
    assert_fields(proposal(text), {**expected, "kind": kind})


# --- The contract of issue 16 ("Reading Danish"), point by point ---------------------------


@pytest.mark.parametrize(
    ("text", "change", "direction"),
    [
        ("Antallet af klager reduceres med 40 %", {"value": -40, "unit": "percent"}, "down"),
        (
            "Andelen af ledige falder med 5 procentpoint",
            {"value": -5, "unit": "percentage_points"},
            "down",
        ),
        ("Antallet af frivillige stiger med 10 %", {"value": 10, "unit": "percent"}, "up"),
        ("Antallet af klager halveres", {"value": 0.5, "unit": "factor"}, "down"),
        ("Antallet af frivillige fordobles", {"value": 2, "unit": "factor"}, "up"),
    ],
)
def test_a_change_is_signed_and_a_factor_is_the_multiplier(
    text: str, change: dict, direction: str
) -> None:
    assert_fields(proposal(text), {"change": change, "direction": direction})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Antallet af klager falder med 20 % i forhold til 2017",
            {"baseline_pending_year": 2017, "target_year": None},
        ),
        (
            "Antallet af frivillige stiger fra 2017 til 2022",
            {"baseline_pending_year": 2017, "target_year": 2022},
        ),
        (
            "Andelen af børn i dagtilbud er højere sammenlignet med 2016",
            {"baseline_pending_year": 2016, "direction": "up"},
        ),
        (
            "Andelen af beboere, der deltager i afdelingsmødet, stiger i forhold til 2021, "
            "hvor den var 9 %",
            {"baseline": {"year": 2021, "value": 9}, "baseline_pending_year": None},
        ),
        (
            "Den oplevede tryghed ligger over niveauet i 2022",
            {"baseline_pending_year": 2022, "direction": "up"},
        ),
    ],
)
def test_a_year_named_as_the_reference_is_the_baseline_year(text: str, expected: dict) -> None:
    assert_fields(proposal(text), expected)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Der er udarbejdet en handleplan senest i 2025", 2025),
        ("Andelen af unge i uddannelse er mindst 80 % inden udgangen af 2024", 2024),
        ("En evaluering af indsatsen foreligger inden 1. oktober 2025", 2025),
        ("Inden 1. juli 2027 har alle nye beboere fået et velkomstbesøg", 2027),
        ("Mindst 30 børn deltager i lektiecaféen i skoleåret 2026/27", 2027),
    ],
)
def test_the_target_year_comes_from_the_deadline(text: str, year: int) -> None:
    assert_fields(proposal(text), {"target_year": year})


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("Politiets Tryghedsindeks", "series"),
        ("LBF's Boligsociale Data", "series"),
        ("Danmarks Statistik", "series"),
        ("Kommunens statistik", "series"),
        ("Boligorganisationens statistik", "series"),
        ("Spørgeskema til beboerne", "survey"),
        ("Egen registrering", "share"),
    ],
)
def test_the_kind_follows_the_data_source(source: str, kind: str) -> None:
    text = "Andelen af beboere, der kender helhedsplanen, er mindst 60 % i 2027"
    assert_fields(proposal(text, source), {"kind": kind})


def test_an_own_registration_of_a_count_is_a_count() -> None:
    text = "Mindst 25 unge deltager i fritidsjobindsatsen om året"
    assert_fields(proposal(text, "Egen registrering"), {"kind": "count", "target": 25})


@pytest.mark.parametrize(
    "text",
    [
        "Den gennemsnitlige husstandsindkomst i boligområdet stiger",
        "Andelen af beboere på offentlig forsørgelse falder",
        "Antallet af anmeldte forbrydelser i boligområdet falder",
        "Andelen af unge i uddannelse er mindst 80 % i 2028",
        "Ledigheden i boligområdet falder",
    ],
)
def test_without_a_source_a_statistic_of_the_residents_is_a_series(text: str) -> None:
    assert_fields(proposal(text), {"kind": "series"})


def test_a_share_of_the_programmes_participants_is_not_a_statistic() -> None:
    text = "Halvdelen af de unge i mentorforløb påbegynder en ungdomsuddannelse"
    assert_fields(proposal(text), {"kind": "share", "target": 50})


def test_at_least_one_recurring_thing_is_a_count_of_one() -> None:
    result = proposal("Der afholdes mindst ét fælles arrangement om året på tværs af afdelingerne")
    assert_fields(result, {"kind": "count", "comparator": ">=", "target": 1, "period": "year"})


def test_a_deliverable_by_a_date_is_a_milestone() -> None:
    result = proposal("En strategi for frivilligheden foreligger senest 1. april 2026")
    assert_fields(result, {"kind": "milestone", "target": None, "target_year": 2026})


@pytest.mark.parametrize(
    ("text", "target"),
    [
        (
            "Halvdelen af de børn, der har deltaget i mindst fire forløb, læser alderssvarende "
            "efter et år",
            50,
        ),
        (
            "70 % af de unge, der har været i fritidsjob i mindst 2 måneder, fortsætter i job",
            70,
        ),
        ("Mindst 30 beboere over 25 år deltager i jobcaféen om året", 30),
        ("To tredjedele af forældrene deltager i mindst én skole-hjem-samtale", 66.67),
        ("Hver fjerde beboer deltager i mindst ét arrangement i beboerhuset om året", 25),
    ],
)
def test_conditions_on_who_is_counted_are_not_the_target(text: str, target: float) -> None:
    assert_fields(proposal(text), {"target": target})


@pytest.mark.parametrize(
    ("fraction", "value"),
    [("Halvdelen", 50), ("En tredjedel", 33.33), ("To tredjedele", 66.67), ("Hver fjerde", 25)],
)
def test_fractions_in_words_are_share_targets(fraction: str, value: float) -> None:
    result = proposal(f"{fraction} deltager i kvindenetværket bliver selv frivillig")
    assert_fields(result, {"kind": "share", "target": value, "unit": "percent"})


def test_every_other_week_is_a_period_not_a_share() -> None:
    result = proposal("Der afholdes mindst 2 møder hver anden uge")
    assert_fields(result, {"target": 2, "unit": "count"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Min. 3 forældremøder årl. i hver afdeling",
            {"comparator": ">=", "target": 3, "period": "year"},
        ),
        ("Maks. 5 klager pr. uge", {"comparator": "<=", "target": 5, "period": "week"}),
        ("Der udsendes min. 1 nyhedsbrev pr. md.", {"target": 1, "period": "month"}),
        ("Ca. 20 deltagere pr. uge i jobcaféen", {"target": 20, "period": "week"}),
        (
            "Min. 10 samtaler årl. mht. gæld og budget",
            {"comparator": ">=", "target": 10, "period": "year"},
        ),
    ],
)
def test_practitioners_shorthand_is_read(text: str, expected: dict) -> None:
    assert_fields(proposal(text), expected)


def test_estate_names_with_abbreviations_are_read_whole_in_targets() -> None:
    areas = ("Gl. Bakkegård", "Sdr. Parkvej")
    text = "Der afholdes 4 fællesarrangementer om året i Gl. Bakkegård og 2 i Sdr. Parkvej"
    assert_fields(
        proposal(text, areas=areas),
        {"targets_by_area": {"Gl. Bakkegård": 4, "Sdr. Parkvej": 2}, "per_area": True},
    )


def test_estate_names_with_abbreviations_are_read_whole_in_baselines() -> None:
    areas = ("Nr. Alslev", "St. Karlsminde")
    text = (
        "Andelen af trygge beboere i hhv. Nr. Alslev og St. Karlsminde stiger fra 61,3 % og "
        "57,8 % i 2023 til 68 % eller derover i 2028"
    )
    result = proposal(text, "Politiets Tryghedsindeks", areas=areas)
    assert_fields(
        result,
        {
            "baselines_by_area": {
                "Nr. Alslev": {"year": 2023, "value": 61.3},
                "St. Karlsminde": {"year": 2023, "value": 57.8},
            },
            "target": 68,
            "target_year": 2028,
        },
    )


def test_starting_values_named_per_estate_go_to_their_estates() -> None:
    areas = ("Sdr. Parkvej", "Gl. Bakkegård")
    text = (
        "Andelen af beboere, der føler sig trygge, stiger i Sdr. Parkvej fra 55,0 % og i "
        "Gl. Bakkegård fra 60,2 % i 2022 til 65 % i 2027"
    )
    result = proposal(text, "Politiets Tryghedsindeks", areas=areas)
    assert_fields(
        result,
        {
            "baselines_by_area": {
                "Sdr. Parkvej": {"year": 2022, "value": 55},
                "Gl. Bakkegård": {"year": 2022, "value": 60.2},
            },
            "target": 65,
        },
    )


# --- The labelled sets written apart from the parser (issue 16) ----------------------------
# The share of expected fields right, per set; the bar is the goal (frozen: held out, never
# tuned on). A fall below it is a regression.


@pytest.mark.parametrize(("name", "bar"), [("dev", 0.95), ("frozen", 0.95)])
def test_the_labelled_criterion_sets_are_read_at_least_as_well_as_the_bar(
    name: str, bar: float
) -> None:
    results = [score_case(case) for case in criteria_cases(name)]
    share = sum(r.right for r in results) / sum(r.total for r in results)
    assert share >= bar, f"criteria_{name}: {share:.3f} of fields right, below {bar}"


def test_once_beside_another_estates_figure_is_that_estates_figure_one() -> None:
    areas = ("Vestre Engparken", "Nr. Vangen")
    text = (
        "Der afholdes fællesspisning 2 gange om måneden i Vestre Engparken og 1 gang om "
        "måneden i Nr. Vangen"
    )
    assert_fields(
        proposal(text, areas=areas),
        {"targets_by_area": {"Vestre Engparken": 2, "Nr. Vangen": 1}, "period": "month"},
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("En handleplan foreligger senest 31.12.2026", {"target_year": 2026}),
        ("Pr. 1. januar 2027 er der etableret et beboerpanel", {"target_year": 2027}),
        ("Mindst 20 børn deltager i skoleåret 2026-27", {"target_year": 2027, "target": 20}),
        (
            "Antallet af klager reduceres til det halve",
            {"change": {"value": 0.5, "unit": "factor"}, "direction": "down"},
        ),
        (
            "Ledigheden falder 3 procentpoint ift. 2020",
            {
                "change": {"value": -3, "unit": "percentage_points"},
                "baseline_pending_year": 2020,
            },
        ),
        (
            "Med 2017 som udgangspunkt stiger andelen af frivillige",
            {"baseline_pending_year": 2017, "direction": "up"},
        ),
        ("I 2021 var andelen 9 %, og den stiger", {"baseline": {"year": 2021, "value": 9}}),
    ],
)
def test_other_ways_of_naming_deadlines_changes_and_baselines(text: str, expected: dict) -> None:
    assert_fields(proposal(text), expected)


# --- Second part of issue 16: the misses on the retired frozen agreements, as kinds ---------


def test_starting_values_after_respectively_are_baselines_not_targets() -> None:
    areas = ("Nr. Holme", "Østervang")
    text = (
        "Andelen af unge uden job i Nr. Holme og Østervang falder fra hhv. 21,5 % og 17,0 % "
        "i 2024 til højst 12 % i 2028"
    )
    assert_fields(
        proposal(text, areas=areas),
        {
            "baselines_by_area": {
                "Nr. Holme": {"year": 2024, "value": 21.5},
                "Østervang": {"year": 2024, "value": 17},
            },
            "targets_by_area": None,
            "target": 12,
            "comparator": "<=",
            "target_year": 2028,
        },
    )


@pytest.mark.parametrize(
    ("text", "target", "comparator"),
    [
        ("Andelen af børn med mere end 15 % fravær falder til under 8 %", 8, "<"),
        ("Andelen af husstande med over 20 % i restance falder til højst 5 %", 5, "<="),
        (
            "Andelen af ældre, der deltager i mindst 3 aktiviteter om ugen, er mindst 40 %",
            40,
            ">=",
        ),
    ],
)
def test_a_bound_figure_saying_who_is_counted_is_not_the_target(
    text: str, target: int, comparator: str
) -> None:
    assert_fields(proposal(text), {"target": target, "comparator": comparator})


def test_a_level_promised_kept_is_the_target() -> None:
    text = "Andelen af trygge beboere fastholdes på niveauet for 2023 på 81,2 %"
    assert_fields(
        proposal(text, "Politiets Tryghedsindeks"),
        {"target": 81.2, "comparator": ">=", "baseline": {"year": 2023, "value": 81.2}},
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Inden julen 2025 er der nedsat en styregruppe", {"target_year": 2025}),
        ("Senest i foråret 2027 foreligger en evaluering", {"target_year": 2027}),
        ("Der holdes mindst én sommerfest hvert efterår", {"period": "year", "target": 1}),
        (
            "Mindst to fællesmøder om året i hver af de fire afdelinger",
            {"per_area": True, "target": 2},
        ),
    ],
)
def test_seasons_and_each_of_several_estates_are_read(text: str, expected: dict) -> None:
    assert_fields(proposal(text), expected)


@pytest.mark.parametrize(
    "text",
    [
        "Antallet af husstande i lejerestance falder",
        "Mindst 70 % af eleverne i 9. klasse består engelsk og tysk i 2027",
        "Antallet af tvangsudsættelser falder",
    ],
)
def test_compound_statistics_and_exams_passed_are_series(text: str) -> None:
    assert_fields(proposal(text), {"kind": "series"})


def test_a_group_that_consists_of_residents_is_not_an_exam() -> None:
    text = "Der etableres en følgegruppe, som består af mindst 6 beboere"
    assert proposal(text)["kind"] != "series"


def test_a_share_of_those_who_received_guidance_is_a_share() -> None:
    text = "Mindst 60 % af de unge, der har fået uddannelsesvejledning, er i uddannelse efter 1 år"
    assert_fields(proposal(text), {"kind": "share", "target": 60})


# --- Agreements of more estates: lists, shared figures, conditions, "alle" (issue 16) -------
# Estates of two to four, several with abbreviations; written apart from the agreements.

TWO = ("Kløvermarken", "Sdr. Enghave")
THREE = ("Vr. Strandpark", "Nr. Lyngholm", "St. Bøgevænget")
FOUR = ("Vr. Strandpark", "Nr. Lyngholm", "St. Bøgevænget", "Gl. Kirkeager")


def _baselines(areas: tuple[str, ...], year: int, values: tuple[float, ...]) -> dict:
    return {a: {"year": year, "value": v} for a, v in zip(areas, values, strict=True)}


@pytest.mark.parametrize(
    ("text", "areas", "values"),
    [
        (
            "Andelen af beboere i job i hhv. Vr. Strandpark, Nr. Lyngholm og St. Bøgevænget "
            "stiger fra 38,5%, 41,2% og 35,0% i 2024 til 45% i 2029",
            THREE,
            (38.5, 41.2, 35),
        ),
        (
            "Andelen af beboere i job i Vr. Strandpark, Nr. Lyngholm, St. Bøgevænget og Gl. "
            "Kirkeager stiger fra henholdsvis 38 %, 41 %, 35 % og 40,5 % i 2024 til 45 % i 2029",
            FOUR,
            (38, 41, 35, 40.5),
        ),
        (
            "Andelen af beboere i job i hhv. Kløvermarken og Sdr. Enghave stiger fra 38 og 41 % "
            "i 2024 til 45 % i 2029",
            TWO,
            (38, 41),
        ),
        (
            "Andelen af beboere i job stiger i Vr. Strandpark fra 38 %, i Nr. Lyngholm fra 41 % "
            "og i St. Bøgevænget fra 35 % i 2024 til 45 % i 2029",
            THREE,
            (38, 41, 35),
        ),
        (
            "Andelen af beboere i job stiger fra 38 % i Vr. Strandpark, 41 % i Nr. Lyngholm og "
            "35 % i St. Bøgevænget i 2024 til 45 % i 2029",
            THREE,
            (38, 41, 35),
        ),
        (
            "Andelen af beboere i job stiger fra 38 % (Kløvermarken) og 41 % (Sdr. Enghave) i "
            "2024 til 45 % i 2029",
            TWO,
            (38, 41),
        ),
    ],
)
def test_starting_values_of_any_number_of_estates_go_to_their_estates(
    text: str, areas: tuple[str, ...], values: tuple[float, ...]
) -> None:
    assert_fields(
        proposal(text, "Danmarks Statistik", areas=areas),
        {
            "baselines_by_area": _baselines(areas, 2024, values),
            "baseline": None,
            "target": 45,
            "targets_by_area": None,
            "per_area": True,
            "target_year": 2029,
        },
    )


def test_starting_values_stated_as_past_values_per_estate() -> None:
    text = (
        "Andelen af unge i uddannelse i Vr. Strandpark, Nr. Lyngholm og St. Bøgevænget var i "
        "2025 hhv. 48,5 %, 51,0 % og 45,3 % og stiger til 60 % i 2030"
    )
    assert_fields(
        proposal(text, "Danmarks Statistik", areas=THREE),
        {"baselines_by_area": _baselines(THREE, 2025, (48.5, 51, 45.3)), "target": 60},
    )


@pytest.mark.parametrize(
    "text",
    [
        "Der holdes hhv. 6, 4 og 3 beboermøder om året i Vr. Strandpark, Nr. Lyngholm og "
        "St. Bøgevænget",
        "Der holdes 6, 4 og 3 beboermøder om året i henholdsvis Vr. Strandpark, Nr. Lyngholm "
        "og St. Bøgevænget",
        "Der holdes 6 beboermøder om året i Vr. Strandpark, 4 i Nr. Lyngholm og 3 i St. Bøgevænget",
        "I Vr. Strandpark holdes 6 beboermøder om året, i Nr. Lyngholm 4 og i St. Bøgevænget 3",
    ],
)
def test_a_figure_for_each_of_three_estates(text: str) -> None:
    assert_fields(
        proposal(text, "Egen registrering", areas=THREE),
        {
            "kind": "count",
            "targets_by_area": {"Vr. Strandpark": 6, "Nr. Lyngholm": 4, "St. Bøgevænget": 3},
            "target": None,
            "per_area": True,
            "period": "year",
        },
    )


def test_respective_targets_after_starting_values_go_to_their_estates() -> None:
    text = (
        "Antallet af anmeldte indbrud i hhv. Vr. Strandpark, Nr. Lyngholm og St. Bøgevænget "
        "falder fra 40, 25 og 31 i 2024 til højst 20, 12 og 15 i 2028"
    )
    assert_fields(
        proposal(text, "Politiets anmeldelsesstatistik", areas=THREE),
        {
            "targets_by_area": {"Vr. Strandpark": 20, "Nr. Lyngholm": 12, "St. Bøgevænget": 15},
            "baselines_by_area": _baselines(THREE, 2024, (40, 25, 31)),
            "comparator": "<=",
            "target_year": 2028,
        },
    )


@pytest.mark.parametrize(
    ("text", "areas", "expected"),
    [
        (
            "Der afholdes 5 lektiecaféer om måneden i Vr. Strandpark og 3 i både Nr. Lyngholm og "
            "St. Bøgevænget",
            THREE,
            {"Vr. Strandpark": 5, "Nr. Lyngholm": 3, "St. Bøgevænget": 3},
        ),
        (
            "Der afholdes 5 lektiecaféer om måneden i Vr. Strandpark og 3 i hver af Nr. Lyngholm "
            "og St. Bøgevænget",
            THREE,
            {"Vr. Strandpark": 5, "Nr. Lyngholm": 3, "St. Bøgevænget": 3},
        ),
        (
            "I både Vr. Strandpark og Nr. Lyngholm afholdes 5 lektiecaféer om måneden og i "
            "St. Bøgevænget 3",
            THREE,
            {"Vr. Strandpark": 5, "Nr. Lyngholm": 5, "St. Bøgevænget": 3},
        ),
        (
            "Der afholdes fire lektiecaféer om måneden i Vr. Strandpark, tre i Nr. Lyngholm og "
            "to i både St. Bøgevænget og Gl. Kirkeager",
            FOUR,
            {"Vr. Strandpark": 4, "Nr. Lyngholm": 3, "St. Bøgevænget": 2, "Gl. Kirkeager": 2},
        ),
        (
            "Der afholdes 5 lektiecaféer om måneden i Vr. Strandpark og 3 i hvert af de to andre "
            "boligområder",
            THREE,
            {"Vr. Strandpark": 5, "Nr. Lyngholm": 3, "St. Bøgevænget": 3},
        ),
    ],
)
def test_estates_named_together_share_their_figure(
    text: str, areas: tuple[str, ...], expected: dict
) -> None:
    assert_fields(
        proposal(text, "Egen registrering", areas=areas),
        {"targets_by_area": expected, "per_area": True, "period": "month"},
    )


@pytest.mark.parametrize(
    "text",
    [
        "Min. 2 fællesspisninger pr. måned i både Kløvermarken og Sdr. Enghave",
        "Mindst 2 fællesspisninger om måneden i hver af Kløvermarken og Sdr. Enghave",
        "I Kløvermarken og Sdr. Enghave holdes hver for sig mindst 2 fællesspisninger om måneden",
        "Hver af de to afdelinger holder mindst 2 fællesspisninger om måneden",
    ],
)
def test_one_figure_for_each_of_the_estates_named_is_per_estate(text: str) -> None:
    assert_fields(
        proposal(text, "Egen registrering", areas=TWO),
        {"target": 2, "targets_by_area": None, "per_area": True, "comparator": ">="},
    )


def test_one_figure_for_estates_named_together_without_each_is_not_per_estate() -> None:
    text = "Der afholdes 4 fælles sommerfester i Kløvermarken og Sdr. Enghave i aftaleperioden"
    assert_fields(proposal(text, areas=TWO), {"target": 4, "per_area": False})


@pytest.mark.parametrize(
    ("text", "source", "kind"),
    [
        (
            "Alle nye lejere får tilbudt en velkomstsamtale senest 4 uger efter indflytning",
            "Egen registrering",
            "share",
        ),
        (
            "Samtlige henvendelser til gældsrådgivningen besvares inden for 5 arbejdsdage",
            "Egen registrering",
            "share",
        ),
        (
            "Alle unge, der har været i mentorforløb i mindst 6 måneder, tilbydes et praktikforløb",
            "Egen registrering",
            "share",
        ),
        (
            "Alle forældre i familieforløbet gennemfører mindst 5 af de 7 familieaftener",
            "Egen registrering",
            "share",
        ),
        (
            "Alle lejere med huslejerestance i over 2 måneder kontaktes af driften inden for "
            "10 dage",
            "Egen registrering",
            "share",
        ),
        (
            "Samtlige unge i jobklubben har efter 3 samtaler en plan for uddannelse eller job",
            "Egen registrering",
            "share",
        ),
        ("Alle deltagere oplever, at de har fået et større netværk", "Spørgeskema", "survey"),
    ],
)
def test_all_as_the_subject_is_a_share_of_100_whatever_the_conditions(
    text: str, source: str, kind: str
) -> None:
    assert_fields(
        proposal(text, source),
        {"kind": kind, "target": 100, "comparator": "=", "unit": "percent"},
    )


@pytest.mark.parametrize(
    ("text", "target"),
    [
        (
            "Mindst 80 % af de nye lejere får et velkomstbesøg inden for 6 uger efter indflytning",
            80,
        ),
        ("Der afholdes 4 netværksmøder i løbet af de første 6 måneder", 4),
        ("Min. 30 unge om året er i praktik i mindst 4 uger", 30),
        ("Mindst 70 % af deltagerne er i job 6 måneder efter forløbet", 70),
        ("Mindst 12 familier deltager i mindst 3 af de 5 familieaftener", 12),
        ("Inden for 2 uger efter første henvendelse får 25 familier et tilbud om rådgivning", 25),
    ],
)
def test_a_condition_of_time_or_amount_is_not_the_target(text: str, target: int) -> None:
    assert_fields(proposal(text, "Egen registrering"), {"target": target})


@pytest.mark.parametrize(
    ("text", "target", "comparator"),
    [
        ("Ventetiden på en samtale i gældsrådgivningen er højst 10 dage", 10, "<="),
        ("Jobcaféen har åbent mindst 6 timer om ugen", 6, ">="),
    ],
)
def test_a_time_that_is_all_the_criterion_promises_stays_the_target(
    text: str, target: int, comparator: str
) -> None:
    assert_fields(proposal(text, "Egen registrering"), {"target": target, "comparator": comparator})


def test_a_change_after_starting_values_per_estate_is_the_change() -> None:
    text = (
        "Fraflytningen i hhv. Kløvermarken og Sdr. Enghave reduceres fra 14 % og 11 % i 2025 "
        "med 3 procentpoint"
    )
    assert_fields(
        proposal(text, "Boligorganisationens statistik", areas=TWO),
        {
            "change": {"value": -3, "unit": "percentage_points"},
            "target": None,
            "baselines_by_area": _baselines(TWO, 2025, (14, 11)),
        },
    )


@pytest.mark.parametrize(
    "text",
    [
        "Der afholdes 5 møder om året i Nørre Lyngholm og 3 i Sankt Bøgevænget",
        "Der afholdes 5 møder om året i Nr Lyngholm og 3 i Sct. Bøgevænget",
    ],
)
def test_an_estate_is_found_however_its_abbreviation_is_written(text: str) -> None:
    assert_fields(
        proposal(text, areas=("Nr. Lyngholm", "St. Bøgevænget")),
        {"targets_by_area": {"Nr. Lyngholm": 5, "St. Bøgevænget": 3}},
    )


def test_targets_go_to_the_estates_where_they_are_named_again() -> None:
    text = (
        "Andelen af beboere i Kløvermarken og Sdr. Enghave, der kender deres naboer, stiger fra "
        "41 % og 36 % i 2027 til 50 % i Kløvermarken og 45 % i Sdr. Enghave i 2031"
    )
    assert_fields(
        proposal(text, "Spørgeskema", areas=TWO),
        {
            "targets_by_area": {"Kløvermarken": 50, "Sdr. Enghave": 45},
            "baselines_by_area": _baselines(TWO, 2027, (41, 36)),
            "target_year": 2031,
        },
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Der afholdes 2 fællesmøder om året i hvert af de tre boligområder Vr. Strandpark, "
            "Nr. Lyngholm og St. Bøgevænget",
            {"target": 2, "per_area": True, "confidence": "high"},
        ),
        (
            "Alle nye beboere i de tre afdelinger får et velkomstbesøg inden for 2 måneder",
            {"kind": "share", "target": 100, "comparator": "="},
        ),
    ],
)
def test_the_number_of_estates_is_not_a_target(text: str, expected: dict) -> None:
    assert_fields(proposal(text, "Egen registrering", areas=THREE), expected)


def test_targets_listed_after_til_go_to_their_estates_as_starting_values_do() -> None:
    text = (
        "Andelen af trygge beboere i Kløvermarken og Sdr. Enghave stiger fra 41 % og 36 % i "
        "2027 til mindst 50 % og 45 % i 2031"
    )
    assert_fields(
        proposal(text, "Politiets Tryghedsindeks", areas=TWO),
        {
            "targets_by_area": {"Kløvermarken": 50, "Sdr. Enghave": 45},
            "baselines_by_area": _baselines(TWO, 2027, (41, 36)),
            "comparator": ">=",
        },
    )


def test_a_starting_year_in_brackets_is_the_baseline_year() -> None:
    text = (
        "Andelen af trygge beboere i Kløvermarken og Sdr. Enghave skal stige fra hhv. 41 og 36 % "
        "(2027) til 50 % (2031)"
    )
    assert_fields(
        proposal(text, "Politiets Tryghedsindeks", areas=TWO),
        {
            "baselines_by_area": _baselines(TWO, 2027, (41, 36)),
            "target": 50,
            "targets_by_area": None,
            "target_year": 2031,
        },
    )
