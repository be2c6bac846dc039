from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhedsplan.accounts.access import AuthenticatedRequest, User, programme_with_access
from helhedsplan.accounts.feeds import feed_view
from helhedsplan.core import danish, exports, idempotency
from helhedsplan.core import queries as core_queries
from helhedsplan.core import services as core_services
from helhedsplan.core.forms import add_service_errors
from helhedsplan.core.lists import access as lists_access
from helhedsplan.core.lookups import get_with_access
from helhedsplan.core.models import StagedImport
from helhedsplan.events import access, ical, kulturhus, queries, services, staged_import
from helhedsplan.events.forms import (
    EventBaseForm,
    EventFilterForm,
    EventForm,
    MarkHeldForm,
    NewEventProgrammeForm,
    ThemeEveningForm,
    with_form_fields,
)
from helhedsplan.events.models import Event, EventTypeCode
from helhedsplan.programmes.models import Estate, Programme

PAGE_SIZE = 50


def _readable_event(request: HttpRequest, event_id: int) -> Event:
    return get_with_access(
        queries.events_with_details(),
        lambda event: access.may_view_events(request.user, event.programme),
        pk=event_id,
    )


def _changeable_event(request: HttpRequest, event_id: int) -> Event:
    return get_with_access(
        Event.objects.select_related("programme", "type"),
        lambda event: access.may_change_event(request.user, event),
        pk=event_id,
    )


def _readable_estate(request: HttpRequest, estate_id: int) -> Estate:
    return get_with_access(
        Estate.objects.select_related("programme"),
        lambda estate: access.may_view_events(request.user, estate.programme),
        pk=estate_id,
    )


def _listed_events(request: HttpRequest) -> tuple[EventFilterForm, QuerySet[Event]]:
    """The list's filters as the request gives them, and the events they leave: what the
    list shows and its exports write."""
    if not access.may_view_events_anywhere(request.user):
        raise PermissionDenied
    filters = EventFilterForm(
        request.GET,
        programmes=access.readable_programmes(request.user),
        years=queries.event_years(user=request.user),
    )
    # An invalid filter is shown as an error on the form; the valid ones still apply.
    filters.is_valid()
    chosen = filters.cleaned_data
    events = queries.event_list(
        user=request.user,
        event_type=chosen.get("type"),
        estate=chosen.get("estate"),
        target_group=chosen.get("target_group"),
        status=chosen.get("status"),
        year=chosen.get("year"),
        search=chosen.get("q") or "",
    )
    return filters, events


@require_GET
@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    filters, events = _listed_events(request)
    programmes = access.readable_programmes(request.user)
    return render(
        request,
        "events/event_list.html",
        {
            "filters": filters,
            "page": Paginator(events, PAGE_SIZE).get_page(request.GET.get("page")),
            "may_create": access.may_change_events_anywhere(request.user),
            "may_open_lists": lists_access.may_open_lists(request.user),
            "estates": Estate.objects.filter(programme__in=programmes).select_related("programme"),
        },
    )


@require_GET
@login_required
def event_export(request: HttpRequest, fmt: exports.Format) -> HttpResponse:
    """The list as a spreadsheet, with the list's filters and search."""
    _filters, events = _listed_events(request)
    return exports.export_response(
        fmt,
        title=_("Arrangementer"),
        columns=queries.EXPORT_COLUMNS,
        rows=queries.for_export(events),
    )


def _programme_for_new_event(request: HttpRequest) -> Programme | None:
    """The programme a new event belongs to: the user's only one, or the one chosen with
    ``?programme=``; ``None`` while a user with several has not chosen."""
    programmes = access.editable_programmes(request.user)
    form = NewEventProgrammeForm(request.GET, programmes=programmes)
    if not form.is_valid():
        raise Http404
    if form.cleaned_data["programme"] is not None:
        return form.cleaned_data["programme"]
    if not programmes.exists():
        raise PermissionDenied
    if programmes.count() == 1:
        return programmes.get()
    return None


def _in_own_estates(request: HttpRequest, form: EventBaseForm, programme: Programme) -> bool:
    """Whether the valid ``form`` places the event in one of the user's own estates; if not,
    the form says so. A person limited to some estates keeps every event they save."""
    estates = form.event_details()["estates"]
    if access.may_place_event(request.user, programme, [estate.pk for estate in estates]):
        return True
    form.add_error("estates", _("Vælg mindst ét af de boligområder, du arbejder i."))
    return False


def _choose_programme(request: HttpRequest, heading: str) -> HttpResponse:
    programmes = list(access.editable_programmes(request.user))
    return render(
        request,
        "choose_programme.html",
        {
            "heading": heading,
            "intro": _("Vælg den indsats, arrangementet hører til."),
            "programmes": programmes,
            "choices": [(programme.name, f"?programme={programme.pk}") for programme in programmes],
        },
    )


