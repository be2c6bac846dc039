"""A programme's press mentions, as the press list and a mention's page show them, and their
registration through the page's own form and services.

On the page the tone takes two steps (``media.views._handle_mention_form``): the details are
sent, the suggested tone is shown and chosen in advance, and the person saves it or another
tone. A write here takes both steps at once: its ``tone`` is the person's choice; without one
the suggestion is saved as the tone, as when the person accepts it. The suggestion is stored
next to the tone either way, and ``press/tone-suggestion`` shows it before writing.
"""

# No postponed annotations here: ninja reads the hints of the operations at import time.
import datetime
from typing import Annotated, cast

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from ninja import Field, Header, Path, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import BaseModel, Strict

from helhedsplan.accounts.access import User
from helhedsplan.api.auth import caller
from helhedsplan.api.common import (
    MAX_ID,
    BodyId,
    Day,
    Id,
    Page,
    PeriodFilter,
    object_for,
    programme_for,
)
from helhedsplan.api.errors import GENERIC, ApiError, with_errors
from helhedsplan.api.lists import EntryOut
from helhedsplan.api.writes import KEY_HELP, form_data, idempotent, refused, replayed
from helhedsplan.events.models import Event
from helhedsplan.media import access, queries, services
from helhedsplan.media.forms import EventChoiceField, EventLinkForm, MentionForm
from helhedsplan.media.models import Outlet, OutletKind, PressMention, ToneSource
from helhedsplan.media.tone import Tone
from helhedsplan.programmes.models import Programme

router = Router(tags=["press"])

# The longest excerpt taken: the lead or the key sentences of an article, not the article.
EXCERPT_MAX_LENGTH = 5000


class MentionOut(Schema):
    id: int
    programme: str
    published_on: datetime.date
    outlet: str
    outlet_id: int
    headline: str
    url: str
    excerpt: str
    estates: list[int]
    events: list[int]
    tone: Tone
    suggested_tone: Tone
    tone_source: ToneSource

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


class OutletOut(EntryOut):
    kind: OutletKind


@router.get(
    "/programmes/{slug}/outlets",
    response=with_errors(list[OutletOut]),
    summary="The outlets a new mention may name (those in use): a write gives one by id or "
    "exact name; the programme's administrators keep the list",
)
@paginate(Page)
def outlet_list(request: HttpRequest, slug: str):
    programme = programme_for(request, slug, access.may_change_press)
    return queries.outlets_for_choice(programme=programme).order_by("position", "name", "pk")


class ToneText(Schema):
    headline: str = Field(..., min_length=1, max_length=300)
    excerpt: str = Field("", max_length=EXCERPT_MAX_LENGTH)


class ToneSuggestionOut(Schema):
    tone: Tone
    score: float
    reasons: list[str]


# Before a mention's own address, which would otherwise take "tone-suggestion" for an id.
@router.get(
    "/programmes/{slug}/press/tone-suggestion",
    response=with_errors(ToneSuggestionOut),
    summary="The tone suggested for a headline and excerpt, with its score and the words "
    "behind it, as the press form shows it before saving; stores nothing",
)
def tone_suggestion(request: HttpRequest, slug: str, text: Query[ToneText]):
    programme = programme_for(request, slug, access.may_change_press)
    # The press form's own suggestion for its text, as the page shows it: only the text is
    # sent, so the other fields' refusals are no concern here.
    form = MentionForm(form_data(text.model_dump()), programme=programme, with_tone=False)
    form.is_valid()
    suggestion = form.suggestion()
    if suggestion is None or "excerpt" in form.errors:
        fields = [
            {"loc": ["query", name], "message": " ".join(str(m) for m in form.errors[name])}
            for name in ("headline", "excerpt")
            if name in form.errors
        ]
        code, invalid = GENERIC[422]
        raise ApiError(422, code, invalid, fields)
    return suggestion.as_json()


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


OUTLET_HELP = (
    "The outlet, by its id or its exact name (a text is always a name): one of "
    "`GET /programmes/{slug}/outlets`."
)
TONE_HELP = (
    "The tone the person chose; the suggested tone is stored next to it. Left out, the "
    "suggested tone is stored as the tone, as when a person accepts the suggestion on the page "
    "(`GET /programmes/{slug}/press/tone-suggestion` shows it)."
)
OutletChoice = BodyId | Annotated[str, Strict(), Field(min_length=1, max_length=200)]


