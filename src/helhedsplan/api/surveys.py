"""The surveys, read-only: the programme's questionnaires, their waves with the answers so
far, and the results per question, estate and quarter with small counts hidden as on the
results page. For everyone who reads the programme; no free text and no single response."""

# No postponed annotations here: ninja reads the hints of the operations at import time.
import datetime

from django.db.models import Count
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from helhedsplan.api.common import Id, Page, Year, object_for, programme_for
from helhedsplan.api.errors import with_errors
from helhedsplan.surveys import access, queries
from helhedsplan.surveys.models import Questionnaire, Wave

router = Router(tags=["surveys"])


class QuestionnaireOut(Schema):
    id: int
    slug: str
    title: str


@router.get(
    "/programmes/{slug}/surveys",
    response=with_errors(list[QuestionnaireOut]),
    summary="The programme's questionnaires",
)
@paginate(Page)
def questionnaire_list(request: HttpRequest, slug: str):
    programme = programme_for(request, slug, access.may_view_results)
    return Questionnaire.objects.filter(programme=programme).order_by("title", "pk")


def _questionnaire(request: HttpRequest, slug: str, questionnaire_id: int) -> Questionnaire:
    return object_for(
        request,
        Questionnaire.objects.select_related("programme"),
        lambda questionnaire: questionnaire.programme,
        lambda user, questionnaire: access.may_view_results(user, questionnaire.programme),
        pk=questionnaire_id,
        programme__slug=slug,
    )


class WaveOut(Schema):
    id: int
    estate: int
    version: int
    opens_on: datetime.date
    closes_on: datetime.date
    target: int | None
    answers: int

    @staticmethod
    def resolve_estate(wave: Wave) -> int:
        return wave.estate_id

    @staticmethod
    def resolve_version(wave: Wave) -> int:
        return wave.version.number


@router.get(
    "/programmes/{slug}/surveys/{questionnaire_id}/waves",
    response=with_errors(list[WaveOut]),
    summary="A questionnaire's waves, newest first, with the number of answers so far",
)
@paginate(Page)
def wave_list(request: HttpRequest, slug: str, questionnaire_id: Id):
    questionnaire = _questionnaire(request, slug, questionnaire_id)
    return (
        Wave.objects.filter(questionnaire=questionnaire)
        .select_related("version")
        .annotate(answers=Count("responses"))
        .order_by("-opens_on", "estate", "pk")
    )


class ResultRow(Schema):
    question: str
    indicator: str
    estate: int | None
    answer: str
    quarter: int | None
    answers: int | None
    share: float | None
    suppressed: bool


class ResultsOut(Schema):
    year: int
    suppression_limit: int
    rows: list[ResultRow]


class ResultsFilter(Schema):
    year: Year | None = None
    estate: Id | None = None


@router.get(
    "/programmes/{slug}/surveys/{questionnaire_id}/results",
    response=with_errors(ResultsOut),
    summary="The share agreeing (or choosing) per question, estate (null: all estates) and "
    "quarter (null: the year), with n; fewer than five answers, and the figures that would "
    "give them away, hidden (answers and share null)",
)
def results(request: HttpRequest, slug: str, questionnaire_id: Id, filters: Query[ResultsFilter]):
    questionnaire = _questionnaire(request, slug, questionnaire_id)
    years = queries.result_years(questionnaire)
    year = filters.year or (years[0] if years else timezone.localdate().year)
    estate = None
    if filters.estate is not None:
        estate = get_object_or_404(questionnaire.programme.estates, pk=filters.estate)
    found = queries.results(questionnaire, year, estate=estate)
    periods: list[int | None] = [*queries.QUARTERS, None]
    return {
        "year": year,
        "suppression_limit": queries.SUPPRESSION_LIMIT,
        "rows": [
            {
                "question": question.text,
                "indicator": question.indicator,
                "estate": row.estate_id,
                "answer": row.answer,
                "quarter": quarter,
                "answers": None if cell.hidden else cell.answers,
                "share": None if cell.hidden or cell.share is None else round(cell.share, 1),
                "suppressed": cell.hidden,
            }
            for question in found.questions
            for row in question.rows
            for quarter, cell in zip(periods, row.cells, strict=True)
        ],
    }
