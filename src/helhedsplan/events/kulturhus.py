"""Kulturhus Syd's booking calendar, read from an iCalendar file or a CSV export.

Criterion K4 counts the events in Kulturhus Syd held by associations from outside, and the
house's booking calendar is where they are written down. A file is read whole into bookings
before anything is stored: a file that cannot be read is refused with the row (or booking)
and the reason named. ``preview`` tells each booking apart as new, updated, unchanged or
cancelled against what earlier imports stored; ``services.kulturhus_import`` stores them.

Every booking is keyed, so that importing the calendar again updates instead of duplicating:
by its UID in an iCalendar file; in a CSV file by its booking number when the export has
one, else by a hash of date, start, title and organiser (then a changed title is a new
booking, as the export gives nothing else to recognise it by).

A repeating booking (RRULE, RDATE, EXDATE, and dates changed on their own by a component
with a RECURRENCE-ID) becomes one booking per date within the programme's period, keyed by
the booking's UID and the date's start as the rule gives it. Unfolding is bounded: a rule
that repeats within a day, falls on no date, gives more than ``MAX_DATES_PER_BOOKING`` dates,
or takes longer than ``EXPANSION_SECONDS``, refuses the file with the booking named, and so
does a file of more than ``MAX_BOOKINGS`` bookings and dates.

A booking cancelled in the calendar (STATUS:CANCELLED, for the booking or one date; in a CSV
file a status column saying "aflyst") cancels the event an earlier import made of it, and so
does a date an earlier import stored that the booking in the file no longer has. An event
registered as held with participant counts is never cancelled by an import: a person saw it
take place, and the preview says the import keeps it.
"""

from __future__ import annotations

import csv
import datetime
import enum
import hashlib
import io
import itertools
import re
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypedDict, cast

import icalendar
from dateutil.rrule import rrulestr
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from helhedsplan.core.numbers import format_number
from helhedsplan.events.forms import EstateChoiceField
from helhedsplan.events.models import (
    ORGANISER_NAME_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    BookingSource,
    Event,
    EventStatus,
    EventTypeCode,
    ExternalBooking,
    Organiser,
)
from helhedsplan.programmes.models import Estate, Programme

VENUE = "Kulturhus Syd"
# Kulturhus Syd lies in Vapnagaard; its bookings count there unless the importer says otherwise.
DEFAULT_ESTATE = "Vapnagaard"

# Organisers that are the programme itself or its resident volunteers, compared in lower case
# as part of the written name ("Boligsocial helhedsplan Helsingør Syd" is the programme).
PROGRAMME_NAMES = ("helhedsplan", "boligsocial", "boligsociale")
RESIDENT_NAMES = ("frivillige beboere", "beboerfrivillige", "beboerne")
# Words in a booking's title that make it a cultural event (K1, K3); any other is "other".
CULTURAL_WORDS = (
    "teater",
    "koncert",
    "værksted",
    "udstilling",
    "fernisering",
    "vernissage",
    "forestilling",
)

# The CSV columns, by the names Danish and English exports give them (compared in lower case).
COLUMNS = {
    "date": ("dato", "date"),
    "start": ("start", "starttid", "fra", "tid"),
    "end": ("slut", "sluttid", "til"),
    "title": ("arrangement", "titel", "booking", "begivenhed", "title"),
    "organiser": ("arrangør", "arrangor", "arrangoer", "booket af", "forening", "organiser"),
    "room": ("lokale", "rum", "sal", "room"),
    "number": ("id", "booking-id", "bookingnr", "bookingnummer", "nr"),
    "status": ("status", "bookingstatus"),
}
# What a CSV export's status column says of a cancelled booking (compared in lower case).
CANCELLED_WORDS = ("aflyst", "annulleret", "afbestilt", "cancelled", "canceled")
REQUIRED = ("date", "start", "title", "organiser")
COLUMN_NAMES = {
    "date": "Dato",
    "start": "Start",
    "title": "Arrangement",
    "organiser": "Arrangør",
}
DATE_PATTERN = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")
ISO_DATE_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
TIME_PATTERN = re.compile(r"^(\d{1,2})[:.](\d{2})$")

