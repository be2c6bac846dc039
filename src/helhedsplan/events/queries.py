"""Reads of events and of the lists they draw on."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhedsplan.accounts.access import User
from helhedsplan.core.exports import Column
from helhedsplan.core.feeds import Feed
from helhedsplan.core.search import matching
from helhedsplan.events import access
from helhedsplan.events.models import (
    Event,
    EventStatus,
    EventType,
    EventTypeCode,
    Partner,
    TargetGroup,
    Venue,
)
from helhedsplan.programmes.models import Estate, Programme

# What the search box of the list looks in.
SEARCHED_FIELDS = ("title", "notes", "organiser_name", "type__name", "venue__name")


def events_with_details(events: QuerySet[Event] | None = None) -> QuerySet[Event]:
    """``events`` (every event by default) with what a page shows of them, fetched at once."""
    events = Event.objects.all() if events is None else events
    return events.select_related("type", "venue", "programme").prefetch_related(
        "estates", "partners"
    )


def events_readable_by(user: User) -> QuerySet[Event]:
    return events_with_details(Event.objects.filter(programme__in=access.readable_programmes(user)))


def event_list(
    *,
    user: User,
    programme: Programme | None = None,
    event_type: EventType | None = None,
    estate: Estate | None = None,
    target_group: TargetGroup | None = None,
    status: EventStatus | None = None,
    year: int | None = None,
    search: str = "",
) -> QuerySet[Event]:
    """The events the user may read, newest first, narrowed by whichever filters are given;
    ``search`` looks in the title, notes, type, venue and outside organiser's name."""
    events = events_readable_by(user).filter(matching(search, SEARCHED_FIELDS))
    if programme is not None:
        events = events.filter(programme=programme)
    if event_type is not None:
        events = events.filter(type=event_type)
    if estate is not None:
        events = events.filter(estates=estate)
    if target_group is not None:
        events = events.filter(target_groups=target_group)
    if status is not None:
        events = events.filter(status=status)
    if year is not None:
        # The calendar year in Danish time: an event at 23:30 on 31 December counts then.
        start = timezone.make_aware(datetime.datetime(year, 1, 1))
        events = events.filter(starts_at__gte=start, starts_at__lt=start.replace(year=year + 1))
    return events.order_by("-starts_at", "pk")


def _local_time(moment: datetime.datetime | None) -> datetime.time | None:
    return timezone.localtime(moment).time() if moment else None


# The list's export: what the list shows and what an event's page shows besides.
EXPORT_COLUMNS: list[Column[Event]] = [
    Column(_("Dato"), lambda e: timezone.localtime(e.starts_at).date(), 11),
    Column(_("Start"), lambda e: _local_time(e.starts_at), 7),
    Column(_("Slut"), lambda e: _local_time(e.ends_at), 7),
    Column(_("Titel"), lambda e: e.title, 40),
    Column(_("Type"), lambda e: e.type.name, 20),
    Column(_("Status"), lambda e: e.get_status_display(), 10),
    Column(_("Boligområder"), lambda e: [estate.name for estate in e.estates.all()], 20),
    Column(_("Sted"), lambda e: e.venue.name if e.venue else None, 20),
    Column(_("Arrangør"), lambda e: e.get_organiser_display(), 16),
    Column(_("Arrangørens navn"), lambda e: e.organiser_name, 20),
    Column(_("Samarbejdspartnere"), lambda e: [p.name for p in e.partners.all()], 24),
    Column(_("Målgrupper"), lambda e: [g.name for g in e.target_groups.all()], 20),
    Column(_("Deltagere, beboere"), lambda e: e.participants_residents, 10),
    Column(_("Deltagere, ikke-beboere"), lambda e: e.participants_non_residents, 10),
    Column(_("Frivillige beboere"), lambda e: e.resident_volunteers, 10),
    Column(_("Noter"), lambda e: e.notes, 40),
    Column(_("Indsats"), lambda e: e.programme.name, 16),
]


def for_export(events: QuerySet[Event]) -> QuerySet[Event]:
    """``events`` with everything the export writes, in a fixed number of queries."""
    return events.prefetch_related("target_groups")


