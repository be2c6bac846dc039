"""What the indicators count, as a registry the data apps fill: sources and statistics.

A source names a model, the date field that places a row in a period, how a row belongs to
estates (a foreign key or a many-to-many field) and the filters an indicator may put on it;
a filter says its values in words (``Filter.describe``: a code by its label or by the name
people gave it, a yes or no as a word), so no page shows the codes the definitions hold.
Each data app registers its own sources in its ``AppConfig.ready`` (the counselling its
inquiries, the events their events, the press its mentions), and may add a filter to
another app's source (the press adds "covered by the press" to the events). External
statistics come from one registered provider of values (the series app's). The indicators
engine counts through this module only, so a new kind of registration plugs in by
registering here, and neither the engine nor the data app imports the other. An indicator
naming a source or filter that is not registered shows "Ingen data" with the reason, never a
wrong zero.

Most sources are flows: dated rows, counted in the period they fall in. A source with an
``end_field`` is a stock: a row is active from its ``date_field`` up to and including its end
(none: still active), and a period's figure is the rows active on its last day (F1: the
volunteers active on 31 December). A filter of a stock may read that day (``Filter.on_day``:
an age in the year counted). A source of named people says who may see them by name
(``may_name``): the others see the count only.

The core is the ground floor: the programme, estate and user a callback receives are the
project's models, typed loosely here because the core imports no other app.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Choices, Exists, Model, OuterRef, Q
from django.utils.functional import Promise
from django.utils.translation import gettext

# (estates, ISO years) -> {(estate id, ISO year): the weeks that count}.
EligibleWeeks = Callable[[Sequence[Any], Iterable[int]], dict[tuple[int, int], set[int]]]
# (programme, estate or None, first day, last day) -> a page listing the rows.
ListUrl = Callable[[Any, Any, datetime.date, datetime.date], str]
# (user, programme) -> whether the user may open that page.
MayList = Callable[[Any, Any], bool]
# (user, programme, estate or None for all estates) -> whether the user may see the counted
# rows of that scope by name.
MayName = Callable[[Any, Any, Any], bool]
# (programme id, first day, last day, since) -> why the source's rows of those days changed
# after ``since`` (when a year was closed), in words for the restatement: e.g.
# ["Kulturhus-booking aflyst"]; empty when the source knows of no such change.
ChangeReasons = Callable[[int, datetime.date, datetime.date, datetime.datetime], list[str]]
# (programme id, series codes, estate ids, calendar years) ->
# {(series code, estate id or None for the comparison, year): the year's value}.
SeriesValues = Callable[
    [int, set[str], list[int], Iterable[int]], dict[tuple[str, int | None, int], float]
]


@dataclass(frozen=True)
class Filter:
    label: str | Promise
    # The filter's value (as JSON holds it) -> a condition on the source's model.
    condition: Callable[[Any], Q]
    # The value in words for the pages ("Temaaften" for the code "theme_evening"); without
    # it a value reads as ``plain_words`` says.
    words: Callable[[Any], str] | None = None
    # For a stock: the condition as of the day counted (an age in the year counted), used
    # instead of ``condition`` when the rows are counted on a day.
    on_day: Callable[[Any, datetime.date], Q] | None = None

    def condition_on(self, value: Any, day: datetime.date | None) -> Q:
        if day is not None and self.on_day is not None:
            return self.on_day(value, day)
        return self.condition(value)

    def describe(self, value: Any) -> str:
        """The filter's value as a person reads it, never as the code the JSON holds."""
        return self.words(value) if self.words is not None else plain_words(value)


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
    row_url: Callable[[Any], str] | None = None
    # Why a closed period's figure from this source moved, for the restatement's reason.
    change_reasons: ChangeReasons | None = None
    # A stock: the field that ends a row's activity (inclusive; empty while it lasts).
    end_field: str | None = None
    # Rows of named people are listed only to those this allows; the others see the count.
    may_name: MayName | None = None


class UnknownFilter(LookupError):
    pass


_sources: dict[str, Source] = {}
_extra_filters: dict[str, dict[str, Filter]] = {}
_series_provider: SeriesValues | None = None


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


def condition(source: Source, wanted: dict[str, Any], day: datetime.date | None = None) -> Q:
    """The rows of ``source`` that ``wanted`` selects, as of ``day`` for a stock counted on
    that day; UnknownFilter names a missing filter."""
    known = filters_of(source)
    result = Q()
    for name, value in sorted(wanted.items()):
        if name not in known:
            raise UnknownFilter(name)
        result &= known[name].condition_on(value, day)
    return result


def missing(source_key: str, wanted: dict[str, Any]) -> str | None:
    """What is not registered yet for a source and filter: None when everything is."""
    source = get(source_key)
    if source is None:
        return source_key
    unknown = sorted(set(wanted) - set(filters_of(source)))
    return f"{source_key}: {', '.join(unknown)}" if unknown else None


# Filter values in words ---------------------------------------------------------------------


def plain_words(value: Any) -> str:
    """A value without words of its own: yes or no for a flag, a name as itself."""
    if isinstance(value, bool):
        return gettext("ja") if value else gettext("nej")
    if isinstance(value, list):
        return ", ".join(plain_words(item) for item in value)
    return str(value)


def choice_words(
    choices: type[Choices], *, names: Callable[[str], str | None] | None = None
) -> Callable[[Any], str]:
    """Words for a filter whose values are the codes of ``choices``: a code's name as
    ``names`` finds it (an entry of a managed list, which people may rename), else its label;
    an unknown code is quoted and called unknown, so a typing error shows as one."""

    def words(value: Any) -> str:
        if isinstance(value, list):
            return ", ".join(words(item) for item in value)
        found = names(str(value)) if names is not None else None
        if found:
            return found
        if str(value) in choices.values:
            return str(choices(str(value)).label)
        return gettext("»%(value)s« (ukendt værdi)") % {"value": value}

    return words


# Conditions the sources' filters are made of ------------------------------------------------


def has_related(
    through: type[Model], owner: str, related: str, value: Any, *, field: str = "name"
) -> Q:
    """Rows with a related entry whose ``field`` (its name, or a fixed code) is ``value``,
    by EXISTS, so rows are never multiplied."""
    entries = through._default_manager.filter(
        **{owner: OuterRef("pk"), f"{related}__{field}": value}
    )
    return Q(Exists(entries))


def has_any_related(through: type[Model], owner: str, wanted: bool) -> Q:
    """Rows with at least one related entry (or, asked for ``False``, with none)."""
    has = Q(Exists(through._default_manager.filter(**{owner: OuterRef("pk")})))
    return has if wanted else ~has


# External statistics -----------------------------------------------------------------------


def register_series_values(provider: SeriesValues) -> None:
    """The one provider of external statistics (the series app's); registering again
    replaces it."""
    global _series_provider
    _series_provider = provider


def series_values(
    programme_id: int, codes: set[str], estate_ids: list[int], years: Iterable[int]
) -> dict[tuple[str, int | None, int], float]:
    """The statistics' values by (series code, estate id or None, year); none without a
    provider, so an indicator on statistics then shows "Ingen data"."""
    if _series_provider is None or not codes:
        return {}
    return _series_provider(programme_id, codes, estate_ids, years)