# A repeating booking is unfolded date by date from its first date on. The limits bound a
# rule that repeats too often as well as one that began long before the programme: a weekly
# booking over a four-year programme has about 200 dates, a daily one about 1,500.
MAX_DATES_PER_BOOKING = 5000
MAX_BOOKINGS = 10_000
EXPANSION_SECONDS = 1.5
# The file as uploaded, and the lines of a calendar file: icalendar reads a whole file before
# the bookings are counted, at about a tenth of a millisecond a line, so the lines are counted
# first (a booking takes eight to ten).
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ICS_LINES = 10_000
# No booking of a room repeats within a day, and dateutil can take many seconds to find that
# such a rule with an impossible condition (the 30th of February) gives no date at all.
SUB_DAILY = frozenset({"SECONDLY", "MINUTELY", "HOURLY"})


class KulturhusImportError(Exception):
    """A file that cannot be imported, with a message for the person who uploaded it."""


@dataclass(frozen=True)
class Window:
    """The programme's period as moments: repeating bookings are unfolded within it."""

    start: datetime.datetime
    # The first moment after the period.
    end: datetime.datetime

    def contains(self, moment: datetime.datetime) -> bool:
        return self.start <= moment < self.end


def window(programme: Programme) -> Window:
    def midnight(day: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))

    return Window(
        midnight(programme.period_start),
        midnight(programme.period_end + datetime.timedelta(days=1)),
    )


@dataclass(frozen=True)
class Booking:
    """One booking as the calendar gives it, placed in the programme's terms: for a
    repeating booking, one of its dates."""

    source: BookingSource
    key: str
    # The booking's own key, which every date of a repeating booking shares.
    series: str
    # A date's start as the booking's rule gives it, which a date moved on its own keeps;
    # None for a booking that does not repeat.
    occurrence: datetime.datetime | None
    # Where the booking is in the file, as a person finds it: the CSV row or the n-th event.
    position: int
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    organiser_name: str
    room: str
    cancelled: bool

    @property
    def where(self) -> str:
        return _where(self.source, self.position)

    @property
    def organiser(self) -> Organiser:
        name = self.organiser_name.casefold()
        if not name or name == VENUE.casefold():
            # The house's own events are the programme's partner's, not an outside association's.
            return Organiser.PROGRAMME
        if any(word in name for word in PROGRAMME_NAMES):
            return Organiser.PROGRAMME
        if any(word in name for word in RESIDENT_NAMES):
            return Organiser.RESIDENTS
        return Organiser.EXTERNAL

    @property
    def external_name(self) -> str:
        return self.organiser_name if self.organiser == Organiser.EXTERNAL else ""

    @property
    def type_code(self) -> EventTypeCode:
        title = self.title.casefold()
        if any(word in title for word in CULTURAL_WORDS):
            return EventTypeCode.CULTURAL
        return EventTypeCode.OTHER


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Danish Windows saves CSV in Windows-1252.
        return data.decode("cp1252", errors="replace")


