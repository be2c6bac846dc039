"""Kulturhus Syd's bookings as they really are: repeating bookings become one event per date,
cancellations in the calendar cancel what an earlier import stored, and K4 counts the
house's past, uncancelled outside bookings without anyone marking them held.

``data/repeating.ics`` holds, within the test programme's period (2018-2021):

* Helsingør Skakklub, weekly from Tue 2 March 2021 19:00, COUNT=6: 2, 9, 16, 23, 30 March and
  6 April; 16 March is excluded (EXDATE) and 23 March moved to Wed 24 March 20:00
  (RECURRENCE-ID): five dates, the last two after the change to summer time, still at 19:00.
* Foreningen Nordisk Folkedans, the first Saturday of each month from 2 January 2021 UNTIL
  30 June: 2 January, 6 February, 6 March, 3 April, 1 May, 5 June; 3 April is cancelled on
  its own (RECURRENCE-ID with STATUS:CANCELLED): five dates.
* Syrisk-Dansk Kulturforening, 15 May 2021 and two more dates by RDATE (21 August,
  20 November): three dates.
* Helsingør Harmonikaklub, every 13 December from 2019, with no end: 2019, 2020 and 2021
  within the period, none after it.
* Danske Seniorer Helsingør, whole days 1-3 October 2021 (DAILY, COUNT=3) less 2 October
  (EXDATE of the day): two dates.
* The programme's own theme evening, weekly, COUNT=3 (not an outside booking).
* Banko, whose ORGANIZER is only an e-mail address: no name, so the house's own.
* Helsingør Filmklub's film evening, cancelled (STATUS:CANCELLED) before it was ever imported.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import World
from helhedsplan.core import indicator_sources as sources
from helhedsplan.events import kulturhus, services
from helhedsplan.events.kulturhus import KulturhusImportError, RowStatus
from helhedsplan.events.models import Event, EventStatus, ExternalBooking, Organiser
from helhedsplan.events.tests.conftest import moment
from helhedsplan.indicators.demo import CATALOGUE
from helhedsplan.indicators.services import BaselineSpec
from helhedsplan.indicators.tests.helpers import indicator, results

DATA = Path(__file__).parent / "data"
REPEATING = (DATA / "repeating.ics").read_bytes()
PERIOD = kulturhus.Window(moment(2018, 1, 1, 0), moment(2022, 1, 1, 0))
AFTER = datetime.date(2030, 1, 1)


def _parse(data: bytes) -> list[kulturhus.Booking]:
    return kulturhus.parse_file("kulturhus.ics", data, span=PERIOD)


def _import(world: World, data: bytes) -> dict[RowStatus, int]:
    return services.kulturhus_import(
        programme=world.programme,
        bookings=_parse(data),
        estate=world.vapnagaard,
        created_by=world.user("staff"),
    )


def _starts(title: str) -> list[datetime.datetime]:
    events = Event.objects.filter(title__startswith=title).exclude(status=EventStatus.CANCELLED)
    return sorted(timezone.localtime(e.starts_at).replace(tzinfo=None) for e in events)


def _k4(world: World) -> dict[int, float | None]:
    """K4 as the catalogue defines it, counted by the indicator engine, per year."""
    definition = {
        name: value
        for name, value in CATALOGUE["A3.4"].items()
        if name not in {"targets", "baselines"}
    }
    indicator(world, "A3.4", baselines=[BaselineSpec(2018)], **definition)
    found = results(world, today=AFTER)
    return {year: found[("K4", None, year)].value for year in range(2018, 2022)}


def _k4_events() -> set[Event]:
    source = sources.get("events.event")
    assert source is not None
    wanted = CATALOGUE["A3.4"]["source_filter"]
    return set(Event.objects.filter(sources.condition(source, wanted)))


def test_a_repeating_booking_becomes_one_event_per_date(world: World) -> None:
    _import(world, REPEATING)

    def at(month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
        return datetime.datetime(2021, month, day, hour, minute)

    assert _starts("Skakaften") == [
        at(3, 2, 19),
        at(3, 9, 19),
        at(3, 24, 20),
        at(3, 30, 19),
        at(4, 6, 19),
    ]
    assert Event.objects.get(starts_at=moment(2021, 3, 24, 20)).title == (
        "Skakaften (flyttet til onsdag)"
    )
    assert _starts("Folkedans") == [
        at(1, 2, 14),
        at(2, 6, 14),
        at(3, 6, 14),
        at(5, 1, 14),
        at(6, 5, 14),
    ]
    assert _starts("Kulturaften") == [at(5, 15, 19, 30), at(8, 21, 19, 30), at(11, 20, 19, 30)]
    assert [start.year for start in _starts("Julekoncert")] == [2019, 2020, 2021]
    assert _starts("Strikkefestival") == [at(10, 1, 0), at(10, 3, 0)]
    assert len(_starts("Temaaften")) == 3
    # Cancelled before it was ever imported: nothing to store.
    assert not Event.objects.filter(title="Filmaften").exists()
    dates = ExternalBooking.objects.filter(series="ics:skak-2021@kulturhussyd.dk")
    assert sorted(d.occurrence for d in dates if d.occurrence) == [
        moment(2021, 3, 2, 19),
        moment(2021, 3, 9, 19),
        # The moved date keeps the start its rule gives it.
        moment(2021, 3, 23, 19),
        moment(2021, 3, 30, 19),
        moment(2021, 4, 6, 19),
    ]


def test_k4_counts_the_past_uncancelled_outside_bookings_by_hand_count(world: World) -> None:
    _import(world, REPEATING)
    # By hand, from the module's list: 2021 has chess 5 + folk dance 5 + Syrian evenings 3 +
    # Christmas concert 1 + knitting festival 2 = 16; 2019 and 2020 one Christmas concert
    # each; 2018 nothing at all, so no data. Not counted: the theme evenings (the programme's
    # own), Banko (no organiser's name) and the film evening and 3 April's folk dance
    # (cancelled). Nobody marked any of them held.
    assert not Event.objects.filter(status=EventStatus.HELD).exists()
    assert _k4(world) == {2018: None, 2019: 1, 2020: 1, 2021: 16}


def test_k4_counts_an_imported_booking_once_it_has_begun(world: World) -> None:
    soon = timezone.now() + datetime.timedelta(days=3)
    booking = kulturhus.Booking(
        source=kulturhus.BookingSource.ICS,
        key="ics:soon",
        series="ics:soon",
        occurrence=None,
        position=1,
        title="Korkoncert",
        starts_at=soon,
        ends_at=None,
        organiser_name="Kor 92",
        room="",
        cancelled=False,
    )
    services.kulturhus_import(
        programme=world.programme, bookings=[booking], estate=world.vapnagaard, created_by=None
    )
    assert _k4_events() == set()


def test_k4_keeps_the_held_rule_for_events_registered_by_hand(
    world: World, make_event, theme_evening
) -> None:
    _import(world, REPEATING)
    booked = Event.objects.get(starts_at=moment(2021, 3, 2, 19))
    held = make_event(
        title="Koncert registreret i hånden",
        starts_at=moment(2021, 2, 1, 19),
        venue=booked.venue,
        organiser=Organiser.EXTERNAL,
        organiser_name="Kor 92",
        status=EventStatus.HELD,
        participants_residents=10,
        participants_non_residents=5,
    )
    planned = make_event(
        title="Planlagt i hånden",
        starts_at=moment(2021, 2, 8, 19),
        venue=booked.venue,
        organiser=Organiser.EXTERNAL,
        organiser_name="Kor 92",
    )
    counted = _k4_events()
    assert held in counted
    # Not from the house's calendar: evidence is a person marking it held.
    assert planned not in counted
    assert booked in counted


# Re-importing: the calendar changed after the first import. Each change is one line of the
# file, named where it is made.
SKAK_30_MARCH_EXCLUDED = (
    b"EXDATE;TZID=Europe/Copenhagen:20210316T190000",
    b"EXDATE;TZID=Europe/Copenhagen:20210316T190000,20210330T190000",
)
FOLKEDANS_ENDS_IN_APRIL = (b"UNTIL=20210630T215959Z", b"UNTIL=20210430T215959Z")
SYRISK_AUGUST_DROPPED = (b"20210821T193000,20211120T193000", b"20211120T193000")
JULEKONCERT_CANCELLED = (b"SUMMARY:Julekoncert", b"SUMMARY:Julekoncert\nSTATUS:CANCELLED")


def _changed(*changes: tuple[bytes, bytes]) -> bytes:
    data = REPEATING
    for old, new in changes:
        assert old in data
        data = data.replace(old, new)
    return data


def test_re_importing_cancels_what_the_calendar_cancelled_and_keeps_what_was_held(
    world: World,
) -> None:
    _import(world, REPEATING)
    august = Event.objects.get(starts_at=moment(2021, 8, 21, 19) + datetime.timedelta(minutes=30))
    services.event_mark_held(event=august, participants_residents=40, participants_non_residents=20)
    changed = _changed(
        SKAK_30_MARCH_EXCLUDED,
        FOLKEDANS_ENDS_IN_APRIL,
        SYRISK_AUGUST_DROPPED,
        JULEKONCERT_CANCELLED,
    )

    rows = kulturhus.preview(programme=world.programme, bookings=_parse(changed))
    by_status: dict[RowStatus, list[kulturhus.PreviewRow]] = {}
    for row in rows:
        by_status.setdefault(row.status, []).append(row)
    cancelled = by_status[RowStatus.CANCELLED]
    # 30 March (excluded), the three Christmas concerts (the booking is cancelled), 1 May and
    # 5 June (after the folk dance's new end: no longer dates of the booking).
    assert sorted(timezone.localtime(r.booking.starts_at).date() for r in cancelled) == [
        datetime.date(2019, 12, 13),
        datetime.date(2020, 12, 13),
        datetime.date(2021, 3, 30),
        datetime.date(2021, 5, 1),
        datetime.date(2021, 6, 5),
        datetime.date(2021, 12, 13),
    ]
    assert {r.in_file for r in cancelled if r.booking.title == "Folkedans"} == {False}
    # 21 August is no longer a date of the Syrian evenings, but someone saw it held.
    [kept] = by_status[RowStatus.KEPT]
    assert kept.event == august

    counts = _import(world, changed)
    assert counts[RowStatus.CANCELLED] == 6
    assert counts[RowStatus.KEPT] == 1
    assert counts[RowStatus.NEW] == 0
    august.refresh_from_db()
    assert august.status == EventStatus.HELD
    assert Event.objects.filter(status=EventStatus.CANCELLED).count() == 6
    # By hand: 2021 loses chess on 30 March, folk dance on 1 May and 5 June and the Christmas
    # concert (16 - 4 = 12; the held 21 August still counts, as held); 2019 and 2020 lose
    # their Christmas concerts.
    assert _k4(world) == {2018: None, 2019: 0, 2020: 0, 2021: 12}

    again = _import(world, changed)
    assert again[RowStatus.CANCELLED] == 0
    assert again[RowStatus.NEW] == 0


def test_re_importing_updates_every_date_and_takes_up_a_date_again(world: World) -> None:
    _import(world, REPEATING)
    _import(world, _changed(SKAK_30_MARCH_EXCLUDED))
    renamed = _changed((b"SUMMARY:Skakaften\n", b"SUMMARY:Skak for alle\n"))

    counts = _import(world, renamed)

    # The four dates that are not moved take the new title (the moved one has a title of its
    # own); among them 30 March, which the calendar no longer excludes, is planned again.
    assert counts[RowStatus.UPDATED] == 4
    assert counts[RowStatus.NEW] == 0
    thirtieth = Event.objects.get(starts_at=moment(2021, 3, 30, 19))
    assert (thirtieth.title, thirtieth.status) == ("Skak for alle", EventStatus.PLANNED)
    assert ExternalBooking.objects.get(event=thirtieth).cancelled_at is None
    assert Event.objects.filter(title="Skak for alle").count() == 4


def test_a_booking_imported_whole_before_is_found_again_as_its_first_date(world: World) -> None:
    # The first wave imported only a repeating booking's first date, under the UID alone.
    first_wave = (
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:skak-2021@kulturhussyd.dk\n"
        "DTSTART;TZID=Europe/Copenhagen:20210302T190000\n"
        "DTEND;TZID=Europe/Copenhagen:20210302T220000\nSUMMARY:Skakaften\n"
        "ORGANIZER;CN=Helsingør Skakklub:mailto:formand@skak-helsingor.dk\n"
        "END:VEVENT\nEND:VCALENDAR\n"
    ).encode()
    _import(world, first_wave)
    first = Event.objects.get()
    assert ExternalBooking.objects.get(event=first).key == "ics:skak-2021@kulturhussyd.dk"

    counts = _import(world, REPEATING)

    assert Event.objects.filter(title__startswith="Skakaften").count() == 5
    assert counts[RowStatus.UNCHANGED] == 1
    record = ExternalBooking.objects.get(event=first)
    assert record.occurrence == moment(2021, 3, 2, 19)
    assert record.key == "ics:skak-2021@kulturhussyd.dk@20210302T180000Z"


def test_the_preview_says_which_events_are_cancelled(client, world: World) -> None:
    _import(world, REPEATING)
    client.force_login(world.user("staff"))
    client.post(
        reverse("events:kulturhus_import"),
        {
            "programme": world.programme.pk,
            "estate": world.vapnagaard.pk,
            "file": SimpleUploadedFile(
                "kulturhus.ics", _changed(SKAK_30_MARCH_EXCLUDED, JULEKONCERT_CANCELLED)
            ),
        },
    )

    preview = client.get(reverse("events:kulturhus_preview"))

    page = preview.content.decode()
    # 30 March's chess and the three Christmas concerts.
    assert preview.context["counts"][RowStatus.CANCELLED] == 4
    assert "4 arrangementer aflyses" in page
    assert page.count(">Aflyses<") == 4
    # Cancelled with STATUS:CANCELLED.
    assert page.count("Aflyst i kalenderen.") == 3
    # Excluded by EXDATE: the booking no longer has the date.
    assert page.count("Ikke længere en dato i den gentagne booking.") == 1
    assert not Event.objects.filter(status=EventStatus.CANCELLED).exists()

    response = client.post(reverse("events:kulturhus_confirm"), follow=True)

    assert (
        "4 arrangementer er aflyst, fordi kalenderen har aflyst dem." in response.content.decode()
    )
    assert Event.objects.filter(status=EventStatus.CANCELLED).count() == 4


def test_an_organiser_given_only_by_address_gives_no_name() -> None:
    banko = next(b for b in _parse(REPEATING) if b.title == "Banko")
    assert banko.organiser_name == ""
    assert banko.organiser == Organiser.PROGRAMME
    chess = next(b for b in _parse(REPEATING) if b.title == "Skakaften")
    assert chess.organiser_name == "Helsingør Skakklub"


def _calendar(*lines: str) -> bytes:
    body = "\n".join(["BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:x@kulturhussyd.dk", *lines])
    return (body + "\nEND:VEVENT\nEND:VCALENDAR\n").encode()


def test_an_unbounded_rule_is_unfolded_within_the_programme_only() -> None:
    weekly = _calendar("SUMMARY:Strikkecafé", "DTSTART:20210104T100000", "RRULE:FREQ=WEEKLY")
    dates = _parse(weekly)
    # Every Monday from 4 January 2021 to the end of the programme, 27 December 2021.
    assert len(dates) == 52
    assert timezone.localtime(dates[-1].starts_at).date() == datetime.date(2021, 12, 27)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            ["DTSTART:20210104T100000", "RRULE:FREQ=SECONDLY"],
            "Booking nr. 1 (»Spam«): gentages flere gange i døgnet (FREQ=SECONDLY)",
        ),
        (
            # A day of every minute: the dates run out of bounds within days.
            [
                "DTSTART:20210104T100000",
                "RRULE:FREQ=DAILY;BYHOUR="
                + ",".join(map(str, range(24)))
                + ";BYMINUTE="
                + ",".join(map(str, range(60))),
            ],
            "Booking nr. 1 (»Spam«): gentages mere end 5000 gange",
        ),
        (
            # Daily since 1900: 43,000 dates before the programme even begins.
            ["DTSTART:19000101T100000", "RRULE:FREQ=DAILY"],
            "Booking nr. 1 (»Spam«): gentages mere end 5000 gange",
        ),
        (
            # No date ever: dateutil would search to the year 9999.
            ["DTSTART:20210104T100000", "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"],
            "Booking nr. 1 (»Spam«): gentagelsen rammer ingen dato",
        ),
        (
            ["DTSTART:20210104T100000", "RRULE:FREQ=FORTNIGHTLY"],
            "Booking nr. 1 (»Spam«): gentagelsesreglen (RRULE) kan ikke læses",
        ),
        (
            ["DTSTART:20210104T100000", "RRULE:FREQ=WEEKLY", "EXDATE:2021-01-11"],
            "Booking nr. 1 (»Spam«): EXDATE kan ikke læses",
        ),
    ],
)
def test_a_hostile_rule_is_refused_naming_the_booking(lines: list[str], message: str) -> None:
    with pytest.raises(KulturhusImportError) as caught:
        _parse(_calendar("SUMMARY:Spam", *lines))
    assert message in str(caught.value)


def test_unfolding_stops_when_its_time_is_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kulturhus, "EXPANSION_SECONDS", -1.0)
    weekly = _calendar("SUMMARY:Strikkecafé", "DTSTART:20210104T100000", "RRULE:FREQ=WEEKLY")
    with pytest.raises(KulturhusImportError, match=r"Booking nr\. 1 .*tager for lang tid"):
        _parse(weekly)


def test_a_file_with_too_many_dates_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kulturhus, "MAX_BOOKINGS", 10)
    with pytest.raises(KulturhusImportError, match="flere end 10 bookinger og datoer"):
        _parse(REPEATING)


def test_a_change_to_every_later_date_is_refused() -> None:
    data = REPEATING.replace(
        b"RECURRENCE-ID;TZID=Europe/Copenhagen:20210323T190000",
        b"RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Copenhagen:20210323T190000",
    )
    with pytest.raises(KulturhusImportError, match=r"Booking nr\. 2 .*RANGE=THISANDFUTURE"):
        _parse(data)


def test_a_csv_status_column_cancels_a_booking(world: World) -> None:
    csv = "ID;Dato;Start;Arrangement;Arrangør;Status\n7;12.03.2021;19:00;Koncert;Kor 92;{}\n"
    services.kulturhus_import(
        programme=world.programme,
        bookings=kulturhus.parse_file("k.csv", csv.format("Bekræftet").encode(), span=PERIOD),
        estate=world.vapnagaard,
        created_by=None,
    )
    counts = services.kulturhus_import(
        programme=world.programme,
        bookings=kulturhus.parse_file("k.csv", csv.format("Aflyst").encode(), span=PERIOD),
        estate=world.vapnagaard,
        created_by=None,
    )
    assert counts[RowStatus.CANCELLED] == 1
    assert Event.objects.get().status == EventStatus.CANCELLED


def test_the_events_source_gives_the_reasons_a_closed_year_moved(world: World) -> None:
    source = sources.get("events.event")
    assert source is not None and source.change_reasons is not None
    year = (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
    before = timezone.now()
    _import(world, REPEATING)
    assert source.change_reasons(world.programme.pk, *year, before) == [
        "gentagen Kulturhus-booking talt for hver dato"
    ]
    closed = timezone.now()
    assert source.change_reasons(world.programme.pk, *year, closed) == []

    _import(world, _changed(SKAK_30_MARCH_EXCLUDED))

    assert source.change_reasons(world.programme.pk, *year, closed) == ["Kulturhus-booking aflyst"]
    # 2020's Christmas concert was not touched.
    assert (
        source.change_reasons(
            world.programme.pk, datetime.date(2020, 1, 1), datetime.date(2020, 12, 31), closed
        )
        == []
    )
