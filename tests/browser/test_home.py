"""A field worker starts the day on a phone: the home page's big buttons lead to the
registrations, and what they registered comes back with "Ret" while it may be corrected.
Every role's home page, with each of its parts filled, is accessible on the narrowest phone."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD, World
from helhedsplan.agreements import services as agreement_services
from helhedsplan.agreements.demo import seed_bytes
from helhedsplan.agreements.importer import parse_docx
from helhedsplan.agreements.tests.factories import seed_agreement
from helhedsplan.core import services as core_services
from helhedsplan.counselling.tests.helpers import register
from helhedsplan.events import queries as event_queries
from helhedsplan.events import services as event_services
from helhedsplan.events.models import EventStatus, EventTypeCode
from helhedsplan.indicators import services as indicator_services
from helhedsplan.indicators.services import TargetSpec
from helhedsplan.indicators.tests.helpers import event, indicator
from helhedsplan.media.tests.factories import a_mention
from helhedsplan.series import services as series_services
from helhedsplan.series import staged_import as series_import
from tests.browser.conftest import PHONE, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

BUTTONS = ["Ny henvendelse", "Nyt arrangement", "Ny presseomtale"]
NARROWEST = {"width": 360, "height": 740}
# Each role, and lines that only its parts show when they are filled.
PARTS = {
    "staff": ("Vapnagaard: Boligstøtte", "Glemt temaaften", "Ret"),
    "secretariat_head": ("I risiko eller ikke nået", "K1 Kulturelle arrangementer", "tryghed.csv"),
    "administrator": ("K1 Kulturelle arrangementer", "tryghed.csv", "Huller i data"),
    "board": ("på et øjeblik", "Gennemse og godkend", "Før:"),
    "working_group": ("Det kan du foreslå", "K1 Kulturelle arrangementer", "på vej"),
    "police": ("Her kommer beboerpanelet",),
}
# A thumb's target: at least this many CSS pixels high.
TAP_HEIGHT = 44


def test_a_field_worker_reaches_every_registration_from_big_buttons_on_a_phone(
    phone_page: Page, world: World
) -> None:
    page = phone_page
    log_in(page, "staff", PASSWORD)

    for name in BUTTONS:
        button = page.get_by_role("link", name=name, exact=True)
        expect(button).to_be_visible()
        box = button.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], name
        assert box["height"] >= TAP_HEIGHT, name
        # Wide enough to hit with a thumb: the buttons fill the column.
        assert box["width"] >= PHONE["width"] / 2, name
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    serious = [
        v["id"]
        for v in Axe().run(page).response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == []

    page.get_by_role("link", name="Ny henvendelse", exact=True).click()
    expect(page.get_by_role("heading", name="Registrér henvendelse")).to_be_visible()
    page.get_by_label("Boligstøtte").check()
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Henvendelsen er gemt")

    page.goto("/")
    registration = page.locator(".home-registrations li").first
    expect(registration).to_contain_text("Vapnagaard: Boligstøtte")
    registration.get_by_role("link", name="Ret").click()
    expect(page.get_by_label("Boligstøtte")).to_be_checked()

    page.goto("/")
    page.get_by_role("link", name="Nyt arrangement", exact=True).click()
    expect(page.get_by_role("heading", name="Nyt arrangement")).to_be_visible()
    page.goto("/")
    page.get_by_role("link", name="Ny presseomtale", exact=True).click()
    expect(page.get_by_role("heading", name="Ny presseomtale")).to_be_visible()


UPLOAD = "serie;boligområde;periode;værdi\ntryghed;Vapnagaard;2016;59,2\n"


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _every_part_filled(world: World) -> None:
    """A follow-up of the seed agreement running this year, with a criterion at risk or not
    met and one on track, a closed last year whose figure moved since, a version awaiting
    the board, an upload waiting, and the staff member's registrations and gaps."""
    today = timezone.localdate()
    first, last = datetime.date(today.year - 1, 1, 1), datetime.date(today.year + 2, 12, 31)
    world.programme.period_end = last
    world.programme.save(update_fields=["period_end"])
    the_agreement = seed_agreement(world.programme)
    seed = parse_docx(seed_bytes())
    follow_up = agreement_services.agreement_import(
        programme=world.programme,
        document=replace(seed, period_start=first, period_end=last, warnings=[]),
        estates=world.programme.estates.all(),
        user=None,
        source_sha256=agreement_services.source_fingerprint(b"follow-up"),
    )
    agreement_services.version_approve(version=follow_up, user=None, in_force_from=first)
    indicator(
        world,
        "A3.1",
        code="K1",
        name="Kulturelle arrangementer",
        kind="count",
        source="events.event",
        source_filter={"type": EventTypeCode.CULTURAL, "status": EventStatus.HELD},
        targets=[TargetSpec(Decimal(9), world.vapnagaard), TargetSpec(Decimal(1), world.nojsomhed)],
    )
    event(
        world, EventTypeCode.CULTURAL, _at(datetime.date(today.year, 1, 5), 14), [world.nojsomhed]
    )
    indicator_services.period_lock(agreement=the_agreement, year=first.year, today=today)
    # Registered after the board closed last year.
    event(world, EventTypeCode.CULTURAL, _at(first, 14), [world.vapnagaard], title="Koncert")
    head = world.user("secretariat_head")
    draft = agreement_services.version_start_draft(agreement=the_agreement, user=head)
    agreement_services.version_propose(version=draft, user=head)
    series_services.series_ensure(
        programme=world.programme,
        code="tryghed",
        name="Trygge beboere",
        unit="percent",
        source="Politiets Tryghedsindeks",
        granularity="year",
    )
    core_services.staged_import_stage(
        owner=head,
        kind=series_import.KIND,
        upload=SimpleUploadedFile("tryghed.csv", UPLOAD.encode()),
        target={"programme": world.programme.pk},
    )
    staff = world.user("staff")
    register(world.vapnagaard, ["Boligstøtte"], by=staff)
    a_mention(world, published_on=today, headline="Fællesspisning samlede 80")
    event_services.event_create(
        programme=world.programme,
        type=event_queries.event_type_by_code(EventTypeCode.THEME_EVENING),
        title="Glemt temaaften",
        starts_at=_at(today - datetime.timedelta(days=3), 17),
        estates=[world.vapnagaard],
        created_by=staff,
    )


def test_every_role_s_home_page_is_accessible_and_fits_the_narrowest_phone(
    browser: Browser, live_server, world: World
) -> None:
    event_services.event_types_ensure()
    event_services.target_groups_ensure()
    _every_part_filled(world)
    axe = Axe()
    problems: list[str] = []
    for name, lines in PARTS.items():
        context = browser.new_context(base_url=live_server.url, viewport=NARROWEST, locale="da-DK")
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, name, PASSWORD)
        for line in lines:
            expect(page.locator("main")).to_contain_text(line)
        problems += [
            f"{name}: {v['id']} ({v['impact']}): {v['help']}"
            for v in axe.run(page).response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROWEST["width"]:
            problems.append(f"{name}: {width} px wide at 360 px")
        context.close()
    assert problems == [], "\n".join(problems)
