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
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhedsplan.accounts.access import AuthenticatedRequest, User, programme_with_access
from helhedsplan.core import exports, idempotency
from helhedsplan.core.forms import add_service_errors
from helhedsplan.core.lookups import get_with_access, one_programme_or_choice
from helhedsplan.core.pdf import render_pdf
from helhedsplan.panels import access, presentation, queries, services
from helhedsplan.panels.forms import (
    AUDIENCES,
    ActionFilterForm,
    ActionForm,
    ActionNoteForm,
    ActionStatusForm,
    ConcernFilterForm,
    ConcernForm,
    ConcernYearForm,
    EvaluationForm,
    EvaluationUploadForm,
    LeaveForm,
    MeetingForm,
    MemberForm,
    MinutesForm,
    PanelForm,
    PanelUpdateForm,
    PhotoForm,
    PlanForm,
    SitePlanForm,
    WalkForm,
    panel_estates,
)
from helhedsplan.panels.models import (
    ActionItem,
    Concern,
    ConcernPhoto,
    Meeting,
    MeetingStatus,
    Member,
    Panel,
    SitePlan,
    Walk,
)
from helhedsplan.panels.register import REGISTER
from helhedsplan.privacy import access as privacy_access
from helhedsplan.privacy import queries as privacy_queries
from helhedsplan.privacy.forms import ConsentForm
from helhedsplan.programmes.models import Estate, Programme


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
    write: Callable[[], Panel | Member | Meeting | str],
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


# Panels -------------------------------------------------------------------------------------------


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
            "next_meeting": queries.next_planned(meetings),
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


# Members ------------------------------------------------------------------------------------------


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


# Meetings -----------------------------------------------------------------------------------------


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
            "carried": queries.carried_actions(meeting),
            "concerns": queries.concerns_raised(meeting),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def meeting_update(request: HttpRequest, slug: str, panel_id: int, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, slug, panel_id, meeting_id)
    if meeting.status == MeetingStatus.PLANNED:
        # A planned meeting has no turnout yet: its plan is changed on the plan's form.
        return redirect("panels:meeting_plan_update", slug, panel_id, meeting_id)
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


# the actions until done ---------------------------------------------------------------------------


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
        request.POST or None,
        owners=queries.action_owners(concern.programme, estate=concern.estate),
        create=True,
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

    return _created(
        request,
        key=form.cleaned_data["idempotency_key"],
        write=lambda: _action_url(
            services.action_create(concern=concern, details=form.details(), created_by=request.user)
        ),
        show_errors=lambda error: add_service_errors(form, error),
        refused=lambda: page(400),
        message=_("Handlingen er oprettet."),
    )


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
        owners=queries.action_owners(action.programme, estate=action.estate),
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
                rows=queries.on_time_per_party_and_year(visible, today=timezone.localdate()),
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
                access.visible_actions(request.user, programme), today=timezone.localdate()
            ),
        },
    )


