"""The dashboard's grid as a spreadsheet, for the year and estate the dashboard shows."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from conftest import World
from helhedsplan.core.tests.exported import column, csv_rows, xlsx_rows
from helhedsplan.events.models import EventStatus, EventTypeCode
from helhedsplan.indicators.services import TargetSpec
from helhedsplan.indicators.tests.helpers import agreement, event, indicator, local


def _url(world: World, fmt: str) -> str:
    return reverse(
        "indicators:dashboard_export", kwargs={"agreement_id": agreement(world).pk, "fmt": fmt}
    )


def _with_k1(world: World) -> None:
    indicator(
        world,
        "A3.1",
        code="K1",
        name="Kulturelle arrangementer",
        kind="count",
        source="events.event",
        source_filter={"type": EventTypeCode.CULTURAL, "status": EventStatus.HELD},
        targets=[TargetSpec(Decimal(4), world.vapnagaard), TargetSpec(Decimal(2), world.nojsomhed)],
    )
    for month in (3, 5, 9):
        event(world, EventTypeCode.CULTURAL, local(2019, month, 4, 14), [world.vapnagaard])


def test_the_export_is_the_grid_of_the_year_and_estate_shown(client, world: World) -> None:
    _with_k1(world)
    client.force_login(world.user("board"))
    rows = xlsx_rows(client.get(_url(world, "xlsx"), {"year": "2019"}))
    assert rows[0][:10] == [
        "Succeskriterium",
        "Tekst",
        "Aktivitet",
        "Indikator",
        "Boligområde",
        "Enhed",
        "Værdi",
        "Målet er",
        "Mål",
        "Status",
    ]
    k1 = [row for row in rows[1:] if row[3] == "K1 Kulturelle arrangementer"]
    assert [(row[4], row[6], row[7], row[8], row[9]) for row in k1] == [
        ("Nøjsomhed", None, None, None, "Ingen data"),
        ("Vapnagaard", 3, "mindst", 4, "Ikke nået"),
    ]
    # Every criterion of the agreement is a line; those without an indicator say so.
    unmeasured = [row for row in rows[1:] if row[9] == "Ikke målbar endnu"]
    assert len(unmeasured) == 17
    dashboard = client.get(
        reverse("indicators:dashboard", kwargs={"agreement_id": agreement(world).pk}),
        {"year": "2019"},
    )
    assert len(rows) - 1 == len(dashboard.context["board"].entries(2019))
    rows = csv_rows(client.get(_url(world, "csv"), {"year": "2019", "estate": world.vapnagaard.pk}))
    k1 = [row for row in rows[1:] if row[3] == "K1 Kulturelle arrangementer"]
    assert [(row[4], row[6], row[8], row[9]) for row in k1] == [
        ("Vapnagaard", "3", "4", "Ikke nået")
    ]
    assert set(column(rows, "Succeskriterium")) >= {"A3.1"}


def test_the_dashboards_page_links_its_exports_and_they_follow_its_access(
    client, world: World
) -> None:
    _with_k1(world)
    client.force_login(world.user("working_group"))
    url = reverse("indicators:dashboard", kwargs={"agreement_id": agreement(world).pk})
    page = client.get(url, {"year": "2019"}).content.decode()
    assert f"{_url(world, 'xlsx')}?year=2019" in page
    assert f"{_url(world, 'csv')}?year=2019" in page
    client.force_login(world.user("police"))
    assert client.get(_url(world, "csv")).status_code == 403
