from __future__ import annotations

import datetime
from decimal import Decimal

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World
from helhedsplan.agreements.models import Agreement
from helhedsplan.counselling.tests.helpers import register
from helhedsplan.events.models import EventStatus, EventTypeCode
from helhedsplan.indicators import queries, services
from helhedsplan.indicators.models import Indicator, IndicatorStatus, PeriodLock, Snapshot
from helhedsplan.indicators.services import TargetSpec
from helhedsplan.indicators.tests.helpers import agreement, event, indicator, local, observe

CULTURAL = {"type": EventTypeCode.CULTURAL, "status": EventStatus.HELD}
# The stamp of the agreement's definitions, which also counts the closed years (the
# indicators with their targets and baselines, the version in force, its criteria and the
# required shares come from the cache the page filled); the version's estates; one grouped
# count per source and scope (inquiries; events per estate and all together); the
# counselling's opening hours and closures; the series and their observations. No year is
# closed here: the closed years and their figures would be two more.
QUERIES = 9


def _k1(world: World) -> Indicator:
    return indicator(
        world,
        "A3.1",
        code="K1",
        name="Kulturelle arrangementer",
        kind="count",
        source="events.event",
        source_filter=CULTURAL,
        targets=[TargetSpec(Decimal(4), world.vapnagaard), TargetSpec(Decimal(2), world.nojsomhed)],
    )


