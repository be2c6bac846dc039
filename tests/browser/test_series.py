"""The secretariat head imports a year of statistics and sees the estates against each other."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from conftest import PASSWORD, World
from helhedsplan.series.models import Observation
from helhedsplan.series.tests.factories import safety_series
from tests.browser.conftest import log_in, main_menu

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

SERIOUS = {"serious", "critical"}
CSV = (
    "\ufeffserie;boligområde;periode;værdi\n"
    "tryghed;Nøjsomhed;2016;59,2\n"
    "tryghed;Vapnagaard;2016;59,9\n"
    "tryghed;Nøjsomhed;2018;60,4\n"
    "tryghed;Vapnagaard;2018;60,2\n"
    "tryghed;kommune;2018;75,0\n"
)


def serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


def test_the_secretariat_head_imports_a_csv_and_sees_the_series_chart(
    page: Page, world: World
) -> None:
    safety_series(world)
    # The secretariat keeps the statistics (issue 10, item 9: no longer staff).
    log_in(page, "secretariat_head", PASSWORD)
    main_menu(page).get_by_role("link", name="Statistik").click()
    page.get_by_role("link", name="Importér tal").click()
    assert serious_violations(page) == []

    page.get_by_label("Fil (.csv eller .xlsx)").set_input_files(
        files=[{"name": "tryghed.csv", "mimeType": "text/csv", "buffer": CSV.encode()}]
    )
    page.get_by_role("button", name="Læs filen").click()
    expect(page.get_by_role("heading", name="Kontrollér importen")).to_be_visible()
    expect(page.get_by_text("5 nye målinger, 0 ændres og 0 er uændrede.")).to_be_visible()
    assert not Observation.objects.exists()
    assert serious_violations(page) == []

    page.get_by_role("button", name="Gem målingerne").click()
    expect(page.get_by_role("status")).to_contain_text("5 nye")
    assert Observation.objects.count() == 5

    page.get_by_role("link", name="Trygge beboere").click()
    chart = page.get_by_role("img", name="Trygge beboere")
    expect(chart).to_be_visible()
    expect(chart.locator("desc")).to_contain_text("Vapnagaard: 2016 59,9")
    table = page.get_by_role("table", name="Tal pr. periode")
    expect(table.get_by_role("columnheader", name="Helsingør Kommune")).to_be_visible()
    expect(table.get_by_role("cell", name="75,0 %")).to_be_visible()
    assert serious_violations(page) == []


# The height of a plain button of the site, with the same text, in the page's own main column.
NORMAL_BUTTON_HEIGHT = """() => {
  const probe = document.createElement("button");
  probe.className = "button";
  probe.textContent = "Læs filen";
  document.querySelector("main").append(probe);
  const height = probe.getBoundingClientRect().height;
  probe.remove();
  return height;
}"""


def test_the_import_button_is_as_high_as_a_normal_button_at_desktop_width(
    page: Page, world: World
) -> None:
    safety_series(world)
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, "secretariat_head", PASSWORD)
    page.goto(f"/series/{world.programme.slug}/import/")

    button = page.get_by_role("button", name="Læs filen").bounding_box()
    normal = page.evaluate(NORMAL_BUTTON_HEIGHT)

    # The format guide beside the form is far taller; the form's button keeps its own height.
    assert normal < 60
    assert button is not None and button["height"] == pytest.approx(normal, abs=1)
