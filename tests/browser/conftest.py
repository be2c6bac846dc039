"""Playwright on Debian's Chromium against pytest-django's live server.

Playwright's own browser download does not work on these machines, so the tests launch the
system Chromium; a missing Chromium fails the run instead of skipping it. The live server
needs committed data, so the tests are transactional, and a transactional test empties the
database when it ends: a test that needs the rows the migrations made (the event types and
target groups the indicators count) ensures them first. Django's ``serialized_rollback``
cannot restore them here: Playwright's event loop gives the test a connection of its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

# Playwright's sync API runs an event loop in the test thread; Django's ORM must be allowed
# to run next to it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    if not executable.exists():
        pytest.fail(f"Chromium is missing at {executable}: install Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser: Browser, live_server) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url,
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="da-DK",
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def log_in(page: Page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(signed_in)


def signed_in(url: str) -> bool:
    """Whether the browser has left the login page: the address of the page before would
    match a pattern such as "**/" at once, before the login is sent."""
    return "/accounts/login/" not in url


def main_menu(page: Page, name: str = "Hovedmenu") -> Locator:
    """The main menu, opened first where it is folded behind the "Menu" button (a phone)."""
    toggle = page.locator(".site-menu-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
    return page.get_by_role("navigation", name=name)


def open_dashboard(page: Page, year: int, agreement: str = "Tryghed og trivsel") -> None:
    """The agreement's dashboard for the year, waited for: the table is read only once the
    page for that year has replaced the one before it."""
    page.goto("/indicators/")
    page.get_by_role("link", name=agreement).click()
    page.get_by_label("År").select_option(str(year))
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("heading", name=f"Indikatorer {year}: {agreement}")).to_be_visible()


def indicator_cell(page: Page, code: str, estate: str | None = None) -> Locator:
    """The cell of an indicator's row on the open dashboard: the estate's column, or the one
    for all estates."""
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=code, exact=True))
    # The criterion is the row's header; its first cell names the indicator.
    if estate is None:
        return row.get_by_role("cell").nth(1)
    estates = page.get_by_role("columnheader").all_inner_texts()[2:]
    return row.get_by_role("cell").nth(1 + estates.index(estate))
