"""The pages of every managed list: one index, one page per list, one URL per action.

A global list lives at ``/lists/<kind>/``, a programme's at ``/lists/<kind>/<programme>/``;
the programme always comes from the URL, never from the posted form. Each action answers
with a redirect and a message, or with the list's page and status 400 when the input is
refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from helhedsplan.core.forms import add_service_errors
from helhedsplan.core.lists import access, services
from helhedsplan.core.lists.forms import ListEntryForm, MoveForm
from helhedsplan.core.lists.models import Direction, ListEntry
from helhedsplan.core.lists.registry import ManagedList, Scope, managed_lists
from helhedsplan.core.lookups import get_with_access

# A programme (core knows its model only through the lists' foreign keys), or None for a
# global list.
Programme = Any


def _url(
    managed: ManagedList, programme: Programme, action: str = "list", entry_id: int | None = None
) -> str:
    kwargs: dict[str, Any] = {"kind": managed.slug}
    if programme is not None:
        kwargs["slug"] = programme.slug
    if entry_id is not None:
        kwargs["entry_id"] = entry_id
    return reverse(f"lists:{action}", kwargs=kwargs)


def _programme(
    request: HttpRequest, managed: ManagedList, slug: str | None, *, change: bool
) -> Programme:
    """The programme the URL names (None for a global list), if the user may see the list,
    or change it when ``change``: 404 for an unknown programme, 403 for a forbidden one."""
    rule = access.may_change if change else access.may_view
    if slug is None:
        if not rule(request.user, managed, None):
            raise PermissionDenied
        return None
    return get_with_access(
        managed.programme_model,
        lambda programme: rule(request.user, managed, programme),
        slug=slug,
    )


def _changeable_entry(
    request: HttpRequest, managed: ManagedList, slug: str | None, entry_id: int
) -> tuple[Programme, ListEntry]:
    """The programme the URL names and an entry of this very list, if the user may change
    it: another programme's entry is not found through one's own list."""
    programme = _programme(request, managed, slug, change=True)
    return programme, get_object_or_404(managed.entries(programme), pk=entry_id)


@dataclass(frozen=True)
class _Row:
    entry: ListEntry
    rename_form: ListEntryForm
    # The entry's own fields as they read, e.g. an outlet's kind.
    details: list[str]
    # Why the entry may not be retired, for an entry that may not.
    locked_reason: str
    urls: dict[str, str]


def _details(entry: ListEntry, names: list[str]) -> list[str]:
    """The entry's own fields as they read: a field with choices by its label."""
    shown = []
    for name in names:
        display = getattr(entry, f"get_{name}_display", None)
        shown.append(str(display() if display is not None else getattr(entry, name)))
    return shown


