"""Issue 12's "Done when", in one flow on a phone: a staff member registers a volunteer with
consent, logs a week's hours for a group, issues a card whose QR check page says "gyldigt",
issues a certificate whose PDF says what it should; the volunteer opens their personal link
and logs an hour; the secretariat head erases the volunteer, and the database search finds
nothing of them."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD, World, pdf_text
from helhedsplan.privacy.tests.database_search import tables_containing
from helhedsplan.volunteers import services
from helhedsplan.volunteers.models import HourEntry, Volunteer, VolunteerCard
from helhedsplan.volunteers.tests.helpers import a_volunteer, consent_text
from tests.browser.conftest import log_in, main_menu

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

NAME, PHONE, EMAIL = "Ingeborg Ildsjæl", "87654321", "ingeborg.ildsjael@example.org"
TASK = "Lektiecafé, tirsdage"
# Last week's hours for the new volunteer, Monday to Thursday: 22,5 hours, over the 20 a
# certificate requires.
HOURS = {"mandag": "5,5", "tirsdag": "5,5", "onsdag": "5,5", "torsdag": "6"}


def test_a_volunteer_from_consent_to_certificate_to_erasure(
    phone_page: Page, browser: Browser, world: World
) -> None:
    head = world.user("secretariat_head")
    head.first_name, head.last_name = "Lise", "Sekretariatsleder"
    head.save()
    consent_text(world.programme, head)
    services.certificate_rules_set(
        programme=world.programme, minimum_hours=Decimal(20), signer=head, changed_by=head
    )
    staff = world.user("staff")
    a_volunteer(world.programme, world.vapnagaard, by=staff, name="Otto Udefra")
    task = services.task_register(
        programme=world.programme,
        estate=world.vapnagaard,
        name=TASK,
        activity=None,
        event=None,
        started_on=datetime.date(2025, 1, 1),
    )
    services.task_assign(task=task, volunteer=Volunteer.objects.get(name="Otto Udefra"))

    # A staff member registers the volunteer with consent.
    page = phone_page
    log_in(page, "staff", PASSWORD)
    main_menu(page).get_by_role("link", name="Frivillige").click()
    page.get_by_role("link", name="Ny frivillig").click()
    page.get_by_label("Navn").fill(NAME)
    page.get_by_label("Telefon").fill(PHONE)
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Boligområde").select_option(label="Vapnagaard")
    page.get_by_label("Fødselsår").fill("2003")
    page.get_by_label("Slags frivilligt arbejde").select_option(label="Ad hoc")
    # Started two weeks ago: last week's hours lie within their period.
    started = timezone.localdate() - datetime.timedelta(days=14)
    page.get_by_label("Startet").fill(f"{started:%Y-%m-%d}")
    page.get_by_label("Mundtligt, personligt").check()
    page.get_by_role("button", name="Registrér frivillig").click()
    expect(page.get_by_text("Den frivillige er registreret med samtykke.")).to_be_visible()
    volunteer = Volunteer.objects.get(name=NAME)

    # Puts them on the group's task and logs last week's hours for the group on one sheet.
    page.goto(task.get_absolute_url())
    page.get_by_label(re.compile(r"^Frivillig\b")).select_option(label=NAME)
    page.get_by_role("button", name="Sæt på opgaven").click()
    expect(page.get_by_text("Den frivillige er sat på opgaven.")).to_be_visible()
    last_week = timezone.localdate() - datetime.timedelta(days=7)
    year, week, _ = last_week.isocalendar()
    monday = datetime.date.fromisocalendar(year, week, 1)
    period = f"{monday:%d.%m.%Y} {{}} {monday + datetime.timedelta(days=3):%d.%m.%Y}"
    page.goto(reverse("volunteers:week_sheet", args=[world.programme.slug, task.pk, year, week]))
    for day, hours in HOURS.items():
        page.get_by_label(re.compile(rf"^{NAME}, {day}")).fill(hours)
    page.get_by_label(re.compile(r"^Otto Udefra, mandag")).fill("2")
    page.get_by_role("button", name="Gem ugen").click()
    expect(page.get_by_text("Ugen er gemt: 5 nye, 0 ændrede, 0 slettede.")).to_be_visible()

    # Issues a card; its QR code's page says "gyldigt" and the first name, to anyone.
    page.goto(volunteer.get_absolute_url())
    page.get_by_role("button", name="Udsted kort").click()
    expect(page.get_by_text(re.compile(r"Gyldigt kort, udstedt"))).to_be_visible()
    card = VolunteerCard.objects.get(volunteer=volunteer)
    scanner = browser.new_context(viewport={"width": 360, "height": 740}, locale="da-DK")
    check = scanner.new_page()
    check.set_default_timeout(10_000)
    site = re.match(r"https?://[^/]+", page.url)
    assert site is not None
    check.goto(site.group(0) + reverse("volunteers:card_check", args=[card.token]))
    expect(check.get_by_role("heading", name="Gyldigt")).to_be_visible()
    expect(check.get_by_text(f"Ingeborg er frivillig i {world.programme.name}.")).to_be_visible()
    assert "Ildsjæl" not in check.content() and PHONE not in check.content()
    # The page's language switch posts past the CSRF check.
    check.get_by_label("Sprog").select_option(label="English")
    check.get_by_role("button", name="Skift sprog").click()
    expect(check.get_by_role("heading", name="Valid")).to_be_visible()
    scanner.close()

    # Issues a certificate: 22,5 hours, over the minimum of 20, signed by the head.
    page.get_by_role("link", name="Udsted frivilligbevis").click()
    page.get_by_label("Kompetencer brugt").fill("Lektiehjælp og samarbejde med børn")
    page.get_by_role("button", name="Udsted frivilligbevis").click()
    for language, link, expectations in (
        ("da", "Dansk (PDF)", ["Frivilligbevis", "Timer i alt 22,5", period.format("til")]),
        ("en", "Engelsk (PDF)", ["Volunteer certificate", "Total hours 22.5", period.format("to")]),
    ):
        document = page.request.get(page.get_by_role("link", name=link).get_attribute("href"))
        assert document.headers["content-type"] == "application/pdf", language
        text = pdf_text(document.body())
        signer = "Lise Sekretariatsleder " + ("Sekretariatsleder" if language == "da" else "Head")
        for expected in [*expectations, NAME, TASK, "Lektiehjælp", signer]:
            assert expected in text, (language, expected, text)

    # Shows the personal link; the volunteer opens it on their own phone and logs an hour.
    page.get_by_role("button", name="Udsted link").click()
    url = page.locator(".personal-link-url a").inner_text()
    own_phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="da-DK")
    own = own_phone.new_page()
    own.set_default_timeout(10_000)
    own.goto(url)
    expect(own.get_by_role("heading", name=f"Hej {NAME}")).to_be_visible()
    own.get_by_role("link", name="Skriv timer").first.click()
    own.get_by_label("Opgave").select_option(label=TASK)
    own.get_by_label("Timer").fill("1")
    own.get_by_role("button", name="Gem timerne").click()
    expect(own.get_by_text("Dine timer er gemt.")).to_be_visible()
    own_phone.close()
    assert HourEntry.objects.filter(volunteer=volunteer).count() == 5
    own_entry = HourEntry.objects.get(volunteer=volunteer, logged_by_volunteer=True)
    assert (own_entry.day, own_entry.hours) == (timezone.localdate(), Decimal(1))

    # The secretariat head erases the volunteer: nothing of them is left anywhere.
    for secret in (NAME, PHONE, EMAIL):
        assert tables_containing(secret), secret
    page.context.clear_cookies()
    log_in(page, "secretariat_head", PASSWORD)
    page.goto(volunteer.get_absolute_url())
    page.get_by_role("link", name="Slet den frivillige").click()
    page.get_by_role("button", name="Ja, slet personen").click()
    expect(page.get_by_text("Personen og alle oplysninger om personen er slettet.")).to_be_visible()
    for secret in (NAME, PHONE, EMAIL):
        assert tables_containing(secret) == [], secret
    assert not HourEntry.objects.filter(volunteer_id=volunteer.pk).exists()
    assert HourEntry.objects.filter(volunteer__name="Otto Udefra").count() == 1
