"""Programmes and their estates."""

# No postponed annotations here: ninja reads the hints of the operations at import time.
import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from helhedsplan.accounts import access as account_access
from helhedsplan.api.common import Page, programme_for, readable_programmes
from helhedsplan.api.errors import with_errors
from helhedsplan.programmes.models import Estate, Programme

router = Router(tags=["programmes"])


class EstateOut(Schema):
    id: int
    name: str
    tenancies: int


class ProgrammeOut(Schema):
    slug: str
    name: str
    housing_organisation: str
    municipality: str
    period_start: datetime.date
    period_end: datetime.date
    estates: list[EstateOut]

    @staticmethod
    def resolve_estates(programme: Programme) -> list[Estate]:
        return list(programme.estates.all())


@router.get(
    "/programmes",
    response=with_errors(list[ProgrammeOut]),
    summary="The programmes the caller reads",
)
@paginate(Page)
def programme_list(request: HttpRequest):
    return readable_programmes(request).prefetch_related("estates").order_by("name", "pk")


@router.get(
    "/programmes/{slug}", response=with_errors(ProgrammeOut), summary="A programme and its estates"
)
def programme_detail(request: HttpRequest, slug: str):
    return programme_for(request, slug, account_access.may_view_programme)


@router.get(
    "/programmes/{slug}/estates",
    response=with_errors(list[EstateOut]),
    summary="A programme's estates",
)
def estate_list(request: HttpRequest, slug: str):
    programme = programme_for(request, slug, account_access.may_view_programme)
    return programme.estates.order_by("name", "pk")
