"""From a held cultural event and its press coverage to the indicators dashboard.

The seed agreement runs 2018-2021, and the dashboard opens on the agreement's running year or,
once the agreement has ended, on its last year: 2021 is the year the board is reading now.
"""

from __future__ import annotations

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from conftest import PASSWORD, World
from helhedsplan.core.lists.services import list_entry_ensure
from helhedsplan.events import services as event_services
from helhedsplan.events.models import EventTypeCode
from helhedsplan.indicators.demo import create_from_catalogue
from helhedsplan.indicators.tests.helpers import agreement, event, local
from helhedsplan.media import services as media_services
from helhedsplan.media.models import Outlet, Tone
from tests.browser.conftest import indicator_cell, log_in, open_dashboard

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

SERIOUS = {"serious", "critical"}
YEAR = 2021


@pytest.fixture
def catalogue(world: World) -> None:
    """The seed agreement with the catalogue's indicators; in 2021 three cultural events in
    Vapnagaard, one of them covered by a positive article, and one negative article."""
    # The event types and target groups come from data migrations, which an earlier
    # transactional test's emptying of the database has undone.
    event_services.event_types_ensure()
    event_services.target_groups_ensure()
    create_from_catalogue(agreement(world))
    held = [
        event(world, EventTypeCode.CULTURAL, local(YEAR, month, 4, 14), [world.vapnagaard])
        for month in (3, 5, 9)
    ]
    outlet = list_entry_ensure(model=Outlet, programme=world.programme, name="Helsingør Dagblad")
    for headline, tone, events in [
        ("Kulturaften samlede hele Vapnagaard", Tone.POSITIVE, held[:1]),
        ("Hærværk mod legepladsen i Vapnagaard", Tone.NEGATIVE, []),
    ]:
        media_services.mention_register(
            programme=world.programme,
            published_on=datetime.date(YEAR, 5, 10),
            outlet=outlet,
            headline=headline,
            estates=[world.vapnagaard],
            tone=tone,
            registered_by=None,
            events=events,
        )


def _serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


def _figures(page: Page) -> dict[str, str]:
    return {
        "K1": indicator_cell(page, "K1", "Vapnagaard").inner_text(),
        "K3": indicator_cell(page, "K3").inner_text(),
        "O4": indicator_cell(page, "O4").inner_text(),
    }


def test_a_held_cultural_event_with_positive_press_moves_k1_k3_and_o4(
    page: Page, world: World, catalogue
) -> None:
    log_in(page, "staff", PASSWORD)
    open_dashboard(page, YEAR)
    before = _figures(page)
    assert "3 af 4 — ikke nået" in before["K1"]
    assert (
        "33,3\N{NO-BREAK SPACE}% (mål: præcis 100\N{NO-BREAK SPACE}%) — ikke nået" in before["K3"]
    )
    assert "50,0\N{NO-BREAK SPACE}% (mål: mindst 60\N{NO-BREAK SPACE}%) — ikke nået" in before["O4"]

    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Arrangementer"
    ).click()
    page.get_by_role("link", name="Nyt arrangement").click()
    page.get_by_label("Type").select_option(label="Kulturelt arrangement")
    page.get_by_label("Titel eller emne").fill("Gadeteater på plænen")
    page.get_by_label("Dato").fill(f"{YEAR}-06-12")
    page.get_by_label("Starttidspunkt").fill("14:00")
    page.get_by_label("Sluttidspunkt").fill("16:00")
    expect(page.get_by_label("Vapnagaard")).to_be_checked()
    page.get_by_label("Blandet gruppe på tværs af etnicitet og generationer").check()
    page.get_by_role("button", name="Gem arrangement").click()
    expect(page.get_by_role("heading", name="Gadeteater på plænen")).to_be_visible()

    page.get_by_label("Deltagere, beboere:", exact=True).fill("48")
    page.get_by_label("Deltagere, ikke-beboere:", exact=True).fill("17")
    page.get_by_label("Frivillige beboere, der hjalp").fill("4")
    page.get_by_role("button", name="Registrér som afholdt").click()
    expect(page.get_by_text("Arrangementet er registreret som afholdt.")).to_be_visible()

    page.get_by_role("link", name="Registrér ny presseomtale af arrangementet").click()
    page.get_by_label("Udgivet").fill(f"{YEAR}-06-14")
    page.get_by_label("Medie").select_option(label="Helsingør Dagblad")
    page.get_by_label("Overskrift").fill("Fuldt hus til gadeteater i Vapnagaard")
    page.get_by_role("button", name="Foreslå tone").click()
    page.get_by_role("radio", name="Positiv").check()
    page.get_by_role("button", name="Gem presseomtale").click()
    expect(
        page.get_by_role("heading", name="Fuldt hus til gadeteater i Vapnagaard")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Gadeteater på plænen")).to_be_visible()

    open_dashboard(page, YEAR)
    after = _figures(page)
    assert after != before
    assert "4 af 4 — nået" in after["K1"]
    assert "50,0\N{NO-BREAK SPACE}% (mål: præcis 100\N{NO-BREAK SPACE}%) — ikke nået" in after["K3"]
    assert "66,7\N{NO-BREAK SPACE}% (mål: mindst 60\N{NO-BREAK SPACE}%) — nået" in after["O4"]
    assert _serious_violations(page) == []
