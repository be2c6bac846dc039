"""Every page of the role matrix, opened by a superuser in Chromium: no serious or critical
axe-core violation, and nothing wider than a 360-pixel phone."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from conftest import PASSWORD, World
from helhedsplan.events import services as event_services
from tests.browser.conftest import log_in
from tests.test_role_matrix import ROUTES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

NARROWEST = {"width": 360, "height": 740}
# Findings a page has by design. The office tablet's thanks page returns to an empty form by
# itself (issue 15): the timed refresh is the page's purpose, and its button starts at once.
BY_DESIGN = {("surveys:kiosk_thanks", "meta-refresh")}
# The elements that stick out on the right, outside the regions meant to scroll sideways.
STICKING_OUT = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .filter(e => !e.closest('.table-wrap'))
  .slice(0, 3)
  .map(e => `${e.tagName.toLowerCase()}.${e.className}: ${e.textContent.trim().slice(0, 40)}`)"""


def test_every_page_is_accessible_and_fits_a_phone(
    browser: Browser, live_server, world: World
) -> None:
    event_services.event_types_ensure()
    event_services.target_groups_ensure()
    context = browser.new_context(base_url=live_server.url, viewport=NARROWEST, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, "superuser", PASSWORD)
    axe = Axe()
    problems: list[str] = []
    pages = 0
    for route in ROUTES:
        url = route.url(world)
        answer = page.request.get(url)
        if not answer.headers.get("content-type", "").startswith("text/html"):
            continue  # downloads: Word, Excel, PDF, iCal
        page.goto(url)
        pages += 1
        violations = axe.run(page).response["violations"]
        problems += [
            f"{route.name}: {v['id']} ({v['impact']}): {v['help']}"
            for v in violations
            if v["impact"] in {"serious", "critical"} and (route.name, v["id"]) not in BY_DESIGN
        ]
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROWEST["width"]:
            culprits = "; ".join(page.evaluate(STICKING_OUT))
            problems.append(f"{route.name}: {width} px wide at 360 px ({culprits})")
    context.close()
    assert pages > 40
    assert problems == [], "\n".join(problems)