class MentionIn(Schema):
    """A new mention, as the press form takes it."""

    published_on: Day
    outlet: OutletChoice = Field(..., description=OUTLET_HELP)
    headline: str = Field(..., min_length=1, max_length=300)
    excerpt: str = Field("", max_length=EXCERPT_MAX_LENGTH)
    url: str = Field("", max_length=500)
    estates: list[BodyId] = Field(..., min_length=1)
    events: list[BodyId] = Field(
        [], description="The events the mention covers, by id (not cancelled ones)."
    )
    tone: Tone | None = Field(None, description=TONE_HELP)


# A pydantic model rather than a ninja Schema: a Schema reads a body's fields as attributes,
# so a body that is no JSON object would pass as one changing nothing.
class MentionChange(BaseModel):
    """What changes in a mention; what is left out (or null) stays. Its events are linked
    and unlinked at ``press/{id}/events``."""

    published_on: Day | None = None
    outlet: OutletChoice | None = Field(None, description=OUTLET_HELP)
    headline: str | None = Field(None, min_length=1, max_length=300)
    excerpt: str | None = Field(None, max_length=EXCERPT_MAX_LENGTH)
    url: str | None = Field(None, max_length=500)
    estates: list[BodyId] | None = Field(None, min_length=1)
    tone: Tone | None = Field(
        None,
        description="The tone the person chose. Left out, the tone stays; but if the headline "
        "or excerpt changes, the new suggestion is stored as the tone, as on the page.",
    )


def _invalid(field: str, message: str | Promise) -> ApiError:
    code, invalid = GENERIC[422]
    return ApiError(422, code, invalid, [{"loc": ["body", field], "message": str(message)}])


def _valid(form: MentionForm) -> MentionForm:
    if not form.is_valid():
        raise refused(form)
    return form


def _outlet_id(programme: Programme, outlet: int | str) -> int:
    """The id of the outlet a write names; the form then checks it is one to choose."""
    if isinstance(outlet, int):
        return outlet
    found = Outlet.objects.filter(programme=programme, name=outlet).values_list("pk", flat=True)
    if not found:
        raise _invalid("outlet", MentionForm.base_fields["outlet"].error_messages["invalid_choice"])
    return found[0]


def _check_estates(user: User, form: MentionForm) -> None:
    """As the page: the mention must be of at least one of the caller's estates."""
    estates = [estate.pk for estate in form.cleaned_data["estates"]]
    if not access.may_place_mention(user, form.programme, estates):
        raise _invalid("estates", _("Vælg mindst ét af de boligområder, du arbejder i."))


def _covered_events(form: MentionForm, event_ids: list[int]) -> list[Event]:
    """The events a new mention covers, each checked by the form's own event field (the page
    offers one there, and links more on the mention's page)."""
    field = cast(EventChoiceField, form.fields["event"])
    try:
        return [field.clean(str(pk)) for pk in dict.fromkeys(event_ids)]
    except ValidationError as error:
        raise _invalid("events", " ".join(error.messages)) from None


def _as_saved(form: MentionForm, tone: Tone | None) -> MentionForm:
    """The form as the page shows it once the suggestion for its text is made, with the
    suggested tone chosen (``with_suggestion``), and as the person then saves it: with
    ``tone`` chosen instead, if given."""
    suggestion = form.suggestion()
    assert suggestion is not None  # a valid form has a headline
    shown = form.with_suggestion(suggestion)
    if tone is None:
        return _valid(shown)
    chosen = {**shown.data, "tone": tone.value}
    return _valid(
        MentionForm(
            chosen,
            programme=form.programme,
            mention=form.mention,
            events=form.events,
            with_tone=True,
        )
    )


def _mention_out(mention_id: int) -> MentionOut:
    return MentionOut.from_orm(queries.mentions_with_details().get(pk=mention_id))


def _changeable(request: HttpRequest, slug: str, mention_id: int) -> PressMention:
    return object_for(
        request,
        queries.mentions_with_details(),
        lambda mention: mention.programme,
        access.may_change_mention,
        pk=mention_id,
        programme__slug=slug,
    )


