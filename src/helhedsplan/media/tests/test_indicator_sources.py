from __future__ import annotations

import datetime

from conftest import World
from helhedsplan.core import indicator_sources as sources
from helhedsplan.core.lists.services import list_entry_create
from helhedsplan.events.models import Event
from helhedsplan.events.tests.factories import an_event
from helhedsplan.media import services
from helhedsplan.media.models import Outlet, OutletKind, PressMention, Tone
from helhedsplan.media.tests.factories import a_mention


def _registered(key: str) -> sources.Source:
    source = sources.get(key)
    assert source is not None, key
    return source


def _rows(key: str, model, wanted: dict) -> set:
    return set(model.objects.filter(sources.condition(_registered(key), wanted)))


def test_mentions_are_a_source_with_tone_and_outlet_filters(world: World) -> None:
    own = list_entry_create(
        model=Outlet,
        programme=world.programme,
        name="Kulturhus Syds nyhedsbrev",
        details={"kind": OutletKind.OWN_CHANNEL},
    )
    good = a_mention(world, tone=Tone.POSITIVE)
    bad = a_mention(world, headline="Bilbrand i Vapnagaard", tone=Tone.NEGATIVE)
    own_post = a_mention(world, outlet=own, tone=Tone.POSITIVE)

    source = _registered("media.mention")
    assert (source.model, source.date_field, source.estates_many) == (
        PressMention,
        "published_on",
        True,
    )
    assert _rows("media.mention", PressMention, {"tone": "positive"}) == {good, own_post}
    assert _rows("media.mention", PressMention, {"tone": "positive", "local_press": True}) == {good}
    assert _rows("media.mention", PressMention, {"local_press": True}) == {good, bad}
    assert _rows("media.mention", PressMention, {"outlet": "Kulturhus Syds nyhedsbrev"}) == {
        own_post
    }
    assert source.row_url is not None and source.row_url(good) == good.get_absolute_url()


def test_events_can_be_counted_by_press_coverage(world: World) -> None:
    covered, uncovered = an_event(world), an_event(world)
    for day in (14, 15):
        mention = a_mention(world, published_on=datetime.date(2019, 3, day))
        services.mention_link_event(mention=mention, event=covered)
    assert _rows("events.event", Event, {"press_covered": True}) == {covered}
    assert _rows("events.event", Event, {"press_covered": False}) == {uncovered}
    assert sources.missing("events.event", {"press_covered": True}) is None
