"""Pages of the press mentions: one view per action, each asking ``media.access`` first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhedsplan.accounts.access import (
    AuthenticatedRequest,
    User,
    programme_with_access,
)
from helhedsplan.core import exports, idempotency
from helhedsplan.core.forms import add_service_errors
from helhedsplan.core.lists import access as lists_access
from helhedsplan.core.lists import registry as lists_registry
from helhedsplan.core.lookups import get_with_access
from helhedsplan.events.models import Event
from helhedsplan.media import access, queries, services
from helhedsplan.media.forms import (
    EventFinderForm,
    EventLinkForm,
    InitialEventForm,
    MentionFilterForm,
    MentionForm,
    MentionLinkForm,
)
from helhedsplan.media.models import Outlet, PressMention, Tone, ToneModel
from helhedsplan.media.tone import ToneSuggestion
from helhedsplan.programmes.models import Programme

PAGE_SIZE = 50


@dataclass(frozen=True)
class EventPress:
    mentions: QuerySet[PressMention]
    may_change: bool
    # The mentions the person may unlink: those of their estates.
    changeable: set[int]
    link_form: MentionLinkForm | None


def event_press(request: HttpRequest, *, event: Event) -> dict[str, EventPress] | None:
    """The press section of an event's page (the slot ``events.event_detail``): what the
    person may see of the event's coverage and do with it, or None."""
    if not access.may_view_press(request.user, event.programme):
        return None
    may_change = access.may_change_press(request.user, event.programme)
    link_form = (
        MentionLinkForm(
            event=event,
            estates=access.own_estates(request.user, event.programme),
            prefix="press",
        )
        if may_change
        else None
    )
    if link_form is not None and not link_form.mentions.exists():
        link_form = None
    mentions = queries.event_mentions(event=event)
    changeable = {
        mention.pk for mention in mentions if access.may_change_mention(request.user, mention)
    }
    return {"press": EventPress(mentions, may_change, changeable, link_form)}


def _mention(
    request: HttpRequest,
    slug: str,
    mention_id: int,
    allowed: Callable[[User, PressMention], bool],
) -> PressMention:
    return get_with_access(
        queries.mentions_with_details(),
        lambda mention: allowed(request.user, mention),
        pk=mention_id,
        programme__slug=slug,
    )


def _readable(user: User, mention: PressMention) -> bool:
    return access.may_view_press(user, mention.programme)


def _stored(mention: PressMention) -> ToneSuggestion:
    """The suggestion made when the mention's text was saved."""
    return ToneSuggestion(
        Tone(mention.suggested_tone), mention.suggestion_score, list(mention.suggestion_reasons)
    )


def _listed_mentions(
    request: HttpRequest, slug: str
) -> tuple[Programme, MentionFilterForm, QuerySet[PressMention]]:
    """The programme, the list's filters as the request gives them, and the mentions they
    leave: what the list shows and its exports write."""
    programme = programme_with_access(request.user, slug, access.may_view_press)
    filters = MentionFilterForm(
        request.GET, programme=programme, years=queries.mention_years(programme=programme)
    )
    # An invalid filter is shown as an error on the form; the valid ones still apply.
    filters.is_valid()
    chosen = filters.cleaned_data
    mentions = queries.mention_list(
        programme=programme,
        year=chosen.get("year"),
        outlet=chosen.get("outlet"),
        tone=chosen.get("tone"),
        estate=chosen.get("estate"),
        search=chosen.get("q") or "",
    )
    return programme, filters, mentions


@require_GET
@login_required
def mention_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme, filters, mentions = _listed_mentions(request, slug)
    chosen = filters.cleaned_data
    shares = queries.positive_share_per_year(programme=programme)
    if chosen.get("year"):
        shares = [share for share in shares if share.year == chosen["year"]]
    return render(
        request,
        "media/mention_list.html",
        {
            "programme": programme,
            "filters": filters,
            "page": Paginator(mentions, PAGE_SIZE).get_page(request.GET.get("page")),
            "shares": shares,
            "target_percent": round(100 * queries.POSITIVE_TARGET),
            "may_change": access.may_change_press(request.user, programme),
            "may_keep_outlets": lists_access.may_change(
                request.user, lists_registry.for_model(Outlet), programme
            ),
            "may_view_accuracy": access.may_view_tone_accuracy(request.user, programme),
        },
    )


