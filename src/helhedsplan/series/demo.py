"""Demo statistics for Helsingør Syd: the figures the seed agreement gives, and plausible
later years for the series its success criteria follow.

Seed figures (2014-2017) are as the agreement states them. The later values are invented
but plausible: Nøjsomhed reaches the 65 % safety target in 2021 and Vapnagaard falls short;
trust in the police holds in Nøjsomhed and dips once (2019) in Vapnagaard. The series the
follow-up agreement's criteria read go on after 2021 with the trend of the seed agreement's
years, up to the last year published (the year before today). Idempotent: series are created
once and an unchanged figure is not written again.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import NotRequired, TypedDict

from django.utils import timezone

from helhedsplan.programmes.demo import DEMO_PROGRAMME, follow_up_period
from helhedsplan.programmes.models import Programme
from helhedsplan.series import services
from helhedsplan.series.importers import parse_period
from helhedsplan.series.models import Granularity, Scope, Unit

POLICE_INDEX = "Politiets Tryghedsindeks"
HOUSING = "Boliggården"
KAAS = "KÅS-tal"
NOJ, VAP = "Nøjsomhed", "Vapnagaard"
MUNICIPALITY, ORGANISATION = Scope.MUNICIPALITY, Scope.HOUSING_ORGANISATION


class SeriesSpec(TypedDict):
    code: str
    name: str
    unit: Unit
    source: str
    description: str
    higher_is_better: bool
    granularity: NotRequired[Granularity]
    # Figures by estate name or comparison, then by period as typed.
    values: dict[str, dict[str, str]]
    # For the series the follow-up agreement's criteria read: each estate's change a year
    # after 2021, the last year the seed agreement's figures give.
    trend: NotRequired[dict[str, str]]


SERIES: list[SeriesSpec] = [
    {
        "code": "tryghed",
        "name": "Trygge beboere",
        "unit": Unit.PERCENT,
        "source": POLICE_INDEX,
        "description": "Andelen af beboere, der føler sig trygge i boligområdet.",
        "higher_is_better": True,
        "values": {
            NOJ: {"2016": "59.2", "2018": "60.4", "2019": "62.1", "2020": "63.8", "2021": "65.3"},
            VAP: {"2016": "59.9", "2018": "60.2", "2019": "61.0", "2020": "60.5", "2021": "62.4"},
        },
        "trend": {NOJ: "0.3", VAP: "0.2"},
    },
    {
        "code": "tillid-politi",
        "name": "Tillid til politiet",
        "unit": Unit.PERCENT,
        "source": POLICE_INDEX,
        "description": "Andelen af beboere, der har tillid til politiet.",
        "higher_is_better": True,
        "values": {
            NOJ: {"2016": "77.6", "2018": "78.1", "2019": "78.9", "2020": "79.4", "2021": "80.2"},
            VAP: {"2016": "71.9", "2018": "72.4", "2019": "70.8", "2020": "72.6", "2021": "73.5"},
        },
        "trend": {NOJ: "0.2", VAP: "0.1"},
    },
    {
        "code": "naboskab",
        "name": "Naboskab og fællesskab",
        "unit": Unit.PERCENT,
        "source": "LBF's landsdækkende evaluering",
        "description": (
            "Andelen af beboere, der oplever et godt naboskab og fællesskab på tværs. "
            "Baseline etableres i 2018."
        ),
        "higher_is_better": True,
        "values": {
            NOJ: {"2018": "48.0", "2019": "49.2", "2020": "50.1", "2021": "52.4"},
            VAP: {"2018": "41.5", "2019": "42.8", "2020": "42.1", "2021": "44.9"},
        },
        "trend": {NOJ: "0.7", VAP: "0.8"},
    },
    {
        "code": "klager",
        "name": "Beboerklager",
        "unit": Unit.COUNT,
        "source": HOUSING,
        "description": "Antal beboerklager; 2017 er opgjort pr. 1. juli.",
        "higher_is_better": False,
        "granularity": Granularity.DATE,
        "values": {
            NOJ: {"2016": "7", "01.07.2017": "6"},
            VAP: {"2016": "105", "01.07.2017": "31"},
            ORGANISATION: {"2016": "216"},
        },
    },
    {
        "code": "klager-andel",
        "name": "Beboerklager i procent af lejemålene",
        "unit": Unit.PERCENT,
        "source": HOUSING,
        "description": "Beboerklager i procent af lejemålene; 2017 er opgjort pr. 1. juli.",
        "higher_is_better": False,
        "granularity": Granularity.DATE,
        "values": {
            NOJ: {"2016": "1.5", "01.07.2017": "1.3"},
            VAP: {"2016": "6.0", "01.07.2017": "1.8"},
            ORGANISATION: {"2016": "3.7"},
        },
    },
    {
        "code": "restancebreve",
        "name": "Restanceskrivelser",
        "unit": Unit.COUNT,
        "source": HOUSING,
        "description": "Antal sendte påkravsskrivelser om restance.",
        "higher_is_better": False,
        "values": {NOJ: {"2015": "189", "2016": "182"}, VAP: {"2015": "609", "2016": "577"}},
    },
    {
        "code": "udsaettelser",
        "name": "Udsættelser",
        "unit": Unit.COUNT,
        "source": HOUSING,
        "description": "Antal udsættelser af beboere.",
        "higher_is_better": False,
        "values": {NOJ: {"2014": "2", "2016": "1"}, VAP: {"2014": "8", "2016": "0"}},
    },
    {
        "code": "uden-for-arbejdsmarkedet",
        "name": "Beboere uden for arbejdsmarkedet",
        "unit": Unit.PERCENT,
        "source": KAAS,
        "description": "Andelen af beboerne, der står uden for arbejdsmarkedet.",
        "higher_is_better": False,
        "values": {NOJ: {"2016": "48.8"}, VAP: {"2016": "40.8"}, MUNICIPALITY: {"2016": "22.6"}},
    },
    {
        "code": "offentlig-forsorgelse",
        "name": "30-64-årige på offentlig forsørgelse",
        "unit": Unit.PERCENT,
        "source": KAAS,
        "description": "Andelen af beboerne på 30-64 år, der er på offentlig forsørgelse.",
        "higher_is_better": False,
        "values": {NOJ: {"2016": "55.5"}, VAP: {"2016": "46.0"}, MUNICIPALITY: {"2016": "16.9"}},
    },
    {
        "code": "husstandsindkomst",
        "name": "Gennemsnitlig husstandsindkomst",
        "unit": Unit.AMOUNT_DKK,
        "source": KAAS,
        "description": "Den gennemsnitlige husstandsindkomst i kroner.",
        "higher_is_better": True,
        "values": {
            NOJ: {"2016": "331964"},
            VAP: {"2016": "379339"},
            MUNICIPALITY: {"2016": "598176"},
        },
    },
    {
        "code": "beboere-15-30",
        "name": "Beboere på 15-30 år",
        "unit": Unit.COUNT,
        "source": "Danmarks Statistik",
        "description": (
            "Antal beboere på 15-30 år pr. 31. december: nævneren for andelen af unge "
            "frivillige (succeskriterium F1)."
        ),
        "higher_is_better": True,
        "values": {
            NOJ: {"2017": "198", "2018": "203", "2019": "207", "2020": "201", "2021": "210"},
            VAP: {"2017": "842", "2018": "851", "2019": "866", "2020": "858", "2021": "873"},
        },
        # Demo data, as the rest: the young residents go on growing a little in the follow-up.
        "trend": {NOJ: "3", VAP: "6"},
    },
]


def _later_values(spec: SeriesSpec, last_year: int) -> dict[str, dict[str, str]]:
    """The years after 2021 up to ``last_year``: the trend from 2021's figure, give or take a
    little, to the tenth as published (a count of people: whole). Each figure has a random
    stream of its own, so a later run finds the figures it wrote before unchanged."""
    later: dict[str, dict[str, str]] = {}
    grain = Decimal("1") if spec["unit"] == Unit.COUNT else Decimal("0.1")
    for where, step in spec.get("trend", {}).items():
        last = Decimal(spec["values"][where]["2021"])
        for year in range(2022, last_year + 1):
            noise = random.Random(f"{spec['code']}:{where}:{year}").randint(-3, 3)
            value = last + Decimal(step) * (year - 2021) + noise * grain
            later.setdefault(where, {})[str(year)] = str(value.quantize(grain))
    return later


def load_demo_data() -> None:
    programme = Programme.objects.get(name=DEMO_PROGRAMME)
    estates = {estate.name: estate for estate in programme.estates.all()}
    # A year's figures are published the year after.
    published = min(timezone.localdate().year - 1, follow_up_period(programme)[1].year)
    for spec in SERIES:
        series = services.series_ensure(
            programme=programme,
            code=spec["code"],
            name=spec["name"],
            unit=spec["unit"],
            source=spec["source"],
            description=spec["description"],
            higher_is_better=spec["higher_is_better"],
            granularity=spec.get("granularity", Granularity.YEAR),
        )
        later = _later_values(spec, published)
        for where, values in spec["values"].items():
            estate = estates.get(where)
            for text, value in {**values, **later.get(where, {})}.items():
                period = parse_period(text)
                assert period is not None, f"{text!r} in the demo data is not a period"
                services.observation_record(
                    series=series,
                    scope=Scope.ESTATE if estate else where,
                    estate=estate,
                    period=period,
                    value=Decimal(value),
                    source_note=spec["source"],
                    user=None,
                )
