"""A baseline year sets a criterion's starting point: it has a status of its own, never met."""

from __future__ import annotations

import datetime
import io
import json
from collections import Counter

from django.core.management import call_command
from django.urls import reverse

from conftest import World
from helhedsplan.indicators import presentation, queries, services
from helhedsplan.indicators.models import Outcome, Snapshot
from helhedsplan.indicators.services import BaselineSpec
from helhedsplan.indicators.tests.helpers import agreement, indicator, observe, results

AFTER = datetime.date(2030, 1, 1)


def _o1(world: World) -> None:
    """O1: neighbourliness above its 2018 value, which is set once entered."""
    indicator(
        world,
        "O1",
        kind="series",
        series_code="naboskab",
        comparator=">",
        unit="percent",
        reference="baseline",
        baselines=[BaselineSpec(2018)],
    )
    observe(
        "naboskab",
        {
            (world.nojsomhed, 2018): "48.0",
            (world.vapnagaard, 2018): "41.5",
            (world.nojsomhed, 2019): "49.2",
            (world.vapnagaard, 2019): "41.0",
        },
        world,
    )


def test_the_baseline_year_is_baseline_not_met(world: World) -> None:
    _o1(world)

    found = results(world, today=AFTER, years=[2018, 2019])

    first = found[("O1", "Nøjsomhed", 2018)]
    assert (first.status, first.value, first.is_baseline_year) == (Outcome.BASELINE, 48.0, True)
    assert presentation.words(first) == "Udgangspunkt: 48,0\N{NO-BREAK SPACE}%"
    assert found[("O1", "Nøjsomhed", 2019)].status == Outcome.MET
    assert found[("O1", "Vapnagaard", 2019)].status == Outcome.NOT_MET


def test_a_baseline_year_still_running_is_baseline_too(world: World) -> None:
    _o1(world)

    found = results(world, today=datetime.date(2018, 6, 1), years=[2018])

    assert found[("O1", "Nøjsomhed", 2018)].status == Outcome.BASELINE


def test_summaries_count_the_baseline_on_its_own_and_agree_with_the_status_json(
    client, world: World
) -> None:
    _o1(world)
    the_agreement = agreement(world)
    board = queries.dashboard(the_agreement, today=AFTER)
    out = io.StringIO()

    call_command("status", "--programme", "Helsingør Syd", "--year", "2018", stdout=out)

    entries = json.loads(out.getvalue())
    assert {e["estate"]: e["status"] for e in entries if e["criterion"] == "O1"} == {
        "Nøjsomhed": "baseline",
        "Vapnagaard": "baseline",
    }
    summary = dict(board.summary(2018))
    assert summary[Outcome.BASELINE] == 2
    assert Outcome.MET not in summary
    assert {str(k): v for k, v in summary.items()} == Counter(e["status"] for e in entries)
    client.force_login(world.user("board"))
    page = client.get(
        reverse("indicators:dashboard", kwargs={"agreement_id": the_agreement.pk}),
        {"year": 2018},
    ).content.decode()
    assert "indicator-status--baseline" in page
    assert "Udgangspunkt" in page


def test_closing_a_baseline_year_keeps_it_as_baseline(world: World) -> None:
    _o1(world)

    lock = services.period_lock(agreement=agreement(world), year=2018, today=AFTER)

    kept = Snapshot.objects.get(lock=lock, indicator__code="O1", estate=world.nojsomhed)
    assert (kept.status, kept.words) == ("baseline", "Udgangspunkt: 48,0\N{NO-BREAK SPACE}%")
