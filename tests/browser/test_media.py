from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

from conftest import PASSWORD, World
from helhedsplan.events import services as event_services
from helhedsplan.events.tests.factories import an_event
from helhedsplan.media.models import PressMention, Tone, ToneSource
from helhedsplan.media.tests.factories import a_mention, an_outlet
from tests.browser.conftest import log_in, main_menu

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

SERIOUS = {"serious", "critical"}
KULTURHUS_ICS = Path(__file__).parents[2] / "src/helhedsplan/events/tests/data/kulturhus.ics"


def _serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


def test_staff_register_a_press_mention_of_an_event_on_a_phone(
    phone_page: Page, world: World
) -> None:
    # The event types come from a data migration, which an earlier transactional test's
    # emptying of the database has undone.
    event_services.event_types_ensure()
    event = an_event(world)
    an_outlet(world)
    page = phone_page
    log_in(page, "staff", PASSWORD)
    main_menu(page).get_by_role("link", name="Presse").click()
    page.get_by_role("link", name="Ny presseomtale").click()

    page.get_by_label("Udgivet").fill("2019-03-14")
    page.get_by_label("Medie").select_option(label="Helsingør Dagblad")
    page.get_by_label("Overskrift").fill("Temaaften om boligstøtte trak fuldt hus i Vapnagaard")
    # Exact: the finder above the form ("Arrangementernes år") names events too.
    page.get_by_label("Arrangement:", exact=True).select_option(label=f"12.03.2019 · {event.title}")
    expect(page.get_by_label("Vapnagaard")).to_be_checked()
    violations = _serious_violations(page)
    page.get_by_role("button", name="Foreslå tone").click()

    expect(page.get_by_role("heading", name="Foreslået tone: positiv")).to_be_visible()
    expect(page.get_by_text("fuldt hus (+2)")).to_be_visible()
    expect(page.get_by_role("radio", name="Positiv")).to_be_checked()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    violations += _serious_violations(page)
    page.get_by_role("radio", name="Neutral").check()
    page.get_by_role("button", name="Gem presseomtale").click()

    expect(
        page.get_by_role("heading", name="Temaaften om boligstøtte trak fuldt hus i Vapnagaard")
    ).to_be_visible()
    expect(page.get_by_text("Neutral (forslaget tilsidesat)")).to_be_visible()
    expect(page.get_by_role("link", name=event.title)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    violations += _serious_violations(page)
    assert violations == []

    mention = PressMention.objects.get()
    assert (mention.tone, mention.suggested_tone) == (Tone.NEUTRAL, Tone.POSITIVE)
    assert mention.tone_source == ToneSource.OVERRIDDEN
    assert list(mention.events.all()) == [event]


def test_no_serious_accessibility_violations_on_the_press_pages(
    phone_page: Page, world: World
) -> None:
    event_services.event_types_ensure()
    event = an_event(world)
    mention = a_mention(world)
    a_mention(world, headline="Bilbrand i Vapnagaard natten til lørdag", tone=Tone.NEUTRAL)
    slug = world.programme.slug
    urls = [
        reverse("media:mention_list", kwargs={"slug": slug}),
        reverse("media:mention_list", kwargs={"slug": slug}) + "?year=x&tone=y",
        reverse("media:mention_detail", kwargs={"slug": slug, "mention_id": mention.pk}),
        reverse("media:mention_update", kwargs={"slug": slug, "mention_id": mention.pk}),
        reverse("media:mention_delete_confirm", kwargs={"slug": slug, "mention_id": mention.pk}),
        reverse("media:tone_accuracy", kwargs={"slug": slug}),
        reverse("lists:list", kwargs={"kind": "outlets", "slug": slug}),
        reverse("events:detail", kwargs={"event_id": event.pk}),
        reverse("events:kulturhus_import"),
    ]
    page = phone_page
    log_in(page, "administrator", PASSWORD)
    violations = []
    for url in urls:
        page.goto(url)
        violations += _serious_violations(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
    page.goto(reverse("events:kulturhus_import"))
    page.get_by_label("Kulturhus Syds bookingkalender (.ics eller .csv)").set_input_files(
        str(KULTURHUS_ICS)
    )
    page.get_by_role("button", name="Læs filen").click()
    expect(page.get_by_role("heading", name="Kontrollér importen")).to_be_visible()
    violations += _serious_violations(page)
    page.get_by_role("button", name="Gem bookingerne").click()
    expect(page.get_by_text("4 nye, 0 ændrede og 0 uændrede")).to_be_visible()
    assert violations == []
