from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from conftest import World
from helhedsplan.core.lists.services import list_entry_ensure, list_entry_retire
from helhedsplan.events import kulturhus, services
from helhedsplan.events.kulturhus import KulturhusImportError, RowStatus
from helhedsplan.events.models import Event, EventStatus, ExternalBooking, Organiser, Venue
from helhedsplan.events.tests.conftest import moment

DATA = Path(__file__).parent / "data"
ICS = (DATA / "kulturhus.ics").read_bytes()
CSV = (DATA / "kulturhus.csv").read_bytes()
# The test world's programme runs 2018-2021.
PERIOD = kulturhus.Window(moment(2018, 1, 1, 0), moment(2022, 1, 1, 0))


def _import(world: World, name: str, data: bytes) -> dict[RowStatus, int]:
    return services.kulturhus_import(
        programme=world.programme,
        bookings=kulturhus.parse_file(name, data, span=PERIOD),
        estate=world.vapnagaard,
        created_by=world.user("staff"),
    )


def test_an_ics_calendar_becomes_events_at_kulturhus_syd(world: World) -> None:
    counts = _import(world, "kulturhus.ics", ICS)
    # The fifth booking is cancelled in the calendar and is left out.
    assert counts == {
        RowStatus.NEW: 4,
        RowStatus.UPDATED: 0,
        RowStatus.UNCHANGED: 0,
        RowStatus.CANCELLED: 0,
        RowStatus.KEPT: 0,
    }
    concert = Event.objects.get(title="Harmonikakoncert")
    assert concert.venue is not None
    assert concert.venue.name == "Kulturhus Syd"
    assert list(concert.estates.all()) == [world.vapnagaard]
    assert concert.starts_at == moment(2021, 3, 12, 19)
    assert concert.ends_at == moment(2021, 3, 12, 22)
    assert (concert.organiser, concert.organiser_name) == (
        Organiser.EXTERNAL,
        "Helsingør Harmonikaklub",
    )
    assert concert.type.code == "cultural"
    assert concert.status == EventStatus.PLANNED
    assert concert.notes == "Lokale: Store sal"
    chess = Event.objects.get(title="Skakturnering for alle")
    assert (chess.organiser_name, chess.type.code) == ("Helsingør Skakklub", "other")
    assert Event.objects.get(title="Temaaften om boligstøtte").organiser == Organiser.PROGRAMME
    puppets = Event.objects.get(title="Dukketeater for de mindste")
    assert (puppets.organiser, puppets.organiser_name) == (Organiser.RESIDENTS, "")


def test_re_importing_an_ics_calendar_updates_instead_of_duplicating(world: World) -> None:
    _import(world, "kulturhus.ics", ICS)
    concert = Event.objects.get(title="Harmonikakoncert")
    changed = ICS.replace(b"SUMMARY:Harmonikakoncert", b"SUMMARY:Harmonikakoncert med kaffe")
    rows = kulturhus.preview(
        programme=world.programme, bookings=kulturhus.parse_file("k.ics", changed, span=PERIOD)
    )
    assert [row.status for row in rows] == [
        RowStatus.UPDATED,
        RowStatus.UNCHANGED,
        RowStatus.UNCHANGED,
        RowStatus.UNCHANGED,
    ]
    counts = _import(world, "kulturhus.ics", changed)
    assert counts == {
        RowStatus.NEW: 0,
        RowStatus.UPDATED: 1,
        RowStatus.UNCHANGED: 3,
        RowStatus.CANCELLED: 0,
        RowStatus.KEPT: 0,
    }
    assert Event.objects.count() == 4
    concert.refresh_from_db()
    assert concert.title == "Harmonikakoncert med kaffe"


def test_a_csv_export_is_read_with_danish_dates_and_either_delimiter(world: World) -> None:
    counts = _import(world, "kulturhus.csv", CSV)
    assert counts[RowStatus.NEW] == 5
    guests = Event.objects.filter(organiser=Organiser.EXTERNAL).order_by("starts_at")
    assert [e.organiser_name for e in guests] == [
        "Helsingør Harmonikaklub",
        "Helsingør Skakklub",
        "Syrisk-Dansk Kulturforening",
    ]
    workshop = Event.objects.get(title="Billedværksted for børn og forældre")
    assert workshop.starts_at == moment(2021, 4, 10, 14)
    assert workshop.type.code == "cultural"

    comma = CSV.decode().replace(";", ",").encode("cp1252")
    assert len(kulturhus.parse_file("export.csv", comma, span=PERIOD)) == 5


