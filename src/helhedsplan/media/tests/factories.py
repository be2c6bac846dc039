"""Press mentions for tests outside this app, such as the role matrix."""

from __future__ import annotations

import datetime

from conftest import World
from helhedsplan.core.lists.services import list_entry_ensure
from helhedsplan.media import services
from helhedsplan.media.models import Outlet, PressMention, Tone


def an_outlet(world: World) -> Outlet:
    return list_entry_ensure(model=Outlet, programme=world.programme, name="Helsingør Dagblad")


def a_mention(world: World, **overrides) -> PressMention:
    """A positive mention of Vapnagaard in Helsingør Dagblad, registered by the staff member."""
    details = {
        "programme": world.programme,
        "published_on": datetime.date(2019, 3, 14),
        "outlet": an_outlet(world),
        "headline": "Stor succes med sommerfestival i Helsingør Syd",
        "excerpt": "",
        "estates": [world.vapnagaard],
        "tone": Tone.POSITIVE,
        "registered_by": world.user("staff"),
        **overrides,
    }
    return services.mention_register(**details)
