"""Kulturhus files made to exhaust the importer are refused as they are read, with a message
naming the limit, and nothing is stored; an organiser given only by an address has no name."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import World
from helhedsplan.core.models import StagedImport
from helhedsplan.events import kulturhus
from helhedsplan.events.kulturhus import KulturhusImportError
from helhedsplan.events.models import Event
from helhedsplan.events.tests.conftest import moment

PERIOD = kulturhus.Window(moment(2018, 1, 1, 0), moment(2022, 1, 1, 0))
HEADER = "Dato;Start;Slut;Arrangement;Arrangør;Lokale\n"


def csv_rows(count: int) -> bytes:
    rows = (
        f"{1 + i % 28:02d}.03.2021;19:00;21:00;Koncert {i};Forening {i};Sal\n" for i in range(count)
    )
    return (HEADER + "".join(rows)).encode()


def calendar(*events: str) -> bytes:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + "".join(events) + "END:VCALENDAR\r\n").encode()


def vevent(number: int, *lines: str) -> str:
    head = f"BEGIN:VEVENT\r\nUID:{number}\r\nDTSTART:20210312T190000\r\nSUMMARY:Koncert\r\n"
    return head + "".join(line + "\r\n" for line in lines) + "END:VEVENT\r\n"


def test_a_csv_file_of_more_bookings_than_the_limit_is_refused_at_the_first_row_beyond() -> None:
    with pytest.raises(KulturhusImportError, match=r"Række 10002 .* flere end 10\.000 bookinger"):
        kulturhus.parse_file("kulturhus.csv", csv_rows(50_000), span=PERIOD)


def test_a_file_beyond_the_size_limit_is_refused_on_the_command_line_too() -> None:
    data = HEADER.encode() + b"x" * kulturhus.MAX_FILE_BYTES
    with pytest.raises(KulturhusImportError, match="mere end 5 MB"):
        kulturhus.parse_file("kulturhus.csv", data, span=PERIOD)


def test_a_calendar_of_more_lines_than_the_limit_is_refused_before_it_is_parsed() -> None:
    lines = kulturhus.MAX_ICS_LINES // 5
    data = calendar(*(vevent(number) for number in range(lines)))
    with pytest.raises(KulturhusImportError, match=r"flere end 10\.000 linjer"):
        kulturhus.parse_file("kulturhus.ics", data, span=PERIOD)


@pytest.mark.parametrize(
    "line",
    [
        "ORGANIZER:mailto:jens@example.dk",
        "ORGANIZER;CN=mailto:jens@example.dk:mailto:jens@example.dk",
        "ORGANIZER;CN=jens@example.dk:mailto:jens@example.dk",
        "ORGANIZER;CN=MAILTO:jens@example.dk:mailto:jens@example.dk",
        "DESCRIPTION:Arrangør: mailto:jens@example.dk",
        "DESCRIPTION:Arrangør: jens@example.dk",
    ],
)
def test_an_organiser_given_only_by_an_address_has_no_name(line: str) -> None:
    (booking,) = kulturhus.parse_file("kulturhus.ics", calendar(vevent(1, line)), span=PERIOD)
    assert booking.organiser_name == ""


def test_an_organisers_name_is_kept_beside_the_address() -> None:
    line = 'ORGANIZER;CN="Helsingør Skakklub":mailto:skak@example.dk'
    (booking,) = kulturhus.parse_file("kulturhus.ics", calendar(vevent(1, line)), span=PERIOD)
    assert booking.organiser_name == "Helsingør Skakklub"


def test_the_upload_page_refuses_a_file_beyond_the_limit_and_stores_nothing(
    client, world: World
) -> None:
    client.force_login(world.user("secretariat_head"))
    response = client.post(
        reverse("events:kulturhus_import"),
        {
            "programme": world.programme.pk,
            "estate": world.vapnagaard.pk,
            "file": SimpleUploadedFile("kulturhus.csv", csv_rows(kulturhus.MAX_BOOKINGS + 1)),
        },
    )
    assert response.status_code == 400
    assert "flere end 10.000 bookinger" in response.content.decode()
    assert not StagedImport.objects.exists()
    assert not Event.objects.exists()