def parse_file(name: str, data: bytes, *, span: Window) -> list[Booking]:
    """The bookings in an iCalendar (.ics) or CSV file, repeating ones unfolded within
    ``span``; raises ``KulturhusImportError``. The limits are checked as the file is read: a
    CSV file is refused at its first row beyond ``MAX_BOOKINGS``."""
    if len(data) > MAX_FILE_BYTES:
        raise KulturhusImportError(
            _("Filen fylder mere end %(limit)s MB, som er grænsen.")
            % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    text = _decode(data)
    if not text.strip():
        raise KulturhusImportError(_("Filen er tom."))
    if text.lstrip()[:15].upper() == "BEGIN:VCALENDAR":
        found = _parse_ics(data, span)
    elif name.lower().endswith(".ics"):
        raise KulturhusImportError(
            _(
                "Filen hedder .ics, men er ikke en kalenderfil: "
                "den begynder ikke med BEGIN:VCALENDAR."
            )
        )
    else:
        found = _parse_csv(text)
    bookings: list[Booking] = []
    seen: set[str] = set()
    for booking in found:
        if booking.key in seen:
            raise KulturhusImportError(
                _("%(where)s: bookingen »%(title)s« står i filen mere end én gang.")
                % {"where": booking.where, "title": booking.title}
            )
        seen.add(booking.key)
        bookings.append(booking)
        if len(bookings) > MAX_BOOKINGS:
            raise KulturhusImportError(
                _(
                    "%(where)s (»%(title)s«): filen giver flere end %(limit)s bookinger og "
                    "datoer. Del kalenderen op i kortere perioder."
                )
                % {
                    "where": booking.where,
                    "title": booking.title,
                    "limit": format_number(MAX_BOOKINGS),
                }
            )
    if not bookings:
        raise KulturhusImportError(_("Filen indeholder ingen bookinger."))
    return bookings


def _where(source: BookingSource, position: int) -> str:
    if source == BookingSource.CSV:
        return _("Række %(row)d") % {"row": position}
    return _("Booking nr. %(number)d") % {"number": position}


# CSV


def _delimiter(header: str) -> str:
    delimiter = max(";,\t", key=header.count)
    if header.count(delimiter) == 0:
        raise KulturhusImportError(
            _(
                "Filen er hverken en kalenderfil (.ics) eller en CSV-fil med kolonner adskilt "
                "af semikolon eller komma."
            )
        )
    return delimiter


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, heading in enumerate(header):
        heading = heading.strip().casefold()
        for column, names in COLUMNS.items():
            if heading in names and column not in found:
                found[column] = index
    missing = [COLUMN_NAMES[column] for column in REQUIRED if column not in found]
    if missing:
        raise KulturhusImportError(
            _("Række 1: kolonnen %(columns)s mangler. Filen skal have kolonnerne %(all)s.")
            % {
                "columns": ", ".join(missing),
                "all": ", ".join(COLUMN_NAMES[column] for column in REQUIRED),
            }
        )
    return found


def _date(value: str, row: int) -> datetime.date:
    value = value.strip()
    try:
        if match := DATE_PATTERN.match(value):
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        if match := ISO_DATE_PATTERN.match(value):
            year, month, day = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
    except ValueError:
        pass
    raise KulturhusImportError(
        _("Række %(row)d: datoen »%(value)s« kan ikke læses. Skriv den som fx 12.03.2021.")
        % {"row": row, "value": value}
    )


def _time(value: str, row: int, column: str) -> datetime.time:
    value = value.strip()
    match = TIME_PATTERN.match(value)
    if match:
        hour, minute = (int(part) for part in match.groups())
        if hour < 24 and minute < 60:
            return datetime.time(hour, minute)
    raise KulturhusImportError(
        _(
            "Række %(row)d: tidspunktet »%(value)s« i kolonnen %(column)s kan ikke læses. "
            "Skriv det som fx 19:00."
        )
        % {"row": row, "value": value, "column": column}
    )


def _csv_key(
    *, number: str, day: datetime.date, start: datetime.time, title: str, organiser: str
) -> str:
    if number:
        return f"csv:{number}"
    parts = "|".join(
        [day.isoformat(), start.strftime("%H:%M"), title.casefold(), organiser.casefold()]
    )
    return "csv:" + hashlib.sha256(parts.encode()).hexdigest()[:40]


def _text(value: str, row: int, column: str, limit: int) -> str:
    value = " ".join(value.split())
    if len(value) > limit:
        raise KulturhusImportError(
            _("Række %(row)d: teksten i kolonnen %(column)s er længere end %(limit)d tegn.")
            % {"row": row, "column": column, "limit": limit}
        )
    return value


def _parse_csv(text: str) -> Iterator[Booking]:
    text = text.lstrip("\r\n")
    # The header is the first line; splitting the whole file to find it would copy it.
    first_line = text[:8192].splitlines()[0]
    rows = csv.reader(io.StringIO(text), delimiter=_delimiter(first_line))
    try:
        header = next(rows)
    except csv.Error as error:
        raise KulturhusImportError(
            _("Række 1 kan ikke læses: %(error)s") % {"error": error}
        ) from error
    columns = _columns(header)
    width = max(columns[column] for column in REQUIRED) + 1
    row_number = 1
    # Looked up once: Django finds the current time zone anew on every call without one.
    zone = timezone.get_current_timezone()
    try:
        for row in rows:
            row_number = rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) < width:
                raise KulturhusImportError(
                    _(
                        "Række %(row)d har for få kolonner: "
                        "%(found)d i stedet for mindst %(wanted)d."
                    )
                    % {"row": row_number, "found": len(row), "wanted": width}
                )
            yield _csv_booking(row, row_number, columns, zone)
    except csv.Error as error:
        raise KulturhusImportError(
            _("Række %(row)d kan ikke læses: %(error)s") % {"row": row_number + 1, "error": error}
        ) from error


