"""Issue 13's whole cycle on a 390 px phone: a resident applies to a grant pool without logging
in and gets a reference number; bad applications are refused in Danish and leave nothing
behind; staff review it, the committee's PDF agenda lists it, it is partly approved, the payout
is recorded, the report back is uploaded, and the activity held counts for F4 on the dashboard.

The seed agreement runs 2018-2021, so the activity takes place in 2021, the year the dashboard
reads (see ``test_event_to_dashboard.py``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import Locator, Page, expect

from conftest import PASSWORD, World, pdf_text
from helhedsplan.events import services as event_services
from helhedsplan.grants import services
from helhedsplan.grants.models import Application, ApplicationContact, Attachment, Pool
from helhedsplan.grants.tests.helpers import EXE, PDF, a_pool
from helhedsplan.grants.views import APPLICATIONS_BY_ADDRESS
from helhedsplan.indicators.demo import create_from_catalogue
from helhedsplan.indicators.tests.helpers import agreement
from helhedsplan.privacy.models import Consent
from tests.browser.conftest import indicator_cell, log_in, open_dashboard

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

YEAR = 2021
MEETING = datetime.date(YEAR, 5, 20)
ACTIVITY = "Sommerfest i gården"


@pytest.fixture
def pool(world: World) -> Pool:
    """Vapnagaard's pool with its frame for the year, a committee meeting held, and the seed
    agreement's indicators (F4 among them)."""
    event_services.event_types_ensure()
    event_services.target_groups_ensure()
    create_from_catalogue(agreement(world))
    pool = a_pool(world.programme, by=world.user("secretariat_head"), estate=world.vapnagaard)
    services.pool_frame_set(pool=pool, year=YEAR, amount=Decimal("20000"))
    services.committee_meeting_add(pool=pool, held_on=MEETING)
    return pool


def _stored() -> tuple[int, int, int, int]:
    return (
        Application.objects.count(),
        ApplicationContact.objects.count(),
        Consent.objects.count(),
        Attachment.objects.count(),
    )


def _fill(page: Page, *, lines: list[tuple[str, str]]) -> None:
    page.get_by_label("Hvem søger?").fill("Gårdlauget")
    page.get_by_label("Kontaktpersonens navn").fill("Gitte Gårdlaug")
    page.get_by_label("E-mail").fill("gitte@example.org")
    page.get_by_label("Boligområde").select_option(label="Vapnagaard")
    page.locator('[name="activity"]').fill(ACTIVITY)
    page.get_by_label("Hvad er formålet?").fill("At naboerne mødes og lærer hinanden at kende.")
    page.get_by_label("Hvem er aktiviteten for?").fill("Alle beboere, børn og voksne")
    page.locator("fieldset", has_text="Samler aktiviteten beboere").get_by_label("Ja").check()
    page.locator('[name="starts_on"]').fill(f"{YEAR}-06-12")
    page.get_by_label("Ansøgt beløb i kroner").fill("1.500")
    for index, (description, amount) in enumerate(lines):
        page.locator(f'[name="lines-{index}-description"]').fill(description)
        page.locator(f'[name="lines-{index}-amount"]').fill(amount)
    page.get_by_label("Jeg giver samtykke til").check()


def _send(page: Page, url: str, *, lines: list[tuple[str, str]], attachment=None) -> None:
    page.goto(url)
    _fill(page, lines=lines)
    if attachment is not None:
        # A 30 MB buffer crosses to the browser slowly on a loaded machine: a bound, not speed.
        page.get_by_label("Bilag (valgfrit)").set_input_files(attachment, timeout=60_000)
    page.get_by_role("button", name="Send ansøgning").click()


def _f4_vapnagaard(page: Page) -> str:
    open_dashboard(page, YEAR)
    return indicator_cell(page, "F4", "Vapnagaard").inner_text()


def _form(page: Page, button: str) -> Locator:
    return page.locator("form", has=page.get_by_role("button", name=button))