def event_years(*, user: User) -> list[int]:
    """The years in which the user's programmes have events, newest first."""
    moments = Event.objects.filter(programme__in=access.readable_programmes(user)).datetimes(
        "starts_at", "year", order="DESC"
    )
    return [moment.year for moment in moments]


def calendar_feeds(user: User) -> list[Feed]:
    """The estates' event calendars the user may read, for their calendar address."""
    estates = Estate.objects.filter(programme__in=access.readable_programmes(user))
    return [
        Feed(
            _("Arrangementer i %(estate)s") % {"estate": estate.name},
            "feeds:events",
            {"estate_id": estate.pk},
        )
        for estate in estates.select_related("programme").order_by("programme__name", "name")
        if access.may_view_events(user, estate.programme)
    ]


def coming_events(*, estate: Estate) -> QuerySet[Event]:
    """The estate's events from the start of today on, soonest first. Cancelled events stay in,
    marked, so a calendar that already shows them learns that they are off."""
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return events_with_details(estate.events.filter(starts_at__gte=today)).order_by(
        "starts_at", "pk"
    )


def event_types_for_choice(*, keep: EventType | None = None) -> QuerySet[EventType]:
    """The types a new event may have, plus ``keep``, the type an event already has."""
    keep_id = keep.pk if keep else None
    return EventType.objects.filter(Q(active=True) | Q(pk=keep_id))


def venues_for_choice(*, programme: Programme, keep: Venue | None = None) -> QuerySet[Venue]:
    keep_id = keep.pk if keep else None
    return Venue.objects.filter(programme=programme).filter(Q(active=True) | Q(pk=keep_id))


def partners_for_choice(
    *, programme: Programme, keep: QuerySet[Partner] | None = None
) -> QuerySet[Partner]:
    kept = keep if keep is not None else Partner.objects.none()
    return Partner.objects.filter(programme=programme).filter(Q(active=True) | Q(pk__in=kept))


def target_groups_for_choice(*, keep: QuerySet[TargetGroup] | None = None) -> QuerySet[TargetGroup]:
    """The target groups a new event may have, plus ``keep``, those an event already has."""
    kept = keep if keep is not None else TargetGroup.objects.none()
    return TargetGroup.objects.filter(Q(active=True) | Q(pk__in=kept))


def theme_evenings(*, programme: Programme) -> QuerySet[Event]:
    return events_with_details(
        programme.events.filter(type__code=EventTypeCode.THEME_EVENING)
    ).order_by("-starts_at", "pk")


def held_per_year(events: QuerySet[Event]) -> list[tuple[int, int]]:
    """How many of ``events`` were held each year (Danish time), newest year first."""
    held = (
        events.filter(status=EventStatus.HELD)
        .annotate(year=ExtractYear("starts_at"))
        .values("year")
        .annotate(count=Count("pk", distinct=True))
        .order_by("-year")
    )
    return [(row["year"], row["count"]) for row in held]


def event_type_by_code(code: str) -> EventType:
    return EventType.objects.get(code=code)


def target_group_by_code(code: str) -> TargetGroup:
    return TargetGroup.objects.get(code=code)


def events_created_by(*, user: User, programme: Programme, limit: int) -> list[Event]:
    """The events ``user`` registered last in the programme, the newest registration first."""
    found = Event.objects.filter(programme=programme, created_by_id=user.pk)
    found = found.select_related("programme").prefetch_related("estates")
    return list(found.order_by("-created_at", "-pk")[:limit])


def events_left_planned(
    *, programme: Programme, estates: Sequence[Estate], first: datetime.date, today: datetime.date
) -> QuerySet[Event]:
    """The programme's events in any of ``estates`` that began from ``first`` to before today
    and are still planned, the latest first: until someone marks them held (with the
    participants) or cancelled, the indicators do not count them."""
    start, midnight = (
        timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        for day in (first, today)
    )
    return (
        Event.objects.filter(
            programme=programme,
            status=EventStatus.PLANNED,
            starts_at__gte=start,
            starts_at__lt=midnight,
            estates__in=estates,
        )
        .distinct()
        .order_by("-starts_at", "pk")
    )