# planned meetings, the minutes PDF, the yearly evaluations ----------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def meeting_plan(request: AuthenticatedRequest, slug: str, panel_id: int) -> HttpResponse:
    panel = _panel(request, slug, panel_id)
    form = PlanForm(
        request.POST or None,
        estates=panel_estates(panel, access.own_estates(request.user, panel.programme)),
        create=True,
    )

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "panels/meeting_plan_form.html",
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
        write=lambda: services.meeting_plan(
            panel=panel,
            estate=form.cleaned_data["estate"],
            held_on=form.cleaned_data["held_on"],
            agenda=form.cleaned_data["agenda"],
            created_by=request.user,
        ),
        show_errors=lambda error: add_service_errors(form, error),
        refused=lambda: page(400),
        message=_("Mødet er planlagt."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def meeting_plan_update(
    request: HttpRequest, slug: str, panel_id: int, meeting_id: int
) -> HttpResponse:
    meeting = _meeting(request, slug, panel_id, meeting_id)
    panel = meeting.panel
    form = PlanForm(
        request.POST or None,
        estates=panel_estates(panel, access.own_estates(request.user, panel.programme)),
        create=False,
        initial={"held_on": meeting.held_on, "estate": meeting.estate, "agenda": meeting.agenda},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_plan_update(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Mødet er gemt."))
            return redirect(meeting)
    return render(
        request,
        "panels/meeting_plan_form.html",
        {"programme": panel.programme, "panel": panel, "meeting": meeting, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def meeting_record_held(
    request: HttpRequest, slug: str, panel_id: int, meeting_id: int
) -> HttpResponse:
    """The planned meeting as held: the meeting's form, with its plan filled in."""
    meeting = _meeting(request, slug, panel_id, meeting_id)
    panel = meeting.panel
    form = _meeting_form(
        request,
        panel,
        create=False,
        initial=MeetingForm.initial_for(meeting, queries.attendees_of(meeting)),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_record_held(meeting=meeting, details=form.details(hidden_attendees=[]))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Mødet er registreret som afholdt."))
            return redirect(meeting)
    return render(
        request,
        "panels/meeting_form.html",
        {
            "programme": panel.programme,
            "panel": panel,
            "meeting": meeting,
            "form": form,
            "record_held": True,
        },
        status=400 if form.is_bound else 200,
    )


@require_GET
@never_cache
@login_required
def meeting_pdf(request: HttpRequest, slug: str, panel_id: int, meeting_id: int) -> HttpResponse:
    """The minutes as a PDF: who came, the agenda with the actions carried onto it, the
    minutes and the concerns raised."""
    meeting = _meeting(request, slug, panel_id, meeting_id)
    html = render_to_string(
        "panels/meeting_pdf.html",
        {
            "programme": meeting.programme,
            "panel": meeting.panel,
            "meeting": meeting,
            "attendees": queries.attendees_of(meeting).filter(
                pk__in=access.kept_members(request.user, meeting.panel)
            ),
            "carried": queries.carried_actions(meeting),
            "concerns": queries.concerns_raised(meeting),
            "made": timezone.now(),
        },
        request=request,
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="referat-{meeting.held_on:%Y-%m-%d}-{meeting.pk}.pdf"'
    )
    return response


def _evaluations_url(panel: Panel) -> str:
    return reverse("panels:evaluations", args=[panel.programme.slug, panel.pk])


@require_GET
@login_required
def evaluation_list(request: HttpRequest, slug: str, panel_id: int) -> HttpResponse:
    panel = _panel(request, slug, panel_id)
    return render(
        request,
        "panels/evaluation_list.html",
        {
            "programme": panel.programme,
            "panel": panel,
            "evaluations": queries.evaluations_of(panel),
            "audiences": AUDIENCES,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def evaluation_write(request: AuthenticatedRequest, slug: str, panel_id: int) -> HttpResponse:
    panel = _panel(request, slug, panel_id)
    form = EvaluationForm(request.POST or None)

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "panels/evaluation_form.html",
            {"programme": panel.programme, "panel": panel, "form": form},
            status=status,
        )

    if request.method != "POST":
        return page()
    if not form.is_valid():
        return _refused_again(request, lambda: page(400))

    def write() -> str:
        services.evaluation_write(
            panel=panel,
            evaluated_on=form.cleaned_data["evaluated_on"],
            answers=form.answers(),
            summary=form.cleaned_data["summary"],
            created_by=request.user,
        )
        return _evaluations_url(panel)

    return _created(
        request,
        key=form.cleaned_data["idempotency_key"],
        write=write,
        show_errors=lambda error: add_service_errors(form, error),
        refused=lambda: page(400),
        message=_("Evalueringen er gemt."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def evaluation_upload(request: AuthenticatedRequest, slug: str, panel_id: int) -> HttpResponse:
    panel = _panel(request, slug, panel_id)
    form = EvaluationUploadForm(request.POST or None, request.FILES or None)

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "panels/evaluation_upload_form.html",
            {"programme": panel.programme, "panel": panel, "form": form},
            status=status,
        )

    if request.method != "POST":
        return page()
    if not form.is_valid():
        return _refused_again(request, lambda: page(400))

    def write() -> str:
        services.evaluation_upload(
            panel=panel,
            evaluated_on=form.cleaned_data["evaluated_on"],
            upload=form.cleaned_data["file"],
            summary=form.cleaned_data["summary"],
            created_by=request.user,
        )
        return _evaluations_url(panel)

    return _created(
        request,
        key=form.cleaned_data["idempotency_key"],
        write=write,
        show_errors=lambda error: add_service_errors(form, error),
        refused=lambda: page(400),
        message=_("Evalueringen er uploadet."),
    )


# site plans, concerns with pins, safety walks, photos, the chart -


def _concern_url(concern: Concern) -> str:
    return reverse(
        "panels:concern", kwargs={"slug": concern.programme.slug, "concern_id": concern.pk}
    )


def _walk_url(walk: Walk) -> str:
    return reverse(
        "panels:walk",
        kwargs={"slug": walk.programme.slug, "panel_id": walk.panel_id, "walk_id": walk.pk},
    )


def _estate(request: HttpRequest, slug: str, estate_id: int) -> Estate:
    return get_with_access(
        Estate.objects.select_related("programme"),
        lambda estate: access.may_keep_estate(request.user, estate),
        pk=estate_id,
        programme__slug=slug,
    )


def _concern(request: HttpRequest, slug: str, concern_id: int) -> Concern:
    return get_with_access(
        Concern.objects.select_related(
            "programme", "estate", "meeting__panel", "walk__panel", "site_plan"
        ),
        lambda concern: access.may_keep_concern(request.user, concern),
        pk=concern_id,
        programme__slug=slug,
    )


def _walk(request: HttpRequest, slug: str, panel_id: int, walk_id: int) -> Walk:
    return get_with_access(
        Walk.objects.select_related("programme", "panel", "estate", "follow_up"),
        lambda walk: access.may_keep_walk(request.user, walk),
        pk=walk_id,
        panel_id=panel_id,
        programme__slug=slug,
    )


# Site plans


@require_GET
@login_required
def site_plans(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_keep)
    return render(
        request,
        "panels/site_plans.html",
        {
            "programme": programme,
            "estates": queries.newest_plans(access.own_estates(request.user, programme)),
        },
    )


def _site_plan_page(
    request: HttpRequest, estate: Estate, form: SitePlanForm, status: int = 200
) -> HttpResponse:
    plan = queries.newest_plan(estate)
    concerns = access.kept_concerns(request.user, estate.programme)
    return render(
        request,
        "panels/site_plan.html",
        {
            "programme": estate.programme,
            "estate": estate,
            "plan": plan,
            "pins": queries.pins_on(plan, concerns) if plan else [],
            "form": form,
        },
        status=status,
    )


@require_GET
@login_required
def site_plan(request: HttpRequest, slug: str, estate_id: int) -> HttpResponse:
    """The estate's newest plan with the concerns pinned on it, and the upload of a new one."""
    return _site_plan_page(request, _estate(request, slug, estate_id), SitePlanForm())


@require_POST
@login_required
def site_plan_upload(request: AuthenticatedRequest, slug: str, estate_id: int) -> HttpResponse:
    estate = _estate(request, slug, estate_id)
    form = SitePlanForm(request.POST, request.FILES)

    def page() -> HttpResponse:
        return _site_plan_page(request, estate, form, status=400)

    if not form.is_valid():
        return _refused_again(request, page)

    def upload() -> str:
        services.site_plan_upload(
            estate=estate, upload=form.cleaned_data["image"], uploaded_by=request.user
        )
        return reverse("panels:site_plan", kwargs={"slug": slug, "estate_id": estate.pk})

    return _created(
        request,
        key=form.cleaned_data["idempotency_key"],
        write=upload,
        show_errors=lambda error: add_service_errors(form, error),
        refused=page,
        message=_("Områdekortet er uploadet."),
    )


# Concerns


def _concern_form_page(
    request: HttpRequest,
    *,
    form: ConcernForm,
    estate: Estate,
    plan: SitePlan | None,
    back: str,
    origin: str,
    concern: Concern | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "panels/concern_form.html",
        {
            "programme": estate.programme,
            "estate": estate,
            "form": form,
            "plan": plan,
            "back": back,
            "origin": origin,
            "concern": concern,
            # The pin as saved (the script moves it as the fields change).
            "pinned": [concern] if concern is not None and concern.site_plan_id else [],
        },
        status=status,
    )


def _concern_create(
    request: AuthenticatedRequest,
    *,
    meeting: Meeting | None,
    walk: Walk | None,
    estate: Estate,
    back: str,
    origin: str,
) -> HttpResponse:
    form = ConcernForm(request.POST or None, create=True)

    def page(status: int = 200) -> HttpResponse:
        return _concern_form_page(
            request,
            form=form,
            estate=estate,
            plan=queries.newest_plan(estate),
            back=back,
            origin=origin,
            status=status,
        )

    if request.method != "POST":
        return page()
    if not form.is_valid():
        return _refused_again(request, lambda: page(400))
    return _created(
        request,
        key=form.cleaned_data["idempotency_key"],
        write=lambda: _concern_url(
            services.concern_create(
                meeting=meeting, walk=walk, details=form.details(), created_by=request.user
            )
        ),
        show_errors=lambda error: add_service_errors(form, error),
        refused=lambda: page(400),
        message=_("Utrygheden er registreret."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def meeting_concern_create(
    request: AuthenticatedRequest, slug: str, panel_id: int, meeting_id: int
) -> HttpResponse:
    """A concern raised at the meeting."""
    meeting = _meeting(request, slug, panel_id, meeting_id)
    day = formats.date_format(meeting.held_on, "SHORT_DATE_FORMAT")
    return _concern_create(
        request,
        meeting=meeting,
        walk=None,
        estate=meeting.estate,
        back=meeting.get_absolute_url(),
        origin=_("Rejst på mødet %(day)s i %(estate)s") % {"day": day, "estate": meeting.estate},
    )


@require_http_methods(["GET", "POST"])
@login_required
def walk_concern_create(
    request: AuthenticatedRequest, slug: str, panel_id: int, walk_id: int
) -> HttpResponse:
    """A concern found on the walk."""
    walk = _walk(request, slug, panel_id, walk_id)
    day = formats.date_format(walk.walked_on, "SHORT_DATE_FORMAT")
    return _concern_create(
        request,
        meeting=None,
        walk=walk,
        estate=walk.estate,
        back=_walk_url(walk),
        origin=_("Fundet på tryghedsvandringen %(day)s i %(estate)s")
        % {"day": day, "estate": walk.estate},
    )


@require_GET
@login_required
def concern_detail(request: HttpRequest, slug: str, concern_id: int) -> HttpResponse:
    concern = _concern(request, slug, concern_id)
    origin = concern.meeting or concern.walk
    assert origin is not None, "a concern is raised at a meeting or found on a walk"
    return render(
        request,
        "panels/concern_detail.html",
        {
            "programme": concern.programme,
            "concern": concern,
            "panel": origin.panel,
            "pins": [concern],
            "photos": concern.photos.all(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def concern_update(request: HttpRequest, slug: str, concern_id: int) -> HttpResponse:
    concern = _concern(request, slug, concern_id)
    form = ConcernForm(request.POST or None, create=False, initial=ConcernForm.initial_for(concern))
    if request.method == "POST" and form.is_valid():
        try:
            services.concern_update(concern=concern, details=form.details())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Utrygheden er gemt."))
            return redirect(_concern_url(concern))
    return _concern_form_page(
        request,
        form=form,
        estate=concern.estate,
        plan=concern.site_plan or queries.newest_plan(concern.estate),
        back=_concern_url(concern),
        origin=str(concern.estate),
        concern=concern,
        status=400 if form.is_bound else 200,
    )


@require_GET
@login_required
def concern_list(request: HttpRequest, slug: str, panel_id: int) -> HttpResponse:
    """The panel's concerns, of the person's estates, filtered by estate, category and year."""
    panel = _panel(request, slug, panel_id)
    concerns = queries.concerns_of_panel(panel, access.kept_concerns(request.user, panel.programme))
    form = ConcernFilterForm(
        request.GET or None,
        estates=access.own_estates(request.user, panel.programme),
        years=queries.concern_years(concerns),
    )
    return render(
        request,
        "panels/concern_list.html",
        {
            "programme": panel.programme,
            "panel": panel,
            "form": form,
            "concerns": queries.concern_list(form.filtered(concerns)),
        },
    )


# Photos


@require_http_methods(["GET", "POST"])
@login_required
def photo_add(request: AuthenticatedRequest, slug: str, concern_id: int) -> HttpResponse:
    concern = _concern(request, slug, concern_id)
    form = PhotoForm(request.POST or None, request.FILES or None)

    def page() -> HttpResponse:
        return render(
            request,
            "panels/photo_form.html",
            {"programme": concern.programme, "concern": concern, "form": form},
            status=400 if form.is_bound else 200,
        )

    if request.method != "POST":
        return page()
    if not form.is_valid():
        return _refused_again(request, page)

    def add() -> str:
        services.concern_photo_add(
            concern=concern, upload=form.cleaned_data["image"], uploaded_by=request.user
        )
        return _concern_url(concern)

    return _created(
        request,
        key=form.cleaned_data["idempotency_key"],
        write=add,
        show_errors=lambda error: add_service_errors(form, error),
        refused=page,
        message=_("Fotoet er tilføjet."),
    )


@require_POST
@login_required
def photo_delete(request: HttpRequest, slug: str, concern_id: int, photo_id: int) -> HttpResponse:
    concern = _concern(request, slug, concern_id)
    photo = get_object_or_404(ConcernPhoto, pk=photo_id, concern=concern)
    services.concern_photo_delete(photo=photo)
    messages.success(request, _("Fotoet er slettet."))
    return redirect(_concern_url(concern))


# Safety walks


@require_http_methods(["GET", "POST"])
@login_required
def walk_create(request: AuthenticatedRequest, slug: str, panel_id: int) -> HttpResponse:
    panel = _panel(request, slug, panel_id)
    form = WalkForm(
        request.POST or None,
        estates=panel_estates(panel, access.own_estates(request.user, panel.programme)),
    )

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "panels/walk_form.html",
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
        write=lambda: _walk_url(
            services.walk_create(panel=panel, details=form.details(), created_by=request.user)
        ),
        show_errors=lambda error: add_service_errors(form, error),
        refused=lambda: page(400),
        message=_("Tryghedsvandringen er registreret, og opfølgningsmødet er planlagt."),
    )


@require_GET
@login_required
def walk_detail(request: HttpRequest, slug: str, panel_id: int, walk_id: int) -> HttpResponse:
    walk = _walk(request, slug, panel_id, walk_id)
    concerns = walk.concerns.select_related("site_plan").order_by("raised_on", "pk")
    plan = queries.newest_plan(walk.estate)
    return render(
        request,
        "panels/walk_detail.html",
        {
            "programme": walk.programme,
            "panel": walk.panel,
            "walk": walk,
            "concerns": concerns,
            "plan": plan,
            "pins": queries.pins_on(plan, concerns) if plan else [],
        },
    )


# The concerns chart


@require_GET
@login_required
def concern_report(request: HttpRequest, slug: str) -> HttpResponse:
    """Concerns per category and estate in a year, as a chart with its table, of the estates
    the person keeps."""
    programme = programme_with_access(request.user, slug, access.may_keep)
    estate_ids = access.kept_estate_ids(request.user, programme)
    years = queries.concern_years(access.kept_concerns(request.user, programme))
    form = ConcernYearForm(request.GET or None, years=years)
    year = form.cleaned_data["year"] if form.is_valid() else (years[0] if years else None)
    counts = queries.concern_counts(programme, estate_ids=estate_ids, year=year) if year else []
    table = presentation.concern_table(counts)
    return render(
        request,
        "panels/concern_report.html",
        {
            "programme": programme,
            "form": form,
            "year": year,
            "table": table,
            "chart": presentation.concern_chart(table, year) if year else None,
        },
    )