@require_GET
@login_required
def mention_export(request: HttpRequest, slug: str, fmt: exports.Format) -> HttpResponse:
    """The list as a spreadsheet, with the list's filters and search."""
    programme, _filters, mentions = _listed_mentions(request, slug)
    return exports.export_response(
        fmt,
        title=_("Presseomtaler %(programme)s") % {"programme": programme.name},
        columns=queries.EXPORT_COLUMNS,
        rows=mentions,
    )


def _mention_form_page(
    request: HttpRequest,
    *,
    programme: Programme,
    mention: PressMention | None,
    form: MentionForm,
    suggestion: ToneSuggestion | None,
    status: int = 200,
    text_changed: bool = False,
    event_finder: EventFinderForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "media/mention_form.html",
        {
            "programme": programme,
            "mention": mention,
            "form": form,
            "suggestion": suggestion,
            "text_changed": text_changed,
            "event_finder": event_finder,
        },
        status=status,
    )


def _handle_mention_form(
    request: HttpRequest,
    *,
    programme: Programme,
    mention: PressMention | None,
    save: Callable[[MentionForm], PressMention],
    events: QuerySet[Event] | None = None,
    event_finder: EventFinderForm | None = None,
) -> HttpResponse:
    """The two steps of registering or editing a mention: "Foreslå tone" shows the suggested
    tone and the words behind it, preselected; "Gem" saves the tone the person then chose. A
    save of a text whose suggestion was not shown shows the suggestion first. A new mention's
    menu offers ``events``, as ``event_finder`` narrowed them."""
    if mention is None:
        # A new mention saved again after its answer was lost is stored once.
        replayed = idempotency.form_replay(request)
        if replayed is not None:
            return replayed
    saving = request.POST.get("action") == "save"
    form = MentionForm(
        request.POST, programme=programme, mention=mention, events=events, with_tone=saving
    )
    if form.is_valid() and not access.may_place_mention(
        request.user, programme, [estate.pk for estate in form.cleaned_data["estates"]]
    ):
        form.add_error("estates", _("Vælg mindst ét af de boligområder, du arbejder i."))
    if not form.is_valid():
        return _mention_form_page(
            request,
            programme=programme,
            mention=mention,
            form=form,
            suggestion=form.suggestion() if saving else None,
            status=400,
            event_finder=event_finder,
        )
    if saving and form.suggestion_shown():

        def store() -> HttpResponse:
            try:
                saved = save(form)
            except ValidationError as error:
                add_service_errors(form, error)
                return _mention_form_page(
                    request,
                    programme=programme,
                    mention=mention,
                    form=form,
                    suggestion=form.suggestion(),
                    status=400,
                    event_finder=event_finder,
                )
            messages.success(
                request, _("Presseomtalen »%(headline)s« er gemt.") % {"headline": saved.headline}
            )
            return redirect(saved)

        if mention is None:
            return idempotency.form_write(
                request, key=form.cleaned_data["idempotency_key"], run=store
            )
        return store()
    suggestion = form.suggestion()
    assert suggestion is not None  # a valid form has a headline
    return _mention_form_page(
        request,
        programme=programme,
        mention=mention,
        form=form.with_suggestion(suggestion),
        suggestion=suggestion,
        text_changed=saving and bool(form.cleaned_data["suggested_for"]),
        event_finder=event_finder,
    )


@require_http_methods(["GET", "POST"])
@login_required
def mention_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_change_press)
    # The event the mention covers: the one posted, else the one it was opened from.
    chosen = InitialEventForm(
        request.POST if request.method == "POST" else request.GET, programme=programme
    ).chosen()
    finder = EventFinderForm(
        request.GET,
        years=queries.event_years_for_new_mention(programme=programme),
        chosen=chosen,
        today=timezone.localdate(),
    )
    events = queries.events_for_new_mention(programme=programme, keep=chosen, **finder.narrowing())
    if request.method == "POST":
        return _handle_mention_form(
            request,
            programme=programme,
            mention=None,
            save=lambda form: services.mention_register(
                programme=programme, registered_by=request.user, **form.registration_details()
            ),
            events=events,
            event_finder=finder,
        )
    form = MentionForm(
        programme=programme,
        events=events,
        with_tone=False,
        initial={
            # A mention of an event is most often published on its day or just after.
            "published_on": timezone.localtime(chosen.starts_at).date()
            if chosen
            else timezone.localdate(),
            "estates": list(access.own_estates(request.user, programme)),
            "event": chosen,
        },
    )
    return _mention_form_page(
        request, programme=programme, mention=None, form=form, suggestion=None, event_finder=finder
    )


