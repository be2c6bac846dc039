"""A programme's press mentions, as the press list and a mention's page show them."""

# No postponed annotations here: ninja reads the hints of the operations at import time.
import datetime

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema
from ninja.pagination import paginate

from helhedsplan.api.common import MAX_ID, Id, Page, PeriodFilter, object_for, programme_for
from helhedsplan.api.errors import with_errors
from helhedsplan.media import access, queries
from helhedsplan.media.models import PressMention
from helhedsplan.media.tone import Tone

router = Router(tags=["press"])


class MentionOut(Schema):
    id: int
    programme: str
    published_on: datetime.date
    outlet: str
    headline: str
    url: str
    excerpt: str
    estates: list[int]
    events: list[int]
    tone: Tone
    suggested_tone: Tone

    @staticmethod
    def resolve_programme(mention: PressMention) -> str:
        return mention.programme.slug

    @staticmethod
    def resolve_outlet(mention: PressMention) -> str:
        return mention.outlet.name

    @staticmethod
    def resolve_estates(mention: PressMention) -> list[int]:
        return sorted(estate.pk for estate in mention.estates.all())

    @staticmethod
    def resolve_events(mention: PressMention) -> list[int]:
        return sorted(event.pk for event in mention.events.all())


class MentionFilter(PeriodFilter):
    estate: Id | None = None
    tone: Tone | None = None


@router.get(
    "/programmes/{slug}/press",
    response=with_errors(list[MentionOut]),
    summary="A programme's press mentions, newest first",
)
@paginate(Page)
def mention_list(request: HttpRequest, slug: str, filters: Query[MentionFilter]):
    programme = programme_for(request, slug, access.may_view_press)
    mentions = queries.mention_list(programme=programme, tone=filters.tone)
    if filters.estate is not None:
        mentions = mentions.filter(estates=filters.estate)
    if filters.date_from is not None:
        mentions = mentions.filter(published_on__gte=filters.date_from)
    if filters.date_to is not None:
        mentions = mentions.filter(published_on__lte=filters.date_to)
    return mentions


@router.get(
    "/programmes/{slug}/press/{mention_id}",
    response=with_errors(MentionOut),
    summary="A press mention",
)
def mention_detail(request: HttpRequest, slug: str, mention_id: int = Path(..., ge=1, le=MAX_ID)):
    return object_for(
        request,
        queries.mentions_with_details(),
        lambda mention: mention.programme,
        lambda user, mention: access.may_view_press(user, mention.programme),
        pk=mention_id,
        programme__slug=slug,
    )
