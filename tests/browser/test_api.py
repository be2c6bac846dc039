"""The API seen in a browser: its docs page works under the application's strict
Content-Security-Policy (nothing from other hosts, no inline script), and a person makes an
API token on Min konto on a phone."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD, World
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROWEST = {"width": 360, "height": 740}


def test_the_docs_page_shows_every_operation_under_the_csp(
    page: Page, live_server, world: World
) -> None:
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((live_server.url, "data:"))
            else None
        ),
    )
    page.goto("/api/v1/docs")
    expect(page.locator(".opblock").first).to_be_visible()
    assert page.locator(".opblock").count() >= 15
    assert refused == []
    assert outside == []


def test_a_person_makes_a_token_on_a_phone(browser: Browser, live_server, world: World) -> None:
    context = browser.new_context(base_url=live_server.url, viewport=NARROWEST, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, "staff", PASSWORD)
    page.goto("/accounts/me/")
    page.get_by_label("Navn:", exact=True).fill("Intranettet")
    page.get_by_label("Læse og skrive").check()
    page.get_by_label("Helsingør Syd").check()
    page.get_by_role("button", name="Lav API-nøgle").click()
    secret = page.get_by_label("Nøgle", exact=True)
    expect(secret).to_have_value(re.compile(r"^hp_"))
    violations = Axe().run(page).response["violations"]
    assert [v["id"] for v in violations if v["impact"] in {"serious", "critical"}] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROWEST["width"]
    context.close()