def _csv_booking(
    row: list[str], row_number: int, columns: dict[str, int], zone: datetime.tzinfo
) -> Booking:
    def cell(column: str) -> str:
        index = columns.get(column)
        return row[index].strip() if index is not None and index < len(row) else ""

    day = _date(cell("date"), row_number)
    start = _time(cell("start"), row_number, COLUMN_NAMES["start"])
    title = _text(cell("title"), row_number, COLUMN_NAMES["title"], TITLE_MAX_LENGTH)
    if not title:
        raise KulturhusImportError(
            _("Række %(row)d: arrangementet mangler en titel.") % {"row": row_number}
        )
    organiser = _text(
        cell("organiser"), row_number, COLUMN_NAMES["organiser"], ORGANISER_NAME_MAX_LENGTH
    )
    starts_at = timezone.make_aware(datetime.datetime.combine(day, start), zone)
    ends_at = None
    if cell("end"):
        end = _time(cell("end"), row_number, "Slut")
        ends_at = timezone.make_aware(datetime.datetime.combine(day, end), zone)
        if ends_at < starts_at:
            # A booking that ends before it starts runs past midnight.
            ends_at = timezone.make_aware(
                datetime.datetime.combine(day + datetime.timedelta(days=1), end), zone
            )
    key = _csv_key(number=cell("number"), day=day, start=start, title=title, organiser=organiser)
    return Booking(
        source=BookingSource.CSV,
        key=key,
        series=key,
        occurrence=None,
        position=row_number,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        organiser_name=organiser,
        room=cell("room"),
        cancelled=cell("status").casefold() in CANCELLED_WORDS,
    )


# iCalendar

# Every date of a repeating booking is keyed by the booking's key and the date's start in UTC,
# which takes 17 characters ("@20210312T180000Z"); the key column holds 255.
SERIES_KEY_MAX_LENGTH = 255 - 17
# The properties that place a booking in time: a moved date (RECURRENCE-ID) has its own.
TIME_PROPERTIES = ("DTSTART", "DTEND", "DURATION")
# The most days each month can have, February in a leap year.
DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _moment(event: Mapping[str, Any], name: str) -> datetime.datetime | None:
    """A calendar time as an aware datetime; a floating time is Danish local time, and a
    whole-day booking starts at midnight. None when missing or unreadable."""
    # An unreadable time is kept as a vBroken property, a repeated one as a list.
    return _aware(event.get(name))


def _aware(moment: object) -> datetime.datetime | None:
    if not isinstance(moment, icalendar.vDDDTypes):
        return None
    value = moment.dt
    if isinstance(value, tuple):
        # A PERIOD (RDATE) starts at its first moment.
        value = value[0]
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, datetime.date):
        return timezone.make_aware(datetime.datetime.combine(value, datetime.time()))
    return None


# What is an address rather than a name: an e-mail address, with or without "mailto:", or
# the "mailto" left of an unquoted CN=mailto:… that icalendar splits at its colon.
ADDRESS = re.compile(r"^mailto(:|$)|@", re.IGNORECASE)


def _ics_organiser(event: Mapping[str, Any]) -> str:
    """The organiser's name: ORGANIZER's CN, else an "Arrangør:" line in the description. An
    organiser given only by an address has no name here: an e-mail address is not a name,
    and it is personal data the event has no use for."""
    organiser = event.get("ORGANIZER")
    if organiser is not None and not isinstance(organiser, list):
        name = str(organiser.params.get("CN", "")).strip()
        if name and not ADDRESS.search(name):
            return name
    # Booking systems without an organiser field write it in the description.
    for line in str(event.get("DESCRIPTION", "")).splitlines():
        heading, _sep, value = line.partition(":")
        value = value.strip()
        if heading.strip().casefold() in COLUMNS["organiser"] and value:
            return "" if ADDRESS.search(value) else value
    return ""


@dataclass(frozen=True)
class _Details:
    """What a booking component says, before it is placed on a date."""

    title: str
    starts_at: datetime.datetime
    duration: datetime.timedelta | None
    organiser_name: str
    room: str
    cancelled: bool


def _details(
    number: int,
    event: Mapping[str, Any],
    *,
    start: datetime.datetime | None = None,
    duration: datetime.timedelta | None = None,
) -> _Details:
    """A component's details; ``start`` and ``duration`` stand in for a moved date's own."""
    title = " ".join(str(event.get("SUMMARY", "")).split())
    where = _where(BookingSource.ICS, number)
    starts_at = _moment(event, "DTSTART") or start
    if starts_at is None:
        raise KulturhusImportError(
            _("%(where)s (»%(title)s«): starttidspunktet mangler eller kan ikke læses.")
            % {"where": where, "title": title}
        )
    if not title:
        raise KulturhusImportError(
            _("%(where)s: arrangementet mangler en titel.") % {"where": where}
        )
    if len(title) > TITLE_MAX_LENGTH:
        raise KulturhusImportError(
            _("%(where)s: titlen er længere end %(limit)d tegn.")
            % {"where": where, "limit": TITLE_MAX_LENGTH}
        )
    ends_at = _moment(event, "DTEND")
    length = event.get("DURATION")
    if ends_at is not None:
        duration = ends_at - starts_at
    elif isinstance(length, icalendar.vDDDTypes) and isinstance(length.dt, datetime.timedelta):
        duration = length.dt
    if duration is not None and duration < datetime.timedelta(0):
        raise KulturhusImportError(
            _("%(where)s (»%(title)s«): slutter, før den begynder.")
            % {"where": where, "title": title}
        )
    return _Details(
        title=title,
        starts_at=starts_at,
        duration=duration,
        organiser_name=" ".join(_ics_organiser(event).split())[:ORGANISER_NAME_MAX_LENGTH],
        room=" ".join(str(event.get("LOCATION", "")).split()),
        cancelled=str(event.get("STATUS", "")).upper() == "CANCELLED",
    )


