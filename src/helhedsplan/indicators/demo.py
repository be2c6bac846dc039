"""The seed agreement's eighteen success criteria as confirmed indicators (the catalogue in
docs/domain.md).

Each definition is written out from the catalogue rather than taken from the parser: the
parser's proposal is kept as the indicator's provenance, and the definition states exactly
what the catalogue says, including the sources that other apps register (press mentions)
or later issues bring (surveys, volunteers, the resident panel), which show "Ingen data"
until they exist.
Idempotent: an agreement that has indicators is left alone.
"""

from __future__ import annotations

from decimal import Decimal

from helhedsplan.agreements.models import Agreement
from helhedsplan.indicators import queries, services
from helhedsplan.indicators.models import (
    Comparator,
    Direction,
    Indicator,
    Kind,
    Period,
    Reference,
    Unit,
)
from helhedsplan.indicators.phrases import propose_indicator
from helhedsplan.indicators.services import BaselineSpec, TargetSpec
from helhedsplan.programmes.demo import DEMO_PROGRAMME

FOCUS_AREA = "Tryghed og trivsel"
NOJ, VAP = "Nøjsomhed", "Vapnagaard"
HELD = {"status": "held"}

# criterion key -> the definition; "targets" and "baselines" name estates (None: all).
CATALOGUE: dict[str, dict] = {
    "O1": {
        "code": "O1",
        "name": "Naboskab og fællesskab på tværs (LBF's evaluering)",
        "kind": Kind.SERIES,
        "series_code": "naboskab",
        "period": Period.YEAR,
        "comparator": Comparator.MORE_THAN,
        "direction": Direction.UP,
        "unit": Unit.PERCENT,
        "reference": Reference.BASELINE,
        "baselines": [(None, 2018, None)],
    },
    "O2": {
        "code": "O2",
        "name": "Andel trygge beboere (Politiets Tryghedsindeks)",
        "kind": Kind.SERIES,
        "series_code": "tryghed",
        "period": Period.YEAR,
        "comparator": Comparator.AT_LEAST,
        "direction": Direction.UP,
        "unit": Unit.PERCENT,
        "baselines": [(NOJ, 2016, "59.2"), (VAP, 2016, "59.9")],
        "straight_path": (2021, "65"),
    },
    "O3": {
        "code": "O3",
        "name": "Andel med tillid til politiet (Politiets Tryghedsindeks)",
        "kind": Kind.SERIES,
        "series_code": "tillid-politi",
        "period": Period.YEAR,
        "comparator": Comparator.AT_LEAST,
        "direction": Direction.UP,
        "unit": Unit.PERCENT,
        "reference": Reference.BASELINE,
        "baselines": [(NOJ, 2016, "77.6"), (VAP, 2016, "71.9")],
    },
    "O4": {
        "code": "O4",
        "name": "Andel positive omtaler i lokalpressen",
        "kind": Kind.SHARE,
        "source": "media.mention",
        # The local press only: the programme's own channels must not lift the share.
        "source_filter": {"tone": "positive", "local_press": True},
        "denominator_source": "media.mention",
        "denominator_filter": {"local_press": True},
        "period": Period.YEAR,
        "per_area": False,
        "comparator": Comparator.AT_LEAST,
        "direction": Direction.UP,
        "unit": Unit.PERCENT,
        "targets": [(None, None, "60")],
    },
    "A1.1": {
        "code": "H1",
        "name": "Beboere, der får hjælp i hverdagsrådgivningen, pr. uge",
        "kind": Kind.COUNT,
        "source": "counselling.inquiry",
        "period": Period.WEEK,
        "comparator": Comparator.AT_LEAST,
        "direction": Direction.UP,
        "targets": [(None, None, "10")],
    },
    "A1.2": {
        "code": "H2",
        "name": "Henvendelser registreret med emne (kortlægning af brobygning)",
        "kind": Kind.MILESTONE,
        "source": "counselling.inquiry",
        "source_filter": {"categorised": True},
        "period": Period.YEAR,
        "per_area": False,
        "comparator": Comparator.AT_LEAST,
        "direction": Direction.UP,
        "targets": [(None, None, "1")],
    },
    "A1.3": {
        "code": "H3",
        "name": "Afholdte temaaftener, begge boligområder tilsammen",
        "kind": Kind.COUNT,
        "source": "events.event",
        "source_filter": {"type": "theme_evening", **HELD},
        "period": Period.YEAR,
        "per_area": False,
        "comparator": Comparator.AT_LEAST,
        "direction": Direction.UP,
        "targets": [(None, None, "6")],
    },
    "A1.4": {
        "code": "H4",
        "name": "Brugere, der oplever at have fået hjælp (stikprøve hvert kvartal)",
        "kind": Kind.SURVEY,
        "source": "surveys.response",
        "source_filter": {"questionnaire": "hverdagsraadgivning"},
        "period": Period.QUARTER,
        "per_area": False,
        "direction": Direction.UP,
        "unit": Unit.PERCENT,
    },
    "A2.1": {
        "code": "F1",
        "name": "Andel 15-30-årige, der er frivillige",
        "kind": Kind.SHARE,
        "source": "volunteers.volunteer",
        "source_filter": {"age": "15-30", "active_on": "12-31"},
        "denominator_series": "beboere-15-30",
        "period": Period.YEAR,
        "comparator": Comparator.MORE_THAN,
        "direction": Direction.UP,
        "unit": Unit.PERCENT,
        "reference": Reference.BASELINE,
        "baselines": [(None, 2017, None)],
    },
    "A2.2": {
        "code": "F2",
        "name": "Frivillig-tiltag for unge med Ungdomsskolen",
        "kind": Kind.COUNT,
        "source": "events.event",
        "source_filter": {
            "type": "youth_initiative",
            "partner": "Ungdomsskolen",
            "target_group": "youth",
            **HELD,
        },
        "period": Period.YEAR,
        "per_area": False,
        "comparator": Comparator.AT_LEAST,
        "direction": Direction.UP,
        "targets": [(None, None, "2")],
    },
    "A2.3": {
        "code": "F3",
        "name": "Frivillige, der oplever flere kompetencer og større netværk",
        "kind": Kind.SURVEY,
        "source": "surveys.response",
        "source_filter": {"questionnaire": "helt-frivillig"},
        "period": Period.QUARTER,
        "per_area": False,
        "direction": Direction.UP,
        "unit": Unit.PERCENT,
    },
    "A2.4": {
        "code": "F4",
        "name": "Beboerdrevne sociale aktiviteter",
        "kind": Kind.COUNT,
        "source": "events.event",
        "source_filter": {"type": "resident_activity", "target_group": "mixed", **HELD},
        "period": Period.YEAR,
        "comparator": Comparator.AT_LEAST,
        "direction": Direction.UP,
        "targets": [(None, None, "4")],
    },
    "A3.1": {
        "code": "K1",
        "name": "Kulturelle arrangementer",
        "kind": Kind.COUNT,
        "source": "events.event",
        "source_filter": {"type": "cultural", **HELD},
        "period": Period.YEAR,
        "comparator": Comparator.AT_LEAST,
        "direction": Direction.UP,
        "targets": [(VAP, None, "4"), (NOJ, None, "2")],
    },
    "A3.2": {
        "code": "K2",
        "name": "Åbent hus",
        "kind": Kind.COUNT,
        "source": "events.event",
        "source_filter": {"type": "open_house", **HELD},
        "period": Period.YEAR,
        "comparator": Comparator.AT_LEAST,
        "direction": Direction.UP,
        "targets": [(None, None, "1")],
    },
    "A3.3": {
        "code": "K3",
        "name": "Andel kulturelle arrangementer omtalt i lokalpressen",
        "kind": Kind.SHARE,
        "source": "events.event",
        "source_filter": {"type": "cultural", "press_covered": True, **HELD},
        "denominator_source": "events.event",
        "denominator_filter": {"type": "cultural", **HELD},
        "period": Period.YEAR,
        "per_area": False,
        "comparator": Comparator.EXACTLY,
        "direction": Direction.UP,
        "unit": Unit.PERCENT,
        "targets": [(None, None, "100")],
    },
    "A3.4": {
        "code": "K4",
        "name": "Arrangementer i Kulturhus Syd ved foreninger udefra",
        "kind": Kind.TREND,
        "source": "events.event",
        "source_filter": {"venue": "Kulturhus Syd", "organiser": "external", **HELD},
        "period": Period.YEAR,
        "per_area": False,
        "comparator": Comparator.MORE_THAN,
        "direction": Direction.UP,
        "reference": Reference.PREVIOUS,
        "baselines": [(None, 2018, None)],
    },
    "A4.1": {
        "code": "P1",
        "name": "Møder i beboerpanelet",
        "kind": Kind.COUNT,
        "source": "panel.meeting",
        "period": Period.YEAR,
        "comparator": Comparator.AT_LEAST,
        "direction": Direction.UP,
        "targets": [(None, None, "6")],
    },
    "A4.2": {
        "code": "P2",
        "name": "Årlig kvalitativ evaluering af beboerpanelet",
        "kind": Kind.MILESTONE,
        "source": "panel.evaluation",
        "period": Period.YEAR,
        "per_area": False,
        "comparator": Comparator.AT_LEAST,
        "direction": Direction.UP,
        "targets": [(None, None, "1")],
    },
}


