"""A programme's external statistics: its series and their observations."""

# No postponed annotations here: ninja reads the hints of the operations at import time.
import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Header, Query, Router, Schema
from ninja.pagination import paginate

from helhedsplan.api.auth import caller
from helhedsplan.api.common import Count, Day, Id, Page, PeriodFilter, object_for, programme_for
from helhedsplan.api.errors import with_errors
from helhedsplan.api.writes import KEY_HELP, form_data, idempotent, refused, replayed
from helhedsplan.programmes.models import Estate
from helhedsplan.series import access, queries, services
from helhedsplan.series.forms import ObservationForm
from helhedsplan.series.models import Granularity, Observation, Scope, Series, Unit

router = Router(tags=["statistics"])


class SeriesOut(Schema):
    code: str
    name: str
    unit: Unit
    source: str
    description: str
    higher_is_better: bool
    granularity: Granularity
    observation_count: int


class ObservationOut(Schema):
    id: int
    scope: Scope
    estate: int | None
    period_start: datetime.date
    period_label: str
    value: Decimal
    respondents: int | None
    source_note: str
    observed_on: datetime.date | None

    @staticmethod
    def resolve_estate(observation: Observation) -> int | None:
        return observation.estate_id


class ObservationFilter(PeriodFilter):
    estate: Id | None = None


@router.get(
    "/programmes/{slug}/series",
    response=with_errors(list[SeriesOut]),
    summary="A programme's statistics",
)
@paginate(Page)
def series_list(request: HttpRequest, slug: str):
    programme = programme_for(request, slug, access.may_view)
    return queries.series_for(programme).order_by("name", "pk")


@router.get(
    "/programmes/{slug}/series/{code}/observations",
    response=with_errors(list[ObservationOut]),
    summary="A series' observations, oldest first, with the comparisons (no estate)",
)
@paginate(Page)
def observation_list(request: HttpRequest, slug: str, code: str, filters: Query[ObservationFilter]):
    series = object_for(
        request,
        Series.objects.select_related("programme"),
        lambda series: series.programme,
        lambda user, series: access.may_view(user, series.programme),
        programme__slug=slug,
        code=code,
    )
    estates = None
    if filters.estate is not None:
        estates = Estate.objects.filter(pk=filters.estate, programme=series.programme)
    observations = queries.observations_for(series, estates)
    if filters.date_from is not None:
        observations = observations.filter(period_start__gte=filters.date_from)
    if filters.date_to is not None:
        observations = observations.filter(period_start__lte=filters.date_to)
    return observations.order_by("period_start", "scope", "estate__name", "pk")


class ObservationIn(Schema):
    """A figure, as the observation form takes it."""

    # An estate's id, or "municipality" or "housing_organisation" for a comparison.
    where: str = Field(..., max_length=40)
    # A year (2021), a half-year (2021H1), a quarter (2021K2), a month (03.2021) or a day.
    period: str = Field(..., max_length=20)
    value: Decimal = Field(..., max_digits=16, decimal_places=4)
    respondents: Count | None = None
    source_note: str = Field("", max_length=300)
    observed_on: Day | None = None


@router.post(
    "/programmes/{slug}/series/{code}/observations",
    response={**with_errors(ObservationOut, 201), 200: ObservationOut},
    summary="Record a figure (as the observation form does): 201 when new, 200 when it "
    "replaced the period's figure; read-write token",
)
def observation_create(
    request: HttpRequest,
    slug: str,
    code: str,
    body: ObservationIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", description=KEY_HELP),
):
    if (first := replayed(request)) is not None:
        return first
    series = object_for(
        request,
        Series.objects.select_related("programme"),
        lambda series: series.programme,
        lambda user, series: access.may_edit(user, series.programme),
        programme__slug=slug,
        code=code,
    )
    values = body.model_dump() | {
        # The form reads numbers the Danish way: a decimal comma.
        "value": format(body.value, "f").replace(".", ","),
        "observed_on": body.observed_on.strftime("%d.%m.%Y") if body.observed_on else None,
    }
    form = ObservationForm(form_data(values), series=series)
    if not form.is_valid():
        raise refused(form)
    user = caller(request).user

    def record() -> tuple[int, ObservationOut]:
        recorded = services.observation_record(
            series=series, user=user, **form.observation_details()
        )
        return (201 if recorded.created else 200), ObservationOut.from_orm(recorded.observation)

    return idempotent(request, run=record)
