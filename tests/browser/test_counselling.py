"""A staff member registers inquiries on a phone during a busy drop-in hour."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from conftest import PASSWORD, World
from helhedsplan.counselling.models import Channel, Inquiry
from tests.browser.conftest import log_in, main_menu

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

SERIOUS = {"serious", "critical"}
# The promise of the form: a typical inquiry takes at most three interactions beyond the
# defaults (a topic, a place it was bridged to, save).
MAX_INTERACTIONS = 3


def serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


def test_staff_register_inquiries_in_three_taps_on_a_phone(phone_page: Page, world: World) -> None:
    page = phone_page
    log_in(page, "staff", PASSWORD)
    main_menu(page).get_by_role("link", name="Rådgivning").click()
    expect(page.get_by_role("heading", name="Registrér henvendelse")).to_be_visible()
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    interactions = 0
    page.get_by_label("Boligstøtte").check()
    interactions += 1
    page.get_by_label("Borgerservice").check()
    interactions += 1
    page.get_by_role("button", name="Gem og registrér en mere som denne").click()
    interactions += 1
    assert interactions <= MAX_INTERACTIONS
    expect(page.get_by_role("status")).to_contain_text("Henvendelsen er gemt")

    # The next resident came with the same errand: the choices are kept, one tap saves it.
    expect(page.get_by_label("Boligstøtte")).to_be_checked()
    expect(page.get_by_label("Borgerservice")).to_be_checked()
    expect(page.get_by_label("Vapnagaard")).to_be_checked()
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Henvendelsen er gemt")
    expect(page.get_by_label("Boligstøtte")).not_to_be_checked()
    assert serious_violations(page) == []

    inquiries = list(Inquiry.objects.all())
    assert len(inquiries) == 2
    for inquiry in inquiries:
        assert inquiry.estate == world.vapnagaard
        assert inquiry.channel == Channel.DROP_IN
        assert [t.name for t in inquiry.topics.all()] == ["Boligstøtte"]
        assert [r.name for r in inquiry.bridged_to.all()] == ["Borgerservice"]


def test_a_note_with_an_email_address_is_refused_on_the_phone(
    phone_page: Page, world: World
) -> None:
    page = phone_page
    log_in(page, "staff", PASSWORD)
    page.goto(f"/counselling/{world.programme.slug}/new/")
    page.get_by_label("Kost").check()
    page.get_by_text("Flere oplysninger").click()
    page.get_by_label("Kort note").fill("skriv til a@b.dk")
    page.get_by_role("button", name="Gem", exact=True).click()
    # Beside the field, as well as in the summary at the top.
    expect(
        page.locator(".field").get_by_text("Noten ser ud til at indeholde en e-mailadresse")
    ).to_be_visible()
    assert not Inquiry.objects.exists()
    assert serious_violations(page) == []
