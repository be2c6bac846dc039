"""The resident panels' pages: the panels, their members and their meetings. Export, renewal
and erasure of a member are the privacy lifecycle's pages (``privacy.views``), linked from
the member's page; the minutes file is served by ``core.views.private_file``."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhedsplan.accounts.access import AuthenticatedRequest, programme_with_access
from helhedsplan.core import idempotency
from helhedsplan.core.forms import add_service_errors
from helhedsplan.core.lookups import get_with_access, one_programme_or_choice
from helhedsplan.core.pdf import render_pdf
from helhedsplan.panels import access, queries, services
from helhedsplan.panels.forms import (
    AUDIENCES,
    EvaluationForm,
    EvaluationUploadForm,
    LeaveForm,
    MeetingForm,
    MemberForm,
    MinutesForm,
    PanelForm,
    PanelUpdateForm,
    PlanForm,
    panel_estates,
)
from helhedsplan.panels.models import ActionStatus, Meeting, MeetingStatus, Member, Panel
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
            "carried": queries.carried_actions(meeting),
            "action_statuses": ActionStatus.choices,
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


# Part 2, helper C: planned meetings, the minutes PDF, the yearly evaluations ---------------


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
            "action_statuses": ActionStatus.choices,
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
