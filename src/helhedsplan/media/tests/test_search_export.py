"""The press list: its search box, and its exports with the list's filters."""

from __future__ import annotations

import datetime

from django.urls import reverse

from conftest import World
from helhedsplan.core.lists.services import list_entry_create
from helhedsplan.core.tests.exported import column, csv_rows, xlsx_rows
from helhedsplan.events.tests.factories import an_event
from helhedsplan.media import services
from helhedsplan.media.models import Outlet, Tone
from helhedsplan.media.tests.factories import a_mention

HOSTILE = '=HYPERLINK("http://x","y")'


def _url(world: World, name: str, **kwargs) -> str:
    return reverse(f"media:{name}", kwargs={"slug": world.programme.slug, **kwargs})


def _headlines(response) -> list[str]:
    return [mention.headline for mention in response.context["page"]]


def test_the_search_looks_in_headline_excerpt_and_outlet(client, world: World) -> None:
    a_mention(world, headline="Sommerfestival i Helsingør Syd", excerpt="Tusind gæster kom")
    weekly = list_entry_create(model=Outlet, programme=world.programme, name="Ugeavisen Øresund")
    a_mention(world, headline="Ny lektiecafé åbner", outlet=weekly, tone=Tone.NEUTRAL)
    client.force_login(world.user("working_group"))
    url = _url(world, "mention_list")
    assert _headlines(client.get(url, {"q": "GÆSTER sommerfestival"})) == [
        "Sommerfestival i Helsingør Syd"
    ]
    assert _headlines(client.get(url, {"q": "øresund"})) == ["Ny lektiecafé åbner"]
    assert _headlines(client.get(url, {"q": "øresund", "tone": "positive"})) == []
    html = client.get(url, {"q": "øresund"}).content.decode()
    assert 'value="øresund"' in html
    assert f"{url}export.xlsx?q=%C3%B8resund" in html


def test_the_export_holds_the_filtered_mentions(client, world: World) -> None:
    event = an_event(world)
    mention = a_mention(
        world,
        headline=HOSTILE,
        published_on=datetime.date(2021, 2, 3),
        url="https://example.dk/artikel",
        excerpt="-1 til borgerne",
    )
    services.mention_link_event(mention=mention, event=event)
    a_mention(world, headline="Fra 2019", published_on=datetime.date(2019, 5, 1))
    client.force_login(world.user("board"))
    query = {"year": "2021"}
    rows = xlsx_rows(client.get(_url(world, "mention_export", fmt="xlsx"), query))
    assert rows[0] == [
        "Udgivet",
        "Medie",
        "Overskrift",
        "Tone",
        "Foreslået tone",
        "Boligområder",
        "Arrangementer",
        "Link",
        "Uddrag",
    ]
    assert rows[1][:4] == [datetime.datetime(2021, 2, 3), "Helsingør Dagblad", HOSTILE, "Positiv"]
    assert column(rows, "Arrangementer") == [event.title]
    rows = csv_rows(client.get(_url(world, "mention_export", fmt="csv"), query))
    assert rows[1][:3] == ["03.02.2021", "Helsingør Dagblad", "'" + HOSTILE]
    assert column(rows, "Uddrag") == ["'-1 til borgerne"]


def test_the_export_follows_the_lists_access(client, world: World) -> None:
    a_mention(world)
    url = _url(world, "mention_export", fmt="csv")
    for who, status in (("police", 403), ("outsider", 403), ("staff", 200)):
        client.force_login(world.user(who))
        assert client.get(url).status_code == status, who
