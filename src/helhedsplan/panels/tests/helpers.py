"""Panels for tests: a consent text, a panel, a member registered with consent, a meeting,
and minutes files."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from helhedsplan.accounts.models import Organisation
from helhedsplan.panels import services
from helhedsplan.panels.models import (
    ActionItem,
    Concern,
    ConcernCategory,
    Meeting,
    Member,
    Panel,
)
from helhedsplan.panels.register import REGISTER
from helhedsplan.privacy import queries as privacy_queries
from helhedsplan.privacy import services as privacy_services
from helhedsplan.privacy.models import ConsentMethod
from helhedsplan.programmes.models import Estate, Programme

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx(document: bytes = b"<w:document/>") -> bytes:
    """The smallest zip a Word document is recognised by: its main part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def upload(content: bytes, name: str = "referat.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def consent_text(programme: Programme, by: User) -> None:
    if privacy_queries.consent_text_in_force(programme=programme, register=REGISTER.key):
        return
    privacy_services.consent_text_publish(
        programme=programme,
        register=REGISTER.key,
        purpose="At indkalde panelets medlemmer til møderne.",
        text="Jeg giver samtykke til, at mine oplysninger registreres.",
        published_by=by,
    )


def a_panel(programme: Programme, estate: Estate | None, name: str | None = None) -> Panel:
    return services.panel_create(
        programme=programme,
        estate=estate,
        name=name or f"Beboerpanelet i {estate.name if estate else 'hele området'}",
    )


def a_member(
    panel: Panel,
    *,
    by: User,
    estate: Estate | None = None,
    name: str = "Tryg Trine",
    joined_on: datetime.date = datetime.date(2019, 1, 1),
    **changes: Any,
) -> Member:
    consent_text(panel.programme, by)
    place = estate or panel.estate
    assert place is not None, "a joint panel's member lives in an estate"
    details: dict[str, Any] = {
        "phone": "11 33 55 77",
        "email": "",
        "consent": privacy_services.ConsentGiven(method=ConsentMethod.PAPER, given_on=joined_on),
    } | changes
    return services.member_register(
        panel=panel,
        estate=place,
        name=name,
        joined_on=joined_on,
        registered_by=by,
        **details,
    )


def details(
    estate: Estate,
    held_on: datetime.date,
    *,
    attendees: list[Member] | None = None,
    residents: int = 5,
    **more: Any,
) -> services.MeetingDetails:
    return services.MeetingDetails(
        estate=estate,
        held_on=held_on,
        turnout=services.Turnout(residents=residents, police=2, staff=1),
        attendees=attendees or [],
        agenda=more.get("agenda", "1. Nyt fra politiet"),
        minutes=more.get("minutes", ""),
    )


def a_meeting(
    panel: Panel, held_on: datetime.date, *, by: User, estate: Estate | None = None, **more: Any
) -> Meeting:
    place = estate or panel.estate
    assert place is not None
    return services.meeting_create(
        panel=panel, details=details(place, held_on, **more), created_by=by
    )


# Part 2, helper C: concerns and actions made through the ORM (their services are parts A and
# B's), planned meetings ------------------------------------------------------------------


def a_concern(at: Meeting, **changes: Any) -> Concern:
    """A concern raised at the meeting ``at`` (or, with ``meeting=None, walk=…``, found on a
    walk in its estate)."""
    concern = Concern(
        **{
            "programme": at.programme,
            "estate": at.estate,
            "meeting": at,
            "category": ConcernCategory.LIGHTING,
            "description": "Mørk sti",
            "location": "Stien ved legepladsen",
            "raised_on": at.held_on,
        }
        | changes
    )
    concern.full_clean()
    concern.save()
    return concern


def an_action(concern: Concern, created_on: datetime.date, **changes: Any) -> ActionItem:
    action = ActionItem(
        programme=concern.programme,
        estate=concern.estate,
        concern=concern,
        description=changes.pop("description", "Skift pæren"),
        party=changes.pop("party", Organisation.MUNICIPALITY),
        due_on=changes.pop("due_on", created_on + datetime.timedelta(days=30)),
        created_on=created_on,
        **changes,
    )
    action.full_clean()
    action.save()
    return action


def a_planned_meeting(
    panel: Panel, held_on: datetime.date, *, by: User, estate: Estate | None = None
) -> Meeting:
    place = estate or panel.estate
    assert place is not None
    return services.meeting_plan(
        panel=panel, estate=place, held_on=held_on, agenda="1. Nyt fra politiet", created_by=by
    )
