"""The pools' report per programme and year: the figures against a hand count
(``report_world``), the page with its year chooser, and the spreadsheet."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import World
from helhedsplan.grants import queries
from helhedsplan.grants.tests.report_world import report_world

pytestmark = pytest.mark.django_db

# (received, grants, rejected, requested, granted, held, participants) by row name.
EXPECTED = {
    2025: {
        "Nøjsomhed": (1, 1, 0, Decimal("1234.50"), Decimal("1234.50"), 1, 12),
        "Vapnagaard": (2, 2, 1, Decimal("2469.00"), Decimal("2234.50"), 1, 34),
        "Puljer for hele indsatsen": (1, 0, 0, Decimal("1234.50"), Decimal("0"), 0, 0),
        "I alt": (4, 3, 1, Decimal("4938.00"), Decimal("3469.00"), 2, 46),
    },
    2024: {
        "Nøjsomhed": (1, 1, 0, Decimal("1234.50"), Decimal("1234.50"), 1, 5),
        "Vapnagaard": (1, 0, 0, Decimal("1234.50"), Decimal("0"), 0, 0),
        "Puljer for hele indsatsen": (0, 0, 0, Decimal("0"), Decimal("0"), 0, 0),
        "I alt": (2, 1, 0, Decimal("2469.00"), Decimal("1234.50"), 1, 5),
    },
}


def _figures(row: queries.ReportRow) -> tuple:
    return (
        row.received,
        row.grants,
        row.rejected,
        row.requested,
        row.granted,
        row.held,
        row.participants,
    )


@pytest.mark.parametrize("year", [2025, 2024])
def test_the_figures_match_a_hand_count(world: World, year: int) -> None:
    report_world(world)
    rows, total = queries.report(world.programme, year)
    found = {row.name: _figures(row) for row in [*rows, total]}
    assert found == EXPECTED[year]
    assert [row.estate_id for row in rows] == [world.nojsomhed.pk, world.vapnagaard.pk, None]


def test_the_database_counts_in_a_few_queries(world: World, django_assert_max_num_queries) -> None:
    report_world(world)
    with django_assert_max_num_queries(4):
        queries.report(world.programme, 2025)


def test_a_year_without_anything_is_all_zeros_and_the_years_are_those_with_figures(
    world: World,
) -> None:
    report_world(world)
    rows, total = queries.report(world.programme, 2019)
    assert {_figures(row) for row in [*rows, total]} == {
        (0, 0, 0, Decimal("0"), Decimal("0"), 0, 0)
    }
    years = queries.report_years(world.programme)
    assert {2024, 2025} <= set(years) and 2019 not in years
    assert years == sorted(years, reverse=True)


def test_the_page_shows_the_year_in_danish_with_a_chooser(client, world: World) -> None:
    report_world(world)
    client.force_login(world.user("board"))
    url = reverse("grants:report", args=[world.programme.slug])
    page = client.get(url, {"year": 2025}).content.decode()
    assert "Beboerpuljer 2025" in page
    # format_kroner keeps the amount and its unit together with a no-break space.
    for amount in ("4.938,00", "3.469,00", "2.234,50"):
        assert f"{amount}\N{NO-BREAK SPACE}kr." in page
    assert '<option value="2024">2024</option>' in page
    assert "det år, aktiviteten fandt sted" in page
    assert "Karen" not in page  # figures, no names
    assert reverse("grants:report_export", args=[world.programme.slug, "xlsx"]) in page
    assert client.get(url, {"year": 1999}).status_code == 400
    assert client.get(url, {"year": "x"}).status_code == 400
    assert (
        url in client.get(reverse("grants:pool_list", args=[world.programme.slug])).content.decode()
    )


def test_the_spreadsheet_keeps_the_amounts_as_numbers_with_the_total_last(
    client, world: World
) -> None:
    report_world(world)
    client.force_login(world.user("board"))
    url = reverse("grants:report_export", args=[world.programme.slug, "xlsx"])
    response = client.get(url, {"year": 2025})
    assert response.status_code == 200
    assert 'filename="beboerpuljer-2025.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["Boligområde", "Ansøgninger modtaget", "Bevillinger"]
    assert values[2] == ["Vapnagaard", 2, 2, 1, 2469, 2234.5, 1, 34]
    assert values[-1] == ["I alt", 4, 3, 1, 4938, 3469, 2, 46]
    assert client.get(url, {"year": 1999}).status_code == 400
