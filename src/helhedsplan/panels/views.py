"""The resident panels' pages: the panels, their members and their meetings. Export, renewal
and erasure of a member are the privacy lifecycle's pages (``privacy.views``), linked from
the member's page; the minutes file is served by ``core.views.private_file``."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhedsplan.accounts.access import AuthenticatedRequest, User, programme_with_access
from helhedsplan.core import exports, idempotency
from helhedsplan.core.forms import add_service_errors
from helhedsplan.core.lookups import get_with_access, one_programme_or_choice
from helhedsplan.panels import access, queries, services
from helhedsplan.panels.forms import (
    ActionFilterForm,
    ActionForm,
    ActionNoteForm,
    ActionStatusForm,
    LeaveForm,
    MeetingForm,
    MemberForm,
    MinutesForm,
    PanelForm,
    PanelUpdateForm,
    panel_estates,
)
from helhedsplan.panels.models import ActionItem, Concern, Meeting, Member, Panel
from helhedsplan.panels.register import REGISTER
from helhedsplan.privacy import access as privacy_access
from helhedsplan.privacy import queries as privacy_queries
from helhedsplan.privacy.forms import ConsentForm
from helhedsplan.programmes.models import Programme


def _panel(request: HttpRequest, slug: str, panel_id: int) -> Panel:
    return get_with_access(
        Panel.objects.select_related("programme", "estate"),
        lambda panel: access.may_keep_panel(request.user, panel),
        pk=panel_id,
        programme__slug=slug,
    )


def _member(request: HttpRequest, slug: str, panel_id: int, member_id: int) -> Member:
    return get_with_access(
        Member.objects.select_related("programme", "panel", "estate", "consent__text"),
        lambda member: access.may_keep_member(request.user, member),
        pk=member_id,
        panel_id=panel_id,
        programme__slug=slug,
    )


def _meeting(request: HttpRequest, slug: str, panel_id: int, meeting_id: int) -> Meeting:
    return get_with_access(
        Meeting.objects.select_related("programme", "panel", "estate"),
        lambda meeting: access.may_keep_meeting(request.user, meeting),
        pk=meeting_id,
        panel_id=panel_id,
        programme__slug=slug,
    )


def _created(
    request: HttpRequest,
    *,
    key: str,
    write: Callable[[], Panel | Member | Meeting],
    show_errors: Callable[[ValidationError], None],
    refused: Callable[[], HttpResponse],
    message: str,
) -> HttpResponse:
    """A create form's write under its idempotency key: a repeated POST gets the first
    answer; a service's refusal goes onto the form (and is not recorded under the key)."""

    def run() -> HttpResponse:
        try:
            created = write()
        except ValidationError as error:
            show_errors(error)
            return refused()
        messages.success(request, message)
        return redirect(created)

    return idempotency.form_write(request, key=key, run=run)


def _refused_again(request: HttpRequest, refused: Callable[[], HttpResponse]) -> HttpResponse:
    """A refused form, unless it repeats a POST that was written: then its first answer."""
    return idempotency.form_replay(request) or refused()


# Panels ------------------------------------------------------------------------------------


@require_GET
@login_required
def panel_index(request: HttpRequest) -> HttpResponse:
    """The menu's address: the panels of the person's programme, or with several, a choice."""
    return one_programme_or_choice(
        request,
        list(access.kept_programmes(request.user)),
        page=_list_page,
        heading=_("Beboerpaneler"),
        url_name="panels:list",
    )


@require_GET
@login_required
def panel_list(request: HttpRequest, slug: str) -> HttpResponse:
    return _list_page(request, programme_with_access(request.user, slug, access.may_keep))


