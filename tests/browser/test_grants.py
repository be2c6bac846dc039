"""Issue 13, part 1, on a phone: a resident applies to a grant pool without logging in, adds
a budget line without JavaScript, is refused while the lines do not add up, and gets a
reference number; staff find the application in the pool's list."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, World
from helhedsplan.grants.models import Application
from helhedsplan.grants.tests.helpers import a_pool
from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _line(page: Page, index: int, description: str, amount: str) -> None:
    page.locator(f'[name="lines-{index}-description"]').fill(description)
    page.locator(f'[name="lines-{index}-amount"]').fill(amount)


def test_a_resident_applies_on_a_phone_and_staff_find_it(phone_page: Page, world: World) -> None:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    page = phone_page
    page.goto(f"/grants/apply/{pool.link_key}/")
    expect(page.get_by_role("heading", name="Søg penge til jeres aktivitet")).to_be_visible()
    page.get_by_label("Hvem søger?").fill("Strikkeklubben")
    page.get_by_label("Kontaktpersonens navn").fill("Karen Kontakt")
    page.get_by_label("E-mail").fill("karen@example.org")
    page.get_by_label("Boligområde").select_option(label="Vapnagaard")
    page.locator('[name="activity"]').fill("Strikkecafé")
    page.get_by_label("Hvad er formålet?").fill("At mødes på tværs af opgangene.")
    page.get_by_label("Hvem er aktiviteten for?").fill("Alle beboere")
    page.locator('[name="starts_on"]').fill("2026-06-01")
    page.get_by_label("Ansøgt beløb i kroner").fill("1.234,50")
    _line(page, 0, "Garn", "1.000")
    _line(page, 1, "Kaffe", "100")
    _line(page, 2, "Kage", "100")
    # One more line, without JavaScript: the page comes back with what was written.
    page.get_by_role("button", name="Tilføj en budgetlinje").click()
    expect(page.locator('[name="lines-3-amount"]')).to_be_visible()
    expect(page.locator('[name="lines-0-description"]')).to_have_value("Garn")
    _line(page, 3, "Plakater", "50")
    page.get_by_label("Jeg giver samtykke til").check()
    page.get_by_role("button", name="Send ansøgning").click()

    expect(page.get_by_text("De skal give det samme")).to_have_count(2)  # summary and field
    assert not Application.objects.exists()
    page.locator('[name="lines-3-amount"]').fill("34,50")
    page.get_by_label("Jeg giver samtykke til").check()
    page.get_by_role("button", name="Send ansøgning").click()

    expect(page.get_by_role("heading", name="Tak for jeres ansøgning")).to_be_visible()
    application = Application.objects.get()
    expect(page.get_by_text(application.reference)).to_be_visible()
    expect(page.get_by_text("1.234,50\N{NO-BREAK SPACE}kr.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert [line.description for line in application.lines.all()] == [
        "Garn",
        "Kaffe",
        "Kage",
        "Plakater",
    ]

    log_in(page, "staff", PASSWORD)
    page.goto(pool.get_absolute_url())
    page.get_by_role("link", name=application.reference).click()
    expect(page.get_by_text("Karen Kontakt")).to_be_visible()
