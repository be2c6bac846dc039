"""The demo's indicators: the catalogue of docs/domain.md, over the demo's registrations."""

from __future__ import annotations

import datetime
import io
import json
from collections import Counter
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import Count
from django.db.models.functions import ExtractIsoYear, ExtractWeek
from django.urls import reverse
from django.utils import timezone

from conftest import make_programme, make_user
from helhedsplan.accounts import services as account_services
from helhedsplan.accounts.models import Role
from helhedsplan.agreements.models import Agreement
from helhedsplan.agreements.tests.factories import seed_agreement
from helhedsplan.core import indicator_sources as sources
from helhedsplan.counselling.models import Inquiry, Topic
from helhedsplan.demo import load_demo
from helhedsplan.events.models import Event
from helhedsplan.indicators import queries, services
from helhedsplan.indicators.definitions import definition_of
from helhedsplan.indicators.demo import CATALOGUE, upgrade_to_catalogue
from helhedsplan.indicators.models import Indicator, IndicatorStatus, Outcome, Snapshot
from helhedsplan.indicators.services import TargetSpec
from helhedsplan.indicators.tests.helpers import approve_required_share
from helhedsplan.programmes import services as programme_services
from helhedsplan.programmes.demo import DEMO_PROGRAMME, follow_up_period
from helhedsplan.programmes.models import Programme

AFTER = datetime.date(2030, 1, 1)


@pytest.fixture
def agreement(demo: Programme) -> Agreement:
    """The seed agreement of the shared demo (loaded twice: the second run adds nothing)."""
    return Agreement.objects.get(programme=demo)


def test_every_seed_criterion_has_a_confirmed_indicator_from_the_catalogue(agreement) -> None:
    indicators = {i.code: i for i in Indicator.objects.filter(agreement=agreement)}

    assert sorted(indicators) == sorted(
        [
            "O1",
            "O2",
            "O3",
            "O4",
            "H1",
            "H2",
            "H3",
            "H4",
            "F1",
            "F2",
            "F3",
            "F4",
            "K1",
            "K2",
            "K3",
            "K4",
            "P1",
            "P2",
        ]
    )
    assert {i.status for i in indicators.values()} == {IndicatorStatus.CONFIRMED}
    k1 = {
        (t.estate.name if t.estate else None, int(t.value)) for t in indicators["K1"].targets.all()
    }
    assert k1 == {("Vapnagaard", 4), ("Nøjsomhed", 2)}
    assert indicators["H1"].period == "week"
    assert not indicators["H3"].per_area
    assert indicators["K4"].reference == "previous"
    assert indicators["F2"].source_filter["partner"] == "Ungdomsskolen"
    assert indicators["F2"].source_filter["target_group"] == "youth"
    assert indicators["F4"].source_filter["target_group"] == "mixed"
    provenance = indicators["K1"].provenance
    assert provenance is not None
    assert provenance["targets_by_area"] == {"Vapnagaard": 4, "Nøjsomhed": 2}


def test_the_demo_shows_every_kind_of_status(agreement) -> None:
    board = queries.dashboard(agreement, today=AFTER)
    found = {
        (r.indicator.code, r.estate.name if r.estate else None, r.year): r.status
        for r in board.results.values()
    }

    assert found[("H3", None, 2019)] == Outcome.MET
    assert found[("H3", None, 2020)] == Outcome.NOT_MET  # three theme evenings in 2020
    assert found[("K1", "Vapnagaard", 2020)] == Outcome.NOT_MET
    assert found[("K1", "Nøjsomhed", 2020)] == Outcome.MET
    assert found[("F4", "Nøjsomhed", 2020)] == Outcome.NOT_MET
    # The revision in force from 2021 asks for 68 % where the seed asked for 65 %.
    assert found[("O2", "Nøjsomhed", 2021)] == Outcome.NOT_MET
    assert found[("O2", "Vapnagaard", 2021)] == Outcome.NOT_MET
    assert found[("P1", "Vapnagaard", 2021)] == Outcome.MET
    assert found[("P1", "Nøjsomhed", 2021)] == Outcome.NOT_MET  # one meeting short
    assert found[("P2", None, 2021)] == Outcome.MET
    assert found[("P2", None, 2020)] == Outcome.NOT_MET  # no evaluation that year
    assert not board.unmeasured


def test_the_youth_and_resident_activity_figures_count_by_target_group(agreement) -> None:
    board = queries.dashboard(agreement, today=AFTER)
    values = {
        (r.indicator.code, r.estate.name if r.estate else None, r.year): r.value
        for r in board.results.values()
        if r.indicator.code in {"F2", "F4"}
    }

    assert [values[("F2", None, year)] for year in range(2018, 2022)] == [2, 3, 1, 2]
    assert [values[("F4", "Nøjsomhed", year)] for year in range(2018, 2022)] == [4, 4, 3, 4]
    assert [values[("F4", "Vapnagaard", year)] for year in range(2018, 2022)] == [4, 4, 4, 4]


# Counting right (issue 19) ------------------------------------------------------------------


