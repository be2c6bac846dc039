"""Issue 15's "done when" on a 390 px phone: a resident scans the QR code of the poster in the
counselling office, answers in Danish, a second resident answers in English on their own
phone, and the first phone is refused a second answer. The QR code is read from the poster
PDF itself, as a phone's camera would read it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from urllib.parse import urlsplit

import cv2
import numpy as np
import pypdfium2
import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from conftest import PASSWORD, World
from helhedsplan.surveys.models import Answer, Channel, Response, Wave
from helhedsplan.surveys.tests.helpers import a_questionnaire, a_wave
from tests.browser.conftest import PHONE, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HELPED = "Jeg fik den hjælp, jeg havde brug for."
NAVIGATE = "Jeg er blevet bedre til at navigere i kommunens system."


@pytest.fixture
def wave(world: World) -> Wave:
    today = timezone.localdate()
    return a_wave(
        a_questionnaire(world.programme),
        world.vapnagaard,
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=30),
    )


@pytest.fixture
def second_phone(browser: Browser, live_server) -> Iterator[BrowserContext]:
    """Another resident's phone: a browser of its own, with no cookie of the first."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


def _poster_link(page: Page, world: World, wave: Wave) -> str:
    """The answer page's address, read from the QR code of the poster PDF staff print."""
    log_in(page, "staff", PASSWORD)
    poster = page.request.get(f"/surveys/{world.programme.slug}/waves/{wave.pk}/poster.pdf")
    assert poster.ok and poster.headers["content-type"] == "application/pdf"
    document = pypdfium2.PdfDocument(poster.body())
    picture = document[0].render(scale=200 / 72, grayscale=True).to_numpy()
    grey = picture if picture.ndim == 2 else cv2.cvtColor(picture, cv2.COLOR_BGR2GRAY)
    text, _points, _code = cv2.QRCodeDetector().detectAndDecode(np.ascontiguousarray(grey))
    assert text, "the poster's QR code could not be read"
    page.context.clear_cookies()
    return urlsplit(text).path


def test_residents_answer_by_the_posters_qr_code_once_per_phone(
    phone_page: Page, second_phone: BrowserContext, world: World, wave: Wave
) -> None:
    link = _poster_link(phone_page, world, wave)
    assert link == f"/surveys/answer/{wave.link_key}/"

    # The first resident, in Danish.
    page = phone_page
    page.goto(link)
    expect(page.get_by_role("heading", name="Hverdagsrådgivningen")).to_be_visible()
    page.get_by_role("group", name=f"1. {HELPED}").get_by_label("Enig", exact=True).check()
    page.get_by_role("group", name=f"2. {NAVIGATE}").get_by_label("Helt enig", exact=True).check()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="Send svarene").click()
    expect(page.get_by_role("heading", name="Tak for dine svar")).to_be_visible()

    # A second resident, on their own phone, chooses English.
    other = second_phone.new_page()
    other.goto(link)
    other.get_by_role("link", name="English").click()
    expect(other.get_by_role("heading", name="The everyday counselling")).to_be_visible()
    other.get_by_role("group", name="1. I got the help I needed.").get_by_label(
        "Disagree", exact=True
    ).check()
    other.get_by_role("button", name="Send the answers").click()
    expect(other.get_by_role("heading", name="Thank you for your answers")).to_be_visible()

    # The first phone again: it has answered in this wave.
    page.goto(link)
    expect(page.get_by_text("Der er allerede svaret fra denne enhed")).to_be_visible()
    expect(page.get_by_role("button", name="Send svarene")).to_have_count(0)

    responses = Response.objects.filter(wave=wave).order_by("pk")
    assert [(r.channel, r.language) for r in responses] == [
        (Channel.WEB, "da"),
        (Channel.WEB, "en"),
    ]
    # Two devices, told apart only by hashes that name no one.
    assert len({r.device for r in responses}) == 2
    assert all(len(r.device) == 64 for r in responses)
    assert sorted(Answer.objects.filter(response__wave=wave).values_list("value", flat=True)) == [
        2,
        4,
        5,
    ]
