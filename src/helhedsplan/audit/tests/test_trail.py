from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD, World
from helhedsplan.audit import queries
from helhedsplan.audit.history import history_model
from helhedsplan.audit.queries import Change, Cursor, TrailFilter
from helhedsplan.events import services as event_services
from helhedsplan.events.models import Event, EventStatus, Organiser
from helhedsplan.events.tests.factories import an_event
from helhedsplan.media import services as media_services
from helhedsplan.media.tests.factories import a_mention
from helhedsplan.programmes import services


def _trail(client, **filters):
    response = client.get(reverse("audit:trail"), filters)
    assert response.status_code == 200
    return response


def test_it_shows_who_changed_what(client, world: World) -> None:
    administrator = world.user("administrator")
    client.force_login(administrator)
    client.post(
        reverse("accounts:user_update", kwargs={"user_id": world.user("board").pk}),
        {"details-first_name": "Birgit", "details-last_name": "", "details-email": ""},
    )
    response = _trail(client)
    entries = response.context["entries"]
    change = next(e for e in entries if e.action == "changed" and e.object_repr == "board")
    assert change.who == "administrator"
    assert [(c.field, c.old, c.new) for c in change.changes] == [("Fornavn", "–", "Birgit")]
    assert "Birgit" in response.content.decode()


def test_it_records_changes_made_outside_requests(client, world: World) -> None:
    services.estate_ensure(programme=world.programme, name="Vapnagaard", tenancies=11750)
    client.force_login(world.user("administrator"))
    change = _trail(client, model="programmes.estate").context["entries"][0]
    assert (change.action, change.object_repr, change.who) == ("changed", "Vapnagaard", "")
    assert [(c.field, c.old, c.new) for c in change.changes] == [
        ("Antal lejemål", "1.741", "11.750")
    ]


def test_it_names_choices_linked_objects_and_danish_dates(client, world: World) -> None:
    event = an_event(world)
    event_services.event_update(
        event=event,
        type=event.type,
        title=event.title,
        starts_at=timezone.make_aware(datetime.datetime(2019, 3, 19, 17)),
        ends_at=None,
        estates=[world.nojsomhed, world.vapnagaard],
        venue=None,
        organiser=Organiser(event.organiser),
        organiser_name="",
        partners=[],
        target_groups=[],
        status=EventStatus(event.status),
        participants_residents=None,
        participants_non_residents=None,
        resident_volunteers=None,
        notes="",
    )
    event_services.event_cancel(event=event)
    mention = a_mention(world)
    media_services.mention_link_event(mention=mention, event=event)
    client.force_login(world.user("administrator"))

    response = _trail(client)
    entries = response.context["entries"]
    table = response.content.decode().partition("<table")[2]
    changes: dict[str, Change] = {}
    for entry in entries:
        for change in entry.changes if entry.model_name == "Arrangement" else ():
            changes.setdefault(change.field, change)  # the newest
    mentions = [e for e in entries if e.model_name == "Presseomtale"]
    assert (changes["Status"].old, changes["Status"].new) == ("Planlagt", "Aflyst")
    assert changes["Starter"].new == "19.03.2019 17:00"
    assert changes["Boligområder"].added == ("Nøjsomhed",)
    linked = next(c for e in mentions for c in e.changes if c.field == "Arrangementer")
    assert linked.added == ("Boligstøtte – sådan søger du",)
    for internal in ("cancelled", "starts_at", "pressmention", "'event'", "[{", "None"):
        assert internal not in table


def test_a_deleted_linked_object_is_named_as_it_was(client, world: World) -> None:
    event = an_event(world)
    mention = a_mention(world)
    media_services.mention_link_event(mention=mention, event=event)
    event_services.event_delete(event=Event.objects.get(pk=event.pk))
    client.force_login(world.user("administrator"))
    entries = _trail(client, model="media.pressmention").context["entries"]
    linked = next(c for e in entries for c in e.changes if c.field == "Arrangementer")
    assert linked.added == ("Boligstøtte – sådan søger du",)


def test_a_login_writes_no_history(client, world: World) -> None:
    staff = world.user("staff")
    history = history_model(User)._default_manager
    before = history.filter(id=staff.pk).count()
    response = client.post(reverse("accounts:login"), {"username": "staff", "password": PASSWORD})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.last_login is not None
    assert history.filter(id=staff.pk).count() == before


def test_a_save_that_changed_nothing_shown_is_left_out(client, world: World) -> None:
    board = world.user("board")
    board.save()  # a history record with no change, as every login wrote until now
    client.force_login(world.user("administrator"))
    entries = _trail(client, model="auth.user").context["entries"]
    assert all(e.changes for e in entries if e.action == "changed")
    assert [e.object_repr for e in entries if e.action == "created"].count("board") == 1


def test_an_administrator_sees_only_their_programmes(client, world: World) -> None:
    client.force_login(world.user("administrator"))
    entries = _trail(client).context["entries"]
    shown = {e.object_repr for e in entries}
    assert "Helsingør Syd" in shown
    assert "Korsløkken" not in shown
    assert "outsider" not in shown


def test_a_superuser_sees_everything(client, world: World) -> None:
    client.force_login(world.user("superuser"))
    shown = {e.object_repr for e in _trail(client).context["entries"]}
    assert {"Helsingør Syd", "Korsløkken", "outsider"} <= shown


