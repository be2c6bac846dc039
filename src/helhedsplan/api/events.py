"""A programme's events, as the events list and an event's page show them."""

# No postponed annotations here: ninja reads the hints of the operations at import time.
import datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Header, Path, Query, Router, Schema
from ninja.pagination import paginate

from helhedsplan.api.auth import caller
from helhedsplan.api.common import (
    MAX_ID,
    BodyId,
    Count,
    Id,
    Moment,
    Page,
    PeriodFilter,
    object_for,
    programme_for,
)
from helhedsplan.api.errors import GENERIC, ApiError, with_errors
from helhedsplan.api.lists import EntryOut
from helhedsplan.api.writes import KEY_HELP, form_data, idempotent, local, refused, replayed
from helhedsplan.events import access, queries, services
from helhedsplan.events.forms import EventForm, MarkHeldForm
from helhedsplan.events.models import (
    Event,
    EventStatus,
    EventType,
    EventTypeCode,
    Organiser,
    TargetGroup,
    TargetGroupCode,
)

router = Router(tags=["events"])


class EventOut(Schema):
    id: int
    programme: str
    type: str
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    estates: list[int]
    venue: str | None
    venue_id: int | None
    organiser: str
    organiser_name: str
    partners: list[str]
    partner_ids: list[int]
    status: EventStatus
    participants_residents: int | None
    participants_non_residents: int | None
    resident_volunteers: int | None
    target_groups: list[str]
    notes: str

    @staticmethod
    def resolve_programme(event: Event) -> str:
        return event.programme.slug

    @staticmethod
    def resolve_type(event: Event) -> str:
        return event.type.code

    @staticmethod
    def resolve_estates(event: Event) -> list[int]:
        return sorted(estate.pk for estate in event.estates.all())

    @staticmethod
    def resolve_venue(event: Event) -> str | None:
        return event.venue.name if event.venue else None

    @staticmethod
    def resolve_partners(event: Event) -> list[str]:
        return sorted(partner.name for partner in event.partners.all())

    @staticmethod
    def resolve_partner_ids(event: Event) -> list[int]:
        return sorted(partner.pk for partner in event.partners.all())

    @staticmethod
    def resolve_target_groups(event: Event) -> list[str]:
        return sorted(group.code for group in event.target_groups.all())


class EventFilter(PeriodFilter):
    estate: Id | None = None
    status: EventStatus | None = None


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@router.get(
    "/programmes/{slug}/events",
    response=with_errors(list[EventOut]),
    summary="A programme's events, newest first; the period is in Danish time",
)
@paginate(Page)
def event_list(request: HttpRequest, slug: str, filters: Query[EventFilter]):
    programme = programme_for(request, slug, access.may_view_events)
    events = queries.event_list(
        user=caller(request).user, programme=programme, status=filters.status
    ).prefetch_related("target_groups")
    if filters.estate is not None:
        events = events.filter(estates=filters.estate)
    if filters.date_from is not None:
        events = events.filter(starts_at__gte=_midnight(filters.date_from))
    if filters.date_to is not None:
        events = events.filter(starts_at__lt=_midnight(filters.date_to + datetime.timedelta(1)))
    return events


@router.get(
    "/programmes/{slug}/events/{event_id}", response=with_errors(EventOut), summary="An event"
)
def event_detail(request: HttpRequest, slug: str, event_id: int = Path(..., ge=1, le=MAX_ID)):
    return object_for(
        request,
        queries.events_with_details().prefetch_related("target_groups"),
        lambda event: event.programme,
        lambda user, event: access.may_view_events(user, event.programme),
        pk=event_id,
        programme__slug=slug,
    )


@router.get(
    "/programmes/{slug}/venues",
    response=with_errors(list[EntryOut]),
    summary="The venues a new event may name (those in use), by id; the programme's "
    "administrators keep the list",
)
@paginate(Page)
def venue_list(request: HttpRequest, slug: str):
    programme = programme_for(request, slug, access.may_change_events)
    return queries.venues_for_choice(programme=programme).order_by("position", "name", "pk")


