"""Everyday use on a phone and with forms: the whole menu in reach at 360 px, the dashboard's
statuses on the screen, and a refused form that says so where it is seen."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD, ROLE_USERS, World
from helhedsplan.events import services as event_services
from helhedsplan.events.models import EventTypeCode
from helhedsplan.indicators.demo import create_from_catalogue
from helhedsplan.indicators.models import Indicator
from helhedsplan.indicators.tests.helpers import agreement, event, local
from helhedsplan.media.tests.factories import an_outlet
from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

NARROWEST = {"width": 360, "height": 740}
EVERYONE = sorted({*ROLE_USERS, "outsider", "superuser"})

# The boxes of the elements that stay in place while the page scrolls (the save bar).
STICKY_BOXES = """() => [...document.querySelectorAll('body *')]
  .filter(e => ['sticky', 'fixed'].includes(getComputedStyle(e).position))
  .map(e => e.getBoundingClientRect())
  .map(r => ({top: r.top, bottom: r.bottom, left: r.left, right: r.right}))"""


def _phone(browser: Browser, live_server) -> Page:
    context = browser.new_context(base_url=live_server.url, viewport=NARROWEST, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def _inside_the_screen(box: dict | None) -> bool:
    return (
        box is not None
        and box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= NARROWEST["width"]
        and box["y"] + box["height"] <= NARROWEST["height"]
    )


def test_every_menu_item_of_every_role_is_in_reach_at_360_px(
    browser: Browser, live_server, world: World
) -> None:
    unreachable = []
    for who in EVERYONE:
        page = _phone(browser, live_server)
        log_in(page, who, PASSWORD)
        toggle = page.get_by_role("button", name="Menu")
        expect(toggle).to_have_attribute("aria-expanded", "false")
        navigation = page.get_by_role("navigation", name="Hovedmenu")
        expect(navigation).to_be_hidden()

        toggle.click()

        expect(toggle).to_have_attribute("aria-expanded", "true")
        links = navigation.get_by_role("link")
        assert links.count() == navigation.locator("li").count() >= 1
        for link in links.all():
            link.scroll_into_view_if_needed()
            cut_off = link.evaluate("e => e.scrollWidth > e.clientWidth")
            if not _inside_the_screen(link.bounding_box()) or cut_off:
                unreachable.append(f"{who}: {link.inner_text()} {link.bounding_box()}")
        log_out = page.get_by_role("button", name=f"Log ud ({who})")
        log_out.scroll_into_view_if_needed()
        if not _inside_the_screen(log_out.bounding_box()):
            unreachable.append(f"{who}: log out {log_out.bounding_box()}")
        assert page.evaluate("document.documentElement.scrollWidth") <= NARROWEST["width"]
        page.context.close()
    assert unreachable == []


def test_the_phone_menu_opens_and_closes_from_the_keyboard(
    browser: Browser, live_server, world: World
) -> None:
    page = _phone(browser, live_server)
    log_in(page, "administrator", PASSWORD)
    toggle = page.get_by_role("button", name="Menu")
    toggle.focus()

    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Forside")).to_be_focused()

    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    expect(page.get_by_role("navigation", name="Hovedmenu")).to_be_hidden()
    page.context.close()


@pytest.fixture
def catalogue(world: World) -> None:
    """The seed agreement with the catalogue's indicators and a year of cultural events."""
    event_services.event_types_ensure()
    create_from_catalogue(agreement(world))
    for month in (3, 5, 9):
        event(world, EventTypeCode.CULTURAL, local(2019, month, 4, 14), [world.vapnagaard])
    event(world, EventTypeCode.CULTURAL, local(2019, 4, 4, 14), [world.nojsomhed])


