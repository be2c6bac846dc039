"""Issue 12, part 1, on a phone: a staff member registers a volunteer with consent, the
secretariat head erases them, and nothing of them is left in the database."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, World
from helhedsplan.privacy.tests.database_search import tables_containing
from helhedsplan.volunteers.models import Volunteer
from helhedsplan.volunteers.tests.helpers import consent_text
from tests.browser.conftest import log_in, main_menu

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

NAME, PHONE, EMAIL = "Ingeborg Ildsjæl", "87654321", "ingeborg.ildsjael@example.org"


def test_staff_register_a_volunteer_and_the_head_erases_them(
    phone_page: Page, world: World
) -> None:
    consent_text(world.programme, world.user("secretariat_head"))
    page = phone_page
    log_in(page, "staff", PASSWORD)
    main_menu(page).get_by_role("link", name="Frivillige").click()
    page.get_by_role("link", name="Ny frivillig").click()
    expect(page.get_by_text("Jeg giver samtykke til")).to_be_visible()
    page.get_by_label("Navn").fill(NAME)
    page.get_by_label("Telefon").fill(PHONE)
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Boligområde").select_option(label="Vapnagaard")
    page.get_by_label("Fødselsår").fill("2001")
    page.get_by_label("Slags frivilligt arbejde").select_option(label="Klub")
    page.get_by_label("Mundtligt, personligt").check()
    page.get_by_role("button", name="Registrér frivillig").click()

    expect(page.get_by_role("heading", name=NAME)).to_be_visible()
    expect(page.get_by_text("Den frivillige er registreret med samtykke.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert tables_containing(PHONE)

    page.context.clear_cookies()
    log_in(page, "secretariat_head", PASSWORD)
    volunteer = Volunteer.objects.get()
    page.goto(volunteer.get_absolute_url())
    page.get_by_role("link", name="Slet den frivillige").click()
    page.get_by_role("button", name="Ja, slet personen").click()

    expect(page.get_by_text("Personen og alle oplysninger om personen er slettet.")).to_be_visible()
    for secret in (NAME, PHONE, EMAIL):
        assert tables_containing(secret) == [], secret
