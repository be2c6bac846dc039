"""Issue 15's keyboard entry: staff key in a paper form without touching the mouse. Typed
keys and Tab move through the fields, Enter saves, and the page comes back with the next
sheet number and the cursor in the first answer, ready for the next form."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD, World
from helhedsplan.surveys.models import Channel, Response
from helhedsplan.surveys.tests.helpers import a_questionnaire, a_wave
from tests.browser.conftest import signed_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_staff_key_in_a_paper_form_with_the_keyboard_only(page: Page, world: World) -> None:
    today = timezone.localdate()
    wave = a_wave(
        a_questionnaire(world.programme),
        world.vapnagaard,
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=30),
    )
    # Logging in by keyboard too: typed into the fields, sent with Enter.
    page.goto("/accounts/login/")
    page.get_by_label("Brugernavn").fill("staff")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(signed_in)

    page.goto(reverse("surveys:paper_entry", args=[world.programme.slug, wave.pk]))
    # The cursor waits in the batch field of a new pile.
    expect(page.get_by_label("Bunke")).to_be_focused()
    page.keyboard.type("B3")
    page.keyboard.press("Tab")
    # Tabbing into the proposed sheet number selects it: typing replaces it.
    page.keyboard.type("12")
    page.keyboard.press("Tab")  # the language: Danish, as proposed
    page.keyboard.press("Tab")
    page.keyboard.type("4")  # 1. scale
    page.keyboard.press("Tab")
    page.keyboard.type("5")  # 2. scale
    page.keyboard.press("Tab")
    page.keyboard.type("j")  # 3. yes/no: j for ja
    page.keyboard.press("Tab")
    page.keyboard.type("Tak")  # 4. free text
    page.keyboard.press("Tab")
    page.keyboard.type("2")  # 5. single choice: "Et opslag"
    page.keyboard.press("Enter")

    expect(page.get_by_text("Skema 12 i bunke B3 er gemt.")).to_be_visible()
    expect(page.get_by_label("Skema nr.")).to_have_value("13")
    expect(page.get_by_label("Bunke")).to_have_value("B3")
    expect(page.get_by_label("1. Jeg fik den hjælp, jeg havde brug for.")).to_be_focused()

    response = Response.objects.get()
    assert (response.channel, response.batch, response.sheet) == (Channel.PAPER, "B3", 12)
    assert [
        (answer.question.position, answer.value, answer.text)
        for answer in response.answers.order_by("question__position")
    ] == [(1, 4, ""), (2, 5, ""), (3, 1, ""), (4, None, "Tak"), (5, 2, "")]

    # The next sheet: straight on from the first answer, the number proposed kept.
    page.keyboard.type("2")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Skema 13 i bunke B3 er gemt.")).to_be_visible()
    assert list(Response.objects.order_by("sheet").values_list("sheet", flat=True)) == [12, 13]