def test_every_status_of_the_dashboard_and_the_years_is_on_a_phone_screen(
    browser: Browser, live_server, world: World, catalogue
) -> None:
    page = _phone(browser, live_server)
    log_in(page, "board", PASSWORD)
    the_agreement = agreement(world)
    cultural = Indicator.objects.get(agreement=the_agreement, code="K1")
    off_screen = []
    # (the page, how many statuses it shows at least): every criterion, every indicator's
    # years, and one indicator's years per estate.
    for url, least in (
        (
            reverse("indicators:dashboard", kwargs={"agreement_id": the_agreement.pk})
            + "?year=2019",
            19,
        ),
        (reverse("indicators:years", kwargs={"agreement_id": the_agreement.pk}), 19),
        (reverse("indicators:detail", kwargs={"indicator_id": cultural.pk}), 8),
    ):
        page.goto(url)
        statuses = page.locator(".indicator-grid .indicator-status")
        assert statuses.count() >= least, url
        for status in statuses.all():
            box = status.bounding_box()
            if box is None or box["x"] < 0 or box["x"] + box["width"] > NARROWEST["width"]:
                off_screen.append(f"{url}: {status.inner_text()} {box}")
        grid = page.locator(".table-wrap").first
        assert grid.evaluate("e => e.scrollWidth <= e.clientWidth"), url
        assert page.evaluate("document.documentElement.scrollWidth") <= NARROWEST["width"]
    assert off_screen == []

    # Each status says which estate it is for, where the column heading is out of sight.
    page.goto(
        reverse("indicators:dashboard", kwargs={"agreement_id": the_agreement.pk}) + "?year=2019"
    )
    k1 = page.get_by_role("row").filter(has_text="Kulturelle arrangementer").first
    assert "Vapnagaard" in k1.evaluate(
        "row => [...row.querySelectorAll('td')].map("
        "td => getComputedStyle(td, '::before').content).join(' ')"
    )
    page.context.close()


def _the_busiest_forms(world: World) -> list[tuple[str, str, str]]:
    """(who, the empty form's address, its submit button) for the busiest forms."""
    slug = world.programme.slug
    return [
        ("staff", reverse("counselling:inquiry_create", kwargs={"slug": slug}), "Gem"),
        ("staff", reverse("events:create"), "Gem arrangement"),
        ("staff", reverse("media:mention_create", kwargs={"slug": slug}), "Foreslå tone"),
        ("administrator", reverse("agreements:import"), "Læs filen"),
        ("administrator", reverse("accounts:user_create"), "Opret bruger"),
    ]


def _clear_of_sticky(page: Page, box: dict | None) -> bool:
    if box is None:
        return False
    bottom, right = box["y"] + box["height"], box["x"] + box["width"]
    return all(
        bottom <= sticky["top"]
        or box["y"] >= sticky["bottom"]
        or right <= sticky["left"]
        or box["x"] >= sticky["right"]
        for sticky in page.evaluate(STICKY_BOXES)
    )


def test_an_empty_submit_of_the_busiest_forms_is_summed_up_where_it_is_seen(
    browser: Browser, live_server, world: World
) -> None:
    event_services.event_types_ensure()
    an_outlet(world)
    problems = []
    for who, url, button in _the_busiest_forms(world):
        page = _phone(browser, live_server)
        log_in(page, who, PASSWORD)
        page.goto(url)
        page.get_by_role("button", name=button, exact=True).click()

        summary = page.locator("[data-error-summary]")
        expect(summary).to_be_focused()
        expect(summary.get_by_role("heading", name="Noget skal rettes")).to_be_visible()
        box = summary.bounding_box()
        if not _inside_the_screen(box) or not _clear_of_sticky(page, box):
            problems.append(f"{url}: the summary is out of sight {box}")
        links = summary.get_by_role("link")
        assert links.count() >= 1, url
        for link in links.all():
            target = link.get_attribute("href").removeprefix("#")
            link.click()
            focused = page.evaluate("document.activeElement.id")
            if focused != target:
                problems.append(f"{url}: {link.inner_text()} moved the focus to {focused!r}")
                continue
            control = page.locator(f"#{target}")
            message = page.locator(f"[id='{target.removesuffix('_0')}_error']")
            for name, element in (("field", control), ("message", message)):
                box = element.bounding_box()
                in_view = box is not None and 0 <= box["y"] <= NARROWEST["height"] - box["height"]
                if not in_view or not _clear_of_sticky(page, box):
                    problems.append(f"{url}: {link.inner_text()}: the {name} is hidden {box}")
        page.context.close()
    assert problems == []
