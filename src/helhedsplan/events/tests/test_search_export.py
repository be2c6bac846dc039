"""The events list: its search box, and its exports with the list's filters."""

from __future__ import annotations

import datetime

from django.urls import reverse

from conftest import World
from helhedsplan.core.tests.exported import column, csv_rows, xlsx_rows
from helhedsplan.events.models import EventStatus, EventType, EventTypeCode, Organiser
from helhedsplan.events.tests.conftest import moment

HOSTILE = '=HYPERLINK("http://x","y")'


def _titles(response) -> list[str]:
    return [event.title for event in response.context["page"]]


def test_the_search_finds_words_in_any_order_and_field(client, world: World, make_event) -> None:
    make_event(title="Boligstøtte – sådan søger du", notes="Med Borgerservice")
    make_event(title="Sommerfest i gården", notes="Grill og musik")
    make_event(title="Lektiecafé", organiser=Organiser.EXTERNAL, organiser_name="Røde Kors")
    client.force_login(world.user("board"))
    url = reverse("events:list")
    assert _titles(client.get(url, {"q": "borgerservice BOLIGSTØTTE"})) == [
        "Boligstøtte – sådan søger du"
    ]
    assert _titles(client.get(url, {"q": "RØDE"})) == ["Lektiecafé"]
    # "Åbent hus" is found as typed on a phone, in lower case, on SQLite as on PostgreSQL.
    make_event(title="Åbent hus i Nøjsomhed")
    assert _titles(client.get(url, {"q": "åbent"})) == ["Åbent hus i Nøjsomhed"]
    assert _titles(client.get(url, {"q": "temaaften grill"})) == ["Sommerfest i gården"]
    assert _titles(client.get(url, {"q": "boligstøtte grill"})) == []
    assert len(_titles(client.get(url, {"q": "  "}))) == 4


def test_the_search_stays_in_the_pages_links(client, world: World, make_event) -> None:
    for day in range(1, 53):
        make_event(
            title=f"Fællesspisning {day}",
            starts_at=moment(2019, 1, 1) + datetime.timedelta(days=day),
        )
    make_event(title="Noget andet")
    client.force_login(world.user("staff"))
    response = client.get(reverse("events:list"), {"q": "fællesspisning", "year": "2019"})
    assert response.context["page"].paginator.count == 52
    html = response.content.decode()
    assert "?q=f%C3%A6llesspisning&amp;year=2019&amp;page=2" in html
    assert 'value="fællesspisning"' in html
    # The export links carry the search and the filters, not the page.
    assert "/events/export.xlsx?q=f%C3%A6llesspisning&amp;year=2019" in html
    page_two = client.get(reverse("events:list"), {"q": "fællesspisning", "page": 2})
    assert page_two.context["page"].paginator.count == 52
    assert "/events/export.csv?q=f%C3%A6llesspisning&amp;" not in page_two.content.decode()


def test_the_export_holds_the_filtered_list_in_danish(client, world: World, make_event) -> None:
    cultural = EventType.objects.get(code=EventTypeCode.CULTURAL)
    make_event(
        title="Gadeteater",
        type=cultural,
        status=EventStatus.HELD,
        starts_at=moment(2021, 12, 31, 17),
        participants_residents=40,
        participants_non_residents=3,
        estates=[world.vapnagaard, world.nojsomhed],
    )
    make_event(title="Boligstøtte", starts_at=moment(2021, 5, 4, 17))
    make_event(title="Fra et andet år", type=cultural, starts_at=moment(2020, 5, 4, 17))
    client.force_login(world.user("board"))
    query = {"type": cultural.pk, "year": "2021"}
    rows = xlsx_rows(client.get(reverse("events:export", kwargs={"fmt": "xlsx"}), query))
    assert rows[0][:6] == ["Dato", "Start", "Slut", "Titel", "Type", "Status"]
    assert column(rows, "Titel") == ["Gadeteater"]
    assert column(rows, "Dato") == [datetime.datetime(2021, 12, 31)]
    assert column(rows, "Start") == [datetime.time(17, 0)]
    assert column(rows, "Status") == ["Afholdt"]
    assert column(rows, "Deltagere, beboere") == [40]
    assert column(rows, "Boligområder") == ["Nøjsomhed, Vapnagaard"]
    response = client.get(reverse("events:export", kwargs={"fmt": "csv"}), query)
    assert response["Content-Disposition"] == 'attachment; filename="arrangementer.csv"'
    rows = csv_rows(response)
    assert column(rows, "Dato") == ["31.12.2021"]
    assert column(rows, "Start") == ["17:00"]
    assert column(rows, "Deltagere, ikke-beboere") == ["3"]


def test_text_that_looks_like_a_formula_stays_text(client, world: World, make_event) -> None:
    make_event(title=HOSTILE, notes="@SUM(1+1)")
    client.force_login(world.user("staff"))
    rows = xlsx_rows(client.get(reverse("events:export", kwargs={"fmt": "xlsx"})))
    assert column(rows, "Titel") == [HOSTILE]
    rows = csv_rows(client.get(reverse("events:export", kwargs={"fmt": "csv"})))
    assert column(rows, "Titel") == ["'" + HOSTILE]
    assert column(rows, "Noter") == ["'@SUM(1+1)"]


def test_the_export_follows_the_lists_access(client, world: World, make_event) -> None:
    make_event()
    url = reverse("events:export", kwargs={"fmt": "csv"})
    assert client.get(url).status_code == 302
    client.force_login(world.user("police"))
    assert client.get(url).status_code == 403
    client.force_login(world.user("outsider"))
    assert csv_rows(client.get(url))[1:] == []
    assert client.get("/events/export.pdf").status_code == 404
