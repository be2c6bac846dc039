"""A closed year's figure that moves shows as a restatement: the old and the new figure, and
why it moved."""

from __future__ import annotations

import dataclasses
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from conftest import World
from helhedsplan.core import indicator_sources as sources
from helhedsplan.counselling.tests.helpers import register
from helhedsplan.events.models import EventStatus, EventTypeCode
from helhedsplan.indicators import queries, services
from helhedsplan.indicators.models import Indicator, PeriodLock, Snapshot
from helhedsplan.indicators.services import BaselineSpec, TargetSpec
from helhedsplan.indicators.tests.helpers import (
    agreement,
    approve_required_share,
    event,
    indicator,
    local,
    observe,
)

AFTER = datetime.date(2030, 1, 1)
CULTURAL = {"type": EventTypeCode.CULTURAL, "status": EventStatus.HELD}
DATA_CHANGED = "registreringer ændret efter årets afslutning"


def _k1(world: World) -> Indicator:
    """K1 with three of Vapnagaard's four cultural events of 2019 and both of Nøjsomhed's."""
    k1 = indicator(
        world,
        "A3.1",
        code="K1",
        kind="count",
        source="events.event",
        source_filter=CULTURAL,
        targets=[TargetSpec(Decimal(4), world.vapnagaard), TargetSpec(Decimal(2), world.nojsomhed)],
    )
    for month in (3, 5, 9):
        event(world, EventTypeCode.CULTURAL, local(2019, month, 4, 14), [world.vapnagaard])
    for month in (4, 6):
        event(world, EventTypeCode.CULTURAL, local(2019, month, 4, 14), [world.nojsomhed])
    return k1


def _restatement(world: World, indicator: Indicator, estate, year: int) -> queries.Restatement:
    board = queries.dashboard(agreement(world), today=AFTER)
    cell = board.cell(indicator, estate, year)
    assert cell is not None and cell.restatement is not None
    return cell.restatement


def _status(year: int) -> list[dict]:
    out = io.StringIO()
    call_command("status", "--programme", "Helsingør Syd", "--year", str(year), stdout=out)
    return json.loads(out.getvalue())


def test_a_correction_after_closing_shows_the_old_and_the_new_figure_and_why(
    client, world: World
) -> None:
    k1 = _k1(world)
    services.period_lock(agreement=agreement(world), year=2019, today=AFTER)
    event(world, EventTypeCode.CULTURAL, local(2019, 11, 4, 14), [world.vapnagaard])

    restatement = _restatement(world, k1, world.vapnagaard, 2019)
    client.force_login(world.user("board"))
    page = client.get(
        reverse("indicators:dashboard", kwargs={"agreement_id": k1.agreement_id}), {"year": 2019}
    ).content.decode()
    entries = {e["estate"]: e for e in _status(2019) if e["criterion"] == "K1"}

    assert restatement.reasons == (DATA_CHANGED,)
    assert (restatement.snapshot.value, restatement.snapshot.status) == (Decimal(3), "not_met")
    assert (
        "Før: 3 af 4 — ikke nået. Nu: 4 af 4 — nået. Årsag: registreringer ændret efter årets "
        "afslutning." in page
    )
    assert entries["Vapnagaard"]["restatement"] == {
        "old_value": 3.0,
        "old_status": "not_met",
        "reasons": [DATA_CHANGED],
    }
    assert entries["Vapnagaard"]["status"] == "met"
    # A closed figure that did not move says so; an open year has no restatement at all.
    assert entries["Nøjsomhed"]["restatement"] is None
    assert all("restatement" not in e for e in _status(2020))


def test_a_source_tells_why_its_registrations_changed(world: World, monkeypatch) -> None:
    k1 = _k1(world)
    lock = services.period_lock(agreement=agreement(world), year=2019, today=AFTER)
    asked = []

    def change_reasons(programme_id, first, last, since) -> list[str]:
        asked.append((programme_id, first, last, since))
        return ["Kulturhus-booking aflyst"]

    events = sources.get("events.event")
    assert events is not None
    monkeypatch.setattr(sources, "_sources", dict(sources._sources))
    sources.register(dataclasses.replace(events, change_reasons=change_reasons))
    event(world, EventTypeCode.CULTURAL, local(2019, 11, 4, 14), [world.vapnagaard])

    restatement = _restatement(world, k1, world.vapnagaard, 2019)

    assert restatement.reasons == ("Kulturhus-booking aflyst",)
    assert asked == [
        (
            world.programme.pk,
            datetime.date(2019, 1, 1),
            datetime.date(2019, 12, 31),
            lock.locked_at,
        )
    ]


