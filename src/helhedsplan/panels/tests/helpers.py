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
from helhedsplan.panels.models import ActionItem, Concern, ConcernCategory, Meeting, Member, Panel
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


# Part 2, helper B: concerns (through the ORM, their services being helper A's) and actions.


def a_concern(
    programme: Programme,
    estate: Estate,
    *,
    raised_on: datetime.date = datetime.date(2020, 3, 10),
    **fields: Any,
) -> Concern:
    concern = Concern(
        programme=programme,
        estate=estate,
        category=fields.pop("category", ConcernCategory.LIGHTING),
        description=fields.pop("description", "Lygten ved stien er gået ud."),
        location=fields.pop("location", "Stien ved blok 3"),
        raised_on=raised_on,
        **fields,
    )
    concern.full_clean()
    concern.save()
    return concern


def an_action(
    concern: Concern,
    *,
    by: User,
    party: str = Organisation.MUNICIPALITY,
    owner: User | None = None,
    due_on: datetime.date = datetime.date(2020, 4, 30),
    created_on: datetime.date = datetime.date(2020, 3, 10),
    description: str = "Skift pæren i lygten.",
) -> ActionItem:
    return services.action_create(
        concern=concern,
        details=services.ActionDetails(
            description=description, party=party, owner=owner, due_on=due_on
        ),
        created_by=by,
        today=created_on,
    )