def _dashboard_url(world: World, **query: str) -> str:
    url = reverse("indicators:dashboard", kwargs={"agreement_id": agreement(world).pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_dashboard_reads_each_status_in_words(client, world: World) -> None:
    _k1(world)
    for month in (3, 5, 9):
        event(world, EventTypeCode.CULTURAL, local(2019, month, 4, 14), [world.vapnagaard])
    client.force_login(world.user("board"))

    response = client.get(_dashboard_url(world, year="2019"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "3 af 4 — ikke nået" in page
    assert "indicator-status--not_met" in page
    # Criteria without an indicator stay on the dashboard.
    assert page.count("Ikke målbar endnu") == 17


def test_a_bad_filter_is_reported_not_a_server_error(client, world: World) -> None:
    client.force_login(world.user("board"))

    response = client.get(_dashboard_url(world, year="abc", estate="999999"))

    assert response.status_code == 400


def _more_data(world: World, year: int) -> None:
    for month in range(1, 13):
        event(world, EventTypeCode.CULTURAL, local(year, month, 3, 14), [world.vapnagaard])
        event(world, EventTypeCode.THEME_EVENING, local(year, month, 4, 17), [world.nojsomhed])
        register(world.nojsomhed, ["Boligstøtte"], at=local(year, month, 5, 14), times=3)


def test_the_dashboards_queries_do_not_grow_with_the_data(
    client, world: World, django_assert_num_queries
) -> None:
    _k1(world)
    indicator(world, "A1.1", kind="count", source="counselling.inquiry", period="week", code="H1")
    indicator(
        world,
        "A1.3",
        kind="count",
        source="events.event",
        source_filter={"type": "theme_evening"},
        per_area=False,
        code="H3",
    )
    indicator(world, "O2", kind="series", series_code="tryghed", unit="percent", code="O2")
    observe("tryghed", {(world.nojsomhed, 2019): "61.0"}, world)
    the_agreement = Agreement.objects.select_related("programme").get(pk=agreement(world).pk)
    client.force_login(world.user("board"))
    url = _dashboard_url(world)
    _more_data(world, 2019)
    client.get(url)  # the session and the caches settle

    with django_assert_num_queries(QUERIES):
        queries.dashboard(the_agreement)
    with CaptureQueriesContext(connection) as page:
        client.get(url)
    _more_data(world, 2020)
    _more_data(world, 2021)

    with django_assert_num_queries(QUERIES):
        board = queries.dashboard(the_agreement)
    with CaptureQueriesContext(connection) as page_with_more_data:
        response = client.get(url + "?year=2020")

    assert len(page_with_more_data) == len(page)
    assert board.cell(the_agreement.indicators.get(code="K1"), world.vapnagaard, 2021)
    assert "12 af 4 — nået" in response.content.decode()


def test_a_proposal_is_only_applied_when_confirmed(client, world: World) -> None:
    the_agreement = agreement(world)
    client.force_login(world.user("secretariat_head"))
    url = reverse("indicators:confirm", kwargs={"agreement_id": the_agreement.pk, "key": "A3.1"})

    proposals = client.get(
        reverse("indicators:proposals", kwargs={"agreement_id": the_agreement.pk})
    )
    review = client.get(url)

    assert proposals.status_code == review.status_code == 200
    assert not Indicator.objects.exists()
    form = review.context["form"]
    assert form.initial["kind"] == "count"
    assert form.initial[f"target_{world.vapnagaard.pk}"] == 4
    assert form.initial[f"target_{world.nojsomhed.pk}"] == 2

    response = client.post(
        url,
        {
            "code": "K1",
            "name": "Kulturelle arrangementer",
            "kind": "count",
            "source": "events.event",
            "source_filter": '{"type": "cultural", "status": "held"}',
            "denominator_filter": "{}",
            "period": "year",
            "per_area": "on",
            "comparator": ">=",
            "direction": "up",
            "unit": "count",
            "reference": "target",
            f"target_{world.vapnagaard.pk}": "4",
            f"target_{world.nojsomhed.pk}": "2",
        },
    )

    created = Indicator.objects.get()
    assert response.status_code == 302
    assert (created.code, created.criterion_key, created.status) == (
        "K1",
        "A3.1",
        IndicatorStatus.CONFIRMED,
    )
    assert created.provenance is not None
    assert created.provenance["targets_by_area"] == {"Vapnagaard": 4, "Nøjsomhed": 2}
    assert {(t.estate.name if t.estate else None, t.value) for t in created.targets.all()} == {
        ("Vapnagaard", Decimal(4)),
        ("Nøjsomhed", Decimal(2)),
    }


def test_an_unknown_filter_of_a_known_source_is_refused(client, world: World) -> None:
    the_agreement = agreement(world)
    client.force_login(world.user("secretariat_head"))
    url = reverse("indicators:confirm", kwargs={"agreement_id": the_agreement.pk, "key": "A3.1"})

    response = client.post(
        url,
        {
            "code": "K1",
            "name": "Kulturelle arrangementer",
            "kind": "count",
            "source": "events.event",
            "source_filter": '{"colour": "red"}',
            "period": "year",
            "direction": "up",
            "unit": "count",
            "reference": "target",
        },
    )

    assert response.status_code == 400
    assert "Kilden kender ikke filteret colour" in response.content.decode()
    assert not Indicator.objects.exists()


def test_the_secretariat_edits_an_indicator_and_its_targets(client, world: World) -> None:
    k1 = _k1(world)
    client.force_login(world.user("secretariat_head"))

    response = client.post(
        reverse("indicators:targets", kwargs={"indicator_id": k1.pk}),
        {
            "targets-TOTAL_FORMS": "1",
            "targets-INITIAL_FORMS": "0",
            "targets-0-estate": str(world.vapnagaard.pk),
            "targets-0-year": "2020",
            "targets-0-value": "3",
            "baselines-TOTAL_FORMS": "0",
            "baselines-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    assert [(t.estate, t.year, t.value) for t in k1.targets.all()] == [
        (world.vapnagaard, 2020, Decimal(3))
    ]


def test_the_secretariat_edits_an_indicators_definition(client, world: World) -> None:
    k1 = _k1(world)
    client.force_login(world.user("secretariat_head"))
    url = reverse("indicators:edit", kwargs={"indicator_id": k1.pk})
    data = {
        **client.get(url).context["form"].initial,
        "name": "Kulturelle arrangementer med partnere",
        "source_filter": '{"type": "cultural", "status": "held", "partner": "Billedskolen"}',
        "denominator_filter": "{}",
        "per_area": "on",
    }
    data = {key: value for key, value in data.items() if value is not None and key != "id"}

    response = client.post(url, data)

    assert response.status_code == 302
    k1.refresh_from_db()
    assert k1.name == "Kulturelle arrangementer med partnere"
    assert k1.source_filter["partner"] == "Billedskolen"


def test_closing_a_year_keeps_its_figures_and_a_later_correction_shows_as_restated(
    client, world: World
) -> None:
    _k1(world)
    for month in (3, 5, 9):
        event(world, EventTypeCode.CULTURAL, local(2019, month, 4, 14), [world.vapnagaard])
    the_agreement = agreement(world)
    client.force_login(world.user("board"))

    response = client.post(
        reverse("indicators:lock", kwargs={"agreement_id": the_agreement.pk}),
        {"year": "2019", "note": "Årsstatus 2019"},
    )

    assert response.status_code == 302
    lock = PeriodLock.objects.get(agreement=the_agreement, year=2019)
    kept = Snapshot.objects.get(lock=lock, indicator__code="K1", estate=world.vapnagaard)
    assert (kept.value, kept.status) == (Decimal(3), "not_met")
    page = client.get(_dashboard_url(world, year="2019")).content.decode()
    assert "Rettet efter årets afslutning" not in page

    event(world, EventTypeCode.CULTURAL, local(2019, 11, 4, 14), [world.vapnagaard])
    page = client.get(_dashboard_url(world, year="2019")).content.decode()

    assert "4 af 4 — nået" in page
    assert "Rettet efter årets afslutning" in page
    assert "Før: 3 af 4 — ikke nået" in page


def test_a_running_year_cannot_be_closed(client, world: World) -> None:
    client.force_login(world.user("board"))
    this_year = datetime.date.today().year

    response = client.post(
        reverse("indicators:lock", kwargs={"agreement_id": agreement(world).pk}),
        {"year": str(this_year)},
    )

    assert response.status_code == 400
    assert not PeriodLock.objects.exists()


def test_the_indicator_page_shows_chart_table_and_lineage(client, world: World) -> None:
    k1 = _k1(world)
    event(
        world,
        EventTypeCode.CULTURAL,
        local(2019, 3, 4, 14),
        [world.vapnagaard],
        title="Gadeteater på plænen",
    )
    register(world.vapnagaard, ["Boligstøtte"], at=local(2019, 3, 5, 14))
    h1 = indicator(
        world, "A1.1", kind="count", source="counselling.inquiry", period="week", code="H1"
    )
    client.force_login(world.user("board"))

    k1_page = client.get(
        reverse("indicators:detail", kwargs={"indicator_id": k1.pk}) + "?year=2019"
    )
    h1_page = client.get(
        reverse("indicators:detail", kwargs={"indicator_id": h1.pk}) + "?year=2019"
    )

    assert k1_page.status_code == h1_page.status_code == 200
    text = k1_page.content.decode()
    assert "<svg" in text
    assert "Gadeteater på plænen" in text
    assert "Beregnet" in text
    # Inquiries are anonymous: counted, never listed; the board may not open the list.
    h1_text = h1_page.content.decode()
    assert "kun antal vises" in h1_text
    assert "Se de talte henvendelser" not in h1_text
    client.force_login(world.user("staff"))
    staff_text = client.get(
        reverse("indicators:detail", kwargs={"indicator_id": h1.pk}) + "?year=2019"
    ).content.decode()
    list_url = reverse("counselling:inquiry_list", kwargs={"slug": world.programme.slug})
    assert f"{list_url}?date_from=2018-12-31&amp;date_to=2019-12-29&amp;estate=" in staff_text


def test_the_indicator_page_states_its_filters_in_words(client, world: World) -> None:
    o4 = indicator(
        world,
        "O4",
        kind="share",
        source="media.mention",
        source_filter={"local_press": True, "tone": "positive"},
        denominator_filter={"local_press": True},
        unit="percent",
    )
    client.force_login(world.user("board"))
    page = client.get(reverse("indicators:detail", kwargs={"indicator_id": o4.pk}))
    text = page.content.decode()
    assert "i lokalpressen: ja" in text
    assert "True" not in text


@time_machine.travel(local(2025, 3, 1, 12), tick=False)
def test_the_indicator_page_shows_the_last_year_for_a_year_it_does_not_have(
    client, world: World
) -> None:
    k1 = _k1(world)
    client.force_login(world.user("board"))
    url = reverse("indicators:detail", kwargs={"indicator_id": k1.pk})

    shown = [client.get(url + query) for query in ("?year=abc", "?year=1999", "?year=2019")]

    assert [response.status_code for response in shown] == [200, 200, 200]
    assert [response.context["year"] for response in shown] == [2021, 2021, 2019]


def test_a_target_given_twice_is_refused_and_nothing_changes(client, world: World) -> None:
    k1 = _k1(world)
    client.force_login(world.user("secretariat_head"))
    target = {"estate": str(world.vapnagaard.pk), "year": "2020", "value": "3"}

    response = client.post(
        reverse("indicators:targets", kwargs={"indicator_id": k1.pk}),
        {
            "targets-TOTAL_FORMS": "2",
            "targets-INITIAL_FORMS": "0",
            **{f"targets-{n}-{name}": value for n in (0, 1) for name, value in target.items()},
            "baselines-TOTAL_FORMS": "0",
            "baselines-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 400
    assert "Det samme mål er angivet to gange." in response.content.decode()
    assert {(t.estate, t.year, t.value) for t in k1.targets.all()} == {
        (world.vapnagaard, None, Decimal(4)),
        (world.nojsomhed, None, Decimal(2)),
    }


def test_saving_a_proposed_indicator_confirms_it(client, world: World) -> None:
    proposed = indicator(
        world,
        "A3.2",
        code="K2",
        kind="count",
        source="events.event",
        source_filter={"type": "open_house"},
        status=IndicatorStatus.PROPOSED,
    )
    client.force_login(world.user("secretariat_head"))
    url = reverse("indicators:edit", kwargs={"indicator_id": proposed.pk})
    data = {
        **client.get(url).context["form"].initial,
        "source_filter": '{"type": "open_house"}',
        "denominator_filter": "{}",
        "per_area": "on",
    }
    data = {key: value for key, value in data.items() if value is not None and key != "id"}

    response = client.post(url, data)

    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == IndicatorStatus.CONFIRMED


def test_a_year_that_is_not_open_to_closing_is_refused(client, world: World) -> None:
    the_agreement = agreement(world)
    services.period_lock(agreement=the_agreement, year=2019)
    client.force_login(world.user("board"))
    url = reverse("indicators:lock", kwargs={"agreement_id": the_agreement.pk})

    responses = [client.post(url, {"year": year}) for year in ("2019", "2017", "abc")]

    assert [response.status_code for response in responses] == [400, 400, 400]
    assert list(PeriodLock.objects.values_list("year", flat=True)) == [2019]


def _selected_year(page: str) -> list[str]:
    """The years the dashboard's year menu marks as selected."""
    menu = page.split('name="year"', 1)[1].split("</select>", 1)[0]
    return [option.split('"')[1] for option in menu.split("<option")[1:] if "selected" in option]


@time_machine.travel(local(2025, 3, 1, 12), tick=False)
def test_the_dashboards_year_menu_shows_the_year_the_page_shows(client, world: World) -> None:
    client.force_login(world.user("board"))

    plain = client.get(_dashboard_url(world)).content.decode()
    # Changing only the estate and pressing "Vis" keeps the year shown, never the first one.
    by_estate = client.get(_dashboard_url(world, estate=str(world.nojsomhed.pk)))

    assert "Indikatorer 2021" in plain
    assert _selected_year(plain) == ["2021"]
    assert by_estate.status_code == 200
    assert by_estate.context["year"] == 2021
    assert _selected_year(by_estate.content.decode()) == ["2021"]


@time_machine.travel(local(2020, 6, 1, 12), tick=False)
def test_the_dashboard_opens_on_the_running_year_while_the_agreement_runs(
    client, world: World
) -> None:
    client.force_login(world.user("board"))

    page = client.get(_dashboard_url(world)).content.decode()

    assert "Indikatorer 2020" in page
    assert _selected_year(page) == ["2020"]


def test_a_working_group_proposes_an_indicator_that_counts_once_the_secretariat_confirms_it(
    client, world: World
) -> None:
    """Working groups propose how a criterion is measured (issue 10): their proposal waits,
    counting nothing, and its page is the secretariat's; staff may not propose."""
    the_agreement = agreement(world)
    proposals_url = reverse("indicators:proposals", kwargs={"agreement_id": the_agreement.pk})
    url = reverse("indicators:confirm", kwargs={"agreement_id": the_agreement.pk, "key": "A3.1"})
    data = {
        "code": "K1",
        "name": "Kulturelle arrangementer",
        "kind": "count",
        "source": "events.event",
        "source_filter": '{"type": "cultural", "status": "held"}',
        "denominator_filter": "{}",
        "period": "year",
        "per_area": "on",
        "comparator": ">=",
        "direction": "up",
        "unit": "count",
        "reference": "target",
        f"target_{world.vapnagaard.pk}": "4",
        f"target_{world.nojsomhed.pk}": "2",
    }
    client.force_login(world.user("staff"))
    assert client.get(proposals_url).status_code == 403
    assert client.post(url, data).status_code == 403
    client.force_login(world.user("working_group"))

    page = client.get(url).content.decode()
    response = client.post(url, data, follow=True)

    assert "Send forslaget" in page and "Bekræft og opret indikatoren" not in page
    assert response.redirect_chain[-1][0] == proposals_url
    assert "Forslaget til indikatoren K1 er gemt" in response.content.decode()
    proposed = Indicator.objects.get()
    assert (proposed.code, proposed.status) == ("K1", IndicatorStatus.PROPOSED)
    assert proposed.created_by == world.user("working_group")
    assert list(queries.proposed_indicators(the_agreement)) == [proposed]
    edit = reverse("indicators:edit", kwargs={"indicator_id": proposed.pk})
    assert client.get(edit).status_code == 403

    client.force_login(world.user("secretariat_head"))
    form = client.get(edit).context["form"].initial
    confirmed = {
        **{key: value for key, value in form.items() if value is not None and key != "id"},
        "source_filter": '{"type": "cultural", "status": "held"}',
        "denominator_filter": "{}",
        "per_area": "on",
    }
    assert client.post(edit, confirmed).status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == IndicatorStatus.CONFIRMED
