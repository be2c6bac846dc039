from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhedsplan.accounts.access import programme_with_access
from helhedsplan.events import access, ical, kulturhus, queries, services
from helhedsplan.events.forms import (
    EventFilterForm,
    EventForm,
    EventTypeCreateForm,
    MarkHeldForm,
    NameForm,
    TargetGroupCreateForm,
    ThemeEveningForm,
    add_service_errors,
)
from helhedsplan.events.models import (
    Event,
    EventStatus,
    EventType,
    EventTypeCode,
    Partner,
    TargetGroup,
    TargetGroupCode,
    Venue,
)
from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.programmes.services import DANISH_LETTERS

PAGE_SIZE = 50


def _readable_event(request: HttpRequest, event_id: int) -> Event:
    event = get_object_or_404(queries.events_with_details(), pk=event_id)
    if not access.may_view_events(request.user, event.programme):
        raise PermissionDenied
    return event


def _changeable_event(request: HttpRequest, event_id: int) -> Event:
    event = get_object_or_404(Event.objects.select_related("programme", "type"), pk=event_id)
    if not access.may_change_event(request.user, event):
        raise PermissionDenied
    return event


def _readable_estate(request: HttpRequest, estate_id: int) -> Estate:
    estate = get_object_or_404(Estate.objects.select_related("programme"), pk=estate_id)
    if not access.may_view_events(request.user, estate.programme):
        raise PermissionDenied
    return estate


@require_GET
@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    if not access.may_view_events_anywhere(request.user):
        raise PermissionDenied
    programmes = access.readable_programmes(request.user)
    filters = EventFilterForm(
        request.GET,
        programmes=programmes,
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
        status=EventStatus(chosen["status"]) if chosen.get("status") else None,
        year=chosen.get("year"),
    )
    return render(
        request,
        "events/event_list.html",
        {
            "filters": filters,
            "page": Paginator(events, PAGE_SIZE).get_page(request.GET.get("page")),
            "may_create": access.may_change_events_anywhere(request.user),
            "may_manage_lists": access.may_manage_lists_anywhere(request.user),
            "estates": Estate.objects.filter(programme__in=programmes).select_related("programme"),
        },
    )


def _programme_for_new_event(request: HttpRequest) -> Programme | None:
    """The programme a new event belongs to: the user's only one, or the one chosen with
    ``?programme=``; ``None`` while a user with several has not chosen."""
    programmes = access.editable_programmes(request.user)
    chosen = request.GET.get("programme")
    if chosen:
        if not chosen.isdigit():
            raise Http404
        return get_object_or_404(programmes, pk=chosen)
    if not programmes.exists():
        raise PermissionDenied
    if programmes.count() == 1:
        return programmes.get()
    return None


def _choose_programme(request: HttpRequest, heading: str) -> HttpResponse:
    return render(
        request,
        "events/choose_programme.html",
        {"programmes": access.editable_programmes(request.user), "heading": heading},
    )