def _status(year: int) -> list[dict]:
    out = io.StringIO()
    call_command("status", "--programme", DEMO_PROGRAMME, "--year", str(year), stdout=out)
    return json.loads(out.getvalue())


def test_the_status_json_shows_baseline_for_o1_and_k4_in_2018(agreement) -> None:
    entries = _status(2018)

    found = {(e["criterion"], e["estate"]): e["status"] for e in entries}
    assert found[("O1", "Nøjsomhed")] == found[("O1", "Vapnagaard")] == "baseline"
    assert found[("K4", None)] == "baseline"
    later = {(e["criterion"], e["estate"]): e["status"] for e in _status(2019)}
    assert later[("K4", None)] in {"met", "not_met"}


def test_the_dashboards_summary_and_the_status_json_agree_every_year(
    client, agreement, demo_board_member
) -> None:
    client.force_login(demo_board_member)
    url = reverse("indicators:dashboard", kwargs={"agreement_id": agreement.pk})
    # A closed year whose figure was corrected afterwards counts by its figure now.
    services.period_lock(agreement=agreement, year=2019)
    Snapshot.objects.filter(lock__year=2019, indicator__code="H3").update(status="not_met", value=0)

    for year in range(2018, 2022):
        summary = client.get(url, {"year": year}).context["summary"]
        counted = Counter(entry["status"] for entry in _status(year))

        assert {str(outcome): n for outcome, n in summary} == counted, year
    summary_2018 = dict(queries.dashboard(agreement).summary(2018))
    assert summary_2018[Outcome.BASELINE] == 3  # O1 in both estates, K4


@pytest.fixture
def demo_board_member(demo: Programme) -> User:
    user = make_user("naevnets-medlem")
    account_services.membership_grant(user=user, programme=demo, role=Role.BOARD)
    return user


def _open_week_shares(agreement: Agreement) -> dict[tuple[str, int], float]:
    """(estate, year) -> the share (in %) of the counselling's open weeks with at least ten
    inquiries, counted here from the registrations."""
    estates = list(agreement.programme.estates.order_by("name"))
    years = range(2018, 2022)
    inquiries = sources.get("counselling.inquiry")
    assert inquiries is not None and inquiries.eligible_weeks is not None
    open_weeks = inquiries.eligible_weeks(estates, years)
    weekly = (
        Inquiry.objects.filter(estate__in=estates)
        .annotate(iso_year=ExtractIsoYear("occurred_at"), week=ExtractWeek("occurred_at"))
        .values_list("estate_id", "iso_year", "week")
        .annotate(n=Count("pk"))
        .order_by()
    )
    reached = {(estate, year, week) for estate, year, week, n in weekly if n >= 10}
    return {
        (estate.name, year): 100
        * sum(1 for week in open_weeks[(estate.pk, year)] if (estate.pk, year, week) in reached)
        / len(open_weeks[(estate.pk, year)])
        for estate in estates
        for year in years
    }


@pytest.mark.parametrize("required", [80, 75])
def test_h1_with_a_required_share_is_met_exactly_in_the_years_whose_open_weeks_reach_it(
    client, agreement, demo_board_member, required: int
) -> None:
    shares = _open_week_shares(agreement)
    approve_required_share(
        agreement, "A1.1", required, datetime.date(2018, 1, 1), demo_board_member
    )

    board = queries.dashboard(agreement, today=AFTER)
    # The seed agreement's years, whose open weeks are counted above.
    seed_years = range(2018, 2022)
    statuses = {
        (r.estate.name, r.year): r.status
        for r in board.results.values()
        if r.indicator.code == "H1" and r.estate is not None and r.year in seed_years
    }

    assert statuses == {
        key: Outcome.MET if share >= required else Outcome.NOT_MET for key, share in shares.items()
    }
    values = {
        (r.estate.name, r.year): r.value
        for r in board.results.values()
        if r.indicator.code == "H1" and r.estate is not None and r.year in seed_years
    }
    assert values == pytest.approx(shares)
    if required == 75:
        # 75 % divides the demo's years: some reach it (exactly, in Vapnagaard), some do not.
        assert {Outcome.MET, Outcome.NOT_MET} == set(statuses.values())
    h1 = agreement.indicators.get(code="H1")
    client.force_login(demo_board_member)
    page = client.get(reverse("indicators:detail", kwargs={"indicator_id": h1.pk}), {"year": 2019})
    assert (
        f"Året er nået, når mindst {required}\N{NO-BREAK SPACE}% af de åbne uger nåede 10."
        in page.content.decode()
    )


