"""A statistics file is parsed once, on upload; the preview and the confirmation read the
stored rows, and rows whose series is gone since are not imported."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import World
from helhedsplan.core.models import StagedImport
from helhedsplan.series import staged_import
from helhedsplan.series.models import Observation, Series
from helhedsplan.series.tests.factories import complaints_series, safety_series
from helhedsplan.series.tests.test_import import EXPECTED, GOOD_CSV


@pytest.fixture
def series(world: World) -> World:
    safety_series(world)
    complaints_series(world)
    return world


def _url(world: World, name: str) -> str:
    return reverse(f"series:{name}", kwargs={"slug": world.programme.slug})


def _upload(client, world: World) -> None:
    response = client.post(
        _url(world, "import"), {"file": SimpleUploadedFile("tal.csv", GOOD_CSV.encode())}
    )
    assert response.status_code == 302


def test_the_file_is_parsed_once_from_upload_to_confirmation(
    client, series: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    parse = staged_import.parse_observations

    def counted(programme, name, data):
        calls.append(name)
        return parse(programme, name, data)

    monkeypatch.setattr(staged_import, "parse_observations", counted)
    client.force_login(series.user("secretariat_head"))
    _upload(client, series)
    assert "5 nye målinger" in client.get(_url(series, "import_preview")).content.decode()
    client.post(_url(series, "import_confirm"))

    assert calls == ["tal.csv"]
    assert Observation.objects.count() == len(EXPECTED)
    assert not StagedImport.objects.exists()


def test_the_preview_links_the_uploaded_file_for_its_owner(client, series: World) -> None:
    client.force_login(series.user("secretariat_head"))
    _upload(client, series)
    staged = StagedImport.objects.get()
    page = client.get(_url(series, "import_preview")).content.decode()
    assert f'href="{staged.get_absolute_url()}"' in page
    assert client.get(staged.get_absolute_url()).getvalue() == GOOD_CSV.encode()


def test_a_series_deleted_after_the_upload_stops_the_import(client, series: World) -> None:
    client.force_login(series.user("secretariat_head"))
    _upload(client, series)
    Series.objects.filter(code="klager").delete()

    preview = client.get(_url(series, "import_preview"))
    assert "Der er ingen fil, der venter" in preview.content.decode()
    response = client.post(_url(series, "import_confirm"), follow=True)
    assert response.redirect_chain[-1][0] == _url(series, "import")
    assert "Filen kunne ikke længere læses" in response.content.decode()
    assert not Observation.objects.exists()
    assert not StagedImport.objects.exists()