def _list_page(request: HttpRequest, programme: Programme) -> HttpResponse:
    return render(
        request,
        "panels/panel_list.html",
        {
            "programme": programme,
            "panels": queries.panel_list(access.kept_panels(request.user, programme)),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def panel_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_keep)
    form = PanelForm(
        request.POST or None,
        estates=access.own_estates(request.user, programme),
        may_be_joint=access.may_set_up_joint_panel(request.user, programme),
    )

    def page(status: int = 200) -> HttpResponse:
        return render(
            request, "panels/panel_form.html", {"programme": programme, "form": form}, status=status
        )

    if request.method != "POST":
        return page()
    if not form.is_valid():
        return _refused_again(request, lambda: page(400))
    return _created(
        request,
        key=form.cleaned_data["idempotency_key"],
        write=lambda: services.panel_create(
            programme=programme,
            estate=form.cleaned_data["estate"],
            name=form.cleaned_data["name"],
        ),
        show_errors=lambda error: add_service_errors(form, error),
        refused=lambda: page(400),
        message=_("Beboerpanelet er oprettet."),
    )


@require_GET
@login_required
def panel_detail(request: HttpRequest, slug: str, panel_id: int) -> HttpResponse:
    panel = _panel(request, slug, panel_id)
    current, former = queries.current_and_former(access.kept_members(request.user, panel))
    meetings = access.kept_meetings(request.user, panel)
    return render(
        request,
        "panels/panel_detail.html",
        {
            "programme": panel.programme,
            "panel": panel,
            "current": current,
            "former": former,
            "per_year": queries.meetings_per_year(meetings),
            "latest": queries.meeting_list(meetings)[:5],
            "may_review": privacy_access.may_review(request.user, panel.programme),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def panel_update(request: HttpRequest, slug: str, panel_id: int) -> HttpResponse:
    panel = _panel(request, slug, panel_id)
    form = PanelUpdateForm(
        request.POST or None, initial={"name": panel.name, "active": panel.active}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.panel_update(panel=panel, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Beboerpanelet er gemt."))
            return redirect(panel)
    return render(
        request,
        "panels/panel_form.html",
        {"programme": panel.programme, "panel": panel, "form": form},
        status=400 if form.is_bound else 200,
    )


# Members -----------------------------------------------------------------------------------


def _service_errors(form: MemberForm, consent_form: ConsentForm, error: ValidationError) -> None:
    """A service's errors onto the form whose field they name."""
    if not hasattr(error, "error_dict"):
        add_service_errors(form, error)
        return
    for field, errors in error.error_dict.items():
        target = consent_form if field in consent_form.fields else form
        target.add_error(field if field in target.fields else None, errors)


@require_http_methods(["GET", "POST"])
@login_required
def member_create(request: AuthenticatedRequest, slug: str, panel_id: int) -> HttpResponse:
    """The member and their consent, on one page, saved in one transaction."""
    panel = _panel(request, slug, panel_id)
    programme = panel.programme
    form = MemberForm(
        request.POST or None,
        estates=panel_estates(panel, access.own_estates(request.user, programme)),
    )
    consent_form = ConsentForm(request.POST or None, request.FILES or None)
    text = privacy_queries.consent_text_in_force(programme=programme, register=REGISTER.key)

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "panels/member_form.html",
            {
                "programme": programme,
                "panel": panel,
                "form": form,
                "consent_form": consent_form,
                "text": text,
                "may_review": privacy_access.may_review(request.user, programme),
            },
            status=status,
        )

    if request.method != "POST":
        return page()
    # Both forms are checked (``&``, not ``and``), so that each shows its errors.
    if text is None or not form.is_valid() & consent_form.is_valid():
        return _refused_again(request, lambda: page(400))

    return _created(
        request,
        key=form.cleaned_data["idempotency_key"],
        write=lambda: services.member_register(
            panel=panel,
            consent=consent_form.given(),
            registered_by=request.user,
            **form.details(),
        ),
        show_errors=lambda error: _service_errors(form, consent_form, error),
        refused=lambda: page(400),
        message=_("Medlemmet er registreret med samtykke."),
    )


@require_GET
@login_required
def member_detail(request: HttpRequest, slug: str, panel_id: int, member_id: int) -> HttpResponse:
    member = _member(request, slug, panel_id, member_id)
    return render(
        request,
        "panels/member_detail.html",
        {
            "programme": member.programme,
            "panel": member.panel,
            "member": member,
            "consents": privacy_queries.consents_of(member, REGISTER).select_related(
                "text", "recorded_by", "withdrawn_by"
            ),
            "meetings": member.attended.select_related("meeting").order_by("-meeting__held_on"),
            "register": REGISTER,
            "leave_form": LeaveForm(),
            "may_review": access.may_review_member(request.user, member),
        },
    )


@require_POST
@login_required
def member_leave(request: HttpRequest, slug: str, panel_id: int, member_id: int) -> HttpResponse:
    member = _member(request, slug, panel_id, member_id)
    form = LeaveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv datoen, medlemmet udtrådte."))
        return redirect(member)
    try:
        services.member_leave(member=member, left_on=form.cleaned_data["left_on"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Medlemmet er registreret som udtrådt."))
    return redirect(member)


# Meetings ----------------------------------------------------------------------------------


@require_GET
@login_required
def meeting_list(request: HttpRequest, slug: str, panel_id: int) -> HttpResponse:
    panel = _panel(request, slug, panel_id)
    meetings = access.kept_meetings(request.user, panel)
    return render(
        request,
        "panels/meeting_list.html",
        {
            "programme": panel.programme,
            "panel": panel,
            "meetings": queries.meeting_list(meetings),
            "per_year": queries.meetings_per_year(meetings),
        },
    )


def _meeting_form(
    request: HttpRequest, panel: Panel, *, create: bool, initial: dict | None = None
) -> MeetingForm:
    return MeetingForm(
        request.POST or None,
        initial=initial,
        estates=panel_estates(panel, access.own_estates(request.user, panel.programme)),
        members=access.kept_members(request.user, panel).order_by("name", "pk"),
        create=create,
    )


@require_http_methods(["GET", "POST"])
@login_required
def meeting_create(request: AuthenticatedRequest, slug: str, panel_id: int) -> HttpResponse:
    panel = _panel(request, slug, panel_id)
    form = _meeting_form(request, panel, create=True)

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "panels/meeting_form.html",
            {"programme": panel.programme, "panel": panel, "form": form},
            status=status,
        )

    if request.method != "POST":
        return page()
    if not form.is_valid():
        return _refused_again(request, lambda: page(400))
    return _created(
        request,
        key=form.cleaned_data["idempotency_key"],
        write=lambda: services.meeting_create(
            panel=panel, details=form.details(hidden_attendees=[]), created_by=request.user
        ),
        show_errors=lambda error: add_service_errors(form, error),
        refused=lambda: page(400),
        message=_("Mødet er registreret."),
    )


@require_GET
@login_required
def meeting_detail(request: HttpRequest, slug: str, panel_id: int, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, slug, panel_id, meeting_id)
    return render(
        request,
        "panels/meeting_detail.html",
        {
            "programme": meeting.programme,
            "panel": meeting.panel,
            "meeting": meeting,
            "attendees": queries.attendees_of(meeting).filter(
                pk__in=access.kept_members(request.user, meeting.panel)
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def meeting_update(request: HttpRequest, slug: str, panel_id: int, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, slug, panel_id, meeting_id)
    panel = meeting.panel
    kept = access.kept_members(request.user, panel)
    form = _meeting_form(
        request,
        panel,
        create=False,
        initial=MeetingForm.initial_for(meeting, queries.attendees_of(meeting).filter(pk__in=kept)),
    )
    if request.method == "POST" and form.is_valid():
        hidden = list(queries.attendees_of(meeting).exclude(pk__in=kept))
        try:
            services.meeting_update(meeting=meeting, details=form.details(hidden_attendees=hidden))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Mødet er gemt."))
            return redirect(meeting)
    return render(
        request,
        "panels/meeting_form.html",
        {"programme": panel.programme, "panel": panel, "meeting": meeting, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def minutes_upload(request: HttpRequest, slug: str, panel_id: int, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, slug, panel_id, meeting_id)
    form = MinutesForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_upload(meeting=meeting, upload=form.cleaned_data["file"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Referatet er uploadet."))
            return redirect(meeting)
    return render(
        request,
        "panels/minutes_form.html",
        {"programme": meeting.programme, "panel": meeting.panel, "meeting": meeting, "form": form},
        status=400 if form.is_bound else 200,
    )


# Part 2, helper B: the actions until done --------------------------------------------------


def _action(
    request: HttpRequest,
    slug: str,
    action_id: int,
    allowed: Callable[[User, ActionItem], bool],
) -> ActionItem:
    """The action the address names; another organisation's action is unknown (404) to a
    partner, one of an estate the person does not keep refused (403) to anyone else."""
    programme = get_object_or_404(Programme, slug=slug)
    return get_with_access(
        access.addressable_actions(request.user, programme).select_related(
            "programme", "estate", "owner", "concern"
        ),
        lambda action: allowed(request.user, action),
        pk=action_id,
    )


def _action_url(action: ActionItem) -> str:
    return reverse("panels:action", kwargs={"slug": action.programme.slug, "action_id": action.pk})


@require_GET
@login_required
def action_index(request: HttpRequest) -> HttpResponse:
    """The menu's address: the actions of the person's programme, or with several, a choice."""
    return one_programme_or_choice(
        request,
        list(access.action_programmes(request.user)),
        page=_action_list_page,
        heading=_("Handlinger"),
        url_name="panels:actions",
    )


@require_GET
@login_required
def action_list(request: HttpRequest, slug: str) -> HttpResponse:
    return _action_list_page(
        request, programme_with_access(request.user, slug, access.may_see_actions)
    )


def _filtered_actions(
    request: HttpRequest, programme: Programme
) -> tuple[ActionFilterForm, QuerySet[ActionItem]]:
    visible = access.visible_actions(request.user, programme)
    filters = ActionFilterForm(request.GET or None, estates=programme.estates.all())
    actions = queries.action_list(visible, today=timezone.localdate(), **filters.narrowing())
    return filters, actions


def _action_list_page(request: HttpRequest, programme: Programme) -> HttpResponse:
    filters, actions = _filtered_actions(request, programme)
    return render(
        request,
        "panels/action_list.html",
        {
            "programme": programme,
            "filters": filters,
            "actions": actions,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def action_create(request: AuthenticatedRequest, slug: str, concern_id: int) -> HttpResponse:
    concern = get_with_access(
        Concern.objects.select_related("programme", "estate"),
        lambda concern: access.may_add_action(request.user, concern),
        pk=concern_id,
        programme__slug=slug,
    )
    form = ActionForm(
        request.POST or None, owners=queries.action_owners(concern.programme), create=True
    )

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "panels/action_form.html",
            {"programme": concern.programme, "concern": concern, "form": form},
            status=status,
        )

    if request.method != "POST":
        return page()
    if not form.is_valid():
        return _refused_again(request, lambda: page(400))

    def run() -> HttpResponse:
        try:
            action = services.action_create(
                concern=concern, details=form.details(), created_by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return page(400)
        messages.success(request, _("Handlingen er oprettet."))
        return redirect(_action_url(action))

    return idempotency.form_write(request, key=form.cleaned_data["idempotency_key"], run=run)


def _action_page(
    request: HttpRequest,
    action: ActionItem,
    *,
    status_form: ActionStatusForm | None = None,
    note_form: ActionNoteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "panels/action_detail.html",
        {
            "programme": action.programme,
            "action": action,
            "concern": action.concern,
            "overdue": action.is_overdue(timezone.localdate()),
            "notes": queries.notes_of(action),
            "status_form": status_form or ActionStatusForm(action=action),
            "note_form": note_form or ActionNoteForm(),
            "may_keep": access.may_keep_action(request.user, action),
        },
        status=status,
    )


@require_GET
@login_required
def action_detail(request: HttpRequest, slug: str, action_id: int) -> HttpResponse:
    return _action_page(request, _action(request, slug, action_id, access.may_follow_up))


@require_http_methods(["GET", "POST"])
@login_required
def action_update(request: HttpRequest, slug: str, action_id: int) -> HttpResponse:
    action = _action(request, slug, action_id, access.may_keep_action)
    form = ActionForm(
        request.POST or None,
        initial=ActionForm.initial_for(action),
        owners=queries.action_owners(action.programme),
        create=False,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(action=action, details=form.details())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Handlingen er gemt."))
            return redirect(_action_url(action))
    return render(
        request,
        "panels/action_form.html",
        {"programme": action.programme, "concern": action.concern, "action": action, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_POST
@login_required
def action_status(request: AuthenticatedRequest, slug: str, action_id: int) -> HttpResponse:
    action = _action(request, slug, action_id, access.may_follow_up)
    form = ActionStatusForm(request.POST, action=action)
    if form.is_valid():
        try:
            services.action_set_status(
                action=action,
                status=form.cleaned_data["status"],
                by=request.user,
                reason=form.cleaned_data["reason"],
                closed_on=form.cleaned_data["closed_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Handlingens status er ændret."))
            return redirect(_action_url(action))
    action.refresh_from_db()
    return _action_page(request, action, status_form=form, status=400)


@require_POST
@login_required
def action_note(request: AuthenticatedRequest, slug: str, action_id: int) -> HttpResponse:
    action = _action(request, slug, action_id, access.may_follow_up)
    form = ActionNoteForm(request.POST)
    if form.is_valid():
        try:
            services.action_add_note(action=action, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Noten er gemt."))
            return redirect(_action_url(action))
    return _action_page(request, action, note_form=form, status=400)


@require_GET
@login_required
def action_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The list as the page filters it, and the report of actions done on time."""
    programme = programme_with_access(request.user, slug, access.may_see_actions)
    _filters, actions = _filtered_actions(request, programme)
    visible = access.visible_actions(request.user, programme)
    return exports.xlsx_sheets_response(
        title=_("Handlinger"),
        sheets=[
            exports.Sheet(
                title=_("Handlinger"),
                columns=queries.ACTION_COLUMNS,
                rows=actions.select_related("concern"),
            ),
            exports.Sheet(
                title=_("Udført til tiden"),
                columns=queries.ON_TIME_COLUMNS,
                rows=queries.on_time_per_party_and_year(visible),
            ),
        ],
    )


@require_GET
@login_required
def action_report(request: HttpRequest, slug: str) -> HttpResponse:
    """The share of actions done on time per responsible party and year."""
    programme = programme_with_access(request.user, slug, access.may_see_actions)
    return render(
        request,
        "panels/action_report.html",
        {
            "programme": programme,
            "rows": queries.on_time_per_party_and_year(
                access.visible_actions(request.user, programme)
            ),
        },
    )
