"""Reads of events and of the lists they draw on."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from helhedsplan.accounts.access import User
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
) -> QuerySet[Event]:
    """The events the user may read, newest first, narrowed by whichever filters are given."""
    events = events_readable_by(user)
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


def event_years(*, user: User) -> list[int]:
    """The years in which the user's programmes have events, newest first."""
    moments = Event.objects.filter(programme__in=access.readable_programmes(user)).datetimes(
        "starts_at", "year", order="DESC"
    )
    return [moment.year for moment in moments]


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