@require_http_methods(["GET", "POST"])
@login_required
def mention_update(request: HttpRequest, slug: str, mention_id: int) -> HttpResponse:
    mention = _mention(request, slug, mention_id, access.may_change_mention)
    programme = mention.programme
    if request.method == "POST":
        return _handle_mention_form(
            request,
            programme=programme,
            mention=mention,
            save=lambda form: services.mention_update(mention=mention, **form.mention_details()),
        )
    form = MentionForm(
        programme=programme,
        mention=mention,
        with_tone=True,
        initial=MentionForm.initial_for(mention),
    )
    return _mention_form_page(
        request, programme=programme, mention=mention, form=form, suggestion=_stored(mention)
    )


@require_GET
@login_required
def mention_detail(request: HttpRequest, slug: str, mention_id: int) -> HttpResponse:
    mention = _mention(request, slug, mention_id, _readable)
    may_change = access.may_change_mention(request.user, mention)
    return render(
        request,
        "media/mention_detail.html",
        {
            "programme": mention.programme,
            "mention": mention,
            "suggestion": _stored(mention),
            "events": mention.events.order_by("starts_at", "pk"),
            "may_change": may_change,
            "link_form": EventLinkForm(mention=mention, prefix="link") if may_change else None,
        },
    )


@require_GET
@login_required
def mention_delete_confirm(request: HttpRequest, slug: str, mention_id: int) -> HttpResponse:
    mention = _mention(request, slug, mention_id, access.may_change_mention)
    return render(
        request, "media/mention_delete.html", {"programme": mention.programme, "mention": mention}
    )


@require_POST
@login_required
def mention_delete(request: HttpRequest, slug: str, mention_id: int) -> HttpResponse:
    mention = _mention(request, slug, mention_id, access.may_change_mention)
    headline = mention.headline
    services.mention_delete(mention=mention)
    messages.success(
        request, _("Presseomtalen »%(headline)s« er slettet.") % {"headline": headline}
    )
    return redirect("media:mention_list", slug=slug)


@require_POST
@login_required
def mention_link_event(request: HttpRequest, slug: str, mention_id: int) -> HttpResponse:
    mention = _mention(request, slug, mention_id, access.may_change_mention)
    form = EventLinkForm(request.POST, mention=mention, prefix="link")
    if form.is_valid():
        event = form.cleaned_data["event"]
        services.mention_link_event(mention=mention, event=event)
        messages.success(request, _("Omtalen er knyttet til »%(title)s«.") % {"title": event.title})
    else:
        messages.error(request, _("Vælg et af indsatsens arrangementer."))
    return redirect(mention)


@require_POST
@login_required
def event_link_mention(request: HttpRequest, slug: str, event_id: int) -> HttpResponse:
    event = get_with_access(
        Event.objects.select_related("programme"),
        lambda event: access.may_change_press(request.user, event.programme),
        pk=event_id,
        programme__slug=slug,
    )
    form = MentionLinkForm(request.POST, event=event, prefix="press")
    if form.is_valid():
        mention = form.cleaned_data["mention"]
        if not access.may_change_mention(request.user, mention):
            raise PermissionDenied
        services.mention_link_event(mention=mention, event=event)
        messages.success(
            request,
            _("»%(headline)s« er knyttet til arrangementet.") % {"headline": mention.headline},
        )
    else:
        messages.error(request, _("Vælg en af presseomtalerne fra tiden omkring arrangementet."))
    return redirect(event)


@require_POST
@login_required
def mention_unlink_event(
    request: HttpRequest, slug: str, mention_id: int, event_id: int
) -> HttpResponse:
    mention = _mention(request, slug, mention_id, access.may_change_mention)
    event = get_object_or_404(Event, pk=event_id, programme=mention.programme)
    services.mention_unlink_event(mention=mention, event=event)
    messages.success(
        request,
        _("Omtalen »%(headline)s« er ikke længere knyttet til »%(title)s«.")
        % {"headline": mention.headline, "title": event.title},
    )
    # The form says which page it was sent from; only the two pages it can be on are obeyed.
    return redirect(event if request.POST.get("back") == "event" else mention)


@require_GET
@login_required
def tone_accuracy(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_view_tone_accuracy)
    return render(
        request,
        "media/tone_accuracy.html",
        {
            "programme": programme,
            "accuracy": queries.tone_accuracy(programme=programme),
            "tones": list(Tone),
            "tone_model": queries.tone_model(programme=programme),
            "general_model": queries.tone_model(programme=None),
            "min_labels": ToneModel.MIN_LABELS,
        },
    )
