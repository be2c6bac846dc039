"""State changes of the external statistics: every write is one function here, used by the
pages, the import command and the demo alike."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction

from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.series.importers import ParsedRow, Period
from helhedsplan.series.models import Observation, Series

SERIES_FIELDS = ("name", "code", "unit", "source", "description", "higher_is_better", "granularity")


@transaction.atomic
def series_create(
    *,
    programme: Programme,
    name: str,
    code: str,
    unit: str,
    source: str,
    description: str = "",
    higher_is_better: bool = True,
    granularity: str,
) -> Series:
    series = Series(
        programme=programme,
        name=name,
        code=code,
        unit=unit,
        source=source,
        description=description,
        higher_is_better=higher_is_better,
        granularity=granularity,
    )
    series.full_clean()
    series.save()
    return series


@transaction.atomic
def series_update(*, series: Series, **changes) -> Series:
    unknown = set(changes) - set(SERIES_FIELDS)
    if unknown:
        raise TypeError(f"series_update() got unexpected fields: {', '.join(sorted(unknown))}")
    for field, value in changes.items():
        setattr(series, field, value)
    series.full_clean()
    series.save()
    return series


@transaction.atomic
def series_ensure(*, programme: Programme, code: str, **fields) -> Series:
    """The programme's series with ``code``, created from ``fields`` when missing. An
    existing series is left as it is: its users may have reworded it."""
    existing = Series.objects.filter(programme=programme, code=code).first()
    if existing is not None:
        return existing
    return series_create(programme=programme, code=code, **fields)


@dataclass(frozen=True)
class Recorded:
    observation: Observation
    created: bool
    changed: bool


@transaction.atomic
def observation_record(
    *,
    series: Series,
    scope: str,
    estate: Estate | None,
    period: Period,
    value: Decimal,
    respondents: int | None = None,
    source_note: str = "",
    observed_on: datetime.date | None = None,
    user: User | None,
) -> Recorded:
    """Store the figure of ``series`` for the estate (or comparison) and period: a new
    observation, or an update of the one already there. An unchanged figure is left alone,
    so that importing the same file twice leaves no trace in the history."""
    fields = {
        "period_label": period.label,
        "value": value,
        "respondents": respondents,
        "source_note": source_note,
        "observed_on": observed_on,
    }
    existing = (
        Observation.objects.select_for_update()
        .filter(series=series, scope=scope, estate=estate, period_start=period.start)
        .first()
    )
    if existing is None:
        observation = Observation(
            series=series,
            scope=scope,
            estate=estate,
            period_start=period.start,
            entered_by=user,
            **fields,
        )
        observation.full_clean()
        observation.save()
        return Recorded(observation, created=True, changed=True)
    changed = existing.differences(fields)
    if not changed:
        return Recorded(existing, created=False, changed=False)
    for field, value_ in changed.items():
        setattr(existing, field, value_)
    if user is not None:
        existing.entered_by = user
    existing.full_clean()
    existing.save()
    return Recorded(existing, created=False, changed=True)


@transaction.atomic
def observation_delete(*, observation: Observation) -> None:
    observation.delete()


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def observations_import(*, rows: Iterable[ParsedRow], user: User | None) -> ImportResult:
    """Store every parsed row, or none: one ValidationError undoes the whole file."""
    created = updated = unchanged = 0
    for row in rows:
        recorded = observation_record(
            series=row.series,
            scope=row.scope,
            estate=row.estate,
            period=row.period,
            value=row.value,
            respondents=row.respondents,
            source_note=row.source_note,
            observed_on=row.observed_on,
            user=user,
        )
        if recorded.created:
            created += 1
        elif recorded.changed:
            updated += 1
        else:
            unchanged += 1
    return ImportResult(created=created, updated=updated, unchanged=unchanged)
