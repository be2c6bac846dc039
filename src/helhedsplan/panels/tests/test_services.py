"""The panels' services: panels, members on consent, meetings and their minutes file."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone

from conftest import World
from helhedsplan.panels import services
from helhedsplan.panels.models import Attendee, Meeting, MinutesKind
from helhedsplan.panels.tests.helpers import (
    PDF,
    a_concern,
    a_meeting,
    a_member,
    a_panel,
    details,
    docx,
    upload,
)
from helhedsplan.privacy.models import Consent, ConsentMethod
from helhedsplan.privacy.services import ConsentGiven

ONE_DAY = datetime.timedelta(days=1)
DAY = datetime.date(2020, 3, 10)


def _messages(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


def test_a_panel_is_of_one_estate_or_joint_and_named_once(world: World) -> None:
    estate_panel = a_panel(world.programme, world.vapnagaard)
    joint = a_panel(world.programme, None)
    assert (estate_panel.estate, joint.estate) == (world.vapnagaard, None)
    with pytest.raises(ValidationError) as error:
        a_panel(world.programme, world.nojsomhed, name=estate_panel.name.upper())
    assert "allerede et beboerpanel med det navn" in _messages(error)
    other_estate = world.other_programme.estates.get()
    with pytest.raises(ValidationError) as error:
        a_panel(world.programme, other_estate)
    assert "hører ikke til indsatsen" in _messages(error)


def test_a_panel_is_renamed_and_closed(world: World) -> None:
    panel = a_panel(world.programme, world.vapnagaard)
    services.panel_update(panel=panel, name="Tryghedspanelet", active=False)
    panel.refresh_from_db()
    assert (panel.name, panel.active) == ("Tryghedspanelet", False)
    with pytest.raises(ValidationError) as error:
        a_meeting(panel, DAY, by=world.user("police"))
    assert "ikke aktivt" in _messages(error)


def test_a_member_is_registered_with_their_consent(world: World) -> None:
    panel = a_panel(world.programme, world.vapnagaard)
    member = a_member(panel, by=world.user("police"))
    consent = Consent.objects.get()
    assert member.consent == consent
    assert (consent.register, consent.person_id) == ("panels", member.pk)
    assert (member.programme, member.estate, member.left_on) == (
        world.programme,
        world.vapnagaard,
        None,
    )


def test_no_member_without_a_consent_text_a_contact_or_in_another_estate(world: World) -> None:
    panel = a_panel(world.programme, world.vapnagaard)
    police = world.user("police")
    with pytest.raises(ValidationError) as error:
        services.member_register(
            panel=panel,
            estate=world.vapnagaard,
            name="Tryg Trine",
            phone="11 22 33 44",
            email="",
            joined_on=DAY,
            consent=ConsentGiven(method=ConsentMethod.IN_PERSON, given_on=DAY),
            registered_by=police,
        )
    assert "ingen samtykketekst" in _messages(error)
    with pytest.raises(ValidationError) as error:
        a_member(panel, by=police, phone="", email="")
    assert "telefonnummer eller en e-mailadresse" in _messages(error)
    with pytest.raises(ValidationError) as error:
        a_member(panel, by=police, estate=world.nojsomhed)
    assert "panelets eget" in _messages(error)
    # A joint panel's members live in any of the programme's estates.
    joint = a_panel(world.programme, None)
    assert a_member(joint, by=police, estate=world.nojsomhed).estate == world.nojsomhed
    assert Consent.objects.count() == 1


def test_a_member_leaves_once_and_not_before_joining_nor_in_the_future(world: World) -> None:
    member = a_member(a_panel(world.programme, world.vapnagaard), by=world.user("staff"))
    for day, message in [
        (member.joined_on - datetime.timedelta(days=1), "før de er indtrådt"),
        (timezone.localdate() + datetime.timedelta(days=1), "i fremtiden"),
    ]:
        with pytest.raises(ValidationError) as error:
            services.member_leave(member=member, left_on=day)
        assert message in _messages(error)
    services.member_leave(member=member, left_on=DAY)
    with pytest.raises(ValidationError) as error:
        services.member_leave(member=member, left_on=DAY)
    assert "allerede udtrådt" in _messages(error)


def test_a_meeting_records_turnout_agenda_minutes_and_the_members_who_came(world: World) -> None:
    panel = a_panel(world.programme, world.vapnagaard)
    police = world.user("police")
    trine = a_member(panel, by=police)
    viggo = a_member(panel, by=police, name="Vagtsom Viggo")
    meeting = a_meeting(panel, DAY, by=police, attendees=[trine], minutes="Lyset ved stien.")
    assert (meeting.residents, meeting.police, meeting.staff, meeting.attendance) == (5, 2, 1, 8)
    assert (meeting.programme, meeting.estate) == (world.programme, world.vapnagaard)
    assert meeting.minutes == "Lyset ved stien."
    assert [a.member for a in Attendee.objects.all()] == [trine]

    services.meeting_update(
        meeting=meeting, details=details(world.vapnagaard, DAY, attendees=[viggo], residents=1)
    )
    assert [a.member for a in Attendee.objects.all()] == [viggo]
    meeting.refresh_from_db()
    assert meeting.residents == 1


def test_a_meeting_with_concerns_keeps_its_day_and_estate(world: World) -> None:
    police = world.user("police")
    joint = a_panel(world.programme, None)
    meeting = a_meeting(joint, DAY, by=police, estate=world.vapnagaard)
    a_concern(meeting=meeting, by=police)
    for moved in (details(world.nojsomhed, DAY), details(world.vapnagaard, DAY - ONE_DAY)):
        with pytest.raises(ValidationError, match="dets dato og boligområde kan ikke ændres"):
            services.meeting_update(meeting=meeting, details=moved)
    services.meeting_update(meeting=meeting, details=details(world.vapnagaard, DAY, residents=9))
    meeting.refresh_from_db()
    assert (meeting.estate, meeting.held_on, meeting.residents) == (world.vapnagaard, DAY, 9)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"held_on": timezone.localdate() + datetime.timedelta(days=1)}, "datoen er i fremtiden"),
        ({"estate": "nojsomhed"}, "panelets eget"),
        ({"residents": 0}, "flere medlemmer af, end der kom beboere"),
        ({"held_on": datetime.date(2018, 12, 31)}, "ikke med i panelet på mødets dato"),
    ],
)
def test_a_meeting_is_refused_in_danish(world: World, change: dict, message: str) -> None:
    panel = a_panel(world.programme, world.vapnagaard)
    police = world.user("police")
    member = a_member(panel, by=police, joined_on=datetime.date(2019, 1, 1))
    arguments = {"held_on": DAY, "estate": world.vapnagaard, "residents": 5} | change
    if arguments["estate"] == "nojsomhed":
        arguments["estate"] = world.nojsomhed
    with pytest.raises(ValidationError) as error:
        services.meeting_create(
            panel=panel,
            details=details(
                arguments["estate"],
                arguments["held_on"],
                attendees=[member],
                residents=arguments["residents"],
            ),
            created_by=police,
        )
    assert message in _messages(error)
    assert not Meeting.objects.exists()


def test_a_member_who_left_came_to_the_meetings_before(world: World) -> None:
    panel = a_panel(world.programme, world.vapnagaard)
    police = world.user("police")
    member = a_member(panel, by=police)
    services.member_leave(member=member, left_on=DAY)
    assert a_meeting(panel, DAY, by=police, attendees=[member]).attendees.count() == 1
    with pytest.raises(ValidationError):
        a_meeting(panel, DAY + datetime.timedelta(days=1), by=police, attendees=[member])


def test_a_joint_panel_meets_in_any_of_the_estates(world: World) -> None:
    joint = a_panel(world.programme, None)
    police = world.user("police")
    meeting = a_meeting(joint, DAY, by=police, estate=world.nojsomhed)
    assert meeting.estate == world.nojsomhed
    other_estate = world.other_programme.estates.get()
    with pytest.raises(ValidationError):
        a_meeting(joint, DAY, by=police, estate=other_estate)


def test_the_minutes_file_is_a_pdf_or_a_word_document_by_its_content(
    world: World, django_capture_on_commit_callbacks
) -> None:
    meeting = a_meeting(a_panel(world.programme, world.vapnagaard), DAY, by=world.user("police"))
    services.minutes_upload(meeting=meeting, upload=upload(PDF, "referat marts.pdf"))
    meeting.refresh_from_db()
    assert (meeting.minutes_kind, meeting.minutes_name) == (MinutesKind.PDF, "referat marts.pdf")
    first = meeting.minutes_file.name
    assert "referat" not in first and default_storage.exists(first)
    # A new file replaces the first, which goes from the storage once the change commits.
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_upload(meeting=meeting, upload=upload(docx(), "referat.docx"))
    meeting.refresh_from_db()
    assert meeting.minutes_kind == MinutesKind.DOCX
    assert default_storage.open(meeting.minutes_file.name).read() == docx()
    assert not default_storage.exists(first)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"MZ\x90\x00" + b"\x00" * 60, "PDF eller et Word-dokument"),
        (b"", "højst 20 MB"),
        (docx()[:40], "beskadiget"),
        (b"PK\x03\x04" + docx()[4:].replace(b"word/document.xml", b"word/other.xmlxxx"), "ikke et"),
        (docx(b'<!DOCTYPE w [<!ENTITY a "a">]><w:document/>'), "(DOCTYPE)"),
    ],
    ids=["program", "empty", "damaged", "other-zip", "doctype"],
)
def test_other_minutes_files_are_refused_and_nothing_is_stored(
    world: World, content: bytes, message: str
) -> None:
    meeting = a_meeting(a_panel(world.programme, world.vapnagaard), DAY, by=world.user("police"))
    with pytest.raises(ValidationError) as error:
        services.minutes_upload(meeting=meeting, upload=upload(content, "referat.pdf"))
    assert message in _messages(error)
    meeting.refresh_from_db()
    assert not meeting.minutes_file and not meeting.minutes_kind


def test_a_minutes_file_over_20_mb_is_refused(world: World) -> None:
    meeting = a_meeting(a_panel(world.programme, world.vapnagaard), DAY, by=world.user("police"))
    with pytest.raises(ValidationError) as error:
        services.minutes_upload(meeting=meeting, upload=upload(PDF + b"0" * 20 * 1024 * 1024))
    assert "højst 20 MB" in _messages(error)
