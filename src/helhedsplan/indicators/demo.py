"""The seed agreement's eighteen success criteria as confirmed indicators (the catalogue in
docs/domain.md).

Each definition is written out from the catalogue rather than taken from the parser: the
parser's proposal is kept as the indicator's provenance, and the definition states exactly
what the catalogue says, including the sources that other apps register (press mentions)
or later issues bring (surveys, volunteers, the resident panel), which show "Ingen data"
until they exist.
An indicator belongs to the agreement by its criterion's key, not to one version, so the same
indicators count under the follow-up agreement (``agreements.demo``), which keeps the seed's
criteria. Targets belong to the version they were confirmed for: the catalogue's to the
seed (version 1), and the revision's (``REVISION``: eight theme evenings, 68 % safe residents)
to the revision in force from 01.01.2021, so 2020 is judged against six and 2021 against
eight.
Idempotent: run again, it changes nothing; on a data directory an earlier version made, it
brings the demo programme's indicators up to the catalogue (and only the demo programme's).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from helhedsplan.agreements import demo as agreements_demo
from helhedsplan.agreements.models import Agreement, AgreementVersion, SuccessCriterion
from helhedsplan.indicators import queries, services
from helhedsplan.indicators.definitions import Definition, complete, definition_of
from helhedsplan.indicators.models import (
    Comparator,
    Direction,
    Indicator,
    IndicatorStatus,
    Kind,
    Period,
    Reference,
    Unit,
)
from helhedsplan.indicators.phrases import propose_indicator
from helhedsplan.indicators.services import BaselineSpec, TargetSpec
from helhedsplan.programmes.demo import DEMO_PROGRAMME
from helhedsplan.programmes.models import Estate

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
        # After 2021 the follow-up agreement holds on to 65 % or more; the years up to 2021
        # keep their own targets on the straight path.
        "targets": [(NOJ, None, "65"), (VAP, None, "65")],
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
        # The share of the answers to the questions linked to H4 that agree.
        "source": "surveys.answer",
        "source_filter": {"indicator": "H4", "agrees": True},
        "denominator_source": "surveys.answer",
        "denominator_filter": {"indicator": "H4"},
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
        # A stock: the source counts the volunteers active on the year's last day.
        "source_filter": {"age": "15-30"},
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
        # The share of the answers to the questions linked to F3 that agree.
        "source": "surveys.answer",
        "source_filter": {"indicator": "F3", "agrees": True},
        "denominator_source": "surveys.answer",
        "denominator_filter": {"indicator": "F3"},
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
        # The house's calendar is evidence that an outside booking took place (events'
        # ``took_place``); nobody marks each booking held.
        "source_filter": {"venue": "Kulturhus Syd", "organiser": "external", "took_place": True},
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
        # Planned meetings are on the calendar, not yet held.
        "source_filter": {**HELD},
        "period": Period.YEAR,
        "comparator": Comparator.AT_LEAST,
        "direction": Direction.UP,
        "targets": [(None, None, "6")],
    },
    "A4.2": {
        "code": "P2",
        "name": "Årlig kvalitativ evaluering af beboerpanelet",
        "kind": Kind.MILESTONE,
        # The meetings of a year the panel was evaluated (``panels/indicator_sources.py``): a
        # year it met without an evaluation is not met.
        "source": "panel.meeting",
        "source_filter": {**HELD, "evaluated": True},
        "period": Period.YEAR,
        "per_area": False,
        "comparator": Comparator.AT_LEAST,
        "direction": Direction.UP,
        "targets": [(None, None, "1")],
    },
}


# criterion key -> the targets the revision confirmed, (estate name or None, year, value).
REVISION: dict[str, list[tuple[str | None, int | None, str]]] = {
    "A1.3": [(None, None, "8")],
    "O2": [(NOJ, None, "68"), (VAP, None, "68")],
}


def _revision(agreement: Agreement) -> AgreementVersion | None:
    return agreement.versions.filter(source_sha256=agreements_demo.revision_fingerprint()).first()


def revise_from_catalogue(agreement: Agreement) -> list[str]:
    """The revision's targets for its criteria, where they are not yet as ``REVISION`` says.
    Returns what changed, one "code (what)" per indicator."""
    version = _revision(agreement)
    if version is None:
        return []
    _criteria, estates = _criteria_and_estates(agreement)
    changed = []
    for key, rows in REVISION.items():
        indicator = agreement.indicators.filter(criterion_key=key).order_by("pk").first()
        if indicator is None:
            continue
        targets = [
            TargetSpec(Decimal(value), estates.get(name) if name else None, year)
            for name, year, value in rows
        ]
        wanted = {(t.estate.pk if t.estate else None, t.year, t.value) for t in targets}
        have = set(indicator.targets.filter(version=version).values_list("estate", "year", "value"))
        if have == wanted:
            continue
        services.indicator_revise(indicator=indicator, version=version, targets=targets)
        changed.append(f"{indicator.code} (targets of version {version.number})")
    return changed


def _specs(
    entry: dict, estates: dict[str, Estate]
) -> tuple[dict[str, Any], list[TargetSpec], list[BaselineSpec]]:
    """A catalogue entry as an indicator's definition, targets and baselines."""
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
    return definition, targets, baselines


