"""The resident grant pools: the report per year and the pools for everyone who may count
the applications (figures, no names); the applications themselves only for those who keep
them, within their estates, and never with their contact person, who stays on the pages
(the privacy register ``grants``)."""

# No postponed annotations here: ninja reads the hints of the operations at import time.
import datetime
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import AfterValidator, WithJsonSchema

from helhedsplan.api.auth import caller
from helhedsplan.api.common import Id, Page, Year, programme_for
from helhedsplan.api.errors import with_errors
from helhedsplan.grants import access, queries
from helhedsplan.grants.models import Application, Channel, Decision, Outcome, Pool, Status

router = Router(tags=["grants"])


# The grant pools' choices as plain strings with their values listed: the schema names an enum
# after its class, and other apps' classes are also called ``Channel`` and ``Status``.
def _a_status(value: str) -> str:
    if value not in Status.values:
        raise ValueError(f"one of {', '.join(Status.values)}")
    return value


GrantStatus = Annotated[
    str, AfterValidator(_a_status), WithJsonSchema({"type": "string", "enum": Status.values})
]
GrantChannel = Annotated[str, WithJsonSchema({"type": "string", "enum": Channel.values})]
GrantOutcome = Annotated[str, WithJsonSchema({"type": "string", "enum": Outcome.values})]


class ReportRowOut(Schema):
    estate: int | None = Field(
        ...,
        description="The estate whose pools the row counts; null for the programme's "
        "pools of every estate and for the total.",
    )
    name: str
    received: int = Field(..., description="Applications received in the year.")
    grants: int = Field(
        ..., description="Grants (approved and partly approved) charged to the year's frame."
    )
    rejected: int = Field(..., description="Rejections of applications for the year.")
    amount_requested: Decimal = Field(..., description="Kroner, of the applications received.")
    amount_granted: Decimal = Field(..., description="Kroner, of the grants.")
    activities_held: int = Field(
        ..., description="Granted activities held in the year, as events of the calendar."
    )
    participants: int = Field(..., description="Residents and others at those activities.")


class ReportOut(Schema):
    year: int
    rows: list[ReportRowOut]
    total: ReportRowOut


class ReportFilter(Schema):
    year: Year | None = Field(None, description="The calendar year; this year when left out.")


def _row(row: queries.ReportRow) -> dict[str, object]:
    return {
        "estate": row.estate_id,
        "name": row.name,
        "received": row.received,
        "grants": row.grants,
        "rejected": row.rejected,
        "amount_requested": row.requested,
        "amount_granted": row.granted,
        "activities_held": row.held,
        "participants": row.participants,
    }


@router.get(
    "/programmes/{slug}/grants/report",
    response=with_errors(ReportOut),
    summary="The grant pools' figures for a year, per estate and in total: applications "
    "received, grants, rejections, amounts, activities held and their participants (counts, "
    "no names)",
)
def grant_report(request: HttpRequest, slug: str, filters: Query[ReportFilter]):
    programme = programme_for(request, slug, access.may_count)
    year = filters.year or timezone.localdate().year
    rows, total = queries.report(programme, year)
    return {"year": year, "rows": [_row(row) for row in rows], "total": _row(total)}


class PoolOut(Schema):
    id: int
    name: str
    estate: int | None = Field(..., description="The estate; null for a pool of every estate.")
    is_open: bool

    @staticmethod
    def resolve_estate(pool: Pool) -> int | None:
        return pool.estate_id


@router.get(
    "/programmes/{slug}/grants/pools",
    response=with_errors(list[PoolOut]),
    summary="The programme's resident grant pools",
)
@paginate(Page)
def grant_pools(request: HttpRequest, slug: str):
    return queries.pools_of(programme_for(request, slug, access.may_count))


class DecisionOut(Schema):
    outcome: GrantOutcome
    amount_granted: Decimal
    frame_year: int
    meeting_on: datetime.date
    report_due_on: datetime.date | None

    @staticmethod
    def resolve_meeting_on(decision: Decision) -> datetime.date:
        return decision.meeting.held_on


class ApplicationOut(Schema):
    id: int
    reference: str
    pool: int
    estate: int
    year: int
    status: GrantStatus
    channel: GrantChannel
    received_at: datetime.datetime
    applicant_group: str
    activity: str
    purpose: str
    target_group: str
    mixed_group: bool = Field(
        ...,
        description="The applicants say the activity gathers residents across ethnicity "
        "and generations.",
    )
    starts_on: datetime.date
    ends_on: datetime.date | None
    amount_requested: Decimal
    decision: DecisionOut | None
    event: int | None = Field(..., description="The granted activity's event.")

    @staticmethod
    def resolve_pool(application: Application) -> int:
        return application.pool_id

    @staticmethod
    def resolve_estate(application: Application) -> int:
        return application.estate_id

    @staticmethod
    def resolve_decision(application: Application) -> Decision | None:
        # An application without a decision has none to follow (the reverse one-to-one says
        # so by raising, which getattr turns into None).
        return getattr(application, "decision", None)

    @staticmethod
    def resolve_event(application: Application) -> int | None:
        return application.event_id


class ApplicationFilter(Schema):
    pool: Id | None = None
    estate: Id | None = None
    status: GrantStatus | None = None
    year: Year | None = Field(None, description="The year the application was received.")


@router.get(
    "/programmes/{slug}/grants/applications",
    response=with_errors(list[ApplicationOut]),
    summary="The applications the caller keeps (their estates'), newest first, with the "
    "decision; never the contact person",
)
@paginate(Page)
def grant_applications(request: HttpRequest, slug: str, filters: Query[ApplicationFilter]):
    programme = programme_for(request, slug, access.may_keep)
    return queries.applications_filtered(
        access.kept_programme_applications(caller(request).user, programme),
        pool_id=filters.pool,
        estate_id=filters.estate,
        status=filters.status or "",
        year=filters.year,
    )