@router.get(
    "/programmes/{slug}/partners",
    response=with_errors(list[EntryOut]),
    summary="The partners a new event may name (those in use), by id; the programme's "
    "administrators keep the list",
)
@paginate(Page)
def partner_list(request: HttpRequest, slug: str):
    programme = programme_for(request, slug, access.may_change_events)
    return queries.partners_for_choice(programme=programme).order_by("position", "name", "pk")


class EventIn(Schema):
    """A new event, as the event form takes it."""

    type: EventTypeCode
    title: str = Field(..., max_length=300)
    starts_at: Moment
    ends_at: Moment | None = None
    estates: list[BodyId] = Field(..., min_length=1)
    venue: BodyId | None = Field(
        None, description="A venue in use, by its id from `GET /programmes/{slug}/venues`."
    )
    organiser: Organiser = Organiser.PROGRAMME
    organiser_name: str = Field("", max_length=300)
    partners: list[BodyId] = Field(
        [], description="Partners in use, by their ids from `GET /programmes/{slug}/partners`."
    )
    target_groups: list[TargetGroupCode] = []
    status: EventStatus = EventStatus.PLANNED
    participants_residents: Count | None = None
    participants_non_residents: Count | None = None
    resident_volunteers: Count | None = None
    notes: str = Field("", max_length=5000)


def _event_out(event_id: int) -> EventOut:
    return EventOut.from_orm(
        queries.events_with_details().prefetch_related("target_groups").get(pk=event_id)
    )


@router.post(
    "/programmes/{slug}/events",
    response=with_errors(EventOut, 201),
    summary="Register an event (as the event form does) in at least one of the caller's "
    "estates; read-write token",
)
def event_create(
    request: HttpRequest,
    slug: str,
    body: EventIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", description=KEY_HELP),
):
    if (first := replayed(request)) is not None:
        return first
    programme = programme_for(request, slug, access.may_change_events)
    user = caller(request).user
    starts = local(body.starts_at)
    ends = local(body.ends_at) if body.ends_at else None
    values = body.model_dump(exclude={"type", "starts_at", "ends_at", "target_groups"})
    values |= {
        "type": EventType.objects.filter(code=body.type).values_list("pk", flat=True).first(),
        "date": starts.date().isoformat(),
        "start_time": starts.strftime("%H:%M"),
        "end_time": ends.strftime("%H:%M") if ends else None,
        "target_groups": list(
            TargetGroup.objects.filter(code__in=body.target_groups).values_list("pk", flat=True)
        ),
    }
    form = EventForm(form_data(values), programme=programme)
    if not form.is_valid():
        raise refused(form)
    details = form.event_details()
    if not access.may_place_event(user, programme, [estate.pk for estate in details["estates"]]):
        message = _("Vælg mindst ét af de boligområder, du arbejder i.")
        code, invalid = GENERIC[422]
        raise ApiError(422, code, invalid, [{"loc": ["body", "estates"], "message": message}])

    def create() -> tuple[int, EventOut]:
        event = services.event_create(programme=programme, created_by=user, **details)
        return 201, _event_out(event.pk)

    return idempotent(request, run=create)


class HeldIn(Schema):
    participants_residents: Count
    participants_non_residents: Count
    resident_volunteers: Count | None = None


@router.post(
    "/programmes/{slug}/events/{event_id}/held",
    response=with_errors(EventOut),
    summary="Mark an event held, with its participants (as the event's page does); "
    "read-write token",
)
def event_mark_held(
    request: HttpRequest,
    slug: str,
    body: HeldIn,
    event_id: int = Path(..., ge=1, le=MAX_ID),
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", description=KEY_HELP),
):
    if (first := replayed(request)) is not None:
        return first
    event = object_for(
        request,
        Event.objects.select_related("programme", "type"),
        lambda event: event.programme,
        access.may_change_event,
        pk=event_id,
        programme__slug=slug,
    )
    form = MarkHeldForm(form_data(body.model_dump()))
    if not form.is_valid():
        raise refused(form)

    def mark() -> tuple[int, EventOut]:
        services.event_mark_held(event=event, **form.cleaned_data)
        return 200, _event_out(event.pk)

    return idempotent(request, run=mark)
