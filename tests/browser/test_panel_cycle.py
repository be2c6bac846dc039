"""Issue 14's whole cycle in Chromium: the police record a held panel meeting in Vapnagaard
and pin two concerns on the estate's site plan by clicking it; an action on one of them is
assigned to the municipality with its partner as owner; the partner sees only that action and
marks it done; P1 on the dashboard counts the meeting; the minutes file the police upload is
refused to a staff member of another programme and to an anonymous visitor.

The seed agreement runs 2018-2021, so the meeting is held in 2021, the year the dashboard
reads (see ``test_event_to_dashboard.py``). Each person has a browser context of their own.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from conftest import PASSWORD, World
from helhedsplan.accounts.models import Organisation
from helhedsplan.events import services as event_services
from helhedsplan.indicators.demo import create_from_catalogue
from helhedsplan.indicators.tests.helpers import agreement
from helhedsplan.panels.models import ActionItem, ActionStatus, Meeting, Panel
from helhedsplan.panels.tests.helpers import (
    PDF,
    a_concern,
    a_meeting,
    a_panel,
    a_site_plan,
    an_action,
)
from tests.browser.conftest import indicator_cell, log_in, main_menu, open_dashboard

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

YEAR = 2021
HELD_ON = datetime.date(YEAR, 5, 20)
# Another party's action, made in the setup: the municipality's partner must not see it.
POLICE_ACTION = "Patruljér ved p-pladsen om aftenen."
OUR_ACTION = "Skift pæren i lampen ved stien."

SignIn = Callable[[str | None], Page]


@pytest.fixture
def sign_in(browser: Browser, live_server) -> Iterator[SignIn]:
    """A page in a fresh browser context, logged in as the named person (``None``: an
    anonymous visitor); the contexts are closed when the test ends."""
    contexts: list[BrowserContext] = []

    def open_as(username: str | None) -> Page:
        context = browser.new_context(base_url=live_server.url, locale="da-DK")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        if username is not None:
            log_in(page, username, PASSWORD)
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def panel(world: World) -> Panel:
    """The seed agreement's indicators (P1 among them), Vapnagaard's panel and site plan, and
    a 2020 meeting with an unpinned concern whose action is the police's own."""
    # The event types and target groups come from data migrations, which an earlier
    # transactional test's emptying of the database has undone.
    event_services.event_types_ensure()
    event_services.target_groups_ensure()
    create_from_catalogue(agreement(world))
    police = world.user("police")
    panel = a_panel(world.programme, world.vapnagaard)
    a_site_plan(world.vapnagaard, by=police, size=(800, 400))
    earlier = a_meeting(panel, datetime.date(2020, 3, 10), by=police)
    concern = a_concern(
        by=police, meeting=earlier, category="traffic", location="P-pladsen ved blok 7"
    )
    an_action(concern, by=police, party=Organisation.POLICE, description=POLICE_ACTION)
    return panel


def _p1_vapnagaard(page: Page) -> str:
    """The text of P1's cell for Vapnagaard on the dashboard of 2021."""
    open_dashboard(page, YEAR)
    return indicator_cell(page, "P1", "Vapnagaard").inner_text()


def _raise_concern(
    page: Page,
    *,
    at: tuple[float, float],
    category: str,
    what: str,
    where: str,
    time_of_day: str,
    week_pattern: str,
) -> None:
    """A concern raised from the meeting's page, its pin placed by a click on the plan at
    ``at`` (shares of the plan's width and height)."""
    page.get_by_role("link", name="Registrér en utryghed").click()
    pins = page.locator(".site-plan__pins")
    box = pins.bounding_box()
    assert box is not None
    pins.click(position={"x": box["width"] * at[0], "y": box["height"] * at[1]})
    horizontal = page.get_by_label("Vandret placering (0-1000 fra venstre)")
    vertical = page.get_by_label("Lodret placering (0-1000 fra toppen)")
    assert abs(int(horizontal.input_value()) - at[0] * 1000) <= 5
    assert abs(int(vertical.input_value()) - at[1] * 1000) <= 5
    page.get_by_label("Kategori").select_option(label=category)
    page.get_by_label("Hvad").fill(what)
    page.get_by_label("Hvor").fill(where)
    page.get_by_label("Tid på døgnet").select_option(label=time_of_day)
    page.get_by_label("Ugedage").select_option(label=week_pattern)
    page.get_by_role("button", name="Registrér utrygheden").click()
    expect(page.get_by_text("Utrygheden er registreret.")).to_be_visible()


