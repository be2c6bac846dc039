"""The budget page, its forms and export, and who reaches them."""

from __future__ import annotations

import io

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from conftest import World
from helhedsplan.budget.models import BudgetEntry, StaffReport
from helhedsplan.budget.tests.helpers import an_agreement


def _url(name: str, agreement_id: int, **more: int) -> str:
    return reverse(f"budget:{name}", kwargs={"agreement_id": agreement_id, **more})


def test_the_head_enters_a_year_and_the_page_flags_the_line_over_budget(
    client: Client, world: World
) -> None:
    agreement = an_agreement(world.programme)
    client.force_login(world.user("secretariat_head"))
    form = client.get(_url("year", agreement.pk, year=2020))
    assert "Landsbyggefonden: budget 2020 (kr.)" in form.content.decode()
    response = client.post(
        _url("year", agreement.pk, year=2020),
        {"planned_0": "", "spent_0": "120000,50", "planned_1": "50000", "spent_1": "20000"},
    )
    assert response.status_code == 302
    entry = BudgetEntry.objects.get(line="Landsbyggefonden", year=2020)
    assert (entry.planned, str(entry.spent)) == (None, "120000.50")
    assert entry.updated_by == world.user("secretariat_head")
    page = client.get(_url("detail", agreement.pk)).content.decode()
    assert page.count("Over budget") == 1
    assert "120,0\u00a0%" in page


def test_a_negative_amount_is_refused_with_the_form(client: Client, world: World) -> None:
    agreement = an_agreement(world.programme)
    client.force_login(world.user("secretariat_head"))
    response = client.post(_url("year", agreement.pk, year=2020), {"spent_0": "-5"})
    assert response.status_code == 400
    assert not BudgetEntry.objects.exists()


def test_the_head_enters_the_hours_reported(client: Client, world: World) -> None:
    agreement = an_agreement(world.programme)
    client.force_login(world.user("secretariat_head"))
    response = client.post(
        _url("staff_year", agreement.pk, year=2019), {"hours_0": "1500", "hours_2": "8,5"}
    )
    assert response.status_code == 302
    assert sorted(StaffReport.objects.values_list("role", "hours")) == [
        ("Netværkskoordinatorer", 1500),
        ("Repræsentanter (Kulturhus Syd)", 8.5),
    ]
    page = client.get(_url("detail", agreement.pk)).content.decode()
    assert "1.500 af 1.664" in page


def test_a_year_outside_the_period_is_not_found(client: Client, world: World) -> None:
    agreement = an_agreement(world.programme)
    client.force_login(world.user("secretariat_head"))
    assert client.get(_url("year", agreement.pk, year=2030)).status_code == 404
    assert client.get(_url("staff_year", agreement.pk, year=2030)).status_code == 404
    assert client.get(_url("detail", 999_999)).status_code == 404


def test_the_board_reads_but_does_not_enter(client: Client, world: World) -> None:
    agreement = an_agreement(world.programme)
    client.force_login(world.user("board"))
    page = client.get(_url("detail", agreement.pk))
    assert page.status_code == 200
    assert _url("year", agreement.pk, year=2020) not in page.content.decode()
    assert client.get(_url("year", agreement.pk, year=2020)).status_code == 403
    assert client.post(_url("staff_year", agreement.pk, year=2020), {}).status_code == 403


def test_staff_and_police_see_no_budget(client: Client, world: World) -> None:
    agreement = an_agreement(world.programme)
    for who in ("staff", "police", "working_group", "partner"):
        client.force_login(world.user(who))
        assert client.get(_url("detail", agreement.pk)).status_code == 403
        assert client.get(reverse("budget:list")).status_code == 403


def test_the_menu_leads_the_board_to_its_agreement(client: Client, world: World) -> None:
    agreement = an_agreement(world.programme)
    client.force_login(world.user("board"))
    home = client.get("/").content.decode()
    assert reverse("budget:list") in home
    response = client.get(reverse("budget:list"))
    assert response.headers["Location"] == _url("detail", agreement.pk)


def test_the_export_holds_both_tables(client: Client, world: World) -> None:
    agreement = an_agreement(world.programme)
    client.force_login(world.user("secretariat_head"))
    client.post(_url("year", agreement.pk, year=2018), {"spent_0": "90000"})
    response = client.get(_url("export", agreement.pk))
    workbook = load_workbook(io.BytesIO(response.content))
    budget, staff = workbook.worksheets
    rows = list(budget.iter_rows(values_only=True))
    assert rows[0][:4] == ("Budgetlinje", "År", "Budget (kr.)", "Forbrug (kr.)")
    assert rows[1][:5] == ("Landsbyggefonden", 2018, 100000, 90000, 90)
    assert list(staff.iter_rows(values_only=True))[1] == (
        "Netværkskoordinatorer",
        "Helhedsplanen",
        2018,
        1664,
        None,
    )
