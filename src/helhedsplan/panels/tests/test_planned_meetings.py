"""Planned meetings, recorded as held once their day has come; P1 counts
the held ones only; the agenda carries the actions still open on the meeting's day and a safety
walk's actions onto its follow-up meeting; the minutes as a PDF."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import World, pdf_text
from helhedsplan.agreements.tests.factories import seed_agreement
from helhedsplan.indicators import queries as indicator_queries
from helhedsplan.indicators.demo import create_from_catalogue
from helhedsplan.indicators.models import Indicator
from helhedsplan.panels import queries, services
from helhedsplan.panels.models import ActionStatus, MeetingStatus, Walk
from helhedsplan.panels.tests.helpers import (
    a_concern,
    a_meeting,
    a_member,
    a_panel,
    a_past_action,
    a_planned_meeting,
    details,
)

DAY = datetime.date(2020, 3, 10)


def test_a_planned_meeting_is_recorded_as_held_on_its_day(world: World) -> None:
    police = world.user("police")
    panel = a_panel(world.programme, world.vapnagaard)
    ahead = timezone.localdate() + datetime.timedelta(days=20)
    planned = a_planned_meeting(panel, ahead, by=police)
    assert planned.status == MeetingStatus.PLANNED and planned.attendance == 0
    assert queries.next_planned(panel.meetings.all()) == planned
    with pytest.raises(ValidationError, match="først registreres som afholdt"):
        services.meeting_record_held(meeting=planned, details=details(world.vapnagaard, ahead))
    # A meeting held is still recorded only once held.
    with pytest.raises(ValidationError, match="datoen er i fremtiden"):
        a_meeting(panel, ahead, by=police)
    past = a_planned_meeting(panel, DAY, by=police)
    member = a_member(panel, by=police)
    held = services.meeting_record_held(
        meeting=past, details=details(world.vapnagaard, DAY, attendees=[member], minutes="Godt")
    )
    assert held.status == MeetingStatus.HELD and held.residents == 5
    assert list(held.attendees.values_list("member", flat=True)) == [member.pk]
    with pytest.raises(ValidationError, match="allerede registreret som afholdt"):
        services.meeting_record_held(meeting=held, details=details(world.vapnagaard, DAY))


def test_p1_counts_held_meetings_only(world: World) -> None:
    police = world.user("police")
    panel = a_panel(world.programme, world.vapnagaard)
    for month in (1, 3, 5, 7, 9):
        a_meeting(panel, datetime.date(2020, month, 10), by=police)
    a_planned_meeting(panel, datetime.date(2020, 11, 10), by=police)
    agreement = seed_agreement(world.programme)
    create_from_catalogue(agreement)
    p1 = Indicator.objects.get(agreement=agreement, code="P1")
    cell = indicator_queries.dashboard(agreement, years=[2020]).cell(p1, world.vapnagaard, 2020)
    assert cell is not None and cell.result.value == 5
    assert queries.meetings_per_year(panel.meetings.all())[0]["count"] == 5


def test_the_agenda_carries_the_actions_open_on_the_day(world: World) -> None:
    police = world.user("police")
    panel = a_panel(world.programme, world.vapnagaard)
    earlier = a_meeting(panel, datetime.date(2020, 1, 10), by=police)
    concern = a_concern(meeting=earlier, by=police)
    still_open = a_past_action(concern, datetime.date(2020, 1, 10), description="Åben stadig")
    closed_later = a_past_action(
        concern,
        datetime.date(2020, 1, 11),
        description="Lukket senere",
        status=ActionStatus.DONE,
        closed_on=datetime.date(2020, 4, 1),
    )
    a_past_action(
        concern,
        datetime.date(2020, 1, 12),
        description="Lukket før",
        status=ActionStatus.DONE,
        closed_on=datetime.date(2020, 2, 1),
    )
    a_past_action(concern, DAY, description="Oprettet på dagen")
    other = a_meeting(
        a_panel(world.programme, world.nojsomhed), datetime.date(2020, 1, 12), by=police
    )
    a_past_action(
        a_concern(meeting=other, by=police), datetime.date(2020, 1, 12), description="Andet område"
    )
    walk = Walk(programme=world.programme, panel=panel, estate=world.vapnagaard, walked_on=DAY)
    walk.full_clean()
    walk.save()
    walked = a_concern(walk=walk, by=police)
    from_walk = a_past_action(
        walked, DAY, description="Fra vandringen", status=ActionStatus.DONE, closed_on=DAY
    )
    meeting = a_meeting(panel, DAY, by=police)
    walk.follow_up = meeting
    walk.save()
    carried = queries.carried_actions(meeting)
    assert list(carried) == sorted(
        [still_open, closed_later, from_walk], key=lambda a: (a.due_on, a.pk)
    )
    # ``status_then`` is the query's annotation, which the type checker does not see.
    status = {a.description: a.status_then for a in carried}  # type: ignore[attr-defined]
    assert status == {
        "Åben stadig": ActionStatus.OPEN,
        "Lukket senere": ActionStatus.OPEN,
        "Fra vandringen": ActionStatus.DONE,
    }
    pdf = pdf_text(
        _client_for(world, "police")
        .get(reverse("panels:meeting_pdf", args=[world.programme.slug, panel.pk, meeting.pk]))
        .content
    )
    assert "Opfølgning på handlinger" in pdf and "Lukket senere" in pdf


def _client_for(world: World, role: str):
    from django.test import Client

    client = Client()
    client.force_login(world.user(role))
    return client


def test_the_minutes_pdf_names_members_and_concerns(world: World) -> None:
    police = world.user("police")
    panel = a_panel(world.programme, world.vapnagaard)
    member = a_member(panel, by=police, name="Tryg Trine")
    meeting = a_meeting(
        panel, DAY, by=police, attendees=[member], minutes="Lyset ved stien er gået."
    )
    a_concern(
        meeting=meeting, by=police, location="Stien ved Kirkevej", description="Lampen er gået"
    )
    client = _client_for(world, "police")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Referat som PDF" in page and "Afholdt" in page
    response = client.get(
        reverse("panels:meeting_pdf", args=[world.programme.slug, panel.pk, meeting.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        panel.name,
        "10.03.2020",
        "Vapnagaard",
        "Tryg Trine",
        "Lyset ved stien er gået.",
        "Belysning",
        "Stien ved Kirkevej",
        "Lampen er gået",
    ):
        assert expected in text, expected


def test_a_meeting_is_planned_and_recorded_through_the_pages(world: World) -> None:
    panel = a_panel(world.programme, world.vapnagaard)
    client = _client_for(world, "police")
    slug = world.programme.slug
    ahead = timezone.localdate() + datetime.timedelta(days=10)
    data = {
        "held_on": ahead.strftime("%d.%m.%Y"),
        "estate": world.vapnagaard.pk,
        "agenda": "1. Lys",
        "idempotency_key": "plan-1",
    }
    response = client.post(reverse("panels:meeting_plan", args=[slug, panel.pk]), data)
    meeting = panel.meetings.get()
    assert response.url == meeting.get_absolute_url()
    assert meeting.status == MeetingStatus.PLANNED
    assert ahead.strftime("%d.%m.%Y") in client.get(panel.get_absolute_url()).content.decode()
    # Its edit page is the plan's.
    edit = client.get(reverse("panels:meeting_update", args=[slug, panel.pk, meeting.pk]))
    assert edit.url == reverse("panels:meeting_plan_update", args=[slug, panel.pk, meeting.pk])
    held = {
        "held_on": ahead.strftime("%d.%m.%Y"),
        "estate": world.vapnagaard.pk,
        "residents": 3,
        "police": 1,
        "staff": 1,
        "municipality": 0,
        "housing": 0,
        "agenda": "1. Lys",
        "minutes": "",
    }
    url = reverse("panels:meeting_record_held", args=[slug, panel.pk, meeting.pk])
    assert client.post(url, held).status_code == 400
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