@router.post(
    "/programmes/{slug}/press",
    response=with_errors(MentionOut, 201),
    summary="Register a press mention (as the press form does) of at least one of the "
    "caller's estates; read-write token",
)
def mention_create(
    request: HttpRequest,
    slug: str,
    body: MentionIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", description=KEY_HELP),
):
    if (first := replayed(request)) is not None:
        return first
    programme = programme_for(request, slug, access.may_change_press)
    user = caller(request).user
    values = body.model_dump(exclude={"outlet", "events", "tone"})
    values["outlet"] = _outlet_id(programme, body.outlet)
    # The page's first step: the details without a tone, for which a tone is suggested.
    form = _valid(MentionForm(form_data(values), programme=programme, with_tone=False))
    _check_estates(user, form)
    events = _covered_events(form, body.events)
    form = _as_saved(form, body.tone)

    def register() -> tuple[int, MentionOut]:
        mention = services.mention_register(
            programme=programme, registered_by=user, **form.mention_details(), events=events
        )
        return 201, _mention_out(mention.pk)

    return idempotent(request, run=register)


@router.patch(
    "/programmes/{slug}/press/{mention_id}",
    response=with_errors(MentionOut),
    summary="Change a press mention (as its edit form does); read-write token",
)
def mention_update(
    request: HttpRequest,
    slug: str,
    body: MentionChange,
    mention_id: int = Path(..., ge=1, le=MAX_ID),
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", description=KEY_HELP),
):
    if (first := replayed(request)) is not None:
        return first
    mention = _changeable(request, slug, mention_id)
    user = caller(request).user
    # The edit form as the page fills it in, with the changes typed over it.
    values = MentionForm.initial_for(mention) | {
        "outlet": mention.outlet_id,
        "estates": [estate.pk for estate in mention.estates.all()],
    }
    values |= body.model_dump(exclude_none=True, exclude={"outlet"})
    if body.outlet is not None:
        values["outlet"] = _outlet_id(mention.programme, body.outlet)
    form = _valid(
        MentionForm(form_data(values), programme=mention.programme, mention=mention, with_tone=True)
    )
    _check_estates(user, form)
    if not form.suggestion_shown():
        # A changed headline or excerpt: the page shows its suggestion before saving.
        form = _as_saved(form, body.tone)

    def update() -> tuple[int, MentionOut]:
        services.mention_update(mention=mention, **form.mention_details())
        return 200, _mention_out(mention.pk)

    return idempotent(request, run=update)


@router.delete(
    "/programmes/{slug}/press/{mention_id}",
    response=with_errors(MentionOut),
    summary="Delete a press mention (as its page does), answering with the mention as it "
    "was; read-write token",
)
def mention_delete(
    request: HttpRequest,
    slug: str,
    mention_id: int = Path(..., ge=1, le=MAX_ID),
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", description=KEY_HELP),
):
    if (first := replayed(request)) is not None:
        return first
    mention = _changeable(request, slug, mention_id)

    def delete() -> tuple[int, MentionOut]:
        gone = _mention_out(mention.pk)
        services.mention_delete(mention=mention)
        return 200, gone

    return idempotent(request, run=delete)


class EventLinkIn(Schema):
    event: BodyId = Field(..., description="An event of the programme, not cancelled.")


@router.post(
    "/programmes/{slug}/press/{mention_id}/events",
    response=with_errors(MentionOut),
    summary="Record that a press mention covers an event (as the mention's page does); "
    "read-write token",
)
def mention_link_event(
    request: HttpRequest,
    slug: str,
    body: EventLinkIn,
    mention_id: int = Path(..., ge=1, le=MAX_ID),
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", description=KEY_HELP),
):
    if (first := replayed(request)) is not None:
        return first
    mention = _changeable(request, slug, mention_id)
    form = EventLinkForm(form_data(body.model_dump()), mention=mention)
    if not form.is_valid():
        raise refused(form)

    def link() -> tuple[int, MentionOut]:
        services.mention_link_event(mention=mention, event=form.cleaned_data["event"])
        return 200, _mention_out(mention.pk)

    return idempotent(request, run=link)


@router.delete(
    "/programmes/{slug}/press/{mention_id}/events/{event_id}",
    response=with_errors(MentionOut),
    summary="Record that a press mention no longer covers an event; read-write token",
)
def mention_unlink_event(
    request: HttpRequest,
    slug: str,
    mention_id: int = Path(..., ge=1, le=MAX_ID),
    event_id: int = Path(..., ge=1, le=MAX_ID),
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", description=KEY_HELP),
):
    if (first := replayed(request)) is not None:
        return first
    mention = _changeable(request, slug, mention_id)
    event = get_object_or_404(Event, pk=event_id, programme=mention.programme)

    def unlink() -> tuple[int, MentionOut]:
        services.mention_unlink_event(mention=mention, event=event)
        return 200, _mention_out(mention.pk)

    return idempotent(request, run=unlink)
