"""Issue 12, part 1, on a phone: a staff member registers a volunteer with consent, the
secretariat head erases them, and nothing of them is left in the database."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD, World
from helhedsplan.privacy.tests.database_search import tables_containing
from helhedsplan.volunteers import services as volunteer_services
from helhedsplan.volunteers.models import HourEntry, Volunteer
from helhedsplan.volunteers.tests.helpers import a_volunteer, consent_text
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


def test_staff_set_up_a_task_and_log_a_groups_week_on_a_phone(
    phone_page: Page, world: World
) -> None:
    """Issue 12, part 2: a task, a group on it, and the week's hours typed with the keyboard,
    a refused cell named by volunteer and day, then the week saved in one go."""
    staff = world.user("staff")
    for name, estate in (("Frida Frivillig", world.vapnagaard), ("Otto Udefra", None)):
        a_volunteer(world.programme, estate, by=staff, name=name)
    page = phone_page
    log_in(page, "staff", PASSWORD)
    main_menu(page).get_by_role("link", name="Frivillige").click()
    page.get_by_role("link", name="Opgaver og timer").click()
    page.get_by_role("link", name="Ny opgave").click()
    page.get_by_label(re.compile(r"^Opgave\b")).fill("Lektiecafé, tirsdage")
    page.get_by_label("Boligområde").select_option(label="Vapnagaard")
    page.get_by_label("Startet").fill("2025-01-01")
    page.get_by_role("button", name="Opret opgave").click()
    expect(page.get_by_role("heading", name="Lektiecafé, tirsdage")).to_be_visible()
    for name in ("Frida Frivillig", "Otto Udefra"):
        page.get_by_label(re.compile(r"^Frivillig\b")).select_option(label=name)
        page.get_by_role("button", name="Sæt på opgaven").click()
        expect(page.get_by_text("Den frivillige er sat på opgaven.")).to_be_visible()

    page.get_by_role("link", name="Registrér ugens timer").click()
    expect(page.get_by_role("heading", name=re.compile(r"uge \d+, \d{4}"))).to_be_visible()
    frida_monday = page.get_by_label(re.compile(r"^Frida Frivillig, mandag"))
    frida_monday.click()
    page.keyboard.type("1,5")
    # The keyboard walks a volunteer's week day by day: Tab reaches Tuesday next.
    page.keyboard.press("Tab")
    expect(page.get_by_label(re.compile(r"^Frida Frivillig, tirsdag"))).to_be_focused()
    page.get_by_label(re.compile(r"^Otto Udefra, mandag")).fill("to")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Gem ugen").click()

    summary = page.locator(".error-summary")
    expect(summary).to_contain_text(re.compile(r"Otto Udefra, mandag [^:]+: Skriv timerne"))
    assert not HourEntry.objects.exists()
    summary.get_by_role("link").click()
    expect(page.get_by_label(re.compile(r"^Otto Udefra, mandag"))).to_be_focused()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("2")
    page.get_by_role("button", name="Gem ugen").click()

    expect(page.get_by_text("Ugen er gemt: 2 nye, 0 ændrede, 0 slettede.")).to_be_visible()
    expect(frida_monday).to_have_value("1,5")
    assert sorted(HourEntry.objects.values_list("volunteer__name", "hours")) == [
        ("Frida Frivillig", Decimal("1.5")),
        ("Otto Udefra", Decimal("2")),
    ]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_staff_issue_a_personal_link_and_the_volunteer_logs_an_hour_through_it(
    phone_page: Page, browser: Browser, world: World
) -> None:
    """Issue 12, part 3: the staff member shows the link once (text and QR code); the
    volunteer opens it on their own phone, with no login, logs an hour and sees it."""
    staff = world.user("staff")
    volunteer = a_volunteer(world.programme, world.vapnagaard, by=staff, name="Frida Frivillig")
    task = volunteer_services.task_register(
        programme=world.programme,
        estate=world.vapnagaard,
        name="Lektiecafé, tirsdage",
        activity=None,
        event=None,
        started_on=datetime.date(2025, 1, 1),
    )
    volunteer_services.task_assign(task=task, volunteer=volunteer)
    page = phone_page
    log_in(page, "staff", PASSWORD)
    page.goto(volunteer.get_absolute_url())
    page.get_by_role("button", name="Udsted link").click()
    expect(page.get_by_role("heading", name="Personligt link")).to_be_visible()
    expect(page.locator("svg.qr-code")).to_be_visible()
    url = page.locator(".personal-link-url a").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="da-DK")
    own = context.new_page()
    own.set_default_timeout(10_000)
    own.goto(url)
    expect(own.get_by_role("heading", name="Hej Frida Frivillig")).to_be_visible()
    own.get_by_role("link", name="Skriv timer").first.click()
    own.get_by_label("Opgave").select_option(label="Lektiecafé, tirsdage")
    own.get_by_label("Timer").fill("1,5")
    assert own.evaluate("document.documentElement.scrollWidth") <= 360
    own.get_by_role("button", name="Gem timerne").click()
    expect(own.get_by_text("Dine timer er gemt.")).to_be_visible()
    latest = own.get_by_role("table", name="Dine seneste timer")
    expect(latest).to_contain_text("Lektiecafé, tirsdage")
    expect(latest).to_contain_text("1,5")
    assert own.evaluate("document.documentElement.scrollWidth") <= 360
    # The site's language switch works on the link's pages too (its POST passes CSRF).
    own.get_by_label("Sprog").select_option(label="English")
    own.get_by_role("button", name="Skift sprog").click()
    expect(own.get_by_role("heading", name="Hello Frida Frivillig")).to_be_visible()
    context.close()
    entry = HourEntry.objects.get()
    assert (entry.hours, entry.logged_by_volunteer, entry.day) == (
        Decimal("1.5"),
        True,
        timezone.localdate(),
    )
