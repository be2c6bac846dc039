"""The volunteers through the API: counts per estate for everyone who may count them, with no
personal data; the volunteers themselves only for those who keep them, within their estates."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from conftest import World
from helhedsplan.api.tests.helpers import a_token, bearer
from helhedsplan.events.tests.factories import an_event
from helhedsplan.volunteers import services
from helhedsplan.volunteers.models import HourEntry, Kind, Presence, Volunteer
from helhedsplan.volunteers.tests.helpers import a_volunteer


def _api(world: World, rest: str = "") -> str:
    return f"/api/v1/programmes/{world.programme.slug}/volunteers{rest}"


def _people(world: World) -> tuple[Volunteer, Volunteer, Volunteer]:
    """This year: Frida (20, club) and Vagn (60, association) of Vapnagaard, Nora (25, club)
    of Nøjsomhed, and Stine of Vapnagaard, who stopped last year."""
    head = world.user("secretariat_head")
    year = timezone.localdate().year
    start = datetime.date(year - 1, 1, 1)
    frida = a_volunteer(
        world.programme,
        world.vapnagaard,
        by=head,
        name="Frida Frivillig",
        birth_year=year - 20,
        started_on=start,
    )
    a_volunteer(
        world.programme,
        world.vapnagaard,
        by=head,
        name="Vagn Voksen",
        birth_year=year - 60,
        kind=Kind.ASSOCIATION,
        started_on=start,
        email="vagn@example.org",
    )
    nora = a_volunteer(
        world.programme,
        world.nojsomhed,
        by=head,
        name="Nora Nøjsomhed",
        birth_year=year - 25,
        started_on=start,
        phone="99 88 77 66",
    )
    stine = a_volunteer(
        world.programme, world.vapnagaard, by=head, name="Stine Stoppet", started_on=start
    )
    services.volunteer_end(volunteer=stine, ended_on=datetime.date(year - 1, 12, 31))
    return frida, nora, stine


def _hours(world: World, volunteer: Volunteer, day: datetime.date, hours: str) -> None:
    task = services.task_register(
        programme=world.programme,
        estate=volunteer.estate or world.vapnagaard,
        name=f"Opgave {day}",
        activity=None,
        event=None,
        started_on=day,
    )
    HourEntry.objects.create(task=task, volunteer=volunteer, day=day, hours=Decimal(hours))


def test_the_counts_are_per_estate_and_name_no_one(client: Client, world: World) -> None:
    frida, nora, stine = _people(world)
    today = timezone.localdate()
    _hours(world, frida, today, "2,5".replace(",", "."))
    _hours(world, stine, datetime.date(today.year - 1, 6, 1), "4")
    response = client.get(_api(world, "/counts"), headers=bearer(a_token(world.user("board"))))
    assert response.status_code == 200
    body = response.json()
    assert body["day"] == today.isoformat()
    rows = {row["name"]: row for row in body["estates"]}
    assert rows["Vapnagaard"] == {
        "estate": world.vapnagaard.pk,
        "name": "Vapnagaard",
        "active": 2,
        "young": 1,
        "hours_this_year": 2.5,
        "by_kind": {"association": 1, "club": 1, "department_board": 0, "ad_hoc": 0},
    }
    assert rows["Nøjsomhed"]["active"] == 1 and rows["Nøjsomhed"]["young"] == 1
    assert rows["Ikke beboer"] == {
        "estate": None,
        "name": "Ikke beboer",
        "active": 0,
        "young": 0,
        "hours_this_year": 0.0,
        "by_kind": {"association": 0, "club": 0, "department_board": 0, "ad_hoc": 0},
    }
    text = response.content.decode()
    assert all(v.name not in text for v in (frida, nora, stine))


@pytest.mark.parametrize("who", ["board", "working_group"])
def test_counters_get_no_personal_data(client: Client, world: World, who: str) -> None:
    frida, _nora, _stine = _people(world)
    headers = bearer(a_token(world.user(who)))
    assert client.get(_api(world), headers=headers).status_code == 403
    assert client.get(_api(world, f"/{frida.pk}"), headers=headers).status_code == 403


def test_keepers_list_the_volunteers_of_their_estates(client: Client, world: World) -> None:
    frida, nora, stine = _people(world)
    otto = a_volunteer(world.programme, None, by=world.user("staff"), name="Otto Udefra")
    head = client.get(_api(world), headers=bearer(a_token(world.user("secretariat_head"))))
    assert head.status_code == 200
    assert head.json()["count"] == 5
    staff = client.get(_api(world), headers=bearer(a_token(world.user("staff")))).json()
    # Staff of Vapnagaard keep its volunteers and non-residents, never Nora of Nøjsomhed.
    assert [v["name"] for v in staff["items"]] == [frida.name, otto.name, stine.name, "Vagn Voksen"]
    assert nora.phone not in str(staff)
    first = staff["items"][0]
    assert first["phone"] == frida.phone and first["estate"] == world.vapnagaard.pk
    assert first["kind"] == "club" and first["consent_withdrawn"] is False


def test_the_list_filters_and_pages(client: Client, world: World) -> None:
    _people(world)
    headers = bearer(a_token(world.user("secretariat_head")))
    by_estate = client.get(_api(world), {"estate": world.nojsomhed.pk}, headers=headers).json()
    assert [v["name"] for v in by_estate["items"]] == ["Nora Nøjsomhed"]
    searched = client.get(_api(world), {"q": "stine"}, headers=headers).json()
    assert [v["name"] for v in searched["items"]] == ["Stine Stoppet"]
    paged = client.get(_api(world), {"limit": 2, "offset": 2}, headers=headers).json()
    assert paged["count"] == 4 and [v["name"] for v in paged["items"]] == [
        "Stine Stoppet",
        "Vagn Voksen",
    ]


def test_a_volunteer_with_hours_and_events(client: Client, world: World) -> None:
    frida, nora, _stine = _people(world)
    _hours(world, frida, datetime.date(2020, 5, 4), "3")
    event = an_event(world)
    services.event_invite(event=event, volunteers=[frida], invited_on=datetime.date(2019, 3, 1))
    services.event_attendance_save(
        event=event,
        marks={frida.pk: services.Attendance(presence=Presence.PRESENT, helped=True)},
    )
    headers = bearer(a_token(world.user("staff")))
    response = client.get(_api(world, f"/{frida.pk}"), headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == frida.name and body["email"] == frida.email
    assert body["hours_total"] == 3.0
    assert body["hours_per_year"] == [{"year": 2020, "hours": 3.0}]
    assert body["events"] == [
        {
            "event": event.pk,
            "title": event.title,
            # 17:00 in Copenhagen (``an_event``), in UTC.
            "starts_at": "2019-03-12T16:00:00Z",
            "invited_on": "2019-03-01",
            "presence": "present",
            "helped": True,
        }
    ]
    # Nora is of Nøjsomhed: not the staff member's; an unknown id is 404.
    assert client.get(_api(world, f"/{nora.pk}"), headers=headers).status_code == 403
    assert client.get(_api(world, "/999999"), headers=headers).status_code == 404


def test_another_programmes_staff_get_nothing(client: Client, world: World) -> None:
    frida, _nora, _stine = _people(world)
    headers = bearer(a_token(world.user("outsider")))
    for path in (_api(world, "/counts"), _api(world), _api(world, f"/{frida.pk}")):
        assert client.get(path, headers=headers).status_code == 403
