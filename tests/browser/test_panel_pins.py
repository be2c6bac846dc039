"""A concern's pin placed by a click on the estate's site plan (issue 14, part 2): the
click fills the two number fields the form also takes by hand, and the concern's page draws
the pin where it was put."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page

from conftest import PASSWORD, World
from helhedsplan.panels.models import Concern
from helhedsplan.panels.tests.helpers import a_meeting, a_panel, a_site_plan
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_police_pin_a_concern_by_clicking_the_plan(page: Page, world: World) -> None:
    meeting = a_meeting(
        a_panel(world.programme, world.vapnagaard),
        datetime.date(2020, 3, 10),
        by=world.user("police"),
    )
    plan = a_site_plan(world.vapnagaard, by=world.user("police"), size=(800, 400))
    log_in(page, "police", PASSWORD)
    page.goto(meeting.get_absolute_url())
    page.get_by_role("link", name="Registrér en utryghed").click()
    pins = page.locator(".site-plan__pins")
    box = pins.bounding_box()
    assert box is not None
    # A quarter from the left, three quarters down.
    pins.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    horizontal = page.get_by_label("Vandret placering (0-1000 fra venstre)")
    vertical = page.get_by_label("Lodret placering (0-1000 fra toppen)")
    assert abs(int(horizontal.input_value()) - 250) <= 5
    assert abs(int(vertical.input_value()) - 750) <= 5
    # Typed by hand, the pin follows; what is typed is what is saved.
    horizontal.fill("300")
    assert "translate(240 " in (page.locator(".site-plan__chosen").get_attribute("transform") or "")
    page.get_by_label("Kategori").select_option("lighting")
    page.get_by_label("Hvad").fill("Lampen ved stien er gået.")
    page.get_by_label("Hvor").fill("Stien ved nr. 12")
    page.get_by_role("button", name="Registrér utrygheden").click()
    page.wait_for_url("**/concerns/*/")
    concern = Concern.objects.get()
    assert (concern.site_plan_id, concern.pin_x) == (plan.pk, 300)
    assert abs((concern.pin_y or 0) - 750) <= 5
    pin = page.get_by_role("link", name="Nål 1: Belysning, Stien ved nr. 12")
    assert pin.count() == 1
    assert page.locator(".site-plan__map img").evaluate("image => image.naturalWidth") == 800
