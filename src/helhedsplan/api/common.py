"""What every part of the API shares: paging, bounded parameters, the throttle, and the
lookup of a programme or object with its access rule."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase
from ninja.throttling import SimpleRateThrottle
from pydantic import AfterValidator, BeforeValidator, Strict

from helhedsplan.accounts import access as account_access
from helhedsplan.accounts.access import User
from helhedsplan.api.auth import Caller, caller
from helhedsplan.core.lookups import get_with_access
from helhedsplan.programmes.models import Programme

M = TypeVar("M", bound=Model)

# Bounds that keep every number the database is asked about within what it stores: an id
# of 10**20 is a 404, not an overflow.
MAX_ID = 2**31 - 1
FIRST_YEAR, LAST_YEAR = 1900, 2100


ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _within_years(day: datetime.date) -> datetime.date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"a date in {FIRST_YEAR}-{LAST_YEAR}")
    return day


def _moment_within_years(moment: datetime.datetime) -> datetime.datetime:
    _within_years(moment.date())
    return moment


def _iso_text(value: object) -> object:
    # Only the ISO 8601 text the schema names: pydantic would also take 0 as 1 January 1970.
    if not isinstance(value, str) or not ISO_DATE.match(value):
        raise ValueError("an ISO 8601 date, e.g. 2021-12-31")
    return value


Day = Annotated[datetime.date, BeforeValidator(_iso_text), AfterValidator(_within_years)]
Moment = Annotated[
    datetime.datetime, BeforeValidator(_iso_text), AfterValidator(_moment_within_years)
]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# In a JSON body a number must be a number and a flag a flag (not false for 0, or "1").
BodyId = Annotated[int, Strict(), Field(ge=1, le=MAX_ID)]
Count = Annotated[int, Strict(), Field(ge=0, le=1_000_000)]
Flag = Annotated[bool, Strict()]


class Page(PaginationBase):
    """``limit`` and ``offset`` over a list in a stable order (each query ends on the
    primary key); ``count`` is the whole list's length."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=500)
        offset: int = Field(0, ge=0, le=10**9)

    class Output(Schema):
        items: list[Any]
        count: int

    items_attribute = "items"

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Input, request: HttpRequest, **params: Any
    ) -> Any:
        end = pagination.offset + pagination.limit
        return {"items": queryset[pagination.offset : end], "count": queryset.count()}


# Requests per token (or per person on a session) and minute, in each server process.
THROTTLE_RATE = "300/m"


class PerCaller(SimpleRateThrottle):
    def get_cache_key(self, request: HttpRequest) -> str | None:
        found = getattr(request, "auth", None)
        if not isinstance(found, Caller):
            return None
        return f"api-throttle-{found}"


throttle = PerCaller(THROTTLE_RATE)


class PeriodFilter(Schema):
    """A period: from and to a day, both included."""

    date_from: Day | None = None
    date_to: Day | None = None


def programme_for(
    request: HttpRequest, slug: str, allowed: Callable[[User, Programme], bool]
) -> Programme:
    """The programme ``slug`` names: 404 if unknown, 403 if the access rule or the token
    keeps the caller out."""
    who = caller(request)
    return get_with_access(
        Programme,
        lambda programme: who.reaches(programme) and allowed(who.user, programme),
        slug=slug,
    )


def readable_programmes(request: HttpRequest) -> QuerySet[Programme]:
    """The programmes whose figures, events and press the caller reads."""
    who = caller(request)
    return who.reachable(account_access.readable_programmes(who.user))


def object_for(
    request: HttpRequest,
    queryset: QuerySet[M],
    programme_of: Callable[[M], Programme],
    allowed: Callable[[User, M], bool],
    **lookup: Any,
) -> M:
    """An object with its access rule and the token's programmes: 404 unknown, 403 refused."""
    who = caller(request)
    return get_with_access(
        queryset,
        lambda found: who.reaches(programme_of(found)) and allowed(who.user, found),
        **lookup,
    )