def test_re_importing_a_csv_export_updates_a_changed_end_and_adds_nothing(world: World) -> None:
    _import(world, "kulturhus.csv", CSV)
    changed = CSV.replace(b"12.03.2021;19:00;22:00", b"12.03.2021;19:00;22:30")
    counts = _import(world, "kulturhus.csv", changed)
    assert counts == {
        RowStatus.NEW: 0,
        RowStatus.UPDATED: 1,
        RowStatus.UNCHANGED: 4,
        RowStatus.CANCELLED: 0,
        RowStatus.KEPT: 0,
    }
    assert Event.objects.count() == 5
    ends_at = Event.objects.get(title="Harmonikakoncert").ends_at
    assert ends_at == moment(2021, 3, 12, 22) + datetime.timedelta(minutes=30)


def test_a_csv_booking_number_keys_the_booking_so_a_new_title_updates(world: World) -> None:
    first = "ID;Dato;Start;Arrangement;Arrangør\n117;12.03.2021;19:00;Koncert;Kor 92\n"
    _import(world, "a.csv", first.encode())
    _import(world, "a.csv", first.replace("Koncert", "Forårskoncert").encode())
    assert list(Event.objects.values_list("title", flat=True)) == ["Forårskoncert"]
    assert ExternalBooking.objects.get().key == "csv:117"


def test_the_imported_events_keep_what_staff_changed_later(world: World) -> None:
    _import(world, "kulturhus.ics", ICS)
    concert = Event.objects.get(title="Harmonikakoncert")
    concert.estates.set([world.nojsomhed])
    counts = _import(world, "kulturhus.ics", ICS)
    assert counts[RowStatus.UNCHANGED] == 4
    assert list(concert.estates.all()) == [world.nojsomhed]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("tom.csv", b"", "Filen er tom."),
        ("billede.png", b"\x89PNG\r\n\x1a\n\x00\x00", "hverken en kalenderfil"),
        ("kalender.ics", b"Hej med dig", "ikke en kalenderfil"),
        ("k.ics", b"BEGIN:VCALENDAR\r\nhello\r\n", "Kalenderfilen kan ikke læses"),
        ("k.csv", b"Dato;Start;Titel\n12.03.2021;19:00;Koncert\n", "kolonnen Arrangør mangler"),
        ("k.csv", b"Dato;Start;Arrangement;Arrang\xc3\xb8r\n\n", "ingen bookinger"),
        (
            "k.csv",
            b"Dato;Start;Arrangement;Arranger\n12.03.2021;19:00;Koncert;Kor\n"
            b"31.02.2021;19:00;Koncert;Kor\n",
            "Række 1: kolonnen Arrangør mangler",
        ),
        (
            "k.csv",
            b"Dato;Start;Arrangement;Arrang\xc3\xb8r\n12.03.2021;19:00;Koncert;Kor\n"
            b"31.02.2021;19:00;Koncert;Kor\n",
            "Række 3: datoen »31.02.2021« kan ikke læses",
        ),
        (
            "k.csv",
            b"Dato;Start;Arrangement;Arrang\xc3\xb8r\n12.03.2021;kl. 7;Koncert;Kor\n",
            "Række 2: tidspunktet »kl. 7«",
        ),
        (
            "k.csv",
            b"Dato;Start;Arrangement;Arrang\xc3\xb8r\n12.03.2021;19:00\n",
            "Række 2 har for få kolonner",
        ),
        (
            "k.csv",
            b"Dato;Start;Arrangement;Arrang\xc3\xb8r\n12.03.2021;19:00;;Kor\n",
            "Række 2: arrangementet mangler en titel",
        ),
        (
            "k.ics",
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nSUMMARY:A\r\nDTSTART:20210312T190000\r\n"
            b"END:VEVENT\r\nBEGIN:VEVENT\r\nUID:2\r\nSUMMARY:Koncert\r\nDTSTART:2021031\r\n"
            b"END:VEVENT\r\nEND:VCALENDAR\r\n",
            "Booking nr. 2 (»Koncert«): starttidspunktet mangler",
        ),
        (
            "k.ics",
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Koncert\r\n"
            b"DTSTART:20210312T190000\r\nDTSTART:20210313T190000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "Booking nr. 1 (»Koncert«): starttidspunktet mangler",
        ),
    ],
)
def test_a_malformed_file_is_refused_with_the_reason(name: str, data: bytes, message: str) -> None:
    with pytest.raises(KulturhusImportError) as caught:
        kulturhus.parse_file(name, data, span=PERIOD)
    assert message in str(caught.value)


