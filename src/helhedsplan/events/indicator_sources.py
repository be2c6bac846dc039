"""What the events offer the indicators (``helhedsplan.core.indicator_sources``).

K1, K2, F1, F2 and the other activity criteria count events: the source ``events.event``,
with the filters ``type`` and ``target_group`` (by their fixed codes), ``status``,
``partner`` and ``venue`` (by name) and ``organiser``. An event can take place in several
estates, so for all estates together it is counted once. Other apps add filters of their
own (the press: ``press_covered``).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from helhedsplan.core import indicator_sources as sources
from helhedsplan.events.models import Event

SOURCE_KEY = "events.event"


def _row_url(event: Event) -> str:
    return event.get_absolute_url()


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
                "type": sources.Filter(_("type"), lambda value: Q(type__code=value)),
                "status": sources.Filter(_("status"), lambda value: Q(status=value)),
                "partner": sources.Filter(
                    _("samarbejdspartner"),
                    lambda value: sources.has_related(partners, "event", "partner", value),
                ),
                "target_group": sources.Filter(
                    _("målgruppe"),
                    lambda value: sources.has_related(
                        target_groups, "event", "targetgroup", value, field="code"
                    ),
                ),
                "organiser": sources.Filter(_("arrangør"), lambda value: Q(organiser=value)),
                "venue": sources.Filter(_("sted"), lambda value: Q(venue__name=value)),
            },
            row_url=_row_url,
        )
    )
