"""A programme's agreements and their versions, each version's content as structured JSON
(the interchange document the Word export writes)."""

# No postponed annotations here: ninja reads the hints of the operations at import time.
import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Path, Router, Schema
from ninja.pagination import paginate

from helhedsplan.accounts import access as account_access
from helhedsplan.agreements import access, queries
from helhedsplan.agreements.document import AgreementDocument
from helhedsplan.agreements.models import Agreement, AgreementVersion, VersionStatus
from helhedsplan.api.auth import caller
from helhedsplan.api.common import MAX_ID, Page, object_for, programme_for
from helhedsplan.api.errors import with_errors

router = Router(tags=["agreements"])


class VersionSummary(Schema):
    number: int
    status: VersionStatus
    title: str
    period_start: datetime.date | None
    period_end: datetime.date | None
    in_force_from: datetime.date | None
    approved_at: datetime.datetime | None


class AgreementOut(Schema):
    id: int
    focus_area: str
    versions: list[VersionSummary]

    @staticmethod
    def resolve_focus_area(agreement: Agreement) -> str:
        return agreement.focus_area.name

    @staticmethod
    def resolve_versions(agreement: Agreement) -> list[AgreementVersion]:
        return queries.versions_of(agreement)


class VersionOut(VersionSummary):
    document: AgreementDocument

    @staticmethod
    def resolve_document(version: AgreementVersion) -> AgreementDocument:
        return queries.document_of(version)


def agreement_for(request: HttpRequest, slug: str, agreement_id: int) -> Agreement:
    return object_for(
        request,
        Agreement.objects.select_related("programme", "focus_area"),
        lambda agreement: agreement.programme,
        access.may_view,
        pk=agreement_id,
        programme__slug=slug,
    )


@router.get(
    "/programmes/{slug}/agreements",
    response=with_errors(list[AgreementOut]),
    summary="A programme's agreements with their versions",
)
@paginate(Page)
def agreement_list(request: HttpRequest, slug: str):
    programme = programme_for(request, slug, account_access.may_view_programme)
    return (
        queries.agreements_for(caller(request).user)
        .filter(programme=programme)
        .order_by("focus_area__name", "pk")
    )


@router.get(
    "/programmes/{slug}/agreements/{agreement_id}/versions/{number}",
    response=with_errors(VersionOut),
    summary="A version of an agreement, its content as structured JSON",
)
def version_detail(
    request: HttpRequest,
    slug: str,
    agreement_id: int = Path(..., ge=1, le=MAX_ID),
    number: int = Path(..., ge=1, le=MAX_ID),
):
    agreement = agreement_for(request, slug, agreement_id)
    return get_object_or_404(queries.versions_with_content(), agreement=agreement, number=number)