def _uid(event: Mapping[str, Any]) -> str:
    return str(event.get("UID", "")).strip()


def _series_key(uid: str, details: _Details) -> str:
    if not uid:
        local = timezone.localtime(details.starts_at)
        return _csv_key(
            number="",
            day=local.date(),
            start=local.time(),
            title=details.title,
            organiser=details.organiser_name,
        )
    key = f"ics:{uid}"
    if len(key) > SERIES_KEY_MAX_LENGTH:
        # A UID that long is still one booking's, and its hash recognises it again.
        key = "ics:" + hashlib.sha256(uid.encode()).hexdigest()
    return key


def _booking(
    number: int,
    details: _Details,
    *,
    series: str,
    occurrence: datetime.datetime | None = None,
    starts_at: datetime.datetime | None = None,
) -> Booking:
    starts_at = starts_at or details.starts_at
    key = series
    if occurrence is not None:
        key += "@" + occurrence.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    return Booking(
        source=BookingSource.ICS,
        key=key,
        series=series,
        occurrence=occurrence,
        position=number,
        title=details.title,
        starts_at=starts_at,
        ends_at=starts_at + details.duration if details.duration is not None else None,
        organiser_name=details.organiser_name,
        room=details.room,
        cancelled=details.cancelled,
    )


class _Budget:
    """The time one file may spend unfolding repeating bookings, so that a hostile rule is
    refused in seconds, with the booking named, instead of holding the upload for minutes."""

    def __init__(self) -> None:
        self.deadline = time.monotonic() + EXPANSION_SECONDS

    def check(self, number: int, title: str) -> None:
        if time.monotonic() > self.deadline:
            raise KulturhusImportError(
                _(
                    "%(where)s (»%(title)s«): gentagelserne tager for lang tid at udfolde, "
                    "så filen kan ikke importeres. Ret gentagelsen i kalenderen."
                )
                % {"where": _where(BookingSource.ICS, number), "title": title}
            )


def _values(prop: object) -> Iterator[object]:
    """The values of a property that may be given several times (RRULE, RDATE, EXDATE)."""
    for item in prop if isinstance(prop, list) else [prop] if prop is not None else []:
        yield from item.dts if isinstance(item, icalendar.vDDDLists) else [item]


def _times(
    number: int, details: _Details, event: Mapping[str, Any], name: str
) -> Iterator[icalendar.vDDDTypes]:
    """The dates of RDATE or EXDATE; an unreadable one refuses the file, since leaving it out
    would count a date the calendar excluded, or drop one it added."""
    for value in _values(event.get(name)):
        if not isinstance(value, icalendar.vDDDTypes):
            raise _refuse_rule(
                number, details.title, _("%(name)s kan ikke læses.") % {"name": name}
            )
        yield value


def _until(rule: icalendar.vRecur) -> datetime.datetime | None:
    """A rule's last possible start: UNTIL on a date is the whole of that day."""
    until = rule.get("UNTIL")
    value = until[0] if until else None
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, datetime.date):
        return timezone.make_aware(datetime.datetime.combine(value, datetime.time.max))
    return None


def _possible(rule: icalendar.vRecur) -> bool:
    """Whether BYMONTH and BYMONTHDAY leave a day at all. A rule that gives no date costs
    dateutil seconds, as it searches to the year 9999, so the plainest such rule (the 30th of
    February) is refused before it is searched."""
    month_days = [int(day) for day in rule.get("BYMONTHDAY", [])]
    months = [int(month) for month in rule.get("BYMONTH", [])] or range(1, 13)
    return not month_days or any(
        -DAYS_IN_MONTH[month - 1] <= day <= DAYS_IN_MONTH[month - 1]
        for month in months
        if 1 <= month <= 12
        for day in month_days
    )


