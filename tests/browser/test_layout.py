from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

from conftest import PASSWORD, World
from tests.browser.conftest import log_in, main_menu

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

SERIOUS = {"serious", "critical"}


def test_staff_logs_in_on_a_phone_in_danish_and_switches_to_english(
    phone_page: Page, world: World
) -> None:
    page = phone_page
    log_in(page, "administrator", PASSWORD)
    navigation = main_menu(page)
    expect(navigation.get_by_role("link", name="Forside")).to_be_visible()
    expect(navigation.get_by_role("link", name="Brugere")).to_be_visible()
    expect(navigation.get_by_role("link", name="Revisionsspor")).to_be_visible()
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_label("Sprog").select_option("en")
    page.get_by_role("button", name="Skift sprog").click()
    navigation = main_menu(page, "Main menu")
    expect(navigation.get_by_role("link", name="Home")).to_be_visible()
    expect(navigation.get_by_role("link", name="Users")).to_be_visible()
    expect(navigation.get_by_role("link", name="Audit trail")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_each_role_sees_its_own_navigation(page: Page, world: World) -> None:
    log_in(page, "board", PASSWORD)
    navigation = page.get_by_role("navigation", name="Hovedmenu")
    expect(navigation.get_by_role("link", name="Helsingør Syd")).to_be_visible()
    expect(navigation.get_by_role("link", name="Brugere")).to_have_count(0)


def _serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


def test_no_serious_accessibility_violations_on_any_page(page: Page, world: World) -> None:
    public = [
        reverse("accounts:login"),
        reverse("accounts:password_reset"),
        reverse("accounts:password_reset_sent"),
    ]
    signed_in = [
        reverse("home"),
        reverse("programmes:detail", kwargs={"slug": world.programme.slug}),
        reverse("accounts:user_list"),
        reverse("accounts:user_create"),
        reverse("accounts:user_detail", kwargs={"user_id": world.user("staff").pk}),
        reverse("accounts:password_change"),
        reverse("audit:trail"),
        "/no-such-page/",
    ]
    violations = []
    for url in public:
        page.goto(url)
        violations += _serious_violations(page)
    log_in(page, "superuser", PASSWORD)
    for url in signed_in:
        page.goto(url)
        violations += _serious_violations(page)
    assert violations == []


def test_pages_load_nothing_from_other_hosts_and_break_no_csp_rule(
    page: Page, world: World, live_server
) -> None:
    requested: list[str] = []
    problems: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    log_in(page, "administrator", PASSWORD)
    page.goto(reverse("accounts:user_create"))
    assert requested
    assert all(url.startswith(live_server.url) for url in requested), requested
    assert problems == []