def test_an_unknown_kind_of_record_shows_every_kind(client, world: World) -> None:
    client.force_login(world.user("administrator"))
    every_kind = _trail(client).context["entries"]
    assert every_kind
    for unknown in ("nothing.here", "9" * 30):
        response = _trail(client, model=unknown)
        assert response.context["criteria"].model_label is None
        assert response.context["entries"] == every_kind


def test_it_filters_by_person_kind_and_date(client, world: World) -> None:
    an_event(world)
    client.force_login(world.user("administrator"))
    client.post(
        reverse("accounts:user_update", kwargs={"user_id": world.user("board").pk}),
        {"details-first_name": "Birgit", "details-last_name": "", "details-email": ""},
    )
    by_administrator = _trail(client, person=world.user("administrator").pk).context["entries"]
    assert [(e.who, e.object_repr) for e in by_administrator] == [("administrator", "board")]
    events = _trail(client, model="events.event").context["entries"]
    assert {e.model_name for e in events} == {"Arrangement"}
    today = timezone.localdate()
    assert _trail(client, date_from=today.isoformat(), date_to=today.isoformat()).context["entries"]
    tomorrow = today + datetime.timedelta(days=1)
    response = _trail(client, date_from=tomorrow.isoformat())
    assert response.context["entries"] == []
    assert "Ingen ændringer matcher filtrene." in response.content.decode()


def test_it_refuses_filters_that_do_not_parse_and_keeps_the_others(client, world: World) -> None:
    client.force_login(world.user("administrator"))
    response = _trail(
        client,
        person=world.user("outsider").pk,  # someone the administrator does not manage
        date_from="i går",
        model="programmes.estate",
        after="not-a-cursor",
    )
    form = response.context["form"]
    assert set(form.errors) == {"person", "date_from"}
    assert response.context["criteria"] == TrailFilter(model_label="programmes.estate")


def _estate_changes(world: World, count: int) -> None:
    for tenancies in range(count):
        services.estate_ensure(programme=world.programme, name="Nøjsomhed", tenancies=tenancies)


def test_older_pages_continue_where_a_page_ends(client, world: World) -> None:
    _estate_changes(world, queries.PAGE_SIZE + 20)
    client.force_login(world.user("administrator"))
    first = _trail(client, model="programmes.estate")
    assert len(first.context["entries"]) == queries.PAGE_SIZE
    older = first.context["older"]
    assert "model=programmes.estate" in older
    second = client.get(reverse("audit:trail") + "?" + older)
    assert "Nyeste ændringer" in second.content.decode()
    seen = [c.new for e in first.context["entries"] + second.context["entries"] for c in e.changes]
    # Every change once, newest first: tenancies 69, 68, … 0, and the estate's first change.
    assert seen[: queries.PAGE_SIZE + 20] == [str(n) for n in range(queries.PAGE_SIZE + 19, -1, -1)]
    assert second.context["older"] is None


def test_records_at_the_same_moment_are_paged_without_loss(world: World) -> None:
    """Records of several kinds can share a timestamp; a page boundary between them loses
    and repeats none."""
    _estate_changes(world, 5)
    an_event(world)
    moment = timezone.now()
    for model in (Event, world.programme.estates.model, User):
        history_model(model)._default_manager.update(history_date=moment)
    superuser = world.user("superuser")
    everything = queries.audit_trail(user=superuser, limit=1000).entries
    paged, after = [], None
    while True:
        page = queries.audit_trail(user=superuser, criteria=TrailFilter(after=after), limit=3)
        paged += page.entries
        if page.older is None:
            break
        after = page.older
    assert paged == everything


def test_a_cursor_survives_its_link() -> None:
    cursor = Cursor(
        when=datetime.datetime(2024, 5, 1, 8, 30, 1, 123456, tzinfo=datetime.UTC),
        label="programmes.estate",
        pk=42,
    )
    assert Cursor.from_token(cursor.token()) == cursor
    for junk in ("", "1-2", "x-programmes.estate-1", "1--1", "١-a.b-1", "9" * 30 + "-a.b-1"):
        assert Cursor.from_token(junk) is None


@pytest.mark.parametrize("rounds", [20, 60])
def test_the_page_costs_the_same_queries_however_many_rows(
    client, world: World, rounds: int
) -> None:
    for number in range(rounds):
        event = an_event(world)
        mention = a_mention(world, headline=f"Omtale {number}")
        media_services.mention_link_event(mention=mention, event=event)
        services.estate_ensure(programme=world.programme, name="Nøjsomhed", tenancies=number)
    client.force_login(world.user("administrator"))
    _trail(client)
    with CaptureQueriesContext(connection) as run:
        entries = _trail(client).context["entries"]
    assert {e.model_name for e in entries} == {"Arrangement", "Presseomtale", "Boligområde"}
    # The request's own: session, user, roles, administered programmes, the menu's
    # programmes (5, with the menu items of issue 17) and the people to filter by (9). The
    # page: its records across every model (1); per model on it the records and their
    # previous versions (6), the links of events (3) and mentions (2); the names, one query
    # per linked model (programmes, outlets, users, events, estates, event types: 6).
    assert len(run) == 28, "\n".join(q["sql"][:100] for q in run)
