from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

from conftest import PASSWORD, World
from helhedsplan.core.lists.services import list_entry_create
from helhedsplan.events import services
from helhedsplan.events.models import Venue
from helhedsplan.events.tests.factories import an_event
from tests.browser.conftest import log_in, main_menu

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

SERIOUS = {"serious", "critical"}


@pytest.fixture(autouse=True)
def _event_types(world: World) -> None:
    # The event types come from a data migration, which an earlier transactional test's
    # emptying of the database has undone.
    services.event_types_ensure()


def test_staff_register_a_theme_evening_on_a_phone(phone_page: Page, world: World) -> None:
    page = phone_page
    log_in(page, "staff", PASSWORD)
    main_menu(page).get_by_role("link", name="Arrangementer").click()
    page.get_by_role("link", name="Ny temaaften").click()

    page.get_by_label("Dato").fill("2019-03-12")
    expect(page.get_by_label("Vapnagaard")).to_be_checked()
    page.get_by_label("Nøjsomhed").check()
    page.get_by_label("Emne").fill("Boligstøtte – sådan søger du")
    page.get_by_label("Deltagere, beboere:", exact=True).fill("18")
    page.get_by_label("Deltagere, ikke-beboere:", exact=True).fill("2")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Gem temaaften").click()

    expect(page.get_by_role("heading", name="Boligstøtte – sådan søger du")).to_be_visible()
    expect(page.get_by_text("Afholdt").first).to_be_visible()
    page.get_by_role("link", name="Alle arrangementer").click()
    expect(page.get_by_role("link", name="Boligstøtte – sådan søger du")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def _serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


def test_no_serious_accessibility_violations_on_the_event_pages(
    phone_page: Page, world: World
) -> None:
    page = phone_page
    event_id = an_event(world).pk
    for name in ("Beboerhuset", "Kulturhus Syd"):
        list_entry_create(model=Venue, programme=world.programme, name=name)
    urls = [
        reverse("events:list"),
        reverse("events:list") + "?year=1&type=x",
        reverse("events:create"),
        reverse("events:theme_evening_create"),
        reverse("events:detail", kwargs={"event_id": event_id}),
        reverse("events:update", kwargs={"event_id": event_id}),
        reverse("events:delete_confirm", kwargs={"event_id": event_id}),
        reverse("events:calendar", kwargs={"estate_id": world.vapnagaard.pk}),
        reverse("lists:index"),
        reverse("lists:list", kwargs={"kind": "event-types"}),
        reverse("lists:list", kwargs={"kind": "venues", "slug": world.programme.slug}),
        reverse("events:theme_evenings", kwargs={"slug": world.programme.slug}),
    ]
    log_in(page, "administrator", PASSWORD)
    violations = []
    for url in urls:
        page.goto(url)
        violations += _serious_violations(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
    page.goto(reverse("events:create"))
    page.get_by_role("button", name="Gem arrangement").click()
    violations += _serious_violations(page)
    main_menu(page)
    page.get_by_role("button", name="Log ud (administrator)").click()
    log_in(page, "superuser", PASSWORD)
    for url in [reverse("events:create"), reverse("lists:list", kwargs={"kind": "event-types"})]:
        page.goto(url)
        violations += _serious_violations(page)
    assert violations == []


def test_event_pages_break_no_csp_rule(page: Page, world: World) -> None:
    problems: list[str] = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    log_in(page, "administrator", PASSWORD)
    for url in [reverse("events:create"), reverse("lists:index")]:
        page.goto(url)
    assert problems == []
