"""State changes of the counselling: every write is one function here.

History: an inquiry's many-to-many fields (topics, bridged-to) are set after the row exists,
and django-simple-history would write one history record per field. The inquiry functions
switch that off while writing and then write one record for the whole change.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from typing import TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from helhedsplan.core.anonymous_text import validate_anonymous
from helhedsplan.core.lists.services import list_entries_start
from helhedsplan.counselling import queries
from helhedsplan.counselling.models import (
    INQUIRY_HISTORY,
    Booking,
    Channel,
    Closure,
    Inquiry,
    Method,
    OpeningHours,
    Referral,
    Topic,
)
from helhedsplan.programmes.models import Estate, Programme

DEFAULT_TOPICS = (
    "Boligstøtte",
    "MitID/NemID",
    "e-Boks og digital post",
    "Oversættelse/læsning af breve",
    "Forældreintra og skole",
    "Jobsøgning",
    "Læge og sundhed",
    "Kost",
    "Forældreskab",
    "Ensomhed",
    "Økonomi og gæld",
    "Andet",
)
DEFAULT_REFERRALS = (
    "Borgerservice",
    "Jobcenter",
    "Familieafdelingen",
    "Sundhedscentret",
    "SKP",
    "SSP",
    "Skole",
    "Læge",
    "Frivillighedscentrets gældsrådgivning",
    "Andet",
)
# A registration may be made a little ahead of the clock (phones drift); beyond that a
# future time is a typing error.
FUTURE_TOLERANCE = datetime.timedelta(minutes=15)

CategoryT = TypeVar("CategoryT", Topic, Referral)


# Categories ------------------------------------------------------------------------------


@transaction.atomic
def categories_ensure_defaults(*, programme: Programme) -> None:
    """Give a programme the starting topics and bridged-to places (``DEFAULT_TOPICS``,
    ``DEFAULT_REFERRALS``, registered as the lists' starters), once: a list the
    administrators have already started is left as they made it. The lists themselves are
    kept through ``helhedsplan.core.lists.services``."""
    for model in (Topic, Referral):
        list_entries_start(model=model, programme=programme)


# Opening hours ---------------------------------------------------------------------------


@transaction.atomic
def opening_hours_add(
    *,
    estate: Estate,
    weekday: int,
    starts: datetime.time,
    ends: datetime.time,
    place: str,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
) -> OpeningHours:
    hours = OpeningHours(
        estate=estate,
        weekday=weekday,
        starts=starts,
        ends=ends,
        place=place,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    if ends <= starts:
        raise ValidationError({"ends": _("Sluttidspunktet skal ligge efter starttidspunktet.")})
    hours.full_clean()
    hours.save()
    return hours


@transaction.atomic
def opening_hours_delete(*, hours: OpeningHours) -> None:
    hours.delete()


@transaction.atomic
def closure_add(
    *, estate: Estate, starts: datetime.date, ends: datetime.date, reason: str
) -> Closure:
    if ends < starts:
        raise ValidationError({"ends": _("Slutdatoen skal ligge på eller efter startdatoen.")})
    closure = Closure(estate=estate, starts=starts, ends=ends, reason=reason)
    closure.full_clean()
    closure.save()
    return closure


@transaction.atomic
def closure_delete(*, closure: Closure) -> None:
    closure.delete()


# Inquiries -------------------------------------------------------------------------------


def _checked_categories(
    model: type[CategoryT],
    chosen: Iterable[CategoryT],
    programme: Programme,
    *,
    keep: Iterable[CategoryT] = (),
    field: str,
) -> list[CategoryT]:
    """The chosen categories, each of the programme and in use (or already on the inquiry)."""
    chosen = list(dict.fromkeys(chosen))  # each category once, in the order chosen
    kept = {category.pk for category in keep}
    for category in chosen:
        if category.programme_id != programme.pk:
            raise ValidationError({field: _("Kategorien hører til en anden indsats.")})
        if not category.active and category.pk not in kept:
            raise ValidationError(
                {field: _("%(name)s er udgået og kan ikke vælges.") % {"name": category.name}}
            )
    return chosen


def _validated_inquiry(
    inquiry: Inquiry, *, topics: list[Topic], bridged_to: list[Referral], now: datetime.datetime
) -> None:
    if not topics:
        raise ValidationError({"topics": _("Vælg mindst ét emne.")})
    if inquiry.occurred_at > now + FUTURE_TOLERANCE:
        raise ValidationError({"occurred_at": _("Tidspunktet ligger i fremtiden.")})
    try:
        validate_anonymous(inquiry.note)
    except ValidationError as error:
        raise ValidationError({"note": error.messages}) from error
    # The estate and the registrar are objects the caller already holds: skip re-reading them.
    # The one constraint (a positive duration) is enforced by the database and bounded by the
    # form; validating it here would cost a savepoint and a query on every registration.
    inquiry.full_clean(exclude=["estate", "registered_by"], validate_constraints=False)


def _save_with_one_history_record(
    inquiry: Inquiry,
    *,
    by: User | None,
    topics: list[Topic],
    bridged_to: list[Referral],
    history_type: str,
) -> None:
    created = inquiry.pk is None
    links: dict[str, Sequence[Model]] | None = None
    inquiry.skip_history_when_saving = True
    try:
        inquiry.save()
        if created:
            # A new inquiry has no links yet: insert them without set()'s diffing reads.
            links = {
                "topics": Inquiry.topics.through.objects.bulk_create(
                    [Inquiry.topics.through(inquiry=inquiry, topic=topic) for topic in topics]
                ),
                "bridged_to": Inquiry.bridged_to.through.objects.bulk_create(
                    [
                        Inquiry.bridged_to.through(inquiry=inquiry, referral=ref)
                        for ref in bridged_to
                    ]
                ),
            }
        else:
            inquiry.topics.set(topics)
            inquiry.bridged_to.set(bridged_to)
    finally:
        del inquiry.skip_history_when_saving
    inquiry._history_user = by
    # The history copies the inserted links as they are, when the database gave their ids.
    if links is not None and connection.features.can_return_rows_from_bulk_insert:
        inquiry._history_links = links
    try:
        INQUIRY_HISTORY.create_historical_record(inquiry, history_type)
    finally:
        inquiry.__dict__.pop("_history_links", None)


def inquiry_register(
    *,
    estate: Estate,
    by: User | None,
    topics: Iterable[Topic],
    bridged_to: Iterable[Referral] = (),
    channel: str = Channel.DROP_IN,
    method: str = Method.CONVERSATION,
    occurred_at: datetime.datetime | None = None,
    follow_up_needed: bool = False,
    interpreter_or_language_help: bool = False,
    duration_minutes: int | None = None,
    age_band: str = "",
    gender: str = "",
    note: str = "",
) -> Inquiry:
    """Register one anonymous inquiry. When this returns, the inquiry is stored."""
    now = timezone.now()
    programme = estate.programme
    topics = _checked_categories(Topic, topics, programme, field="topics")
    bridged_to = _checked_categories(Referral, bridged_to, programme, field="bridged_to")
    inquiry = Inquiry(
        estate=estate,
        occurred_at=occurred_at or now,
        channel=channel,
        method=method,
        follow_up_needed=follow_up_needed,
        interpreter_or_language_help=interpreter_or_language_help,
        duration_minutes=duration_minutes,
        age_band=age_band,
        gender=gender,
        note=note.strip(),
        registered_by=by,
        registered_at=now,
    )
    _validated_inquiry(inquiry, topics=topics, bridged_to=bridged_to, now=now)
    # Validation reads nothing that a concurrent write could change, so it runs before the
    # transaction: SQLite admits one writer at a time, and a short write keeps others moving.
    # Inside a caller's transaction (an idempotency key's) no savepoint of its own: an error
    # here fails the whole write anyway, and a savepoint costs PostgreSQL two round trips.
    with transaction.atomic(savepoint=False):
        _save_with_one_history_record(
            inquiry, by=by, topics=topics, bridged_to=bridged_to, history_type="+"
        )
    return inquiry


@transaction.atomic
def inquiry_correct(
    *,
    inquiry: Inquiry,
    by: User | None,
    estate: Estate,
    topics: Iterable[Topic],
    bridged_to: Iterable[Referral],
    channel: str,
    method: str,
    occurred_at: datetime.datetime,
    follow_up_needed: bool,
    interpreter_or_language_help: bool,
    duration_minutes: int | None,
    age_band: str,
    gender: str,
    note: str,
) -> Inquiry:
    """Correct an inquiry. Categories retired since it was registered may stay on it."""
    if estate.programme_id != inquiry.estate.programme_id:
        raise ValidationError({"estate": _("Boligområdet hører til en anden indsats.")})
    programme = estate.programme
    topics = _checked_categories(
        Topic, topics, programme, keep=inquiry.topics.all(), field="topics"
    )
    bridged_to = _checked_categories(
        Referral, bridged_to, programme, keep=inquiry.bridged_to.all(), field="bridged_to"
    )
    inquiry.estate = estate
    inquiry.channel = channel
    inquiry.method = method
    inquiry.occurred_at = occurred_at
    inquiry.follow_up_needed = follow_up_needed
    inquiry.interpreter_or_language_help = interpreter_or_language_help
    inquiry.duration_minutes = duration_minutes
    inquiry.age_band = age_band
    inquiry.gender = gender
    inquiry.note = note.strip()
    _validated_inquiry(inquiry, topics=topics, bridged_to=bridged_to, now=timezone.now())
    _save_with_one_history_record(
        inquiry, by=by, topics=topics, bridged_to=bridged_to, history_type="~"
    )
    return inquiry


@transaction.atomic
def inquiry_delete(*, inquiry: Inquiry, by: User | None) -> None:
    inquiry._history_user = by
    inquiry.delete()


# Bookings --------------------------------------------------------------------------------

_PHONE_PREFIX = re.compile(r"^(?:\+|00)45")


def _normalised_phone(phone: str) -> str:
    digits = re.sub(r"[\s.-]", "", _PHONE_PREFIX.sub("", phone.strip()))
    if digits and not re.fullmatch(r"\d{8}", digits):
        raise ValidationError({"phone": _("Skriv et dansk telefonnummer med 8 cifre.")})
    return digits


@transaction.atomic
def booking_create(
    *,
    estate: Estate,
    starts: datetime.datetime,
    duration_minutes: int,
    name: str,
    phone: str = "",
    by: User | None,
) -> Booking:
    """Book a slot inside the estate's opening hours, with only a first name or initials."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Skriv et fornavn eller initialer.")})
    if duration_minutes <= 0:
        raise ValidationError({"duration_minutes": _("Varigheden skal være positiv.")})
    ends = starts + datetime.timedelta(minutes=duration_minutes)
    if not queries.within_opening_hours(estate, starts, ends):
        raise ValidationError(
            {"starts": _("Tiden ligger uden for rådgivningens åbningstid i boligområdet.")}
        )
    if starts < timezone.now():
        raise ValidationError({"starts": _("Tiden er allerede passeret.")})
    booking = Booking(
        estate=estate,
        starts=starts,
        duration_minutes=duration_minutes,
        name=name,
        phone=_normalised_phone(phone),
        booked_by=by,
    )
    booking.full_clean()
    booking._history_user = by
    booking.save()
    return booking


@transaction.atomic
def booking_cancel(*, booking: Booking, by: User | None) -> None:
    booking._history_user = by
    booking.delete()


def bookings_purge(*, now: datetime.datetime | None = None) -> int:
    """Blank the name and phone of every booking whose day has passed; returns how many.

    The rows stay, anonymous, so the number of bookings can still be counted. Idempotent, so
    it is safe to run from cron, at demo start and from every server worker.
    """
    now = now or timezone.now()
    today_start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return Booking.objects.filter(starts__lt=today_start, purged_at__isnull=True).update(
        name="", phone="", purged_at=now
    )