def _catalogue_definition(
    definition: dict[str, Any], targets: list[TargetSpec], baselines: list[BaselineSpec]
) -> Definition:
    return Definition.of(
        definition,
        ((t.estate.pk if t.estate else None, t.year, t.value, t.guide) for t in targets),
        ((b.estate.pk if b.estate else None, b.year, b.value) for b in baselines),
    )


def _criteria_and_estates(
    agreement: Agreement,
) -> tuple[dict[str, SuccessCriterion], dict[str, Estate]]:
    version = queries.current_version(agreement, agreement.programme.period_start)
    estates = {estate.name: estate for estate in queries.estates_of(agreement, version)}
    criteria = {criterion.key: criterion for criterion in queries.criteria_of(version)}
    return criteria, estates


def _create(
    agreement: Agreement, criterion: SuccessCriterion, entry: dict, estates: dict[str, Estate]
) -> Indicator:
    definition, targets, baselines = _specs(entry, estates)
    proposal = propose_indicator(criterion.text, list(estates), criterion.data_source or None)
    return services.indicator_create(
        agreement=agreement,
        criterion_key=criterion.key,
        provenance=proposal.as_json(),
        targets=targets,
        baselines=baselines,
        **definition,
    )


def create_from_catalogue(agreement: Agreement) -> list[Indicator]:
    criteria, estates = _criteria_and_estates(agreement)
    return [
        _create(agreement, criteria[key], entry, estates)
        for key, entry in CATALOGUE.items()
        if key in criteria
    ]


def upgrade_to_catalogue(agreement: Agreement) -> list[str]:
    """Bring indicators an earlier version of the demo made up to the catalogue: a definition
    that differs is replaced by the catalogue's (fields, targets and baselines), a missing one
    is created; registrations are never touched, so the figures follow the new definitions.
    Returns what changed, one "code (what)" per indicator."""
    criteria, estates = _criteria_and_estates(agreement)
    first = queries.first_approved_version(agreement)
    seed_version = first.pk if first else None
    existing: dict[str, Indicator] = {}
    for found in queries.with_definitions(agreement.indicators.order_by("pk")):
        existing.setdefault(found.criterion_key, found)
    changed = []
    for key, entry in CATALOGUE.items():
        criterion = criteria.get(key)
        if criterion is None:
            continue
        indicator = existing.get(key)
        if indicator is None:
            created = _create(agreement, criterion, entry, estates)
            changed.append(f"{created.code} (new)")
            continue
        definition, targets, baselines = _specs(entry, estates)
        # The catalogue's targets are the seed's; those of later versions are the revision's.
        kept = definition_of(indicator)
        seed_targets = frozenset(
            (t.estate_id, t.year, t.value, t.guide)
            for t in indicator.targets.all()
            if t.version_id in (None, seed_version)
        )
        differences = _catalogue_definition(definition, targets, baselines).changes(
            replace(kept, targets=seed_targets)
        )
        if not differences:
            continue
        # Every field of the definition, so that one the catalogue no longer sets goes back
        # to its default.
        services.indicator_update(
            indicator=indicator, status=IndicatorStatus.CONFIRMED, **complete(definition)
        )
        if {"targets", "baselines"} & set(differences):
            services.indicator_targets_set(
                indicator=indicator, targets=targets, baselines=baselines, version=first
            )
        changed.append(f"{indicator.code} ({', '.join(differences)})")
    return changed


def load_demo_data() -> list[str]:
    """The demo's indicators: created from the catalogue the first time; on a data directory
    an earlier version made, brought up to the catalogue, saying which changed."""
    agreement = Agreement.objects.filter(
        programme__name=DEMO_PROGRAMME, focus_area__name=FOCUS_AREA
    ).first()
    if agreement is None:
        return []
    if not agreement.indicators.exists():
        create_from_catalogue(agreement)
        revise_from_catalogue(agreement)
        return []
    changed = upgrade_to_catalogue(agreement) + revise_from_catalogue(agreement)
    if not changed:
        return []
    return [f"Updated the demo's indicators to the current definitions: {'; '.join(changed)}."]
