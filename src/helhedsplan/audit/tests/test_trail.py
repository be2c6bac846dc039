from __future__ import annotations

from django.urls import reverse

from conftest import World
from helhedsplan.programmes import services


def test_it_shows_who_changed_what(client, world: World) -> None:
    administrator = world.user("administrator")
    client.force_login(administrator)
    client.post(
        reverse("accounts:user_update", kwargs={"user_id": world.user("board").pk}),
        {"details-first_name": "Birgit", "details-last_name": "", "details-email": ""},
    )
    response = client.get(reverse("audit:trail"))
    entries = response.context["entries"]
    change = next(e for e in entries if e.action == "changed" and e.object_repr == "board")
    assert change.who == "administrator"
    assert [(c.field, c.old, c.new) for c in change.changes] == [("first_name", "", "Birgit")]
    assert "Birgit" in response.content.decode()


def test_it_records_changes_made_outside_requests(client, world: World) -> None:
    services.estate_ensure(programme=world.programme, name="Vapnagaard", tenancies=1750)
    client.force_login(world.user("administrator"))
    entries = client.get(reverse("audit:trail"), {"model": "programmes.estate"}).context["entries"]
    change = entries[0]
    assert (change.action, change.object_repr) == ("changed", "Vapnagaard")
    assert [(c.old, c.new) for c in change.changes] == [(1741, 1750)]


def test_an_administrator_sees_only_their_programmes(client, world: World) -> None:
    client.force_login(world.user("administrator"))
    entries = client.get(reverse("audit:trail")).context["entries"]
    shown = {e.object_repr for e in entries}
    assert "Helsingør Syd" in shown
    assert "Korsløkken" not in shown
    assert "outsider" not in shown


def test_a_superuser_sees_everything(client, world: World) -> None:
    client.force_login(world.user("superuser"))
    shown = {e.object_repr for e in client.get(reverse("audit:trail")).context["entries"]}
    assert {"Helsingør Syd", "Korsløkken", "outsider"} <= shown


def test_an_unknown_kind_of_record_shows_every_kind(client, world: World) -> None:
    client.force_login(world.user("administrator"))
    every_kind = client.get(reverse("audit:trail")).context["entries"]
    assert every_kind
    for unknown in ("nothing.here", "9" * 30):
        response = client.get(reverse("audit:trail"), {"model": unknown})
        assert response.status_code == 200
        assert response.context["selected"] is None
        assert response.context["entries"] == every_kind
