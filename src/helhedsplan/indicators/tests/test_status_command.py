from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from conftest import World
from helhedsplan.agreements.models import Agreement
from helhedsplan.events.models import EventStatus, EventTypeCode
from helhedsplan.indicators.services import TargetSpec
from helhedsplan.indicators.tests.helpers import event, indicator, local


def test_status_prints_the_years_grid_as_json(world: World) -> None:
    indicator(
        world,
        "A3.1",
        code="K1",
        kind="count",
        source="events.event",
        source_filter={"type": EventTypeCode.CULTURAL, "status": EventStatus.HELD},
        targets=[TargetSpec(Decimal(4), world.vapnagaard), TargetSpec(Decimal(2), world.nojsomhed)],
    )
    event(world, EventTypeCode.CULTURAL, local(2019, 3, 4, 14), [world.vapnagaard])
    event(world, EventTypeCode.CULTURAL, local(2019, 4, 4, 14), [world.nojsomhed])
    event(world, EventTypeCode.CULTURAL, local(2019, 5, 4, 14), [world.nojsomhed])
    out = io.StringIO()

    call_command("status", "--programme", "Helsingør Syd", "--year", "2019", "--json", stdout=out)

    entries = json.loads(out.getvalue())
    # The year is judged by the seed, version 1, from its first day in force.
    in_force_from = Agreement.objects.get().versions.get(number=1).in_force_from
    assert in_force_from is not None
    first_day = in_force_from.isoformat()
    k1 = [e for e in entries if e["criterion"] == "K1"]
    assert k1 == [
        {
            "agreement": "Tryghed og trivsel",
            "criterion": "K1",
            "criterion_key": "A3.1",
            "activity": "Kulturelle arrangementer",
            "estate": "Nøjsomhed",
            "period": 2019,
            "value": 2.0,
            "target": 2.0,
            "status": "met",
            "version": 1,
            "version_in_force_from": first_day,
        },
        {
            "agreement": "Tryghed og trivsel",
            "criterion": "K1",
            "criterion_key": "A3.1",
            "activity": "Kulturelle arrangementer",
            "estate": "Vapnagaard",
            "period": 2019,
            "value": 1.0,
            "target": 4.0,
            "status": "not_met",
            "version": 1,
            "version_in_force_from": first_day,
        },
    ]
    # The criteria without an indicator are listed too, with no data.
    assert len(entries) == 19
    assert {e["status"] for e in entries if e["criterion"] != "K1"} == {"no_data"}


def test_status_names_an_unknown_programme(db) -> None:
    with pytest.raises(CommandError, match="No programme named 'Nowhere'"):
        call_command("status", "--programme", "Nowhere", "--year", "2019", stdout=io.StringIO())
