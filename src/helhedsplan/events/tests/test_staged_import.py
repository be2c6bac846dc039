"""Kulturhus Syd's calendar is parsed once, on upload: the stored JSON rebuilds the very
bookings that parsing the file gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import World
from helhedsplan.events import kulturhus, staged_import
from helhedsplan.events.models import Event

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("name", ["kulturhus.ics", "kulturhus.csv", "repeating.ics"])
def test_the_bookings_are_rebuilt_from_their_stored_parse(name: str, world: World) -> None:
    data = (DATA / name).read_bytes()
    target = {"programme": world.programme.pk}
    stored = json.loads(json.dumps(staged_import.parse(data, name, target)))
    span = kulturhus.window(world.programme)
    assert staged_import.rebuild(stored, target) == kulturhus.parse_file(name, data, span=span)


def test_the_calendar_is_parsed_once_from_upload_to_confirmation(
    client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    parse = kulturhus.parse_file

    def counted(name: str, data: bytes, *, span: kulturhus.Window) -> list[kulturhus.Booking]:
        calls.append(name)
        return parse(name, data, span=span)

    monkeypatch.setattr(kulturhus, "parse_file", counted)
    client.force_login(world.user("staff"))
    client.post(
        reverse("events:kulturhus_import"),
        {
            "programme": world.programme.pk,
            "estate": world.vapnagaard.pk,
            "file": SimpleUploadedFile("kulturhus.ics", (DATA / "kulturhus.ics").read_bytes()),
        },
    )
    assert client.get(reverse("events:kulturhus_preview")).status_code == 200
    client.post(reverse("events:kulturhus_confirm"))

    assert calls == ["kulturhus.ics"]
    assert Event.objects.count() == 4
