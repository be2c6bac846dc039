"""Two-factor sign-in in Chromium on a 360-pixel phone: set up an authenticator app from "Min
konto" with the key the page shows, then sign in with a code computed from that key, as the
app would. Each page of the flow passes axe and fits the width."""

from __future__ import annotations

from base64 import b32decode

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import totp  # type: ignore[import-untyped]
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD, World
from tests.browser.conftest import log_in
from tests.browser.test_accessibility import NARROWEST

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _problems(page: Page, axe: Axe) -> list[str]:
    violations = axe.run(page).response["violations"]
    problems = [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']}"
        for v in violations
        if v["impact"] in {"serious", "critical"}
    ]
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > NARROWEST["width"]:
        problems.append(f"{page.url}: {width} px wide at 360 px")
    return problems


def _code(key: bytes, *, steps_ahead: int = 0) -> str:
    return f"{totp(key, drift=steps_ahead):06d}"


def test_set_up_an_authenticator_and_sign_in_with_it(
    browser: Browser, live_server, world: World
) -> None:
    axe = Axe()
    problems: list[str] = []
    context = browser.new_context(base_url=live_server.url, viewport=NARROWEST, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, "staff", PASSWORD)

    page.goto("/accounts/me/")
    page.get_by_role("link", name="Sæt totrinsbekræftelse op").click()
    page.get_by_role("button", name="Sæt godkendelsesapp op").click()
    expect(page.locator("svg.qr-code")).to_be_visible()
    problems += _problems(page, axe)
    key = b32decode(page.locator("#secret").inner_text().replace(" ", ""))
    page.get_by_label("Kode").fill(_code(key))
    page.get_by_role("button", name="Bekræft og slå til").click()
    expect(page.get_by_role("heading", name="Dine gendannelseskoder")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    problems += _problems(page, axe)
    context.close()

    # Signing in again, in a fresh browser: the password, then the app's code (the next
    # step's, since the code that confirmed the app cannot be used twice).
    context = browser.new_context(base_url=live_server.url, viewport=NARROWEST, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/accounts/login/")
    page.get_by_label("Brugernavn").fill("staff")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url("**/accounts/login/code/")
    problems += _problems(page, axe)
    page.get_by_label("Kode").fill(_code(key, steps_ahead=1))
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(f"{live_server.url}/")
    # Logged in: the menu (folded at this width) offers to log out.
    expect(page.locator(".site-tools button")).to_have_text("Log ud (staff)")
    context.close()
    assert problems == [], "\n".join(problems)