def _refuse_rule(number: int, title: str, reason: str) -> KulturhusImportError:
    return KulturhusImportError(
        _("%(where)s (»%(title)s«): %(reason)s")
        % {"where": _where(BookingSource.ICS, number), "title": title, "reason": reason}
    )


def _rule_starts(
    number: int,
    details: _Details,
    rule: object,
    *,
    span: Window,
    budget: _Budget,
    counted: Iterator[int],
) -> Iterator[datetime.datetime]:
    """The starts one RRULE gives within ``span``, generated one at a time from the
    booking's first date and bounded in time and, with ``counted``, which every rule of the
    booking draws from, in number."""
    title = details.title
    if not isinstance(rule, icalendar.vRecur):
        raise _refuse_rule(number, title, _("gentagelsesreglen (RRULE) kan ikke læses."))
    frequency = str((rule.get("FREQ") or [""])[0]).upper()
    if frequency in SUB_DAILY:
        raise _refuse_rule(
            number,
            title,
            _(
                "gentages flere gange i døgnet (FREQ=%(frequency)s). En booking af huset "
                "gentages højst én gang om dagen."
            )
            % {"frequency": frequency},
        )
    if not _possible(rule):
        raise _refuse_rule(number, title, _("gentagelsen rammer ingen dato (som den 30. februar)."))
    until = _until(rule)
    # UNTIL is compared here rather than handed to dateutil, which refuses a floating or
    # whole-day UNTIL beside a start with a time zone.
    text = icalendar.vRecur({k: v for k, v in rule.items() if k != "UNTIL"}).to_ical().decode()
    try:
        starts = rrulestr(text, dtstart=details.starts_at)
    except (ValueError, TypeError) as error:
        raise _refuse_rule(
            number,
            title,
            _("gentagelsesreglen »%(rule)s« kan ikke læses: %(error)s")
            % {"rule": text, "error": error},
        ) from error
    for start in starts:
        budget.check(number, title)
        if start >= span.end or (until is not None and start > until):
            return
        if next(counted) > MAX_DATES_PER_BOOKING:
            raise _refuse_rule(
                number,
                title,
                _(
                    "gentages mere end %(limit)s gange fra første dato til indsatsens "
                    "slutning. Ret gentagelsen i kalenderen."
                )
                % {"limit": MAX_DATES_PER_BOOKING},
            )
        if start >= span.start:
            yield start


def _booking_starts(
    number: int, event: Mapping[str, Any], details: _Details, span: Window, budget: _Budget
) -> list[datetime.datetime]:
    """The starts of a repeating booking's dates within ``span``, in order: its first date,
    every RRULE and RDATE, less every EXDATE (RFC 5545's recurrence set). An EXDATE given as
    a day leaves out whatever date falls on it."""
    starts = {details.starts_at}
    counted = itertools.count(1)
    for rule in _values(event.get("RRULE")):
        # A rule that gives no date never reaches a check inside: check before each rule.
        budget.check(number, details.title)
        starts.update(
            _rule_starts(number, details, rule, span=span, budget=budget, counted=counted)
        )
    starts.update(filter(None, map(_aware, _times(number, details, event, "RDATE"))))
    moments: set[datetime.datetime] = set()
    days: set[datetime.date] = set()
    for value in _times(number, details, event, "EXDATE"):
        if isinstance(value.dt, datetime.date) and not isinstance(value.dt, datetime.datetime):
            days.add(value.dt)
        elif (moment := _aware(value)) is not None:
            moments.add(moment)
    return sorted(
        start
        for start in starts
        if span.start <= start < span.end
        and start not in moments
        and timezone.localtime(start).date() not in days
    )


def _dates(
    number: int,
    event: Mapping[str, Any],
    details: _Details,
    moved: dict[datetime.datetime, tuple[int, Mapping[str, Any]]],
    *,
    series: str,
    span: Window,
    budget: _Budget,
) -> Iterator[Booking]:
    """One booking per date of a repeating booking within ``span``. A date changed on its own
    in the calendar (a component with the date's RECURRENCE-ID) takes its details from that
    component, and keeps the date's key, so moving it updates the event instead of adding one."""
    starts = set(_booking_starts(number, event, details, span, budget))
    # A changed date the rule no longer gives is still in the calendar as a booking.
    starts.update(moment for moment in moved if span.start <= moment < span.end)
    shared = {name: value for name, value in event.items() if name not in TIME_PROPERTIES}
    for start in sorted(starts):
        if start in moved:
            own_number, own = moved[start]
            own_details = _details(
                own_number, {**shared, **own}, start=start, duration=details.duration
            )
            yield _booking(own_number, own_details, series=series, occurrence=start)
        else:
            yield _booking(number, details, series=series, occurrence=start, starts_at=start)


