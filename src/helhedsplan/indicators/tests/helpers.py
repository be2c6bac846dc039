"""Small builders shared by the indicator tests: the seed agreement, events, statistics."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.utils import timezone

from conftest import World
from helhedsplan.agreements import services as agreement_services
from helhedsplan.agreements.models import Agreement, AgreementVersion
from helhedsplan.agreements.queries import document_of
from helhedsplan.agreements.tests.factories import seed_agreement
from helhedsplan.events import services as event_services
from helhedsplan.events.models import (
    Event,
    EventStatus,
    EventType,
    Organiser,
    Partner,
    TargetGroup,
)
from helhedsplan.indicators import engine, queries, services
from helhedsplan.indicators.models import Indicator
from helhedsplan.indicators.services import BaselineSpec, TargetSpec
from helhedsplan.programmes.models import Estate


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def agreement(world: World) -> Agreement:
    existing = Agreement.objects.filter(programme=world.programme).first()
    return existing or seed_agreement(world.programme)


def indicator(
    world: World,
    key: str,
    *,
    targets: Sequence[TargetSpec] = (),
    baselines: Sequence[BaselineSpec] = (),
    **definition: Any,
) -> Indicator:
    fields = {
        "code": key,
        "name": key,
        "period": "year",
        "direction": "up",
        "comparator": ">=",
        **definition,
    }
    return services.indicator_create(
        agreement=agreement(world),
        criterion_key=key,
        targets=list(targets),
        baselines=list(baselines),
        **fields,
    )


def event(
    world: World,
    code: str,
    at: datetime.datetime,
    estates: list[Estate],
    *,
    status: EventStatus = EventStatus.HELD,
    title: str = "Arrangement",
    organiser: Organiser = Organiser.PROGRAMME,
    partners: Sequence[Partner] = (),
    target_groups: Sequence[TargetGroup] = (),
) -> Event:
    event_services.event_types_ensure()
    held = status == EventStatus.HELD
    return event_services.event_create(
        programme=world.programme,
        type=EventType.objects.get(code=code),
        title=title,
        starts_at=at,
        ends_at=at + datetime.timedelta(hours=2),
        estates=estates,
        status=status,
        organiser=organiser,
        partners=list(partners),
        target_groups=list(target_groups),
        participants_residents=10 if held else None,
        participants_non_residents=2 if held else None,
        created_by=None,
    )


def observe(series_code: str, values: dict[tuple[Estate, int], str], world: World) -> None:
    from helhedsplan.series import services as series_services
    from helhedsplan.series.importers import parse_period

    series = series_services.series_ensure(
        programme=world.programme,
        code=series_code,
        name=series_code,
        unit="percent",
        source="Politiets Tryghedsindeks",
        granularity="year",
    )
    for (estate, year), value in values.items():
        period = parse_period(str(year))
        assert period is not None
        series_services.observation_record(
            series=series,
            scope="estate",
            estate=estate,
            period=period,
            value=Decimal(value),
            user=None,
        )


def results(
    world: World, *, today: datetime.date, years: list[int] | None = None
) -> dict[tuple[str, str | None, int], engine.Result]:
    """Every result of the agreement, keyed by (indicator code, estate name or None, year)."""
    board = queries.dashboard(agreement(world), today=today, years=years)
    return {
        (r.indicator.code, r.estate.name if r.estate else None, r.year): r
        for r in board.results.values()
    }


def an_indicator(world: World) -> Indicator:
    """K2, the open houses, for tests outside this app such as the role matrix."""
    found = Indicator.objects.filter(agreement=agreement(world), code="K2").first()
    return found or indicator(
        world,
        "A3.2",
        code="K2",
        kind="count",
        source="events.event",
        source_filter={"type": "open_house", "status": "held"},
        targets=[TargetSpec(Decimal(1))],
    )


def approve_required_share(
    the_agreement: Agreement, key: str, share: int, in_force_from: datetime.date, by: Any
) -> AgreementVersion:
    """A new version of the agreement whose criterion ``key`` ("O1", "A1.1") asks for
    ``share`` % of its periods, approved by the board and in force from ``in_force_from``."""
    draft = agreement_services.version_start_draft(agreement=the_agreement, user=by)
    document = document_of(draft)
    if key.startswith("O"):
        overall = list(document.overall_success_criteria)
        index = int(key[1:]) - 1
        overall[index] = replace(overall[index], required_share=share)
        document = replace(document, overall_success_criteria=overall)
    else:
        activity, index = (int(part) - 1 for part in key[1:].split("."))
        activities = list(document.activities)
        criteria = list(activities[activity].success_criteria)
        criteria[index] = replace(criteria[index], required_share=share)
        activities[activity] = replace(activities[activity], success_criteria=criteria)
        document = replace(document, activities=activities)
    agreement_services.version_update(version=draft, document=document, estates=draft.estates.all())
    agreement_services.version_propose(version=draft, user=by)
    return agreement_services.proposal_approve(
        version=draft, user=by, note="Bestyrelsens beslutning", in_force_from=in_force_from
    )
