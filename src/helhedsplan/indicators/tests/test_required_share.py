"""A target over weeks (months, quarters, half-years) is met for the year when at least the
criterion's required share of them met it: every one unless the board approved less."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse

from conftest import World
from helhedsplan.counselling.tests.helpers import register
from helhedsplan.indicators import presentation
from helhedsplan.indicators.models import Indicator, Outcome
from helhedsplan.indicators.services import TargetSpec
from helhedsplan.indicators.tests.helpers import (
    agreement,
    approve_required_share,
    indicator,
    local,
    results,
)

AFTER = datetime.date(2030, 1, 1)


def _quarterly(world: World) -> Indicator:
    """At least 5 inquiries a quarter in Vapnagaard: 6, 5, 0 and 7 in 2020 and in 2021, so
    three of four quarters (75 %) met it each year."""
    for year in (2020, 2021):
        for month, count in ((2, 6), (5, 5), (11, 7)):
            register(world.vapnagaard, ["Boligstøtte"], at=local(year, month, 3, 14), times=count)
    return indicator(
        world,
        "A1.1",
        code="H1",
        kind="count",
        source="counselling.inquiry",
        period="quarter",
        targets=[TargetSpec(Decimal(5))],
    )


def test_every_period_must_meet_the_target_unless_the_agreement_says_less(
    world: World,
) -> None:
    _quarterly(world)

    before = results(world, today=AFTER, years=[2020])[("H1", "Vapnagaard", 2020)]
    approve_required_share(
        agreement(world), "A1.1", 75, datetime.date(2018, 1, 1), world.user("board")
    )
    after = results(world, today=AFTER, years=[2020])[("H1", "Vapnagaard", 2020)]

    assert (before.value, before.required_share, before.status) == (75.0, 100, Outcome.NOT_MET)
    assert (after.value, after.required_share, after.status) == (75.0, 75, Outcome.MET)
    assert (after.target, presentation.target_text(after)) == (75.0, "mindst 75\N{NO-BREAK SPACE}%")
    assert presentation.words(after) == "3 af 4 kvartaler med mindst 5 — nået"
    assert presentation.share_text(after) == (
        "75,0\N{NO-BREAK SPACE}% af kvartalerne nåede målet; kravet er mindst 75\N{NO-BREAK SPACE}%"
    )
    assert presentation.share_rule(after) == (
        "Året er nået, når mindst 75\N{NO-BREAK SPACE}% af kvartalerne nåede 5."
    )


def test_a_share_approved_later_applies_from_the_version_in_force_that_year(
    world: World,
) -> None:
    _quarterly(world)

    # In force from March 2021: 2020 stays with every quarter, 2021 is judged by 75 %.
    approve_required_share(
        agreement(world), "A1.1", 75, datetime.date(2021, 3, 1), world.user("board")
    )
    found = results(world, today=AFTER, years=[2020, 2021])

    assert found[("H1", "Vapnagaard", 2020)].status == Outcome.NOT_MET
    assert found[("H1", "Vapnagaard", 2020)].required_share == 100
    assert found[("H1", "Vapnagaard", 2021)].status == Outcome.MET
    assert found[("H1", "Vapnagaard", 2021)].required_share == 75


def test_a_share_above_the_years_share_is_not_met(world: World) -> None:
    _quarterly(world)

    approve_required_share(
        agreement(world), "A1.1", 80, datetime.date(2018, 1, 1), world.user("board")
    )

    assert results(world, today=AFTER, years=[2020])[("H1", "Vapnagaard", 2020)].status == (
        Outcome.NOT_MET
    )


def test_the_running_year_is_held_against_the_required_share_by_its_pace(world: World) -> None:
    """On 1 October 2021 three quarters are over, two of them met (6 and 5): 66,7 %. Against
    every quarter (100 %) that is more than 15 % short; against 75 % it is on track."""
    _quarterly(world)
    today = datetime.date(2021, 10, 1)

    before = results(world, today=today, years=[2021])[("H1", "Vapnagaard", 2021)]
    approve_required_share(
        agreement(world), "A1.1", 75, datetime.date(2018, 1, 1), world.user("board")
    )
    after = results(world, today=today, years=[2021])[("H1", "Vapnagaard", 2021)]

    assert before.status == Outcome.AT_RISK
    assert after.status == Outcome.ON_TRACK


def test_the_rule_is_stated_on_the_indicator_page_and_the_share_beside_the_status(
    client, world: World
) -> None:
    h1 = _quarterly(world)
    approve_required_share(
        agreement(world), "A1.1", 75, datetime.date(2018, 1, 1), world.user("board")
    )
    client.force_login(world.user("board"))

    detail = client.get(
        reverse("indicators:detail", kwargs={"indicator_id": h1.pk}), {"year": 2020}
    )
    dashboard = client.get(
        reverse("indicators:dashboard", kwargs={"agreement_id": h1.agreement_id}), {"year": 2020}
    )

    rule = "Året er nået, når mindst 75\N{NO-BREAK SPACE}% af kvartalerne nåede 5."
    share = "75,0\N{NO-BREAK SPACE}% af kvartalerne nåede målet; kravet er mindst 75"
    assert rule in detail.content.decode()
    assert share in detail.content.decode()
    assert share in dashboard.content.decode()
    assert "3 af 4 kvartaler med mindst 5 — nået" in dashboard.content.decode()
