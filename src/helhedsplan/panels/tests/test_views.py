"""The panels' pages through the test client: panels, members with consent, meetings with
attendance, retry-safe create forms, and the minutes file served only to the panel's keepers."""

from __future__ import annotations

import datetime

from django.urls import reverse

from conftest import World
from helhedsplan.panels.models import Attendee, Meeting, Member, Panel
from helhedsplan.panels.tests.helpers import (
    PDF,
    a_meeting,
    a_member,
    a_panel,
    consent_text,
    upload,
)

DAY = datetime.date(2020, 3, 10)


def _url(name: str, world: World, **kwargs: object) -> str:
    return reverse(f"panels:{name}", kwargs={"slug": world.programme.slug, **kwargs})


def _meeting_data(world: World, *members: Member, **changes: object) -> dict:
    return {
        "held_on": "10.03.2020",
        "estate": world.vapnagaard.pk,
        "residents": 4,
        "police": 2,
        "staff": 1,
        "municipality": 0,
        "housing": 1,
        "attendees": [member.pk for member in members],
        "agenda": "1. Nyt fra politiet",
        "minutes": "Lyset ved stien er gået.",
        "idempotency_key": "meeting-key-1",
    } | changes


def test_the_police_set_up_a_panel_of_their_estate(client, world: World) -> None:
    client.force_login(world.user("police"))
    page = client.get(_url("create", world)).content.decode()
    # Limited to Vapnagaard: neither Nøjsomhed nor a joint panel is offered.
    assert "Vapnagaard" in page and "Nøjsomhed" not in page and "Fælles" not in page
    data = {"name": "Beboerpanelet", "estate": world.vapnagaard.pk, "idempotency_key": "k-1"}
    response = client.post(_url("create", world), data)
    panel = Panel.objects.get()
    assert response.url == panel.get_absolute_url()
    assert panel.estate == world.vapnagaard
    # Sent again (a retry after a lost answer): the first answer, no second panel.
    assert client.post(_url("create", world), data).url == panel.get_absolute_url()
    assert Panel.objects.count() == 1
    refused = client.post(
        _url("create", world),
        {"name": "Andet", "estate": world.nojsomhed.pk, "idempotency_key": "k-2"},
    )
    assert refused.status_code == 400 and Panel.objects.count() == 1
    listed = client.get(_url("list", world)).content.decode()
    assert "Beboerpanelet" in listed


def test_a_member_is_added_with_consent_and_leaves(client, world: World) -> None:
    panel = a_panel(world.programme, world.vapnagaard)
    client.force_login(world.user("police"))
    url = _url("member_create", world, panel_id=panel.pk)
    assert "ingen samtykketekst" in client.get(url).content.decode()
    consent_text(world.programme, world.user("secretariat_head"))
    data = {
        "name": "Tryg Trine",
        "phone": "",
        "email": "",
        "estate": world.vapnagaard.pk,
        "joined_on": "01.02.2020",
        "idempotency_key": "member-1",
        "consent-method": "paper",
        "consent-given_on": "01.02.2020",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "telefonnummer eller en e-mailadresse" in refused.content.decode()
    response = client.post(url, data | {"phone": "11 22 33 44", "idempotency_key": "member-2"})
    member = Member.objects.get()
    assert response.url == member.get_absolute_url()
    assert member.consent.given_on == datetime.date(2020, 2, 1)

    page = client.get(panel.get_absolute_url()).content.decode()
    assert "Tryg Trine" in page and "Nuværende medlemmer" in page
    detail = client.get(member.get_absolute_url()).content.decode()
    data_url = reverse("privacy:person_json", args=[world.programme.slug, "panels", member.pk])
    assert data_url in detail
    left = client.post(
        _url("member_leave", world, panel_id=panel.pk, member_id=member.pk),
        {"leave-left_on": "01.06.2021"},
    )
    assert left.url == member.get_absolute_url()
    member.refresh_from_db()
    assert member.left_on == datetime.date(2021, 6, 1)


def test_a_meeting_is_recorded_once_with_who_came(client, world: World) -> None:
    panel = a_panel(world.programme, world.vapnagaard)
    police = world.user("police")
    trine = a_member(panel, by=police)
    client.force_login(police)
    url = _url("meeting_create", world, panel_id=panel.pk)
    assert "Tryg Trine" in client.get(url).content.decode()
    data = _meeting_data(world, trine)
    response = client.post(url, data)
    meeting = Meeting.objects.get()
    assert response.url == meeting.get_absolute_url()
    assert client.post(url, data).url == meeting.get_absolute_url()
    assert Meeting.objects.count() == 1
    assert (meeting.residents, meeting.police, meeting.housing) == (4, 2, 1)
    assert [a.member for a in Attendee.objects.all()] == [trine]
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Lyset ved stien er gået." in page and "Tryg Trine" in page

    refused = client.post(url, _meeting_data(world, residents=-1, idempotency_key="other"))
    assert refused.status_code == 400 and Meeting.objects.count() == 1

    edit = _url("meeting_update", world, panel_id=panel.pk, meeting_id=meeting.pk)
    client.post(edit, _meeting_data(world, residents=7))
    meeting.refresh_from_db()
    assert meeting.residents == 7 and not Attendee.objects.exists()
    listed = client.get(_url("meetings", world, panel_id=panel.pk)).content.decode()
    assert "10.03.2020" in listed


def test_the_minutes_file_is_served_only_to_the_panels_keepers(client, world: World) -> None:
    panel = a_panel(world.programme, world.vapnagaard)
    meeting = a_meeting(panel, DAY, by=world.user("police"))
    client.force_login(world.user("police"))
    url = _url("minutes_upload", world, panel_id=panel.pk, meeting_id=meeting.pk)
    refused = client.post(url, {"file": upload(b"MZ\x90\x00", "referat.pdf")})
    assert refused.status_code == 400
    assert "PDF eller et Word-dokument" in refused.content.decode()
    assert client.post(url, {"file": upload(PDF, "referat marts.pdf")}).status_code == 302
    link = reverse("core:private_file", args=["panel-minutes", meeting.pk])
    assert link in client.get(meeting.get_absolute_url()).content.decode()
    for who in ["police", "staff", "secretariat_head", "vapnagaard_head"]:
        client.force_login(world.user(who))
        response = client.get(link)
        assert response.status_code == 200, who
        assert b"".join(response.streaming_content) == PDF
        assert "referat marts.pdf" in response["Content-Disposition"]
    # The staff member of another programme, and those who do not keep the panel.
    for who in ["outsider", "board", "working_group"]:
        client.force_login(world.user(who))
        assert client.get(link).status_code == 404, who
    client.logout()
    assert client.get(link).url.startswith(reverse("accounts:login"))


def test_a_joint_panel_shows_each_keeper_what_is_of_their_estates(client, world: World) -> None:
    joint = a_panel(world.programme, None)
    head = world.user("secretariat_head")
    a_member(joint, by=head, estate=world.vapnagaard, name="Vapna Vera")
    a_member(joint, by=head, estate=world.nojsomhed, name="Nøjsom Nis")
    in_nojsomhed = a_meeting(joint, DAY, by=head, estate=world.nojsomhed)
    client.force_login(world.user("police"))
    page = client.get(joint.get_absolute_url()).content.decode()
    assert "Vapna Vera" in page and "Nøjsom Nis" not in page
    assert client.get(in_nojsomhed.get_absolute_url()).status_code == 403
    client.force_login(head)
    page = client.get(joint.get_absolute_url()).content.decode()
    assert "Vapna Vera" in page and "Nøjsom Nis" in page
