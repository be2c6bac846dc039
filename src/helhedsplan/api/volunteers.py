"""The volunteer register: counts per estate for everyone who may count volunteers (the board,
the working groups and the police included), and the volunteers themselves, personal data,
only for those who keep them, within their estates, as the pages show them."""

# No postponed annotations here: ninja reads the hints of the operations at import time.
import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from helhedsplan.api.auth import caller
from helhedsplan.api.common import MAX_ID, Id, Page, object_for, programme_for
from helhedsplan.api.errors import with_errors
from helhedsplan.volunteers import access, queries
from helhedsplan.volunteers.models import Kind, Presence, Volunteer

router = Router(tags=["volunteers"])


class KindCounts(Schema):
    association: int
    club: int
    department_board: int
    ad_hoc: int


class EstateCountsOut(Schema):
    estate: int | None = Field(..., description="The estate's id; null for non-residents.")
    name: str
    active: int = Field(..., description="Volunteers active on the day counted.")
    young: int = Field(..., description="Of them, 15-30 years old in the year counted.")
    hours_this_year: float = Field(
        ..., description="Hours the estate's volunteers gave this year, up to the day counted."
    )
    by_kind: KindCounts


class CountsOut(Schema):
    day: datetime.date
    estates: list[EstateCountsOut]


@router.get(
    "/programmes/{slug}/volunteers/counts",
    response=with_errors(CountsOut),
    summary="The volunteers per estate today, as counts without names: active, of whom "
    "15-30 years old, by kind, and the hours given this year",
)
def volunteer_counts(request: HttpRequest, slug: str):
    programme = programme_for(request, slug, access.may_count)
    today = timezone.localdate()
    return {
        "day": today,
        "estates": [
            {
                "estate": row.estate_id,
                "name": row.name,
                "active": row.active,
                "young": row.young,
                "hours_this_year": float(row.hours_this_year),
                "by_kind": row.by_kind,
            }
            for row in queries.estate_figures(programme=programme, today=today)
        ],
    }


class VolunteerOut(Schema):
    id: int
    name: str
    phone: str
    email: str
    estate: int | None
    birth_year: int
    kind: Kind
    leads_others: bool
    interests: list[str]
    started_on: datetime.date
    ended_on: datetime.date | None
    consent_withdrawn: bool

    @staticmethod
    def resolve_estate(volunteer: Volunteer) -> int | None:
        return volunteer.estate_id

    @staticmethod
    def resolve_interests(volunteer: Volunteer) -> list[str]:
        return [interest.name for interest in volunteer.interests.all()]

    @staticmethod
    def resolve_consent_withdrawn(volunteer: Volunteer) -> bool:
        return volunteer.consent.withdrawn_at is not None


class VolunteerFilter(Schema):
    estate: Id | None = None
    not_resident: bool = False
    q: str = Field("", max_length=200, description="Words in the name, phone, e-mail or estate.")


@router.get(
    "/programmes/{slug}/volunteers",
    response=with_errors(list[VolunteerOut]),
    summary="The volunteers the caller keeps (their estates' and non-residents), by name; "
    "personal data, only for those who keep the register",
)
@paginate(Page)
def volunteer_list(request: HttpRequest, slug: str, filters: Query[VolunteerFilter]):
    programme = programme_for(request, slug, access.may_keep)
    return queries.volunteer_list(
        volunteers=access.kept_volunteers(caller(request).user, programme),
        estate_id=filters.estate,
        not_resident=filters.not_resident,
        search_text=filters.q,
    ).prefetch_related("interests")


class YearHoursOut(Schema):
    year: int
    hours: float


class EventPartOut(Schema):
    event: int
    title: str
    starts_at: datetime.datetime
    invited_on: datetime.date | None
    presence: Presence
    helped: bool


class VolunteerDetailOut(VolunteerOut):
    hours_total: float
    hours_per_year: list[YearHoursOut]
    events: list[EventPartOut]

    @staticmethod
    def resolve_hours_total(volunteer: Volunteer) -> float:
        return float(queries.hours_total(volunteer))

    @staticmethod
    def resolve_hours_per_year(volunteer: Volunteer) -> list[dict[str, object]]:
        return [
            {"year": row.year, "hours": float(row.hours)}
            for row in queries.hours_per_year(volunteer)
        ]

    @staticmethod
    def resolve_events(volunteer: Volunteer) -> list[dict[str, object]]:
        return [
            {
                "event": part.event_id,
                "title": part.event.title,
                "starts_at": part.event.starts_at,
                "invited_on": part.invited_on,
                "presence": part.presence,
                "helped": part.helped,
            }
            for part in queries.events_of(volunteer)
        ]


@router.get(
    "/programmes/{slug}/volunteers/{volunteer_id}",
    response=with_errors(VolunteerDetailOut),
    summary="A volunteer the caller keeps, with their hours per year and their events",
)
def volunteer_detail(
    request: HttpRequest, slug: str, volunteer_id: int = Path(..., ge=1, le=MAX_ID)
):
    return object_for(
        request,
        Volunteer.objects.select_related("programme", "estate", "consent").prefetch_related(
            "interests"
        ),
        lambda volunteer: volunteer.programme,
        access.may_keep_volunteer,
        pk=volunteer_id,
        programme__slug=slug,
    )
