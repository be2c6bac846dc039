"""The statistics list: its search box, and its exports."""

from __future__ import annotations

from django.urls import reverse

from conftest import World
from helhedsplan.core.tests.exported import column, csv_rows, xlsx_rows
from helhedsplan.series import services
from helhedsplan.series.models import Granularity, Unit
from helhedsplan.series.tests.factories import a_figure, complaints_series, safety_series


def _url(world: World, name: str, **kwargs) -> str:
    return reverse(f"series:{name}", kwargs={"slug": world.programme.slug, **kwargs})


def _names(response) -> list[str]:
    return [series.name for series in response.context["series_list"]]


def test_the_search_looks_in_name_code_source_and_description(client, world: World) -> None:
    safety_series(world)
    complaints_series(world)
    services.series_ensure(
        programme=world.programme,
        code="restancer",
        name="Restancebreve",
        unit=Unit.COUNT,
        source="Boliggården",
        description="Breve om huslejerestance, optalt pr. år",
        granularity=Granularity.YEAR,
    )
    client.force_login(world.user("board"))
    url = _url(world, "list")
    assert _names(client.get(url, {"q": "politiets"})) == ["Trygge beboere"]
    assert _names(client.get(url, {"q": "BOLIGGÅRDEN"})) == ["Beboerklager", "Restancebreve"]
    assert _names(client.get(url, {"q": "huslejerestance boliggården"})) == ["Restancebreve"]
    assert _names(client.get(url, {"q": "klager"})) == ["Beboerklager"]
    page = client.get(url, {"q": "ordetfindesikke"}).content.decode()
    assert "Ingen statistikserier passer til det, du søgte efter." in page


def test_the_export_holds_the_series_found(client, world: World) -> None:
    series = safety_series(world)
    a_figure(series, world.vapnagaard, "2016", "59.9")
    a_figure(series, world.nojsomhed, "2016", "59.2")
    complaints_series(world)
    client.force_login(world.user("working_group"))
    rows = xlsx_rows(client.get(_url(world, "export", fmt="xlsx"), {"q": "tryghed"}))
    assert rows[0] == [
        "Serie",
        "Kode",
        "Kilde",
        "Enhed",
        "Periode",
        "Højere er bedre",
        "Målinger",
        "Beskrivelse",
    ]
    assert rows[1:] == [
        [
            "Trygge beboere",
            "tryghed",
            "Politiets Tryghedsindeks",
            "procent",
            "år",
            "Ja",
            2,
            None,
        ]
    ]
    rows = csv_rows(client.get(_url(world, "export", fmt="csv")))
    assert column(rows, "Serie") == ["Beboerklager", "Trygge beboere"]
    assert column(rows, "Højere er bedre") == ["Nej", "Ja"]
    client.force_login(world.user("police"))
    assert client.get(_url(world, "export", fmt="csv")).status_code == 403


def test_a_name_that_looks_like_a_formula_stays_text(client, world: World) -> None:
    hostile = "+45 1234-5678"
    services.series_ensure(
        programme=world.programme,
        code="hostile",
        name=hostile,
        unit=Unit.COUNT,
        source="@kilde",
        granularity=Granularity.YEAR,
    )
    client.force_login(world.user("staff"))
    rows = xlsx_rows(client.get(_url(world, "export", fmt="xlsx")))
    assert (column(rows, "Serie"), column(rows, "Kilde")) == ([hostile], ["@kilde"])
    rows = csv_rows(client.get(_url(world, "export", fmt="csv")))
    assert (column(rows, "Serie"), column(rows, "Kilde")) == (["'" + hostile], ["'@kilde"])