def test_a_refused_booking_stores_nothing_of_the_file(world: World) -> None:
    held = list_entry_ensure(model=Venue, programme=world.programme, name="Kulturhus Syd")
    bookings = kulturhus.parse_file("kulturhus.csv", CSV, span=PERIOD)
    list_entry_retire(entry=held)
    with pytest.raises(ValidationError, match="Række 2"):
        services.kulturhus_import(
            programme=world.programme,
            bookings=bookings,
            estate=world.vapnagaard,
            created_by=None,
        )
    assert not Event.objects.exists()
    assert not ExternalBooking.objects.exists()


def _upload(client, world: World, name: str, data: bytes):
    return client.post(
        reverse("events:kulturhus_import"),
        {
            "programme": world.programme.pk,
            "estate": world.vapnagaard.pk,
            "file": SimpleUploadedFile(name, data),
        },
    )


def test_staff_upload_preview_and_confirm_an_import(client, world: World) -> None:
    client.force_login(world.user("staff"))
    form = client.get(reverse("events:kulturhus_import")).context["form"]
    assert form["estate"].value() == world.vapnagaard.pk

    response = _upload(client, world, "kulturhus.ics", ICS)
    assert response.url == reverse("events:kulturhus_preview")
    preview = client.get(response.url)
    assert [row.status for row in preview.context["rows"]] == [RowStatus.NEW] * 4
    assert "Helsingør Harmonikaklub" in preview.content.decode()
    assert not Event.objects.exists()

    response = client.post(reverse("events:kulturhus_confirm"))
    assert response.status_code == 302
    assert Event.objects.count() == 4
    assert Event.objects.get(title="Harmonikakoncert").created_by == world.user("staff")
    # The upload is gone once confirmed: confirming twice cannot import it twice.
    again = client.post(reverse("events:kulturhus_confirm"))
    assert again.url == reverse("events:kulturhus_import")
    assert Event.objects.count() == 4


def test_a_malformed_upload_is_shown_on_the_form(client, world: World) -> None:
    client.force_login(world.user("staff"))
    data = b"Dato;Start;Arrangement;Arrang\xc3\xb8r\n12.03.2021;19:00;A;B\n31.02.2021;19:00;C;D\n"
    response = _upload(client, world, "k.csv", data)
    assert response.status_code == 400
    assert "Række 3" in response.context["form"].errors["file"][0]
    assert not Event.objects.exists()


def test_the_estate_must_belong_to_the_chosen_programme(client, world: World) -> None:
    client.force_login(world.user("superuser"))
    response = client.post(
        reverse("events:kulturhus_import"),
        {
            "programme": world.other_programme.pk,
            "estate": world.vapnagaard.pk,
            "file": SimpleUploadedFile("k.ics", ICS),
        },
    )
    assert response.status_code == 400
    assert "estate" in response.context["form"].errors


def test_board_members_cannot_import(client, world: World) -> None:
    client.force_login(world.user("board"))
    assert _upload(client, world, "kulturhus.ics", ICS).status_code == 403
    # Refused outright, as every write of those who may not make it (issue 10).
    assert client.post(reverse("events:kulturhus_confirm")).status_code == 403
    assert not Event.objects.exists()


def test_the_command_imports_and_dry_runs(world: World, tmp_path: Path) -> None:
    path = tmp_path / "kulturhus.csv"
    path.write_bytes(CSV)
    out = StringIO()
    call_command("import_kulturhus", str(path), programme="Helsingør Syd", dry_run=True, stdout=out)
    assert "Dry run" in out.getvalue()
    assert not Event.objects.exists()
    call_command("import_kulturhus", str(path), programme="Helsingør Syd", stdout=out)
    assert Event.objects.filter(estates=world.vapnagaard).count() == 5
    call_command("import_kulturhus", str(path), programme="Helsingør Syd", stdout=out)
    assert "0 new, 0 updated, 5 unchanged" in out.getvalue()


def test_the_command_names_a_bad_row(world: World, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(CSV.replace(b"20.03.2021", b"20.13.2021"))
    with pytest.raises(CommandError, match="Række 3"):
        call_command("import_kulturhus", str(path), programme="Helsingør Syd")
    assert not Event.objects.exists()


def test_importing_does_not_change_the_held_state_of_an_event(world: World) -> None:
    _import(world, "kulturhus.ics", ICS)
    concert = Event.objects.get(title="Harmonikakoncert")
    services.event_mark_held(
        event=concert, participants_residents=30, participants_non_residents=40
    )
    _import(world, "kulturhus.ics", ICS.replace(b"T220000", b"T223000"))
    concert.refresh_from_db()
    assert concert.status == EventStatus.HELD
    assert concert.ends_at == moment(2021, 3, 12, 22) + datetime.timedelta(minutes=30)
