"""Kulturhus Syd's booking calendar, read from an iCalendar file or a CSV export.

Criterion K4 counts the events in Kulturhus Syd held by associations from outside, and the
house's booking calendar is where they are written down. A file is read whole into bookings
before anything is stored: a file that cannot be read is refused with the row (or booking)
and the reason named. ``preview`` tells each booking apart as new, updated or unchanged
against what earlier imports stored; ``services.kulturhus_import`` stores them.

Every booking is keyed, so that importing the calendar again updates instead of duplicating:
by its UID in an iCalendar file; in a CSV file by its booking number when the export has
one, else by a hash of date, start, title and organiser (then a changed title is a new
booking, as the export gives nothing else to recognise it by).
"""

from __future__ import annotations

import csv
import datetime
import enum
import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypedDict, cast

import icalendar
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from helhedsplan.events.forms import EstateChoiceField
from helhedsplan.events.models import (
    ORGANISER_NAME_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    BookingSource,
    Event,
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
}
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


class KulturhusImportError(Exception):
    """A file that cannot be imported, with a message for the person who uploaded it."""


@dataclass(frozen=True)
class Booking:
    """One booking as the calendar gives it, placed in the programme's terms."""

    source: BookingSource
    key: str
    # Where the booking is in the file, as a person finds it: the CSV row or the n-th event.
    position: int
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    organiser_name: str
    room: str

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


def parse_file(name: str, data: bytes) -> list[Booking]:
    """The bookings in an iCalendar (.ics) or CSV file; raises ``KulturhusImportError``."""
    text = _decode(data)
    if not text.strip():
        raise KulturhusImportError(_("Filen er tom."))
    if text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        bookings = list(_parse_ics(data))
    elif name.lower().endswith(".ics"):
        raise KulturhusImportError(
            _(
                "Filen hedder .ics, men er ikke en kalenderfil: "
                "den begynder ikke med BEGIN:VCALENDAR."
            )
        )
    else:
        bookings = list(_parse_csv(text))
    if not bookings:
        raise KulturhusImportError(_("Filen indeholder ingen bookinger."))
    keys = [booking.key for booking in bookings]
    duplicate = next((b for b in bookings if keys.count(b.key) > 1), None)
    if duplicate is not None:
        raise KulturhusImportError(
            _("%(where)s: bookingen »%(title)s« står i filen mere end én gang.")
            % {"where": duplicate.where, "title": duplicate.title}
        )
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
    first_line = text.lstrip("\r\n").splitlines()[0]
    rows = csv.reader(io.StringIO(text.lstrip("\r\n")), delimiter=_delimiter(first_line))
    try:
        header = next(rows)
    except csv.Error as error:
        raise KulturhusImportError(
            _("Række 1 kan ikke læses: %(error)s") % {"error": error}
        ) from error
    columns = _columns(header)
    width = max(columns[column] for column in REQUIRED) + 1
    row_number = 1
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
            yield _csv_booking(row, row_number, columns)
    except csv.Error as error:
        raise KulturhusImportError(
            _("Række %(row)d kan ikke læses: %(error)s") % {"row": row_number + 1, "error": error}
        ) from error


def _csv_booking(row: list[str], row_number: int, columns: dict[str, int]) -> Booking:
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
    starts_at = timezone.make_aware(datetime.datetime.combine(day, start))
    ends_at = None
    if cell("end"):
        end = _time(cell("end"), row_number, "Slut")
        ends_at = timezone.make_aware(datetime.datetime.combine(day, end))
        if ends_at < starts_at:
            # A booking that ends before it starts runs past midnight.
            ends_at = timezone.make_aware(
                datetime.datetime.combine(day + datetime.timedelta(days=1), end)
            )
    return Booking(
        source=BookingSource.CSV,
        key=_csv_key(number=cell("number"), day=day, start=start, title=title, organiser=organiser),
        position=row_number,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        organiser_name=organiser,
        room=cell("room"),
    )


# iCalendar


def _moment(event: icalendar.Component, name: str) -> datetime.datetime | None:
    """A calendar time as an aware datetime; a floating time is Danish local time, and a
    whole-day booking starts at midnight. None when missing or unreadable."""
    # An unreadable time is kept as a vBroken property, a repeated one as a list.
    moment = event.get(name)
    if not isinstance(moment, icalendar.vDDDTypes):
        return None
    value = moment.dt
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, datetime.date):
        return timezone.make_aware(datetime.datetime.combine(value, datetime.time()))
    return None


def _ics_organiser(event: icalendar.Component) -> str:
    organiser = event.get("ORGANIZER")
    if organiser is not None:
        name = organiser.params.get("CN", "")
        if name:
            return str(name)
    # Booking systems without an organiser field write it in the description.
    for line in str(event.get("DESCRIPTION", "")).splitlines():
        heading, _sep, value = line.partition(":")
        if heading.strip().casefold() in COLUMNS["organiser"] and value.strip():
            return value.strip()
    if organiser is not None:
        return str(organiser).removeprefix("mailto:").removeprefix("MAILTO:")
    return ""


def _parse_ics(data: bytes) -> Iterator[Booking]:
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as error:
        raise KulturhusImportError(
            _("Kalenderfilen kan ikke læses: %(error)s") % {"error": error}
        ) from error
    for number, event in enumerate(calendar.walk("VEVENT"), start=1):
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        title = " ".join(str(event.get("SUMMARY", "")).split())
        where = _where(BookingSource.ICS, number)
        starts_at = _moment(event, "DTSTART")
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
        if ends_at is not None and ends_at < starts_at:
            raise KulturhusImportError(
                _("%(where)s (»%(title)s«): slutter, før den begynder.")
                % {"where": where, "title": title}
            )
        organiser = " ".join(_ics_organiser(event).split())[:ORGANISER_NAME_MAX_LENGTH]
        uid = str(event.get("UID", "")).strip()
        yield Booking(
            source=BookingSource.ICS,
            key=f"ics:{uid}"
            if uid
            else _csv_key(
                number="",
                day=timezone.localtime(starts_at).date(),
                start=timezone.localtime(starts_at).time(),
                title=title,
                organiser=organiser,
            ),
            position=number,
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            organiser_name=organiser,
            room=" ".join(str(event.get("LOCATION", "")).split()),
        )


# Preview


class RowStatus(enum.StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class PreviewRow:
    booking: Booking
    status: RowStatus
    event: Event | None

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


def preview(*, programme: Programme, bookings: Iterable[Booking]) -> list[PreviewRow]:
    """Each booking beside what an earlier import of it stored, in the order of the file."""
    bookings = list(bookings)
    existing = {
        booking.key: booking.event
        for booking in ExternalBooking.objects.filter(
            programme=programme, key__in=[b.key for b in bookings]
        ).select_related("event")
    }
    rows = []
    for booking in bookings:
        event = existing.get(booking.key)
        if event is None:
            status = RowStatus.NEW
        elif _changed(event, booking):
            status = RowStatus.UPDATED
        else:
            status = RowStatus.UNCHANGED
        rows.append(PreviewRow(booking, status, event))
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
            "Arrangement, Arrangør og Lokale, fx 12.03.2021 og 19:00."
        ),
    )

    def __init__(self, *args: Any, programmes: QuerySet[Programme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programme = cast(forms.ModelChoiceField, self.fields["programme"])
        programme.queryset = programmes
        estate = cast(EstateChoiceField, self.fields["estate"])
        estates = Estate.objects.filter(programme__in=programmes).select_related("programme")
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