def _repeats(event: Mapping[str, Any]) -> bool:
    return event.get("RRULE") is not None or event.get("RDATE") is not None


def _parse_ics(data: bytes, span: Window) -> Iterator[Booking]:
    if data.count(b"\n") > MAX_ICS_LINES:
        raise KulturhusImportError(
            _(
                "Kalenderfilen har flere end %(limit)s linjer, som er grænsen. Del kalenderen "
                "op i kortere perioder, fx et halvt år ad gangen."
            )
            % {"limit": format_number(MAX_ICS_LINES)}
        )
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as error:
        raise KulturhusImportError(
            _("Kalenderfilen kan ikke læses: %(error)s") % {"error": error}
        ) from error
    bookings: list[tuple[int, Mapping[str, Any]]] = []
    # UID -> the dates changed on their own: the date's start as the rule gives it -> the
    # component that changes it.
    moved: dict[str, dict[datetime.datetime, tuple[int, Mapping[str, Any]]]] = {}
    for number, event in enumerate(calendar.walk("VEVENT"), start=1):
        if "RECURRENCE-ID" not in event:
            bookings.append((number, event))
            continue
        title = " ".join(str(event.get("SUMMARY", "")).split())
        recurrence = event.get("RECURRENCE-ID")
        moment = _moment(event, "RECURRENCE-ID")
        if moment is None or not _uid(event):
            raise _refuse_rule(
                number, title, _("ændrer én dato i en gentagen booking, men ikke hvilken.")
            )
        if str(getattr(recurrence, "params", {}).get("RANGE", "")).upper() == "THISANDFUTURE":
            raise _refuse_rule(
                number,
                title,
                _(
                    "ændrer denne og alle senere datoer i en gentagen booking "
                    "(RANGE=THISANDFUTURE), hvad importen ikke kan læse. Gem ændringen i "
                    "kalenderen som en ny gentagen booking."
                ),
            )
        moved.setdefault(_uid(event), {})[moment] = (number, event)
    budget = _Budget()
    for number, booking in bookings:
        details = _details(number, booking)
        uid = _uid(booking)
        series = _series_key(uid, details)
        own = moved.pop(uid, {}) if uid else {}
        if _repeats(booking) or own:
            yield from _dates(
                number, booking, details, own, series=series, span=span, budget=budget
            )
        else:
            yield _booking(number, details, series=series)
    # Changed dates of a booking the file does not hold whole are bookings of their own date.
    for uid, own in moved.items():
        for moment, (number, change) in sorted(own.items()):
            if span.start <= moment < span.end:
                details = _details(number, change, start=moment)
                yield _booking(number, details, series=_series_key(uid, details), occurrence=moment)


# Preview


