from __future__ import annotations

import datetime

import icalendar
import time_machine
from django.urls import reverse

from conftest import World
from helhedsplan.core.lists.services import list_entry_create
from helhedsplan.events import services
from helhedsplan.events.models import Venue
from helhedsplan.events.tests.conftest import moment


@time_machine.travel(datetime.datetime(2019, 3, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_the_feed_holds_only_the_estates_coming_events(client, world: World, make_event) -> None:
    make_event(title="Før i tiden", starts_at=moment(2019, 2, 1))
    coming = make_event(
        title="Boligstøtte",
        starts_at=moment(2019, 3, 12, 17),
        ends_at=moment(2019, 3, 12, 19),
        venue=list_entry_create(model=Venue, programme=world.programme, name="Kulturhus Syd"),
    )
    both = make_event(title="Fælles", estates=[world.nojsomhed, world.vapnagaard])
    make_event(title="Kun Nøjsomhed", estates=[world.nojsomhed])
    client.force_login(world.user("board"))

    response = client.get(reverse("events:ical", kwargs={"estate_id": world.vapnagaard.pk}))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    entries = {str(entry["summary"]): entry for entry in calendar.walk("VEVENT")}
    assert set(entries) == {"Boligstøtte", "Fælles"}
    entry = entries["Boligstøtte"]
    assert entry.decoded("dtstart") == moment(2019, 3, 12, 17)
    assert entry.decoded("dtend") == moment(2019, 3, 12, 19)
    assert str(entry["location"]) == "Kulturhus Syd"
    assert str(entry["uid"]) == f"event-{coming.pk}@helhedsplan"
    assert calendar.walk("VTIMEZONE"), "the feed names its time zone"
    # The same event keeps its UID in every estate's feed and on every download.
    again = client.get(reverse("events:ical", kwargs={"estate_id": world.nojsomhed.pk}))
    uids = {str(e["uid"]) for e in icalendar.Calendar.from_ical(again.content).walk("VEVENT")}
    assert f"event-{both.pk}@helhedsplan" in uids


@time_machine.travel(datetime.datetime(2019, 3, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_a_cancelled_event_is_marked_cancelled_in_the_feed(
    client, world: World, make_event
) -> None:
    event = make_event()
    services.event_cancel(event=event)
    client.force_login(world.user("staff"))
    response = client.get(reverse("events:ical", kwargs={"estate_id": world.vapnagaard.pk}))
    (entry,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(entry["status"]) == "CANCELLED"


def test_the_feed_is_private(client, world: World) -> None:
    url = reverse("events:ical", kwargs={"estate_id": world.vapnagaard.pk})
    assert client.get(url).status_code == 302
    client.force_login(world.user("police"))
    assert client.get(url).status_code == 403
