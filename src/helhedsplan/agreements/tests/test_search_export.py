"""The agreements list: a search in the text of every version, and its exports."""

from __future__ import annotations

import datetime

from django.urls import reverse

from conftest import World
from helhedsplan.agreements import services
from helhedsplan.agreements.tests.factories import seed_agreement
from helhedsplan.core.tests.exported import column, csv_rows, xlsx_rows


def _found(client, text: str) -> list[str]:
    response = client.get(reverse("agreements:list"), {"q": text})
    assert response.status_code == 200
    return [agreement.programme.name for agreement in response.context["agreements"]]


def test_the_search_reads_every_version_criteria_activities_and_sections(
    client, world: World
) -> None:
    ours = seed_agreement(world.programme)
    seed_agreement(world.other_programme)
    draft = services.version_start_draft(agreement=ours, user=world.user("staff"))
    services.draft_activity_add(version=draft, name="Skakklub for ældre")
    client.force_login(world.user("superuser"))
    both = ["Helsingør Syd", "Korsløkken"]
    # A criterion's text, its data source, a section of the template, the focus area.
    assert sorted(_found(client, "tillid politiet")) == both
    assert sorted(_found(client, "TRYGHEDSINDEKS")) == both
    assert sorted(_found(client, "medfinansiering")) == both
    assert sorted(_found(client, "trivsel")) == both
    # An activity only the draft of one agreement has.
    assert _found(client, "skakklub") == ["Helsingør Syd"]
    assert _found(client, "skakklub korsløkken") == []
    assert _found(client, "ordetfindesikke") == []
    page = client.get(reverse("agreements:list"), {"q": "ordetfindesikke"}).content.decode()
    assert "Ingen delaftaler indeholder det, du søgte efter." in page
    assert 'value="ordetfindesikke"' in page


def test_the_export_holds_the_agreements_found(client, world: World) -> None:
    ours = seed_agreement(world.programme)
    services.version_start_draft(agreement=ours, user=world.user("staff"))
    client.force_login(world.user("board"))
    url = reverse("agreements:export", kwargs={"fmt": "xlsx"})
    rows = xlsx_rows(client.get(url, {"q": "tryghedsindeks"}))
    assert rows[0] == [
        "Indsatsområde",
        "Indsats",
        "Versioner",
        "Seneste godkendte version",
        "Gælder fra",
        "Gælder til",
        "I kraft fra",
    ]
    assert rows[1] == [
        "Tryghed og trivsel",
        "Helsingør Syd",
        "1 (godkendt), 2 (kladde)",
        1,
        datetime.datetime(2018, 1, 1),
        datetime.datetime(2021, 12, 31),
        datetime.datetime(2018, 1, 1),
    ]
    assert xlsx_rows(client.get(url, {"q": "ordetfindesikke"}))[1:] == []
    rows = csv_rows(client.get(reverse("agreements:export", kwargs={"fmt": "csv"})))
    assert column(rows, "Gælder til") == ["31.12.2021"]
    client.force_login(world.user("police"))
    assert client.get(url).status_code == 403


def test_a_focus_area_named_like_a_formula_stays_text(client, world: World) -> None:
    ours = seed_agreement(world.programme)
    ours.focus_area.name = "-Tryghed"
    ours.focus_area.save()
    client.force_login(world.user("board"))
    rows = xlsx_rows(client.get(reverse("agreements:export", kwargs={"fmt": "xlsx"})))
    assert column(rows, "Indsatsområde") == ["-Tryghed"]
    rows = csv_rows(client.get(reverse("agreements:export", kwargs={"fmt": "csv"})))
    assert column(rows, "Indsatsområde") == ["'-Tryghed"]
