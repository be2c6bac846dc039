"""State changes of events, and the event types and target groups the indicators count.

Every function validates before it writes and raises ``ValidationError`` keyed by model field,
so a form can show each message next to the field it concerns.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from helhedsplan.core.lists.services import list_entry_create, list_entry_ensure
from helhedsplan.events import kulturhus
from helhedsplan.events.models import (
    Event,
    EventStatus,
    EventType,
    EventTypeCode,
    ExternalBooking,
    Organiser,
    Partner,
    TargetGroup,
    TargetGroupCode,
    Venue,
)
from helhedsplan.programmes.models import Estate, Programme


def _check_event(
    *,
    event: Event,
    previous: Event | None,
    estates: list[Estate],
    partners: list[Partner],
    previous_partners: set[int],
    target_groups: list[TargetGroup],
    previous_target_groups: set[int],
) -> None:
    """The rules a form cannot see alone: what belongs to the programme, what is still in use,
    and what an event's status demands."""
    errors: dict[str, list[ValidationError]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(ValidationError(message))

    programme_id = event.programme_id
    if not estates:
        add("estates", _("Vælg mindst ét boligområde."))
    elif any(estate.programme_id != programme_id for estate in estates):
        add("estates", _("Boligområderne skal høre til arrangementets indsats."))
    if any(partner.programme_id != programme_id for partner in partners):
        add("partners", _("Samarbejdspartnerne skal høre til arrangementets indsats."))
    elif any(not p.active and p.pk not in previous_partners for p in partners):
        add("partners", _("En af samarbejdspartnerne er ikke længere i brug."))
    if any(not g.active and g.pk not in previous_target_groups for g in target_groups):
        add("target_groups", _("En af målgrupperne er ikke længere i brug."))
    if event.venue is not None:
        if event.venue.programme_id != programme_id:
            add("venue", _("Stedet skal høre til arrangementets indsats."))
        elif not event.venue.active and (previous is None or previous.venue_id != event.venue_id):
            add("venue", _("Stedet er ikke længere i brug."))
    if not event.type.active and (previous is None or previous.type_id != event.type_id):
        add("type", _("Arrangementstypen er ikke længere i brug."))
    if event.starts_at and event.ends_at and event.ends_at < event.starts_at:
        add("ends_at", _("Arrangementet kan ikke slutte, før det begynder."))
    if event.organiser == Organiser.EXTERNAL and not event.organiser_name.strip():
        add("organiser_name", _("Skriv navnet på foreningen eller organisationen, der arrangerer."))
    if event.status == EventStatus.HELD:
        for field in ("participants_residents", "participants_non_residents"):
            if getattr(event, field) is None:
                add(field, _("Skriv antal deltagere, når arrangementet er afholdt."))
        if event.starts_at and event.starts_at > timezone.now():
            add(
                "status", _("Et arrangement kan først registreres som afholdt, når det er begyndt.")
            )
    try:
        # The check constraints are the rules above, already said field by field.
        event.full_clean(validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _save_event(
    *,
    event: Event,
    previous: Event | None,
    estates: Iterable[Estate],
    partners: Iterable[Partner],
    target_groups: Iterable[TargetGroup],
) -> Event:
    estates, partners, target_groups = list(estates), list(partners), list(target_groups)
    previous_partners, previous_target_groups = set(), set()
    if previous is not None:
        previous_partners = set(previous.partners.values_list("pk", flat=True))
        previous_target_groups = set(previous.target_groups.values_list("pk", flat=True))
    _check_event(
        event=event,
        previous=previous,
        estates=estates,
        partners=partners,
        previous_partners=previous_partners,
        target_groups=target_groups,
        previous_target_groups=previous_target_groups,
    )
    event.save()
    event.estates.set(estates)
    event.partners.set(partners)
    event.target_groups.set(target_groups)
    return event


@transaction.atomic
def event_create(
    *,
    programme: Programme,
    type: EventType,
    title: str,
    starts_at: datetime.datetime,
    estates: Iterable[Estate],
    created_by: User | None,
    ends_at: datetime.datetime | None = None,
    venue: Venue | None = None,
    organiser: Organiser = Organiser.PROGRAMME,
    organiser_name: str = "",
    partners: Iterable[Partner] = (),
    target_groups: Iterable[TargetGroup] = (),
    status: EventStatus = EventStatus.PLANNED,
    participants_residents: int | None = None,
    participants_non_residents: int | None = None,
    resident_volunteers: int | None = None,
    notes: str = "",
) -> Event:
    """Register an event. A held event needs both participant counts."""
    event = Event(
        programme=programme,
        type=type,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        organiser=organiser,
        organiser_name=organiser_name if organiser == Organiser.EXTERNAL else "",
        status=status,
        participants_residents=participants_residents,
        participants_non_residents=participants_non_residents,
        resident_volunteers=resident_volunteers,
        notes=notes,
        created_by=created_by,
    )
    return _save_event(
        event=event,
        previous=None,
        estates=estates,
        partners=partners,
        target_groups=target_groups,
    )


@transaction.atomic
def event_update(
    *,
    event: Event,
    type: EventType,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime | None,
    estates: Iterable[Estate],
    venue: Venue | None,
    organiser: Organiser,
    organiser_name: str,
    partners: Iterable[Partner],
    target_groups: Iterable[TargetGroup],
    status: EventStatus,
    participants_residents: int | None,
    participants_non_residents: int | None,
    resident_volunteers: int | None,
    notes: str,
) -> Event:
    """Replace every detail of an event. Every argument is required, so that leaving one out
    cannot silently clear it. Retired types, venues, partners and target groups it already
    has may stay."""
    previous = Event.objects.get(pk=event.pk)
    event.type = type
    event.title = title
    event.starts_at = starts_at
    event.ends_at = ends_at
    event.venue = venue
    event.organiser = organiser
    event.organiser_name = organiser_name if organiser == Organiser.EXTERNAL else ""
    event.status = status
    event.participants_residents = participants_residents
    event.participants_non_residents = participants_non_residents
    event.resident_volunteers = resident_volunteers
    event.notes = notes
    return _save_event(
        event=event,
        previous=previous,
        estates=estates,
        partners=partners,
        target_groups=target_groups,
    )


@transaction.atomic
def event_mark_held(
    *,
    event: Event,
    participants_residents: int,
    participants_non_residents: int,
    resident_volunteers: int | None = None,
) -> Event:
    """Record that the event took place, how many residents and others came and, when known,
    how many resident volunteers helped. Leaving the volunteers out keeps what was there."""
    previous = Event.objects.get(pk=event.pk)
    event.status = EventStatus.HELD
    event.participants_residents = participants_residents
    event.participants_non_residents = participants_non_residents
    if resident_volunteers is not None:
        event.resident_volunteers = resident_volunteers
    return _save_event(
        event=event,
        previous=previous,
        estates=previous.estates.all(),
        partners=previous.partners.all(),
        target_groups=previous.target_groups.all(),
    )


@transaction.atomic
def event_cancel(*, event: Event) -> Event:
    if event.status == EventStatus.HELD:
        raise ValidationError({"status": _("Et afholdt arrangement kan ikke aflyses.")})
    event.status = EventStatus.CANCELLED
    event.full_clean()
    event.save(update_fields=["status", "updated_at"])
    return event


@transaction.atomic
def event_delete(*, event: Event) -> None:
    """Delete an event registered by mistake; the audit trail keeps what it was."""
    event.delete()


# The lists events draw on are kept through ``helhedsplan.core.lists.services``; what is this
# app's own is that the types and target groups the indicators count always exist.


@transaction.atomic
def event_types_ensure() -> None:
    """Create whichever of the types indicators count is missing, under its Danish name.

    The first migrations create them; this restores them where a database lost them, as a
    test database does when a transactional test empties it."""
    existing = set(EventType.objects.values_list("code", flat=True))
    with translation.override("da"):
        for code in EventTypeCode:
            if code.value not in existing:
                list_entry_create(
                    model=EventType, name=str(code.label), details={"code": code.value}
                )


@transaction.atomic
def target_groups_ensure() -> None:
    """Create whichever of the target groups indicators count is missing, as
    ``event_types_ensure`` does for the types."""
    existing = set(TargetGroup.objects.values_list("code", flat=True))
    with translation.override("da"):
        for code in TargetGroupCode:
            if code.value not in existing:
                list_entry_create(
                    model=TargetGroup, name=str(code.label), details={"code": code.value}
                )


@transaction.atomic
def kulturhus_import(
    *,
    programme: Programme,
    bookings: Iterable[kulturhus.Booking],
    estate: Estate,
    created_by: User | None,
) -> dict[kulturhus.RowStatus, int]:
    """Store Kulturhus Syd's bookings as events at the venue: new bookings become planned
    events in ``estate``, bookings imported before are updated where the calendar changed
    them, and cancelled where the calendar cancelled them or a repeating booking no longer
    has the date (``kulturhus.preview`` says which). An event held with participant counts
    stays held. Either every booking is stored or, on the first refusal, none is."""
    venue = list_entry_ensure(model=Venue, programme=programme, name=kulturhus.VENUE)
    types = {t.code: t for t in EventType.objects.filter(code__in=EventTypeCode.values)}
    counts = dict.fromkeys(kulturhus.RowStatus, 0)
    now = timezone.now()
    for row in kulturhus.preview(programme=programme, bookings=bookings):
        booking, event, record = row.booking, row.event, row.record
        try:
            if event is None:
                event = event_create(
                    programme=programme,
                    type=types[booking.type_code],
                    estates=[estate],
                    venue=venue,
                    notes=_("Lokale: %(room)s") % {"room": booking.room} if booking.room else "",
                    created_by=created_by,
                    **kulturhus.imported_fields(booking),
                )
                ExternalBooking.objects.create(
                    programme=programme,
                    event=event,
                    source=booking.source,
                    key=booking.key,
                    series=booking.series,
                    occurrence=booking.occurrence,
                    first_imported_at=now,
                )
            elif record is not None:
                _kulturhus_apply(row=row, event=event, record=record, now=now)
        except ValidationError as error:
            raise ValidationError(
                _("%(where)s (»%(title)s«): %(reason)s")
                % {
                    "where": booking.where,
                    "title": booking.title,
                    "reason": " ".join(error.messages),
                }
            ) from error
        counts[row.status] += 1
    return counts


def _kulturhus_apply(
    *, row: kulturhus.PreviewRow, event: Event, record: ExternalBooking, now: datetime.datetime
) -> None:
    """What a re-import does to an event an earlier import stored, as ``row`` says."""
    booking = row.booking
    stored = (record.key, record.series, record.occurrence, record.cancelled_at)
    if row.status == kulturhus.RowStatus.CANCELLED:
        event_cancel(event=event)
        record.cancelled_at = now
    elif row.status == kulturhus.RowStatus.UPDATED:
        previous = Event.objects.get(pk=event.pk)
        for field, value in kulturhus.imported_fields(booking).items():
            setattr(event, field, value)
        if record.cancelled_at is not None and event.status == EventStatus.CANCELLED:
            # The calendar took up again a booking that an import cancelled.
            event.status = EventStatus.PLANNED
            record.cancelled_at = None
        _save_event(
            event=event,
            previous=previous,
            estates=event.estates.all(),
            partners=event.partners.all(),
            target_groups=event.target_groups.all(),
        )
    if row.in_file:
        # A booking imported whole before it repeated is found again as its first date.
        record.key, record.series, record.occurrence = (
            booking.key,
            booking.series,
            booking.occurrence,
        )
    if (record.key, record.series, record.occurrence, record.cancelled_at) != stored:
        record.save(update_fields=["key", "series", "occurrence", "cancelled_at"])