def _page(
    request: HttpRequest,
    managed: ManagedList,
    programme: Programme,
    *,
    create_form: ListEntryForm | None = None,
    rename_form: ListEntryForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The list's page; a refused form is shown with its errors where it was filled in."""
    entries = list(managed.entries(programme))
    detail_names = managed.form.detail_names()
    rows = [
        _Row(
            entry=entry,
            rename_form=(
                rename_form
                if rename_form is not None and rename_form.prefix == f"entry-{entry.pk}"
                else managed.form(entry=entry, example=managed.example, prefix=f"entry-{entry.pk}")
            ),
            details=_details(entry, detail_names),
            locked_reason=(
                str(managed.locked_reason) % {"name": entry.name} if managed.locked(entry) else ""
            ),
            urls={
                action: _url(managed, programme, action, entry.pk)
                for action in ("rename", "retire", "restore", "move")
            },
        )
        for entry in entries
    ]
    siblings = [
        (other, _url(other, programme))
        for other in managed_lists(managed.scope)
        if other.group == managed.group and other.slug != managed.slug
    ]
    return render(
        request,
        "lists/list.html",
        {
            "managed": managed,
            "programme": programme,
            "rows": rows,
            "may_change": access.may_change(request.user, managed, programme),
            "create_form": create_form or managed.form(example=managed.example, prefix="new"),
            "create_url": _url(managed, programme, "create"),
            "siblings": siblings,
            "directions": Direction,
        },
        status=status,
    )


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The lists the user may see: the global ones, then each programme's they keep."""
    if not access.may_open_lists(request.user):
        raise PermissionDenied
    programmes = access.kept_programmes(request.user)
    return render(
        request,
        "lists/index.html",
        {
            "global_lists": [
                (managed, _url(managed, None)) for managed in managed_lists(Scope.GLOBAL)
            ],
            "may_change_global": any(
                access.may_change(request.user, managed, None)
                for managed in managed_lists(Scope.GLOBAL)
            ),
            "programmes": [
                (
                    programme,
                    [
                        (managed, _url(managed, programme))
                        for managed in managed_lists(Scope.PROGRAMME)
                    ],
                )
                for programme in programmes
            ],
        },
    )


@require_GET
@login_required
def entry_list(request: HttpRequest, kind: ManagedList, slug: str | None = None) -> HttpResponse:
    """A list's page. A programme's list that has never had entries is first given its
    starting ones, so that its keeper adjusts a usual list rather than typing it in."""
    programme = _programme(request, kind, slug, change=False)
    if access.may_change(request.user, kind, programme):
        services.list_entries_start(model=kind.model, programme=programme)
    return _page(request, kind, programme)


@require_POST
@login_required
def entry_create(request: HttpRequest, kind: ManagedList, slug: str | None = None) -> HttpResponse:
    programme = _programme(request, kind, slug, change=True)
    form = kind.form(request.POST, example=kind.example, prefix="new")
    if form.is_valid():
        try:
            entry = services.list_entry_create(
                model=kind.model,
                programme=programme,
                name=form.cleaned_data["name"],
                details=form.details(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("»%(name)s« er tilføjet.") % {"name": entry.name})
            return redirect(_url(kind, programme))
    return _page(request, kind, programme, create_form=form, status=400)


@require_POST
@login_required
def entry_rename(
    request: HttpRequest, kind: ManagedList, entry_id: int, slug: str | None = None
) -> HttpResponse:
    programme, entry = _changeable_entry(request, kind, slug, entry_id)
    form = kind.form(request.POST, entry=entry, example=kind.example, prefix=f"entry-{entry.pk}")
    if form.is_valid():
        try:
            services.list_entry_rename(
                entry=entry, name=form.cleaned_data["name"], details=form.details()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("»%(name)s« er gemt.") % {"name": entry.name})
            return redirect(_url(kind, programme))
    return _page(request, kind, programme, rename_form=form, status=400)


def _refused(
    request: HttpRequest, kind: ManagedList, programme: Programme, error: ValidationError
) -> HttpResponse:
    messages.error(request, " ".join(error.messages))
    return _page(request, kind, programme, status=400)


@require_POST
@login_required
def entry_retire(
    request: HttpRequest, kind: ManagedList, entry_id: int, slug: str | None = None
) -> HttpResponse:
    programme, entry = _changeable_entry(request, kind, slug, entry_id)
    try:
        services.list_entry_retire(entry=entry)
    except ValidationError as error:
        return _refused(request, kind, programme, error)
    messages.success(
        request,
        _("»%(name)s« er taget ud af brug; det bliver stående, hvor det allerede er brugt.")
        % {"name": entry.name},
    )
    return redirect(_url(kind, programme))


@require_POST
@login_required
def entry_restore(
    request: HttpRequest, kind: ManagedList, entry_id: int, slug: str | None = None
) -> HttpResponse:
    programme, entry = _changeable_entry(request, kind, slug, entry_id)
    services.list_entry_restore(entry=entry)
    messages.success(request, _("»%(name)s« er i brug igen.") % {"name": entry.name})
    return redirect(_url(kind, programme))


@require_POST
@login_required
def entry_move(
    request: HttpRequest, kind: ManagedList, entry_id: int, slug: str | None = None
) -> HttpResponse:
    programme, entry = _changeable_entry(request, kind, slug, entry_id)
    form = MoveForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Vælg, om punktet skal flyttes op eller ned."))
        services.list_entry_move(entry=entry, direction=form.cleaned_data["direction"])
    except ValidationError as error:
        return _refused(request, kind, programme, error)
    messages.success(request, _("»%(name)s« er flyttet.") % {"name": entry.name})
    return redirect(_url(kind, programme))