class RowStatus(enum.StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    # An event an earlier import stored is cancelled: the calendar cancelled the booking or
    # the date, or the repeating booking no longer has the date.
    CANCELLED = "cancelled"
    # Cancelled in the calendar, but registered as held with participant counts: a person
    # saw it take place, so the import leaves it held and says so.
    KEPT = "kept"


@dataclass(frozen=True)
class PreviewRow:
    booking: Booking
    status: RowStatus
    event: Event | None
    record: ExternalBooking | None = None
    # False for a date an earlier import stored that the booking in the file no longer has.
    in_file: bool = True

    @property
    def is_external(self) -> bool:
        return self.booking.organiser == Organiser.EXTERNAL


class ImportedFields(TypedDict):
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    organiser: Organiser
    organiser_name: str


def imported_fields(booking: Booking) -> ImportedFields:
    """The event fields a booking decides, also when an import updates an event. The type,
    estates and notes are set when the event is first imported and are the staff's after."""
    return {
        "title": booking.title,
        "starts_at": booking.starts_at,
        "ends_at": booking.ends_at,
        "organiser": booking.organiser,
        "organiser_name": booking.external_name,
    }


def _changed(event: Event, booking: Booking) -> bool:
    return any(getattr(event, field) != value for field, value in imported_fields(booking).items())


def _status(booking: Booking, record: ExternalBooking) -> RowStatus:
    event = record.event
    if booking.cancelled:
        if event.status == EventStatus.CANCELLED:
            return RowStatus.UNCHANGED
        return RowStatus.KEPT if event.status == EventStatus.HELD else RowStatus.CANCELLED
    if record.cancelled_at is not None and event.status == EventStatus.CANCELLED:
        # The calendar has taken up again a booking an import cancelled.
        return RowStatus.UPDATED
    return RowStatus.UPDATED if _changed(event, booking) else RowStatus.UNCHANGED


def _gone(record: ExternalBooking, position: int) -> Booking:
    """A date an earlier import stored, as it was stored, now that its booking lacks it."""
    event = record.event
    return Booking(
        source=BookingSource(record.source),
        key=record.key,
        series=record.series,
        occurrence=record.occurrence,
        position=position,
        title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        organiser_name=event.organiser_name,
        room="",
        cancelled=True,
    )


def preview(*, programme: Programme, bookings: Iterable[Booking]) -> list[PreviewRow]:
    """Each booking beside what an earlier import of it stored, in the order of the file,
    then the dates of the file's repeating bookings that earlier imports stored and the
    bookings no longer have within the programme's period. A booking cancelled in the
    calendar that was never imported has nothing to change and is left out; a booking that
    is missing from the file altogether is left as it is, since a file may hold one month or
    one room of the calendar and its silence is no cancellation."""
    bookings = list(bookings)
    span = window(programme)
    positions = {booking.series: booking.position for booking in bookings}
    stored = {
        record.key: record
        for record in ExternalBooking.objects.filter(
            programme=programme, series__in=list(positions)
        ).select_related("event")
    }
    keys = {booking.key for booking in bookings}
    # The stored dates of the file's bookings that the file names by no key, by their start:
    # a booking imported whole before it repeated, or one that no longer repeats, is found
    # again by the date it began on; what is left over is gone from its booking.
    loose: dict[str, dict[datetime.datetime, ExternalBooking]] = {}
    for record in stored.values():
        if record.key not in keys:
            start = record.occurrence or record.event.starts_at
            loose.setdefault(record.series, {})[start] = record
    rows = []
    for booking in bookings:
        found = stored.get(booking.key) or loose.get(booking.series, {}).pop(
            booking.occurrence or booking.starts_at, None
        )
        if found is not None:
            rows.append(PreviewRow(booking, _status(booking, found), found.event, found))
        elif not booking.cancelled:
            rows.append(PreviewRow(booking, RowStatus.NEW, None))
    for series, records in loose.items():
        for record in sorted(records.values(), key=lambda record: record.event.starts_at):
            event = record.event
            if event.status == EventStatus.CANCELLED or not span.contains(event.starts_at):
                continue
            status = RowStatus.KEPT if event.status == EventStatus.HELD else RowStatus.CANCELLED
            rows.append(
                PreviewRow(_gone(record, positions[series]), status, event, record, in_file=False)
            )
    return rows


# The upload form


class UploadForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Indsats"), queryset=Programme.objects.none())
    estate = EstateChoiceField(
        label=_("Boligområde"),
        queryset=Estate.objects.none(),
        help_text=_("Det boligområde, bookingerne tæller i. Kulturhus Syd ligger i Vapnagaard."),
    )
    file = forms.FileField(
        label=_("Kulturhus Syds bookingkalender (.ics eller .csv)"),
        help_text=_(
            "En kalenderfil eller et regneark gemt som CSV med kolonnerne Dato, Start, Slut, "
            "Arrangement, Arrangør og Lokale, fx 12.03.2021 og 19:00, og gerne Status, hvor "
            "»aflyst« aflyser bookingen."
        ),
    )

    def __init__(
        self,
        *args: Any,
        programmes: QuerySet[Programme],
        estates: QuerySet[Estate],
        **kwargs: Any,
    ) -> None:
        """``estates``: those the person may import into (their own, if limited to some)."""
        super().__init__(*args, **kwargs)
        programme = cast(forms.ModelChoiceField, self.fields["programme"])
        programme.queryset = programmes
        estate = cast(EstateChoiceField, self.fields["estate"])
        estates = estates.filter(programme__in=programmes).select_related("programme")
        estate.queryset = estates
        if programmes.count() == 1:
            programme.initial = programmes.get()
            estate.initial = estates.filter(name=DEFAULT_ESTATE).first()
        else:
            estate.with_programme = True

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        programme, estate = cleaned.get("programme"), cleaned.get("estate")
        if programme and estate and estate.programme_id != programme.pk:
            self.add_error("estate", _("Boligområdet skal høre til den valgte indsats."))
        return cleaned
