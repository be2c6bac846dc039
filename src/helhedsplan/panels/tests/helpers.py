"""Panels for tests: a consent text, a panel, a member registered with consent, a meeting,
and minutes files."""

from __future__ import annotations

import datetime
import io
import struct
import zipfile
import zlib
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from helhedsplan.accounts.models import Organisation
from helhedsplan.panels import services
from helhedsplan.panels.models import (
    ActionItem,
    Concern,
    ConcernCategory,
    Meeting,
    Member,
    Panel,
    SitePlan,
    Walk,
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


# concerns and actions.


def a_concern_in(
    programme: Programme,
    estate: Estate,
    *,
    raised_on: datetime.date = datetime.date(2020, 3, 10),
    **fields: Any,
) -> Concern:
    """A concern raised in ``estate`` at a meeting of that day, for tests that need a concern
    and nothing of who raised it: made directly, with the meeting it needs."""
    panel = Panel.objects.filter(programme=programme, estate=estate).first() or a_panel(
        programme, estate
    )
    meeting = Meeting.objects.filter(panel=panel, held_on=raised_on).first()
    if meeting is None:
        meeting = Meeting(programme=programme, panel=panel, estate=estate, held_on=raised_on)
        meeting.full_clean(exclude=["minutes_file"])
        meeting.save()
    concern = Concern(
        programme=programme,
        estate=estate,
        meeting=meeting,
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


# actions with a past, planned meetings ------------------------------------------------------------


def a_past_action(concern: Concern, created_on: datetime.date, **changes: Any) -> ActionItem:
    """An action with a past the services would not write today: created, and perhaps
    closed, on given days."""
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


# site plans, concerns, walks and photos


def image(kind: str = "PNG", size: tuple[int, int] = (40, 30)) -> bytes:
    """A small image of ``kind`` (``PNG`` or ``JPEG``)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 220, 200)).save(buffer, kind)
    return buffer.getvalue()


def bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A PNG whose header declares ``width`` × ``height`` pixels, in a few bytes: a
    decompression bomb as its header shows it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def a_site_plan(estate: Estate, *, by: User, size: tuple[int, int] = (400, 300)) -> SitePlan:
    return services.site_plan_upload(
        estate=estate, upload=upload(image("PNG", size), "kort.png"), uploaded_by=by
    )


def concern_details(**changes: Any) -> services.ConcernDetails:
    return services.ConcernDetails(
        **{
            "category": ConcernCategory.LIGHTING,
            "description": "Lampen ved stien er gået i stykker.",
            "location": "Stien ved nr. 12",
            "time_of_day": "evening",
            "week_pattern": "every_day",
            "pin_x": None,
            "pin_y": None,
        }
        | changes
    )


def a_concern(
    *, by: User, meeting: Meeting | None = None, walk: Walk | None = None, **changes: Any
) -> Concern:
    return services.concern_create(
        meeting=meeting, walk=walk, details=concern_details(**changes), created_by=by
    )


def a_walk(
    panel: Panel, walked_on: datetime.date, *, by: User, estate: Estate | None = None
) -> Walk:
    place = estate or panel.estate
    assert place is not None
    return services.walk_create(
        panel=panel,
        details=services.WalkDetails(
            estate=place,
            walked_on=walked_on,
            turnout=services.Turnout(residents=6, police=2, staff=1, housing=1),
            route="Fra beboerhuset langs stien til p-pladsen.",
        ),
        created_by=by,
    )
