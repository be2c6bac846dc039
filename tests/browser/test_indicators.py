from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from conftest import PASSWORD, World
from helhedsplan.events import services as event_services
from helhedsplan.events.models import EventTypeCode
from helhedsplan.indicators import services
from helhedsplan.indicators.demo import create_from_catalogue
from helhedsplan.indicators.tests.helpers import agreement, event, local, observe
from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

SERIOUS = {"serious", "critical"}


@pytest.fixture
def catalogue(world: World) -> None:
    """The seed agreement with the catalogue's indicators and a year of cultural events."""
    # The event types come from a data migration, which an earlier transactional test's
    # emptying of the database has undone.
    event_services.event_types_ensure()
    create_from_catalogue(agreement(world))
    for month in (3, 5, 9):
        event(world, EventTypeCode.CULTURAL, local(2019, month, 4, 14), [world.vapnagaard])
    for month in (4, 8):
        event(world, EventTypeCode.CULTURAL, local(2019, month, 4, 14), [world.nojsomhed])


def _serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


def test_a_board_member_reads_the_status_of_a_criterion_in_words(
    page: Page, world: World, catalogue
) -> None:
    log_in(page, "board", PASSWORD)
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Indikatorer").click()
    page.get_by_role("link", name="Tryghed og trivsel").click()
    page.get_by_label("År").select_option("2019")
    page.get_by_role("button", name="Vis").click()

    k1 = page.get_by_role("row").filter(has_text="Kulturelle arrangementer").first
    expect(k1).to_contain_text("3 af 4 — ikke nået")
    expect(k1).to_contain_text("2 af 2 — nået")
    # P2 (A4.2): no panel of the test world met, so there is nothing to judge.
    expect(page.get_by_role("row").filter(has_text="A4.2")).to_contain_text("Ingen data")
    assert _serious_violations(page) == []

    k1.get_by_role("link", name="K1").click()
    expect(page.get_by_role("heading", name="K1: Kulturelle arrangementer")).to_be_visible()
    expect(page.locator("svg").first).to_be_visible()
    assert _serious_violations(page) == []


def test_a_board_member_reads_a_baseline_year_and_a_restated_figure_in_words(
    phone_page: Page, world: World, catalogue
) -> None:
    """O1's first year sets its starting point: its own status, not counted as met. K1 in
    Vapnagaard 2019 was corrected after the board closed the year."""
    observe("naboskab", {(world.nojsomhed, 2018): "48.0", (world.vapnagaard, 2018): "41.5"}, world)
    the_agreement = agreement(world)
    services.period_lock(agreement=the_agreement, year=2019)
    event(world, EventTypeCode.CULTURAL, local(2019, 11, 4, 14), [world.vapnagaard])
    log_in(phone_page, "board", PASSWORD)

    phone_page.goto(f"/indicators/agreements/{the_agreement.pk}/?year=2018")

    o1 = phone_page.get_by_role("row").filter(has_text="O1").first
    expect(o1).to_contain_text("Udgangspunkt: 48,0")
    summary = phone_page.get_by_role("list", name="Overblik over 2018")
    expect(summary).to_contain_text("Udgangspunkt 2")
    expect(summary).not_to_contain_text("Nået")
    assert _serious_violations(phone_page) == []

    phone_page.goto(f"/indicators/agreements/{the_agreement.pk}/?year=2019")

    k1 = phone_page.get_by_role("row").filter(has_text="Kulturelle arrangementer").first
    expect(k1).to_contain_text("Før: 3 af 4 — ikke nået. Nu: 4 af 4 — nået.")
    expect(k1).to_contain_text("Årsag: registreringer ændret efter årets afslutning.")
    assert _serious_violations(phone_page) == []
