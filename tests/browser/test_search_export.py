"""Search a list and download what it shows; subscribe a calendar app to one's calendars."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD, World
from helhedsplan.events import services
from helhedsplan.events.models import EventType, EventTypeCode
from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

NARROWEST = {"width": 360, "height": 740}


@pytest.fixture
def narrow_page(browser: Browser, live_server) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url, viewport=NARROWEST, locale="da-DK", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _events(world: World, *titles: str, days_ahead: int = -400) -> None:
    services.event_types_ensure()
    for title in titles:
        services.event_create(
            programme=world.programme,
            type=EventType.objects.get(code=EventTypeCode.THEME_EVENING),
            title=title,
            starts_at=timezone.now() + datetime.timedelta(days=days_ahead),
            estates=[world.vapnagaard],
            created_by=world.user("staff"),
        )


def _serious(page: Page) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_a_search_is_kept_in_the_address_and_in_the_download(
    narrow_page: Page, world: World
) -> None:
    page = narrow_page
    _events(world, "Åbent hus i gården", "Lektiecafé", '=HYPERLINK("http://x","y")')
    log_in(page, "board", PASSWORD)
    page.goto("/events/")
    page.get_by_label("Søg").fill("åbent")
    page.get_by_role("button", name="Filtrér").click()
    expect(page.get_by_text("1 arrangement", exact=True)).to_be_visible()
    assert "q=%C3%A5bent" in page.url
    expect(page.get_by_label("Søg")).to_have_value("åbent")
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROWEST["width"]
    assert _serious(page) == []

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Excel (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename == "arrangementer.xlsx"
    sheet = load_workbook(io.BytesIO(download.path().read_bytes())).active
    titles = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == ["Åbent hus i gården"]

    page.get_by_label("Søg").fill("")
    page.get_by_role("button", name="Filtrér").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV (semikolon, UTF-8)").click()
    text = download_info.value.path().read_bytes().decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_a_calendar_app_subscribes_with_the_secret_address_until_it_is_deleted(
    browser: Browser, narrow_page: Page, world: World
) -> None:
    page = narrow_page
    _events(world, "Fællesspisning", days_ahead=7)
    log_in(page, "staff", PASSWORD)
    page.get_by_role("link", name="Min konto og kalenderabonnement").click()
    page.get_by_role("button", name="Lav kalenderadresser").click()
    address = page.get_by_label("Arrangementer i Vapnagaard")
    expect(address).to_be_visible()
    url = address.input_value()
    assert "/feeds/" in url and url.endswith(".ics")
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROWEST["width"]
    assert _serious(page) == []

    calendar_app = browser.new_context()  # no cookies: the address alone opens the feed
    feed = calendar_app.request.get(url)
    assert feed.status == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    assert "Fællesspisning" in feed.text()

    page.goto("/accounts/me/")
    page.get_by_role("button", name="Slet kalenderadresserne").click()
    expect(page.get_by_text("Dine kalenderadresser er slettet")).to_be_visible()
    assert calendar_app.request.get(url).status == 404
    calendar_app.close()
