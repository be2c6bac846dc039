"""Importing figures from CSV and XLSX: upload, preview, confirm; all or nothing."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from conftest import World
from helhedsplan.core.models import StagedImport
from helhedsplan.series import services
from helhedsplan.series.importers import ParsedRow, Period
from helhedsplan.series.models import Observation, Scope
from helhedsplan.series.tests.factories import complaints_series, safety_series

GOOD_CSV = (
    "serie;boligområde;periode;værdi;respondenter;kilde\n"
    "tryghed;Nøjsomhed;2016;59,2 %;312;Politiets Tryghedsindeks 2016\n"
    "Trygge beboere;Vapnagaard;2016;59,9;;\n"
    "klager;Boliggården;2016;216;;\n"
    "klager;Vapnagaard;01.07.2017;31;;\n"
    "klager;Helsingør Kommune;2016;1.741;;\n"
)


@pytest.fixture
def series(world: World) -> World:
    safety_series(world)
    complaints_series(world)
    return world


def _url(world: World, name: str) -> str:
    return reverse(f"series:{name}", kwargs={"slug": world.programme.slug})


def _upload(client, world: World, content: bytes, name: str = "tal.csv"):
    return client.post(_url(world, "import"), {"file": SimpleUploadedFile(name, content)})


def _stored() -> dict[tuple, Decimal]:
    return {
        (o.series.code, o.estate.name if o.estate else o.scope, o.period_label): o.value
        for o in Observation.objects.select_related("series", "estate")
    }


EXPECTED = {
    ("tryghed", "Nøjsomhed", "2016"): Decimal("59.2"),
    ("tryghed", "Vapnagaard", "2016"): Decimal("59.9"),
    ("klager", Scope.HOUSING_ORGANISATION, "2016"): Decimal("216"),
    ("klager", "Vapnagaard", "01.07.2017"): Decimal("31"),
    ("klager", Scope.MUNICIPALITY, "2016"): Decimal("1741"),
}


def test_a_semicolon_csv_with_danish_decimals_and_a_bom_is_previewed_then_stored(
    client, series: World
) -> None:
    client.force_login(series.user("secretariat_head"))
    response = _upload(client, series, "\ufeff".encode() + GOOD_CSV.encode())
    assert response.status_code == 302
    assert response.url == _url(series, "import_preview")
    assert not Observation.objects.exists()

    preview = client.get(response.url)
    assert preview.status_code == 200
    assert "5 nye målinger, 0 ændres og 0 er uændrede." in preview.content.decode()
    assert "59,2\N{NO-BREAK SPACE}%" in preview.content.decode()
    assert not Observation.objects.exists()

    confirmed = client.post(_url(series, "import_confirm"))
    assert confirmed.status_code == 302
    assert _stored() == EXPECTED
    nojsomhed = Observation.objects.get(series__code="tryghed", estate=series.nojsomhed)
    assert nojsomhed.respondents == 312
    assert nojsomhed.source_note == "Politiets Tryghedsindeks 2016"
    assert nojsomhed.entered_by == series.user("secretariat_head")
    assert nojsomhed.period_start == datetime.date(2016, 1, 1)


def test_an_xlsx_workbook_is_imported_with_percent_cells_and_dates(client, series: World) -> None:
    workbook = Workbook()
    sheet = workbook.active
    # A new workbook opens on its one worksheet.
    assert isinstance(sheet, Worksheet)
    sheet.append(["Serie", "Niveau", "Boligområde", "Periode", "Værdi", "Dato"])
    sheet.append(["tryghed", "boligområde", "Nøjsomhed", 2016, 0.592, datetime.date(2017, 3, 1)])
    sheet["E2"].number_format = "0.0%"
    sheet.append(["klager", "kommune", None, datetime.datetime(2017, 7, 1), 31, None])
    sheet.append([None, None, None, None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)

    client.force_login(series.user("secretariat_head"))
    response = _upload(client, series, buffer.getvalue(), name="tal.xlsx")
    assert response.status_code == 302
    client.post(_url(series, "import_confirm"))

    assert _stored() == {
        ("tryghed", "Nøjsomhed", "2016"): Decimal("59.2"),
        ("klager", Scope.MUNICIPALITY, "01.07.2017"): Decimal("31"),
    }
    observed = Observation.objects.get(series__code="tryghed")
    assert observed.observed_on == datetime.date(2017, 3, 1)


def test_a_comma_separated_cp1252_file_with_english_decimals_is_read(client, series: World) -> None:
    content = "serie,boligområde,periode,værdi\ntryghed,Nøjsomhed,2018,60.4\n".encode("cp1252")
    client.force_login(series.user("secretariat_head"))
    assert _upload(client, series, content).status_code == 302
    client.post(_url(series, "import_confirm"))
    assert _stored() == {("tryghed", "Nøjsomhed", "2018"): Decimal("60.4")}


def test_importing_again_updates_instead_of_duplicating(client, series: World) -> None:
    client.force_login(series.user("secretariat_head"))
    _upload(client, series, GOOD_CSV.encode())
    client.post(_url(series, "import_confirm"))
    history_before = Observation.history.count()

    _upload(client, series, GOOD_CSV.encode())
    response = client.post(_url(series, "import_confirm"), follow=True)
    assert "0 nye, 0 ændrede og 5 uændrede målinger" in response.content.decode()
    assert Observation.objects.count() == 5
    assert Observation.history.count() == history_before  # nothing written for no change

    changed = GOOD_CSV.replace("59,9", "60,1")
    _upload(client, series, changed.encode())
    preview = client.get(_url(series, "import_preview")).content.decode()
    assert "0 nye målinger, 1 ændres og 4 er uændrede." in preview
    assert "Rettes (var 59,9\N{NO-BREAK SPACE}%)" in preview
    client.post(_url(series, "import_confirm"))
    assert Observation.objects.count() == 5
    assert _stored()[("tryghed", "Vapnagaard", "2016")] == Decimal("60.1")


def test_a_file_with_bad_rows_stores_nothing_and_names_each_row_and_reason(
    client, series: World
) -> None:
    content = (
        "serie;boligområde;periode;værdi\n"
        "tryghed;Nøjsomhed;2016;59,2\n"
        "tryghed;Nøjsomhed;2017;101\n"
        "tryghed;Vapnagård;2016;59,9\n"
        "tryghed;Nøjsomhed;sidste år;59,9\n"
        "tryghedsindeks;Nøjsomhed;2018;60\n"
        "tryghed;Vapnagaard;2018;ca. 60\n"
        "tryghed;Nøjsomhed;2016;59,3\n"
        "klager;Vapnagaard;2016;10,5\n"
    )
    client.force_login(series.user("secretariat_head"))
    response = _upload(client, series, content.encode())

    assert response.status_code == 400
    assert response.context["row_errors"] == [
        "Række 3: værdien «101» passer ikke til serien: en procentdel skal ligge mellem 0 og 100",
        "Række 4: ukendt boligområde «Vapnagård»",
        "Række 5: perioden «sidste år» er hverken et år, et halvår (2017H1), et kvartal "
        "(2017K2), en måned eller en dato",
        "Række 6: ukendt serie «tryghedsindeks»",
        "Række 7: værdien «ca. 60» er ikke et tal",
        "Række 8: samme serie, boligområde og periode som række 2",
        "Række 9: værdien «10,5» passer ikke til serien: "
        "et antal skal være et helt tal på 0 eller derover",
    ]
    assert "Række 4: ukendt boligområde «Vapnagård»" in response.content.decode()
    assert not Observation.objects.exists()
    nothing_waiting = client.get(_url(series, "import_preview"))
    assert "Der er ingen fil, der venter" in nothing_waiting.content.decode()
    assert client.post(_url(series, "import_confirm")).status_code == 302
    assert not Observation.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tal.csv", b"", "Filen er tom."),
        ("tal.csv", b"\n \n", "Filen er tom."),
        (
            "tal.csv",
            "serie;boligområde;periode\ntryghed;Nøjsomhed;2016\n".encode(),
            "Række 1: kolonnen «værdi» mangler.",
        ),
        (
            "tal.csv",
            "serie;boligområde;periode;værdi\n".encode(),
            "Filen har ingen rækker med tal under overskrifterne.",
        ),
        ("tal.pdf", b"%PDF-1.7\n1 0 obj\n", "Filen kan ikke læses som CSV eller Excel (.xlsx)."),
        ("tal.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "Filen kan ikke læses som CSV eller Excel"),
        ("tal.xlsx", b"PK\x03\x04 not really a zip", "Filen kan ikke læses som"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_without_a_trace(
    client, series: World, name: str, content: bytes, message: str
) -> None:
    client.force_login(series.user("secretariat_head"))
    response = _upload(client, series, content, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Observation.objects.exists()
    assert "series.import" not in client.session
    assert not StagedImport.objects.exists()


def test_comparisons_are_named_by_word_by_organisation_or_by_level(series: World) -> None:
    from helhedsplan.series.importers import parse_observations

    content = (
        "serie;boligområde;niveau;periode;værdi\n"
        "klager;kommune;;2015;1\n"
        "klager;Helsingør Kommune;;2016;2\n"
        "klager;;kommune;2017;3\n"
        "klager;Boliggården;;2016;4\n"
        "klager;;boligorganisation;2017;5\n"
        "klager;Vapnagaard;boligområde;2016;6\n"
        "klager;Vapnagaard;kommune;2017;7\n"
        "klager;;boligområde;2018;8\n"
        "klager;;region;2018;9\n"
    )
    parsed = parse_observations(series.programme, "tal.csv", content.encode())
    assert parsed.errors == [
        "Række 8: ukendt boligområde «Vapnagaard»",
        "Række 9: boligområdet mangler",
        "Række 10: ukendt niveau «region»",
    ]
    good = parse_observations(
        series.programme, "tal.csv", "\n".join(content.splitlines()[:7]).encode()
    )
    assert [(row.scope, row.estate) for row in good.rows] == [
        (Scope.MUNICIPALITY, None),
        (Scope.MUNICIPALITY, None),
        (Scope.MUNICIPALITY, None),
        (Scope.HOUSING_ORGANISATION, None),
        (Scope.HOUSING_ORGANISATION, None),
        (Scope.ESTATE, series.vapnagaard),
    ]


def test_the_import_is_one_transaction(series: World) -> None:
    """A row the database refuses after others were written undoes the whole file."""
    safety = safety_series(series)
    good = ParsedRow(
        number=2,
        series=safety,
        scope=Scope.ESTATE,
        estate=series.nojsomhed,
        period=Period(datetime.date(2016, 1, 1), "2016"),
        value=Decimal("59.2"),
        respondents=None,
        source_note="",
        observed_on=None,
    )
    foreign = ParsedRow(
        number=3,
        series=safety,
        scope=Scope.ESTATE,
        estate=series.other_programme.estates.get(),
        period=Period(datetime.date(2016, 1, 1), "2016"),
        value=Decimal("50"),
        respondents=None,
        source_note="",
        observed_on=None,
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.observations_import(rows=[good, foreign], user=None)
    assert not Observation.objects.exists()


def test_confirming_without_a_file_sends_back_to_the_upload(client, series: World) -> None:
    client.force_login(series.user("secretariat_head"))
    response = client.post(_url(series, "import_confirm"), follow=True)
    assert response.redirect_chain[-1][0] == _url(series, "import")
    assert "Filen kunne ikke længere læses" in response.content.decode()


def test_a_file_waiting_for_one_programme_is_not_confirmed_into_another(
    client, series: World
) -> None:
    client.force_login(series.user("superuser"))
    _upload(client, series, GOOD_CSV.encode())
    other = reverse("series:import_confirm", kwargs={"slug": series.other_programme.slug})
    client.post(other)
    assert not Observation.objects.exists()


def test_readers_may_not_import(client, series: World) -> None:
    client.force_login(series.user("secretariat_head"))
    _upload(client, series, GOOD_CSV.encode())
    # Staff read the statistics; the secretariat keeps them (issue 10).
    for reader in ("staff", "board"):
        client.force_login(series.user(reader))
        assert _upload(client, series, GOOD_CSV.encode()).status_code == 403
        assert client.post(_url(series, "import_confirm")).status_code == 403
    assert not Observation.objects.exists()