def _create(
    request: AuthenticatedRequest,
    *,
    form_class: type[EventForm] | type[ThemeEveningForm],
    template: str,
    heading: str,
    initial: dict,
    details: Callable[[dict], dict],
) -> HttpResponse:
    if not access.may_change_events_anywhere(request.user):
        raise PermissionDenied
    programme = _programme_for_new_event(request)
    if programme is None:
        return _choose_programme(request, heading)
    if request.method == "POST":
        # A registration posted again after its answer was lost is stored once.
        replayed = idempotency.form_replay(request)
        if replayed is not None:
            return replayed
    visible = access.own_estates(request.user, programme)
    form = form_class(
        request.POST or None,
        programme=programme,
        initial={"estates": list(visible), **initial},
    )

    def page() -> HttpResponse:
        return render(
            request,
            template,
            {"form": form, "programme": programme, "heading": heading},
            status=400 if form.is_bound and not form.is_valid() else 200,
        )

    def create() -> HttpResponse:
        try:
            event = services.event_create(
                programme=programme, created_by=request.user, **details(form.event_details())
            )
        except ValidationError as error:
            add_service_errors(form, with_form_fields(error))
            return page()
        messages.success(request, _("Arrangementet »%(title)s« er gemt.") % {"title": event})
        return redirect(event)

    if request.method == "POST" and form.is_valid() and _in_own_estates(request, form, programme):
        return idempotency.form_write(request, key=form.cleaned_data["idempotency_key"], run=create)
    return page()


@require_http_methods(["GET", "POST"])
@login_required
def event_create(request: AuthenticatedRequest) -> HttpResponse:
    return _create(
        request,
        form_class=EventForm,
        template="events/event_form.html",
        heading=_("Nyt arrangement"),
        initial={},
        details=lambda details: details,
    )


@require_http_methods(["GET", "POST"])
@login_required
def theme_evening_create(request: AuthenticatedRequest) -> HttpResponse:
    """The event form preset to a theme evening, for the counselling staff."""
    theme_evening = queries.event_type_by_code(EventTypeCode.THEME_EVENING)
    return _create(
        request,
        form_class=ThemeEveningForm,
        template="events/theme_evening_form.html",
        heading=_("Ny temaaften"),
        initial={"start_time": "17:00", "end_time": "19:00"},
        details=lambda details: {**details, "type": theme_evening},
    )


@require_GET
@login_required
def theme_evenings(request: HttpRequest, slug: str) -> HttpResponse:
    """A programme's theme evenings and how many were held each year (criterion H3: six)."""
    programme = programme_with_access(request.user, slug, access.may_view_events)
    events = queries.theme_evenings(programme=programme)
    return render(
        request,
        "events/theme_evenings.html",
        {
            "programme": programme,
            "page": Paginator(events, PAGE_SIZE).get_page(request.GET.get("page")),
            "per_year": queries.held_per_year(events),
            "may_create": access.may_change_events(request.user, programme),
        },
    )


@require_GET
@login_required
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _readable_event(request, event_id)
    return _render_detail(request, event, MarkHeldForm(prefix="held"))


