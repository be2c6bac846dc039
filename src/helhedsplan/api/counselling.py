"""The counselling: the mapping of needs as aggregates for everyone who reads the programme,
and the individual (anonymous) inquiries only for those who list them in the interface,
within their estates."""

# No postponed annotations here: ninja reads the hints of the operations at import time.
import datetime
from typing import Annotated, cast

from django.forms import ModelMultipleChoiceField
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Header, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Strict

from helhedsplan.api.auth import caller
from helhedsplan.api.common import BodyId, Flag, Id, Moment, Page, PeriodFilter, Year, programme_for
from helhedsplan.api.errors import with_errors
from helhedsplan.api.writes import KEY_HELP, form_data, idempotent, local_minute, refused, replayed
from helhedsplan.counselling import access, forms, queries, services
from helhedsplan.counselling.models import AgeBand, Channel, Gender, Inquiry, Method

router = Router(tags=["counselling"])


class MappingRow(Schema):
    estate: str
    quarter: int
    topic: str
    bridged_to: str
    count: int | None
    suppressed: bool


class MappingOut(Schema):
    year: int
    estates: list[int]
    suppression_limit: int
    rows: list[MappingRow]


class MappingFilter(Schema):
    year: Year
    estate: Id | None = None


@router.get(
    "/programmes/{slug}/counselling/mapping",
    response=with_errors(MappingOut),
    summary="The mapping of needs: inquiries by estate, quarter, topic and bridged-to place; "
    "small counts hidden (count null) unless the caller registers every estate's inquiries",
)
def mapping(request: HttpRequest, slug: str, filters: Query[MappingFilter]):
    programme = programme_for(request, slug, access.may_view_mapping)
    estates = list(programme.estates.all())
    if filters.estate is not None:
        estates = [estate for estate in estates if estate.pk == filters.estate]
    user = caller(request).user
    found = queries.mapping(
        programme,
        filters.year,
        suppress=not access.sees_exact_counts(user, programme, estates),
        estates=estates,
    )
    return {
        "year": found.year,
        "estates": [estate.pk for estate in found.estates],
        "suppression_limit": queries.SUPPRESSION_LIMIT,
        "rows": [
            {
                "estate": estate,
                "quarter": quarter,
                "topic": topic,
                "bridged_to": bridged_to,
                "count": None if cell.suppressed else cell.count,
                "suppressed": cell.suppressed,
            }
            for estate, quarter, topic, bridged_to, cell in found.long_rows()
        ],
    }


class InquiryOut(Schema):
    id: int
    occurred_at: datetime.datetime
    estate: int
    channel: Channel
    topics: list[str]
    bridged_to: list[str]
    follow_up_needed: bool
    registered_by: str | None

    @staticmethod
    def resolve_estate(inquiry: Inquiry) -> int:
        return inquiry.estate_id

    @staticmethod
    def resolve_topics(inquiry: Inquiry) -> list[str]:
        return [topic.name for topic in inquiry.topics.all()]

    @staticmethod
    def resolve_bridged_to(inquiry: Inquiry) -> list[str]:
        return [place.name for place in inquiry.bridged_to.all()]

    @staticmethod
    def resolve_registered_by(inquiry: Inquiry) -> str | None:
        return inquiry.registered_by.get_username() if inquiry.registered_by else None


class InquiryFilter(PeriodFilter):
    estate: Id | None = None


@router.get(
    "/programmes/{slug}/inquiries",
    response=with_errors(list[InquiryOut]),
    summary="The inquiries of the estates whose inquiries the caller registers, newest first",
)
@paginate(Page)
def inquiry_list(request: HttpRequest, slug: str, filters: Query[InquiryFilter]):
    programme = programme_for(request, slug, access.may_register)
    estates = access.registering_estates(caller(request).user, programme)
    if filters.estate is not None:
        estates = estates.filter(pk=filters.estate)
    criteria = queries.InquiryFilter(
        estates=list(estates), date_from=filters.date_from, date_to=filters.date_to
    )
    return queries.inquiries(programme, criteria).order_by("-occurred_at", "-pk")


class InquiryIn(Schema):
    """A new inquiry, as the registration form takes it."""

    estate: BodyId
    topics: list[BodyId] = Field(..., min_length=1)
    bridged_to: list[BodyId] = []
    channel: Channel = Channel.DROP_IN
    method: Method = Method.CONVERSATION
    occurred_at: Moment | None = None
    follow_up_needed: Flag = False
    interpreter_or_language_help: Flag = False
    duration_minutes: Annotated[int, Strict(), Field(ge=1, le=600)] | None = None
    age_band: AgeBand | None = None
    gender: Gender | None = None
    note: str = Field("", max_length=300)
    # The note guard warns of what looks like a person's name; this says it is none.
    note_names_no_one: Flag = False


@router.post(
    "/programmes/{slug}/inquiries",
    response=with_errors(InquiryOut, 201),
    summary="Register an inquiry (as the registration form does); read-write token",
)
def inquiry_create(
    request: HttpRequest,
    slug: str,
    body: InquiryIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", description=KEY_HELP),
):
    if (first := replayed(request)) is not None:
        return first
    programme = programme_for(request, slug, access.may_register)
    user = caller(request).user
    values = body.model_dump()
    values["occurred_at"] = local_minute(body.occurred_at or timezone.now())
    form = forms.InquiryForm(
        form_data(values),
        programme=programme,
        estates=access.registering_estates(user, programme),
    )
    if not form.is_valid():
        raise refused(form)

    def register() -> tuple[int, InquiryOut]:
        inquiry = services.inquiry_register(by=user, **form.inquiry_details())
        found = queries.inquiries(programme, queries.InquiryFilter()).get(pk=inquiry.pk)
        return 201, InquiryOut.from_orm(found)

    return idempotent(request, run=register)


class Category(Schema):
    id: int
    name: str


class CategoriesOut(Schema):
    topics: list[Category]
    bridged_to: list[Category]


@router.get(
    "/programmes/{slug}/counselling/categories",
    response=with_errors(CategoriesOut),
    summary="The topics and bridged-to places a new inquiry chooses from (their ids)",
)
def categories(request: HttpRequest, slug: str):
    programme = programme_for(request, slug, access.may_register)
    # As the registration form does: a programme starts out with the default categories.
    services.categories_ensure_defaults(programme=programme)
    form = forms.InquiryForm(programme=programme, estates=programme.estates.none())
    offered = {}
    for name in ("topics", "bridged_to"):
        choices = cast(ModelMultipleChoiceField, form.fields[name]).queryset
        offered[name] = list(choices.all()) if choices is not None else []
    return offered