def create_from_catalogue(agreement: Agreement) -> list[Indicator]:
    version = queries.current_version(agreement, agreement.programme.period_start)
    estates = {estate.name: estate for estate in queries.estates_of(agreement, version)}
    criteria = {criterion.key: criterion for criterion in queries.criteria_of(version)}
    created = []
    for key, entry in CATALOGUE.items():
        criterion = criteria.get(key)
        if criterion is None:
            continue
        definition = {
            name: value
            for name, value in entry.items()
            if name not in {"targets", "baselines", "straight_path"}
        }
        baselines = [
            BaselineSpec(year, None if value is None else Decimal(value), estates.get(name))
            for name, year, value in entry.get("baselines", [])
        ]
        targets = [
            TargetSpec(Decimal(value), estates.get(name), year)
            for name, year, value in entry.get("targets", [])
        ]
        if "straight_path" in entry:
            final_year, final_value = entry["straight_path"]
            targets += services.straight_path(
                baselines=baselines, final_year=final_year, final_value=Decimal(final_value)
            )
        proposal = propose_indicator(criterion.text, list(estates), criterion.data_source or None)
        created.append(
            services.indicator_create(
                agreement=agreement,
                criterion_key=key,
                provenance=proposal.as_json(),
                targets=targets,
                baselines=baselines,
                **definition,
            )
        )
    return created


def load_demo_data() -> None:
    agreement = Agreement.objects.filter(
        programme__name=DEMO_PROGRAMME, focus_area__name=FOCUS_AREA
    ).first()
    if agreement is None or agreement.indicators.exists():
        return
    create_from_catalogue(agreement)