def test_the_police_pin_concerns_the_partner_closes_the_action_and_p1_counts_it(
    sign_in: SignIn, world: World, panel: Panel
) -> None:
    staff = sign_in("staff")
    assert "Ingen data" in _p1_vapnagaard(staff)

    # The police record the meeting held, with who came.
    police = sign_in("police")
    main_menu(police).get_by_role("link", name="Beboerpaneler").click()
    police.get_by_role("link", name=panel.name).click()
    police.get_by_role("link", name="Registrér et møde").click()
    police.get_by_label("Dato").fill(HELD_ON.isoformat())
    expect(police.get_by_label("Boligområde")).to_have_value(str(world.vapnagaard.pk))
    for label, count in [
        ("Beboere", "9"),
        ("Politi", "2"),
        ("Medarbejdere", "1"),
        ("Kommunen", "1"),
        ("Boligorganisationen", "1"),
    ]:
        police.get_by_label(f"{label}:", exact=True).fill(count)
    police.get_by_label("Dagsorden").fill("1. Nyt fra politiet\n2. Utrygge steder")
    police.get_by_role("button", name="Registrér mødet").click()
    expect(police.get_by_text("Mødet er registreret.")).to_be_visible()
    meeting = Meeting.objects.get(held_on=HELD_ON)
    assert (meeting.residents, meeting.police, meeting.attendance) == (9, 2, 14)
    meeting_url = meeting.get_absolute_url()
    expect(police.get_by_role("heading", name="Møde 20.05.2021")).to_be_visible()

    # Two concerns, each pinned by a click on the site plan.
    _raise_concern(
        police,
        at=(0.25, 0.75),
        category="Belysning",
        what="Lampen ved stien er gået.",
        where="Stien ved nr. 12",
        time_of_day="Aften",
        week_pattern="Alle ugens dage",
    )
    police.goto(meeting_url)
    _raise_concern(
        police,
        at=(0.6, 0.3),
        category="Beplantning og oversigtsforhold",
        what="Hækken er så høj, at man ikke kan se, hvem der kommer.",
        where="Hækken ved legepladsen",
        time_of_day="Nat",
        week_pattern="Weekender",
    )
    raised = list(meeting.concerns.order_by("pk"))
    assert [
        (concern.category, concern.time_of_day, concern.week_pattern, concern.raised_on)
        for concern in raised
    ] == [("lighting", "evening", "every_day", HELD_ON), ("planting", "night", "weekends", HELD_ON)]
    for concern, (x, y) in zip(raised, [(250, 750), (600, 300)], strict=True):
        assert concern.site_plan_id is not None
        assert abs((concern.pin_x or 0) - x) <= 5 and abs((concern.pin_y or 0) - y) <= 5

    # The meeting lists both; the estate's plan shows their two pins and lists them.
    police.goto(meeting_url)
    concerns = police.get_by_role("region", name="Utrygheder rejst på mødet")
    expect(concerns.get_by_role("listitem")).to_have_text(
        ["Belysning: Stien ved nr. 12", "Beplantning og oversigtsforhold: Hækken ved legepladsen"]
    )
    police.goto(panel.get_absolute_url())
    police.get_by_role("link", name="Områdekort", exact=True).click()
    police.get_by_role("link", name="Vapnagaard", exact=True).click()
    expect(police.get_by_role("link", name="Nål 1: Belysning, Stien ved nr. 12")).to_have_count(1)
    expect(
        police.get_by_role(
            "link", name="Nål 2: Beplantning og oversigtsforhold, Hækken ved legepladsen"
        )
    ).to_have_count(1)
    expect(police.locator(".site-plan__pin")).to_have_count(2)
    expect(police.locator("ol.site-plan__list > li")).to_have_count(2)

    # An action on the lamp, for the municipality, owned by its partner.
    police.get_by_role("link", name="Se utryghed 1").click()
    police.get_by_role("link", name="Ny handling").click()
    police.get_by_label("Handling:", exact=True).fill(OUR_ACTION)
    police.get_by_label("Ansvarlig part").select_option(label="Kommunen")
    police.get_by_label("Ejer").select_option(label="partner")
    due_on = timezone.localdate() + datetime.timedelta(days=30)
    police.get_by_label("Frist").fill(due_on.isoformat())
    police.get_by_role("button", name="Opret handlingen").click()
    expect(police.get_by_text("Handlingen er oprettet.")).to_be_visible()
    ours = ActionItem.objects.get(description=OUR_ACTION)
    assert (ours.concern_id, ours.party, ours.owner) == (
        raised[0].pk,
        Organisation.MUNICIPALITY,
        world.user("partner"),
    )
    theirs = ActionItem.objects.get(description=POLICE_ACTION)

    # The partner sees that action alone; the police's is unknown to them.
    partner = sign_in("partner")
    main_menu(partner).get_by_role("link", name="Handlinger").click()
    table = partner.get_by_role("table")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table.get_by_role("link")).to_have_text([OUR_ACTION])
    theirs_url = f"/panels/{world.programme.slug}/actions/{theirs.pk}/"
    response = partner.goto(theirs_url)
    assert response is not None and response.status == 404
    partner.go_back()
    table.get_by_role("link", name=OUR_ACTION).click()
    partner.get_by_label("Ny status").select_option(label="Udført")
    partner.get_by_role("button", name="Skift status").click()
    expect(partner.get_by_text("Handlingens status er ændret.")).to_be_visible()
    today = timezone.localdate().strftime("%d.%m.%Y")
    expect(partner.locator(".facts div", has_text="Status").locator("dd")).to_have_text(
        f"Udført {today}"
    )
    ours.refresh_from_db()
    assert (ours.status, ours.closed_on) == (ActionStatus.DONE, timezone.localdate())
    main_menu(partner).get_by_role("link", name="Handlinger").click()
    expect(partner.get_by_role("row", name=OUR_ACTION)).to_contain_text("Udført")

    # P1 counts the meeting for Vapnagaard in 2021.
    assert "1 af 6" in _p1_vapnagaard(staff)

    # The police upload the minutes as a PDF; they may read it.
    police.goto(meeting_url)
    police.get_by_role("link", name="Upload referat").click()
    police.get_by_label("Referat som fil").set_input_files(
        {"name": "referat.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    police.get_by_role("button", name="Upload").click()
    expect(police.get_by_text("Referatet er uploadet.")).to_be_visible()
    link = police.get_by_role("link", name="Hent referatet: referat.pdf (PDF)")
    minutes_url = link.get_attribute("href") or ""
    assert police.request.get(minutes_url).body() == PDF

    # A staff member of another programme: no such file.
    outsider = sign_in("outsider")
    assert world.user("outsider").memberships.get().programme == world.other_programme
    response = outsider.goto(minutes_url)
    assert response is not None and response.status == 404
    assert response.body() != PDF

    # An anonymous visitor: the login page, not the file.
    anonymous = sign_in(None)
    response = anonymous.goto(minutes_url)
    assert response is not None and response.status == 200
    assert "/accounts/login/" in anonymous.url
    assert "text/html" in response.headers["content-type"]
    assert b"%PDF" not in response.body()
    expect(anonymous.get_by_role("button", name="Log ind")).to_be_visible()
