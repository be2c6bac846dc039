"""What the events offer the indicators (``helhedsplan.core.indicator_sources``).

K1, K2, F1, F2 and the other activity criteria count events: the source ``events.event``,
with the filters ``type`` and ``target_group`` (by their fixed codes), ``status``,
``partner`` and ``venue`` (by name), ``organiser`` and ``took_place``. An event can take
place in several estates, so for all estates together it is counted once. Other apps add
filters of their own (the press: ``press_covered``).

``took_place`` is K4's evidence: an event held with participant counts, or an outside
organisation's booking imported from Kulturhus Syd's own calendar once it has begun, unless
it was cancelled. The house's calendar is the record that the booking was used, so nobody
has to mark hundreds of bookings held by hand; the programme's own events still count only
when held with counts (the other criteria filter on ``status``).
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from helhedsplan.core import indicator_sources as sources
from helhedsplan.events.models import (
    Event,
    EventStatus,
    EventType,
    EventTypeCode,
    ExternalBooking,
    Organiser,
    TargetGroup,
    TargetGroupCode,
)

SOURCE_KEY = "events.event"


def _row_url(event: Event) -> str:
    return event.get_absolute_url()


def _took_place(wanted: bool) -> Q:
    # Evaluated when the indicator is counted, so a booking counts from the moment it begins,
    # the moment from which staff could also register it as held.
    booked = (
        Q(Exists(ExternalBooking.objects.filter(event=OuterRef("pk"))))
        & Q(organiser=Organiser.EXTERNAL, starts_at__lte=timezone.now())
        & ~Q(status=EventStatus.CANCELLED)
    )
    took_place = Q(status=EventStatus.HELD) | booked
    return took_place if wanted else ~took_place


def _type_name(code: str) -> str | None:
    """The event type's name as the list shows it: people may have renamed it."""
    return EventType.objects.filter(code=code).values_list("name", flat=True).first()


def _target_group_name(code: str) -> str | None:
    return TargetGroup.objects.filter(code=code).values_list("name", flat=True).first()


def _change_reasons(
    programme_id: int, first: datetime.date, last: datetime.date, since: datetime.datetime
) -> list[str]:
    """Why the events of ``first``..``last`` moved after ``since``, as far as the Kulturhus
    import knows: a re-import cancelled bookings, or unfolded repeating bookings into their
    dates (before, only a repeating booking's first date was imported)."""
    imported = ExternalBooking.objects.filter(
        programme_id=programme_id, event__starts_at__date__range=(first, last)
    )
    reasons = []
    if imported.filter(cancelled_at__gt=since, event__status=EventStatus.CANCELLED).exists():
        reasons.append(gettext("Kulturhus-booking aflyst"))
    if imported.filter(occurrence__isnull=False, first_imported_at__gt=since).exists():
        reasons.append(gettext("gentagen Kulturhus-booking talt for hver dato"))
    return reasons


def register() -> None:
    partners, target_groups = Event.partners.through, Event.target_groups.through
    sources.register(
        sources.Source(
            key=SOURCE_KEY,
            label=_("Arrangementer"),
            model=Event,
            date_field="starts_at",
            estate_field="estates",
            estates_many=True,
            programme_field="programme",
            filters={
                "type": sources.Filter(
                    _("type"),
                    lambda value: Q(type__code=value),
                    sources.choice_words(EventTypeCode, names=_type_name),
                ),
                "status": sources.Filter(
                    _("status"),
                    lambda value: Q(status=value),
                    sources.choice_words(EventStatus),
                ),
                "partner": sources.Filter(
                    _("samarbejdspartner"),
                    lambda value: sources.has_related(partners, "event", "partner", value),
                ),
                "target_group": sources.Filter(
                    _("målgruppe"),
                    lambda value: sources.has_related(
                        target_groups, "event", "targetgroup", value, field="code"
                    ),
                    sources.choice_words(TargetGroupCode, names=_target_group_name),
                ),
                "organiser": sources.Filter(
                    _("arrangør"),
                    lambda value: Q(organiser=value),
                    sources.choice_words(Organiser),
                ),
                "venue": sources.Filter(_("sted"), lambda value: Q(venue__name=value)),
                "took_place": sources.Filter(
                    _(
                        "fandt sted (afholdt med deltagertal, eller en booking udefra i "
                        "Kulturhus Syds kalender, der er begyndt og ikke aflyst)"
                    ),
                    _took_place,
                ),
            },
            row_url=_row_url,
            change_reasons=_change_reasons,
        )
    )