def test_an_older_demo_is_brought_up_to_the_current_definitions(agreement) -> None:
    """A data directory an earlier version made: K4 with its old definition, H1 with other
    targets, O1 missing; another programme holds the same criteria and is left alone."""
    k4 = agreement.indicators.get(code="K4")
    services.indicator_update(
        indicator=k4,
        source_filter={"venue": "Kulturhus Syd", "organiser": "external", "status": "held"},
    )
    h1 = agreement.indicators.get(code="H1")
    services.indicator_targets_set(indicator=h1, targets=[TargetSpec(Decimal(8))], baselines=[])
    agreement.indicators.filter(code="O1").delete()
    other = make_programme("Korsløkken")
    programme_services.estate_ensure(programme=other, name="Korsløkken", tenancies=600)
    other_k4 = services.indicator_create(
        agreement=seed_agreement(other),
        criterion_key="A3.4",
        code="K4",
        name="Arrangementer i Kulturhus Syd",
        kind="trend",
        source="events.event",
        source_filter={"venue": "Kulturhus Syd", "status": "held"},
        period="year",
        direction="up",
    )
    other_before = definition_of(other_k4)
    counts_before = (Event.objects.count(), Inquiry.objects.count(), Indicator.objects.count())

    changed = load_demo()

    assert len(changed) == 1
    assert "K4 (source_filter)" in changed[0]
    assert "H1 (targets)" in changed[0]
    assert "O1 (new)" in changed[0]
    k4.refresh_from_db()
    assert k4.source_filter == CATALOGUE["A3.4"]["source_filter"]
    assert [t.value for t in agreement.indicators.get(code="H1").targets.all()] == [10]
    assert agreement.indicators.filter(code="O1").count() == 1
    assert (Event.objects.count(), Inquiry.objects.count(), Indicator.objects.count()) == (
        counts_before[0],
        counts_before[1],
        counts_before[2] + 1,
    )
    other_k4 = Indicator.objects.get(pk=other_k4.pk)
    assert definition_of(other_k4) == other_before
    # Up to date now: running the demo again changes nothing.
    assert load_demo() == []
    assert upgrade_to_catalogue(agreement) == []


# The follow-up agreement: a demo alive today ---------------------------------------------


def _running_h2(client, agreement: Agreement) -> float | None:
    """The running year's H2 (inquiries registered with a topic) as the dashboard shows it."""
    page = client.get(reverse("indicators:dashboard", kwargs={"agreement_id": agreement.pk}))
    assert page.status_code == 200
    assert page.context["year"] == timezone.localdate().year
    row = next(row for row in page.context["rows"] if row.indicator and row.indicator.code == "H2")
    return row.cells[0].result.value


def test_an_inquiry_registered_today_counts_on_the_running_years_dashboard(
    client, agreement, demo: Programme
) -> None:
    head, worker = User.objects.get(username="leder"), User.objects.get(username="medarbejder")
    vapnagaard = demo.estates.get(name="Vapnagaard")
    client.force_login(head)
    before = _running_h2(client, agreement)

    client.force_login(worker)
    response = client.post(
        reverse("counselling:inquiry_create", kwargs={"slug": demo.slug}),
        {
            "estate": vapnagaard.pk,
            "channel": "drop_in",
            "topics": [Topic.objects.get(programme=demo, name="Boligstøtte").pk],
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "method": "conversation",
        },
    )
    client.force_login(head)

    assert response.status_code == 302
    assert _running_h2(client, agreement) == (before or 0) + 1


def test_the_dashboard_opens_on_the_running_year_and_keeps_the_seed_years(
    client, agreement, demo_board_member
) -> None:
    first, last = follow_up_period(agreement.programme)
    client.force_login(demo_board_member)

    page = client.get(reverse("indicators:dashboard", kwargs={"agreement_id": agreement.pk}))

    assert page.context["year"] == timezone.localdate().year
    assert page.context["board"].version.period_start == first
    assert page.context["board"].years == [*range(2018, 2022), *range(first.year, last.year + 1)]


NOVEMBER = timezone.make_aware(datetime.datetime(2026, 11, 30, 12))


@pytest.mark.django_db
@time_machine.travel(NOVEMBER, tick=False)
def test_the_running_year_shows_on_track_and_at_risk(client) -> None:
    load_demo()
    agreement = Agreement.objects.get(programme__name=DEMO_PROGRAMME)
    client.force_login(User.objects.get(username="bestyrelse"))

    page = client.get(reverse("indicators:dashboard", kwargs={"agreement_id": agreement.pk}))

    assert page.context["year"] == 2026
    summary = dict(page.context["summary"])
    assert summary[Outcome.ON_TRACK] >= 1 and summary[Outcome.AT_RISK] >= 1
    assert "På vej" in page.text and "I risiko" in page.text

    board = queries.dashboard(agreement)
    statuses = {
        (entry.indicator.code, entry.cell.result.estate): entry.status
        for entry in board.entries(2026)
        if entry.indicator and entry.cell
    }

    assert {Outcome.ON_TRACK, Outcome.AT_RISK} <= set(statuses.values())
    assert not {Outcome.MET, Outcome.NOT_MET, Outcome.NOT_DUE} & set(statuses.values())
    # Fewer than ten inquiries in some open weeks; the cultural event no one has covered.
    assert {statuses[("H1", estate)] for estate in board.estates} == {Outcome.AT_RISK}
    assert statuses[("K3", None)] == Outcome.AT_RISK
    assert statuses[("O4", None)] == Outcome.ON_TRACK
    # Eight theme evenings a year since the revision of 2021 (version 2, kept by the
    # follow-up): the running year's are behind that pace.
    assert statuses[("H3", None)] == Outcome.AT_RISK