def test_a_changed_definition_is_the_reason_when_the_registrations_are_the_same(
    world: World,
) -> None:
    k1 = _k1(world)
    services.period_lock(agreement=agreement(world), year=2019, today=AFTER)
    services.indicator_targets_set(
        indicator=k1,
        targets=[TargetSpec(Decimal(3), world.vapnagaard), TargetSpec(Decimal(2), world.nojsomhed)],
        baselines=[],
    )

    restatement = _restatement(world, k1, world.vapnagaard, 2019)

    assert restatement.reasons == ("indikatorens definition ændret",)


def test_a_snapshot_taken_before_definitions_were_kept_reads_the_indicators_history(
    world: World,
) -> None:
    k1 = _k1(world)
    services.period_lock(agreement=agreement(world), year=2019, today=AFTER)
    Snapshot.objects.update(definition="", required_share=None)
    event(world, EventTypeCode.CULTURAL, local(2019, 11, 4, 14), [world.vapnagaard])

    unchanged_definition = _restatement(world, k1, world.vapnagaard, 2019)
    services.indicator_update(indicator=k1, source_filter={"type": EventTypeCode.CULTURAL})
    changed_definition = _restatement(world, k1, world.vapnagaard, 2019)

    assert unchanged_definition.reasons == (DATA_CHANGED,)
    assert changed_definition.reasons == ("indikatorens definition ændret",)


def test_a_baseline_closed_as_met_is_restated_as_baseline(world: World) -> None:
    """A year closed before the baseline had its own status was kept as met."""
    o1 = indicator(
        world,
        "O1",
        kind="series",
        series_code="naboskab",
        comparator=">",
        unit="percent",
        reference="baseline",
        baselines=[BaselineSpec(2018)],
    )
    observe("naboskab", {(world.nojsomhed, 2018): "48.0"}, world)
    services.period_lock(agreement=agreement(world), year=2018, today=AFTER)
    Snapshot.objects.update(status="met", definition="", required_share=None)

    restatement = _restatement(world, o1, world.nojsomhed, 2018)
    [entry] = [e for e in _status(2018) if e["criterion"] == "O1" and e["estate"] == "Nøjsomhed"]

    assert restatement.reasons == ("udgangspunkt, ikke målopfyldelse",)
    assert entry["status"] == "baseline"
    assert entry["restatement"] == {
        "old_value": 48.0,
        "old_status": "met",
        "reasons": ["udgangspunkt, ikke målopfyldelse"],
    }


@pytest.mark.parametrize("kept_before", [True, False])
def test_a_required_share_approved_after_closing_is_the_reason(
    world: World, kept_before: bool
) -> None:
    """Three of four quarters met in 2020: not met against every quarter, met against 75 %."""
    h1 = indicator(
        world,
        "A1.1",
        code="H1",
        kind="count",
        source="counselling.inquiry",
        period="quarter",
        targets=[TargetSpec(Decimal(5))],
    )
    for month, count in ((2, 6), (5, 5), (11, 7)):
        register(world.vapnagaard, ["Boligstøtte"], at=local(2020, month, 3, 14), times=count)
    services.period_lock(agreement=agreement(world), year=2020, today=AFTER)
    if not kept_before:
        Snapshot.objects.update(definition="", required_share=None)
    approve_required_share(
        agreement(world), "A1.1", 75, datetime.date(2018, 1, 1), world.user("board")
    )

    restatement = _restatement(world, h1, world.vapnagaard, 2020)

    assert restatement.snapshot.status == "not_met"
    assert restatement.reasons == (
        "krævet andel af perioder ændret fra 100\N{NO-BREAK SPACE}% til 75\N{NO-BREAK SPACE}%",
    )
    assert PeriodLock.objects.count() == 1
