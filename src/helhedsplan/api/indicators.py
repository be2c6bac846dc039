"""Indicators with their targets, and the status grid of a year (as ``helhedsplan status``
prints it: the same function)."""

import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema

from helhedsplan.accounts import access as account_access
from helhedsplan.api.agreements import agreement_for
from helhedsplan.api.common import MAX_ID, Year, programme_for
from helhedsplan.api.errors import with_errors
from helhedsplan.indicators import queries
from helhedsplan.indicators.models import (
    Comparator,
    Direction,
    Indicator,
    IndicatorTarget,
    Kind,
    Period,
    Unit,
)

router = Router(tags=["indicators"])


class TargetOut(Schema):
    estate: int | None
    year: int | None
    value: Decimal
    guide: bool

    @staticmethod
    def resolve_estate(target: IndicatorTarget) -> int | None:
        return target.estate_id


class IndicatorOut(Schema):
    id: int
    code: str
    criterion_key: str
    name: str
    kind: Kind
    source: str
    period: Period
    per_area: bool
    comparator: Comparator | None
    direction: Direction
    unit: Unit
    targets: list[TargetOut]

    @staticmethod
    def resolve_comparator(indicator: Indicator) -> str | None:
        return indicator.comparator or None

    @staticmethod
    def resolve_targets(indicator: Indicator) -> list[IndicatorTarget]:
        return list(indicator.targets.all())


@router.get(
    "/programmes/{slug}/agreements/{agreement_id}/indicators",
    response=with_errors(list[IndicatorOut]),
    summary="An agreement's confirmed indicators with their targets (estate null: all estates; "
    "year null: every year)",
)
def indicator_list(request: HttpRequest, slug: str, agreement_id: int = Path(..., ge=1, le=MAX_ID)):
    return queries.confirmed_indicators(agreement_for(request, slug, agreement_id))


class Restatement(Schema):
    old_value: float | None
    old_status: str
    reasons: list[str]


class StatusEntry(Schema):
    agreement: str
    criterion: str
    criterion_key: str
    activity: str | None
    estate: str | None
    period: int
    value: float | None
    target: float | None
    # An outcome (met, not_met, on_track, at_risk, baseline, no_data, not_due).
    status: str
    # The agreement version whose targets judged the year, and the day it came into force.
    version: int | None = None
    version_in_force_from: datetime.date | None = None
    restatement: Restatement | None = None


class StatusFilter(Schema):
    year: Year


@router.get(
    "/programmes/{slug}/status",
    response=with_errors(list[StatusEntry]),
    # An open year's lines have no restatement at all, as the command prints them.
    exclude_unset=True,
    summary="The dashboard's grid of a year, as `helhedsplan status --json` prints it; "
    "restatement only for a closed year",
)
def status(request: HttpRequest, slug: str, filters: Query[StatusFilter]):
    programme = programme_for(request, slug, account_access.may_view_programme)
    return queries.programme_grid(programme, filters.year)