def _render_detail(
    request: HttpRequest, event: Event, held_form: MarkHeldForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "held_form": held_form,
            "may_change": access.may_change_event(request.user, event),
            "has_started": event.starts_at <= timezone.now(),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def event_update(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _changeable_event(request, event_id)
    form = EventForm(
        request.POST or None,
        programme=event.programme,
        event=event,
        initial=EventForm.initial_for(event),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _in_own_estates(request, form, event.programme)
    ):
        try:
            services.event_update(event=event, **form.event_details())
        except ValidationError as error:
            add_service_errors(form, with_form_fields(error))
        else:
            messages.success(request, _("Ændringerne er gemt."))
            return redirect(event)
    return render(
        request,
        "events/event_form.html",
        {"form": form, "programme": event.programme, "event": event, "heading": event.title},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_POST
@login_required
def event_mark_held(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _changeable_event(request, event_id)
    form = MarkHeldForm(request.POST, prefix="held")
    if form.is_valid():
        try:
            services.event_mark_held(event=event, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Arrangementet er registreret som afholdt."))
            return redirect(event)
    return _render_detail(request, _readable_event(request, event_id), form, status=400)


@require_POST
@login_required
def event_cancel(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _changeable_event(request, event_id)
    try:
        services.event_cancel(event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Arrangementet er aflyst."))
    return redirect(event)


@require_GET
@login_required
def event_delete_confirm(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _changeable_event(request, event_id)
    return render(request, "events/event_delete.html", {"event": event})


@require_POST
@login_required
def event_delete(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _changeable_event(request, event_id)
    title = event.title
    services.event_delete(event=event)
    messages.success(request, _("Arrangementet »%(title)s« er slettet.") % {"title": title})
    return redirect("events:list")


@require_GET
@login_required
def estate_calendar(request: HttpRequest, estate_id: int) -> HttpResponse:
    estate = _readable_estate(request, estate_id)
    events = list(queries.coming_events(estate=estate))
    months = [
        (month_events[0].starts_at, month_events)
        for month_events in (
            list(group)
            for _month, group in groupby(
                events, key=lambda e: timezone.localtime(e.starts_at).strftime("%Y-%m")
            )
        )
    ]
    return render(
        request,
        "events/calendar.html",
        {
            "estate": estate,
            "months": months,
            "other_estates": estate.programme.estates.exclude(pk=estate.pk),
        },
    )


@require_GET
@login_required
def estate_ical(request: HttpRequest, estate_id: int) -> HttpResponse:
    return _estate_ical(request, _readable_estate(request, estate_id))


@feed_view
def estate_ical_feed(request: HttpRequest, user: User, estate_id: int) -> HttpResponse:
    """The same calendar under the person's secret calendar address, for a calendar app."""
    estate = get_with_access(
        Estate.objects.select_related("programme"),
        lambda estate: access.may_view_events(user, estate.programme),
        pk=estate_id,
    )
    return _estate_ical(request, estate)


def _estate_ical(request: HttpRequest, estate: Estate) -> HttpResponse:
    calendar = ical.estate_calendar(
        estate=estate,
        events=queries.coming_events(estate=estate),
        absolute_url=request.build_absolute_uri,
    )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    filename = danish.slug(f"arrangementer {estate.name}")
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response


# Kulturhus Syd's booking calendar: upload, preview, confirm. Nothing is imported before the
# person confirms; the file waits as a staged import (core) meanwhile.


@require_http_methods(["GET", "POST"])
@login_required
def kulturhus_import(request: AuthenticatedRequest) -> HttpResponse:
    if not access.may_change_events_anywhere(request.user):
        raise PermissionDenied
    form = kulturhus.UploadForm(
        request.POST or None,
        request.FILES or None,
        programmes=access.editable_programmes(request.user),
        estates=access.estates_for_new_events(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            core_services.staged_import_stage(
                owner=request.user,
                kind=staged_import.KIND,
                upload=form.cleaned_data["file"],
                target={
                    "programme": form.cleaned_data["programme"].pk,
                    "estate": form.cleaned_data["estate"].pk,
                },
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("events:kulturhus_preview")
    return render(
        request,
        "events/kulturhus_upload.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@dataclass(frozen=True)
class _PendingImport:
    staged: StagedImport
    programme: Programme
    estate: Estate
    bookings: list[kulturhus.Booking]


def _pending_import(request: AuthenticatedRequest) -> _PendingImport | None:
    # Those who may register events nowhere are refused before their session is read.
    if not access.may_change_events_anywhere(request.user):
        raise PermissionDenied
    staged = core_queries.staged_import_for(owner=request.user, kind=staged_import.KIND)
    if staged is None:
        return None
    programme = get_with_access(
        Programme,
        lambda programme: access.may_change_events(request.user, programme),
        pk=staged.target["programme"],
    )
    estate = get_with_access(
        Estate,
        lambda estate: access.may_place_event(request.user, programme, [estate.pk]),
        pk=staged.target["estate"],
        programme=programme,
    )
    return _PendingImport(staged, programme, estate, core_queries.staged_import_content(staged))


@require_GET
@login_required
def kulturhus_preview(request: AuthenticatedRequest) -> HttpResponse:
    pending = _pending_import(request)
    if pending is None:
        return redirect("events:kulturhus_import")
    rows = kulturhus.preview(programme=pending.programme, bookings=pending.bookings)
    return render(
        request,
        "events/kulturhus_preview.html",
        {
            "pending": pending,
            "rows": rows,
            "counts": {
                status: sum(row.status == status for row in rows) for status in kulturhus.RowStatus
            },
        },
    )


@require_POST
@login_required
def kulturhus_confirm(request: AuthenticatedRequest) -> HttpResponse:
    pending = _pending_import(request)
    if pending is None:
        return redirect("events:kulturhus_import")
    try:
        counts = core_services.staged_import_confirm(
            staged=pending.staged,
            apply=lambda: services.kulturhus_import(
                programme=pending.programme,
                bookings=pending.bookings,
                estate=pending.estate,
                created_by=request.user,
            ),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("events:kulturhus_preview")
    imported = _(
        "Bookingkalenderen er importeret: %(new)d nye, %(updated)d ændrede "
        "og %(unchanged)d uændrede arrangementer."
    ) % {
        "new": counts[kulturhus.RowStatus.NEW],
        "updated": counts[kulturhus.RowStatus.UPDATED],
        "unchanged": counts[kulturhus.RowStatus.UNCHANGED],
    }
    if cancelled := counts[kulturhus.RowStatus.CANCELLED]:
        imported += " " + ngettext(
            "%(cancelled)d arrangement er aflyst, fordi kalenderen har aflyst det.",
            "%(cancelled)d arrangementer er aflyst, fordi kalenderen har aflyst dem.",
            cancelled,
        ) % {"cancelled": cancelled}
    messages.success(request, imported)
    return redirect(reverse("events:list") + f"?estate={pending.estate.pk}")