def test_an_application_goes_from_a_phone_to_f4_on_the_dashboard(
    phone_page: Page, world: World, pool: Pool
) -> None:
    page = phone_page
    apply_url = f"/grants/apply/{pool.link_key}/"
    good = [("Telt og borde", "800"), ("Mad og drikke", "600"), ("Musik", "100")]

    # Bad applications: each refused in Danish, nothing stored.
    _send(page, apply_url, lines=[("Telt og borde", "800"), ("Mad og drikke", "600")])
    expect(page.get_by_text("De skal give det samme").first).to_be_visible()
    _send(
        page,
        apply_url,
        lines=good,
        attachment={"name": "tilbud.pdf", "mimeType": "application/pdf", "buffer": EXE},
    )
    expect(page.get_by_text("er ikke en PDF, JPEG eller PNG").first).to_be_visible()
    _send(
        page,
        apply_url,
        lines=good,
        attachment={
            "name": "tilbud.pdf",
            "mimeType": "application/pdf",
            "buffer": PDF + b"0" * (30 * 1024 * 1024),
        },
    )
    expect(page.get_by_text("højst fylde 10 MB").first).to_be_visible()
    assert _stored() == (0, 0, 0, 0)

    # The resident's own application, on the phone, with no login.
    _send(page, apply_url, lines=good)
    expect(page.get_by_role("heading", name="Tak for jeres ansøgning")).to_be_visible()
    application = Application.objects.get()
    expect(page.get_by_text(application.reference)).to_be_visible()
    assert application.mixed_group
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # A flood from the same address: what is left of the hour's allowance, then refusals.
    page.goto(apply_url)
    token = page.locator('[name="csrfmiddlewaretoken"]').first.input_value()
    form = {
        "csrfmiddlewaretoken": token,
        "applicant_group": "Robotten",
        "contact_name": "Robot",
        "contact_email": "robot@example.org",
        "estate": str(world.vapnagaard.pk),
        "activity": "Spam",
        "purpose": "Spam",
        "target_group": "Spam",
        "starts_on": f"{YEAR}-06-12",
        "amount_requested": "100",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "20",
        "lines-0-description": "Spam",
        "lines-0-amount": "100",
        "consent-consent": "on",
    }
    statuses = [
        page.request.post(apply_url, multipart=form, max_redirects=0).status for _ in range(100)
    ]
    left = APPLICATIONS_BY_ADDRESS.requests - 4  # four submissions were counted above
    assert statuses == [302] * left + [429] * (100 - left)
    refused = page.request.post(apply_url, multipart=form, max_redirects=0)
    assert "for mange ansøgninger fra denne forbindelse" in refused.text()
    assert Application.objects.filter(activity="Spam").count() == left
    Application.objects.filter(activity="Spam").delete()

    # Staff: the dashboard before, then the review and the committee's agenda.
    log_in(page, "staff", PASSWORD)
    assert "Ingen data" in _f4_vapnagaard(page)
    page.goto(pool.get_absolute_url())
    page.get_by_role("link", name=application.reference).click()
    review = _form(page, "Gem, og sæt under behandling")
    review.get_by_label("Noter fra behandlingen").fill("Budgettet er rimeligt.")
    review.get_by_label("Ja, den er komplet").check()
    review.get_by_role("button", name="Gem, og sæt under behandling").click()
    expect(page.get_by_text("Behandlingen er gemt.")).to_be_visible()
    place = _form(page, "Gem mødet")
    place.get_by_label("Udvalgsmøde").select_option(label="20.05.2021")
    place.get_by_role("button", name="Gem mødet").click()
    agenda = page.get_by_role("link", name="Dagsorden (PDF)")
    text = pdf_text(page.request.get(agenda.get_attribute("href") or "").body())
    assert application.reference in text
    assert ACTIVITY in text and "1.500,00 kr." in text

    # The committee partly approves it; the payout and the report back follow.
    decide = _form(page, "Registrér afgørelsen")
    decide.get_by_label("Delvist bevilget").check()
    decide.get_by_label("Bevilget beløb").fill("1.200")
    decide.get_by_label("Begrundelse").fill("Udvalget støtter ikke musikken.")
    decide.get_by_role("button", name="Registrér afgørelsen").click()
    expect(page.get_by_text("1.200,00\N{NO-BREAK SPACE}kr.").first).to_be_visible()
    payout = _form(page, "Registrér udbetalingen")
    payout.get_by_label("Udbetalt den").fill(f"{YEAR}-05-27")
    payout.get_by_label("Udbetalt beløb").fill("1.200")
    payout.get_by_role("button", name="Registrér udbetalingen").click()
    expect(page.get_by_role("heading", name="Afrapportering")).to_be_visible()
    report = _form(page, "Registrér afrapporteringen")
    report.get_by_label("Deltagere, der bor i boligområdet").fill("42")
    report.get_by_label("Deltagere, der ikke bor i boligområdet").fill("6")
    report.get_by_label("Kort evaluering").fill("Mange nye ansigter. Vi gør det igen.")
    report.get_by_label("Kvitteringer").set_input_files(
        {"name": "kvitteringer.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    report.get_by_role("button", name="Registrér afrapporteringen").click()
    expect(page.get_by_role("link", name="kvitteringer.pdf")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    application.refresh_from_db()
    assert application.status == "reported"
    assert application.event is not None and application.event.participants_total == 48
    assert "1 af 4" in _f4_vapnagaard(page)