def _create(
    request: HttpRequest,
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
    visible = access.own_estates(request.user, programme)
    form = form_class(
        request.POST or None,
        programme=programme,
        initial={"estates": list(visible), **initial},
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                programme=programme, created_by=request.user, **details(form.event_details())
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Arrangementet »%(title)s« er gemt.") % {"title": event})
            return redirect(event)
    return render(
        request,
        template,
        {"form": form, "programme": programme, "heading": heading},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def event_create(request: HttpRequest) -> HttpResponse:
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
def theme_evening_create(request: HttpRequest) -> HttpResponse:
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
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(event=event, **form.event_details())
        except ValidationError as error:
            add_service_errors(form, error)
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
    estate = _readable_estate(request, estate_id)
    calendar = ical.estate_calendar(
        estate=estate,
        events=queries.coming_events(estate=estate),
        absolute_url=request.build_absolute_uri,
    )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    filename = slugify(f"arrangementer {estate.name}".translate(DANISH_LETTERS))
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response


# The managed lists: event types and target groups (shared) and each programme's venues and
# partners.


@dataclass(frozen=True)
class ManagedList:
    model: type[Model]
    rename: Callable[..., Model]
    retire: Callable[..., Model]
    restore: Callable[..., Model]
    # The keyword each service takes the entry by.
    keyword: str


MANAGED_LISTS = {
    "types": ManagedList(
        EventType,
        services.event_type_rename,
        services.event_type_retire,
        services.event_type_restore,
        "event_type",
    ),
    "target-groups": ManagedList(
        TargetGroup,
        services.target_group_rename,
        services.target_group_retire,
        services.target_group_restore,
        "target_group",
    ),
    "venues": ManagedList(
        Venue, services.venue_rename, services.venue_retire, services.venue_restore, "venue"
    ),
    "partners": ManagedList(
        Partner,
        services.partner_rename,
        services.partner_retire,
        services.partner_restore,
        "partner",
    ),
}


def _managed_list(kind: str) -> ManagedList:
    if kind not in MANAGED_LISTS:
        raise Http404
    return MANAGED_LISTS[kind]


def _managed_entry(request: HttpRequest, kind: str, entry_id: int) -> tuple[ManagedList, Model]:
    managed = _managed_list(kind)
    entry = get_object_or_404(managed.model, pk=entry_id)
    allowed = (
        access.may_manage_shared_lists(request.user)
        if isinstance(entry, EventType | TargetGroup)
        else access.may_manage_lists(request.user, entry.programme)
    )
    if not allowed:
        raise PermissionDenied
    return managed, entry


@require_GET
@login_required
def lists(request: HttpRequest) -> HttpResponse:
    if not access.may_manage_lists_anywhere(request.user):
        raise PermissionDenied
    programmes = access.managed_programmes(request.user).prefetch_related("venues", "partners")
    return render(
        request,
        "events/lists.html",
        {
            "event_types": EventType.objects.all(),
            "fixed_codes": EventTypeCode.values,
            "target_groups": TargetGroup.objects.all(),
            "fixed_group_codes": TargetGroupCode.values,
            "programmes": programmes,
            "type_form": EventTypeCreateForm(prefix="type"),
            "target_group_form": TargetGroupCreateForm(prefix="group"),
        },
    )


def _report(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _require_valid(form: forms.Form) -> None:
    if not form.is_valid():
        raise ValidationError([message for errors in form.errors.values() for message in errors])


def _managed_programme(request: HttpRequest) -> Programme:
    chosen = request.POST.get("programme", "")
    if not chosen.isdigit():
        raise Http404
    programme = get_object_or_404(Programme, pk=chosen)
    if not access.may_manage_lists(request.user, programme):
        raise PermissionDenied
    return programme


def _create_list_entry(request: HttpRequest, kind: str) -> Model:
    if kind == "types":
        if not access.may_manage_shared_lists(request.user):
            raise PermissionDenied
        form = EventTypeCreateForm(request.POST, prefix="type")
        _require_valid(form)
        return services.event_type_create(**form.cleaned_data)
    if kind == "target-groups":
        if not access.may_manage_shared_lists(request.user):
            raise PermissionDenied
        form = TargetGroupCreateForm(request.POST, prefix="group")
        _require_valid(form)
        return services.target_group_create(**form.cleaned_data)
    programme = _managed_programme(request)
    form = NameForm(request.POST)
    _require_valid(form)
    create = services.venue_create if kind == "venues" else services.partner_create
    return create(programme=programme, name=form.cleaned_data["name"])


@require_POST
@login_required
def list_entry_create(request: HttpRequest, kind: str) -> HttpResponse:
    _managed_list(kind)
    try:
        entry = _create_list_entry(request, kind)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("»%(name)s« er tilføjet.") % {"name": entry})
    return redirect("events:lists")


@require_POST
@login_required
def list_entry_rename(request: HttpRequest, kind: str, entry_id: int) -> HttpResponse:
    managed, entry = _managed_entry(request, kind, entry_id)
    form = NameForm(request.POST)
    try:
        _require_valid(form)
        managed.rename(**{managed.keyword: entry, "name": form.cleaned_data["name"]})
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("Navnet er ændret til »%(name)s«.") % {"name": entry})
    return redirect("events:lists")


@require_POST
@login_required
def list_entry_retire(request: HttpRequest, kind: str, entry_id: int) -> HttpResponse:
    managed, entry = _managed_entry(request, kind, entry_id)
    try:
        managed.retire(**{managed.keyword: entry})
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(
            request,
            _("»%(name)s« er taget ud af brug; tidligere arrangementer beholder det.")
            % {"name": entry},
        )
    return redirect("events:lists")


@require_POST
@login_required
def list_entry_restore(request: HttpRequest, kind: str, entry_id: int) -> HttpResponse:
    managed, entry = _managed_entry(request, kind, entry_id)
    managed.restore(**{managed.keyword: entry})
    messages.success(request, _("»%(name)s« er i brug igen.") % {"name": entry})
    return redirect("events:lists")


# Kulturhus Syd's booking calendar: upload, preview, confirm. Nothing is stored before the
# person confirms; the file waits in the session meanwhile.

SESSION_KULTURHUS = "events.kulturhus"


@require_http_methods(["GET", "POST"])
@login_required
def kulturhus_import(request: HttpRequest) -> HttpResponse:
    if not access.may_change_events_anywhere(request.user):
        raise PermissionDenied
    form = kulturhus.UploadForm(
        request.POST or None,
        request.FILES or None,
        programmes=access.editable_programmes(request.user),
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(kulturhus.MAX_BYTES + 1)
        try:
            kulturhus.parse_file(upload.name, data)
        except kulturhus.KulturhusImportError as error:
            form.add_error("file", str(error))
        else:
            request.session[SESSION_KULTURHUS] = {
                "programme": form.cleaned_data["programme"].pk,
                "estate": form.cleaned_data["estate"].pk,
                "name": upload.name,
                "data": base64.b64encode(data).decode("ascii"),
            }
            return redirect("events:kulturhus_preview")
    return render(
        request,
        "events/kulturhus_upload.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@dataclass(frozen=True)
class _PendingImport:
    programme: Programme
    estate: Estate
    name: str
    bookings: list[kulturhus.Booking]


def _pending_import(request: HttpRequest) -> _PendingImport | None:
    pending = request.session.get(SESSION_KULTURHUS)
    if not pending:
        return None
    programme = get_object_or_404(Programme, pk=pending["programme"])
    if not access.may_change_events(request.user, programme):
        raise PermissionDenied
    estate = get_object_or_404(Estate, pk=pending["estate"], programme=programme)
    data = base64.b64decode(pending["data"])
    return _PendingImport(
        programme, estate, pending["name"], kulturhus.parse_file(pending["name"], data)
    )


@require_GET
@login_required
def kulturhus_preview(request: HttpRequest) -> HttpResponse:
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
def kulturhus_confirm(request: HttpRequest) -> HttpResponse:
    pending = _pending_import(request)
    if pending is None:
        return redirect("events:kulturhus_import")
    try:
        counts = services.kulturhus_import(
            programme=pending.programme,
            bookings=pending.bookings,
            estate=pending.estate,
            created_by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("events:kulturhus_preview")
    del request.session[SESSION_KULTURHUS]
    messages.success(
        request,
        _(
            "Bookingkalenderen er importeret: %(new)d nye, %(updated)d ændrede "
            "og %(unchanged)d uændrede arrangementer."
        )
        % {
            "new": counts[kulturhus.RowStatus.NEW],
            "updated": counts[kulturhus.RowStatus.UPDATED],
            "unchanged": counts[kulturhus.RowStatus.UNCHANGED],
        },
    )
    return redirect(reverse("events:list") + f"?estate={pending.estate.pk}")
