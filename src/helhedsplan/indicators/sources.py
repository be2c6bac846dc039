"""The registrations indicators count, as a registry of sources.

A source names a model, the date field that places a row in a period, how a row belongs to
estates (a foreign key or a many-to-many field) and the filters an indicator may put on it.
The engine counts any registered source the same way, so a new kind of registration plugs in
by registering a source (or another app adds a filter to an existing one, as press coverage
does for events) and the engine does not change. An indicator naming a source or filter that
is not registered yet shows "Ingen data" with the reason, never a wrong zero.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, Model, OuterRef, Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from helhedsplan.programmes.models import Estate, Programme

# (estates, ISO years) -> {(estate id, ISO year): the weeks that count}.
EligibleWeeks = Callable[[list[Estate], Iterable[int]], dict[tuple[int, int], set[int]]]
# (programme, estate or None, first day, last day) -> a page listing the rows.
ListUrl = Callable[[Programme, Estate | None, datetime.date, datetime.date], str]
# (user, programme) -> whether the user may open that page.
MayList = Callable[[Any, Programme], bool]


@dataclass(frozen=True)
class Filter:
    label: str | Promise
    # The filter's value (as JSON holds it) -> a condition on the source's model.
    condition: Callable[[Any], Q]


@dataclass(frozen=True)
class Source:
    key: str
    label: str | Promise
    model: type[Model]
    date_field: str
    estate_field: str
    # Events take place in several estates at once: counted once for all estates together.
    estates_many: bool = False
    # A field holding the programme, when the model has one: narrows the count by an index.
    programme_field: str | None = None
    filters: dict[str, Filter] = field(default_factory=dict)
    # The weeks in which a weekly target applies at all, e.g. when the counselling was open.
    eligible_weeks: EligibleWeeks | None = None
    # Anonymous rows are only ever shown as counts, never listed one by one.
    anonymous: bool = False
    list_url: ListUrl | None = None
    may_list: MayList | None = None
    # A row of the model -> its page, for the lineage list of rows that are not anonymous.
    row_url: Callable[[Model], str] | None = None


class UnknownFilter(LookupError):
    pass


_sources: dict[str, Source] = {}
_extra_filters: dict[str, dict[str, Filter]] = {}


def register(source: Source) -> None:
    _sources[source.key] = source


def register_filter(source_key: str, name: str, filter: Filter) -> None:
    """Add a filter to a source from another app (e.g. "covered by the press" on events)."""
    _extra_filters.setdefault(source_key, {})[name] = filter


def get(key: str) -> Source | None:
    return _sources.get(key)


def all_sources() -> list[Source]:
    return sorted(_sources.values(), key=lambda source: source.key)


def filters_of(source: Source) -> dict[str, Filter]:
    return {**source.filters, **_extra_filters.get(source.key, {})}


def condition(source: Source, wanted: dict[str, Any]) -> Q:
    """The rows of ``source`` that ``wanted`` selects; UnknownFilter names a missing filter."""
    known = filters_of(source)
    result = Q()
    for name, value in sorted(wanted.items()):
        if name not in known:
            raise UnknownFilter(name)
        result &= known[name].condition(value)
    return result


def missing(source_key: str, wanted: dict[str, Any]) -> str | None:
    """What is not registered yet for a source and filter: None when everything is."""
    source = get(source_key)
    if source is None:
        return source_key
    unknown = sorted(set(wanted) - set(filters_of(source)))
    return f"{source_key}: {', '.join(unknown)}" if unknown else None


# The sources of this project's registrations ---------------------------------------------


def _m2m_named(
    through: type[Model], owner: str, related: str, name: str, *, field: str = "name"
) -> Q:
    """Rows with a related entry of that name (or of that value in ``field``, such as a
    fixed code), by EXISTS, so rows are never multiplied."""
    return Q(Exists(through.objects.filter(**{owner: OuterRef("pk"), f"{related}__{field}": name})))


def _counselling_open_weeks(
    estates: list[Estate], years: Iterable[int]
) -> dict[tuple[int, int], set[int]]:
    """The open ISO weeks per estate and ISO year, as ``counselling.queries.open_weeks`` has
    them: weeks with a day on which opening hours apply and no closure covers. The schedules
    are read in two queries, and only the days of the week that have hours are looked at."""
    from helhedsplan.counselling.models import Closure, OpeningHours

    ids = [estate.pk for estate in estates]
    hours = list(OpeningHours.objects.filter(estate_id__in=ids))
    closures = list(Closure.objects.filter(estate_id__in=ids))
    result = {}
    for estate in estates:
        own_hours = [h for h in hours if h.estate_id == estate.pk]
        own_closures = [c for c in closures if c.estate_id == estate.pk]
        for year in years:
            weeks = datetime.date(year, 12, 28).isocalendar().week
            open_weeks = set()
            for week in range(1, weeks + 1):
                for entry in own_hours:
                    day = datetime.date.fromisocalendar(year, week, entry.weekday + 1)
                    if entry.applies_on(day) and not any(c.covers(day) for c in own_closures):
                        open_weeks.add(week)
                        break
            result[(estate.pk, year)] = open_weeks
    return result


def _inquiry_list_url(
    programme: Programme, estate: Estate | None, first: datetime.date, last: datetime.date
) -> str:
    query = f"date_from={first:%Y-%m-%d}&date_to={last:%Y-%m-%d}"
    query += f"&estate={estate.pk}" if estate else "&estate="
    return reverse("counselling:inquiry_list", kwargs={"slug": programme.slug}) + "?" + query


def register_project_sources() -> None:
    """Counselling inquiries and events; called when the app is ready."""
    from helhedsplan.counselling import access as counselling_access
    from helhedsplan.counselling.models import Inquiry
    from helhedsplan.events.models import Event

    register(
        Source(
            key="counselling.inquiry",
            label=_("Henvendelser i hverdagsrådgivningen"),
            model=Inquiry,
            date_field="occurred_at",
            estate_field="estate",
            filters={
                "categorised": Filter(
                    _("med emne registreret"),
                    lambda value: _m2m_named_any(Inquiry.topics.through, "inquiry", value),
                ),
                "channel": Filter(_("kanal"), lambda value: Q(channel=value)),
                "topic": Filter(
                    _("emne"),
                    lambda value: _m2m_named(Inquiry.topics.through, "inquiry", "topic", value),
                ),
                "bridged_to": Filter(
                    _("brobygget til"),
                    lambda value: _m2m_named(
                        Inquiry.bridged_to.through, "inquiry", "referral", value
                    ),
                ),
            },
            eligible_weeks=_counselling_open_weeks,
            anonymous=True,
            list_url=_inquiry_list_url,
            may_list=counselling_access.may_register,
        )
    )
    register(
        Source(
            key="events.event",
            label=_("Arrangementer"),
            model=Event,
            date_field="starts_at",
            estate_field="estates",
            estates_many=True,
            programme_field="programme",
            filters={
                "type": Filter(_("type"), lambda value: Q(type__code=value)),
                "status": Filter(_("status"), lambda value: Q(status=value)),
                "partner": Filter(
                    _("samarbejdspartner"),
                    lambda value: _m2m_named(Event.partners.through, "event", "partner", value),
                ),
                "target_group": Filter(
                    _("målgruppe"),
                    lambda value: _m2m_named(
                        Event.target_groups.through, "event", "targetgroup", value, field="code"
                    ),
                ),
                "organiser": Filter(_("arrangør"), lambda value: Q(organiser=value)),
                "venue": Filter(_("sted"), lambda value: Q(venue__name=value)),
            },
            row_url=lambda event: event.get_absolute_url(),
        )
    )


def _m2m_named_any(through: type[Model], owner: str, wanted: bool) -> Q:
    has = Q(Exists(through.objects.filter(**{owner: OuterRef("pk")})))
    return has if wanted else ~has
