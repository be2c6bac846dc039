"""The governance pages: ``/governance/<programme>/``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhedsplan.accounts.access import AuthenticatedRequest, programme_with_access
from helhedsplan.agreements.models import AgreementVersion
from helhedsplan.core import idempotency
from helhedsplan.core.forms import add_service_errors
from helhedsplan.core.lookups import get_with_access, one_programme_or_choice
from helhedsplan.governance import access, queries, services
from helhedsplan.governance.forms import (
    BodyForm,
    CaseForm,
    DecisionForm,
    DeclineForm,
    LeaveForm,
    MeetingForm,
    MemberForm,
    ProposalForm,
    ResolveForm,
    StepForm,
)
from helhedsplan.governance.models import (
    Body,
    BodyKind,
    BodyMember,
    Case,
    CaseStatus,
    GovernanceMeeting,
    Proposal,
    ProposalStatus,
)
from helhedsplan.programmes.models import Programme


def _created(
    request: HttpRequest,
    *,
    form: forms.Form,
    write: Callable[[], Model],
    refused: Callable[[], HttpResponse],
    message: str,
    to: Callable[[Model], str],
) -> HttpResponse:
    """A create form's write under its idempotency key: a repeated POST gets the first answer;
    a service's refusal goes onto the form."""

    def run() -> HttpResponse:
        try:
            created = write()
        except ValidationError as error:
            add_service_errors(form, error)
            return refused()
        messages.success(request, message)
        return redirect(to(created))

    return idempotency.form_write(request, key=form.cleaned_data["idempotency_key"], run=run)


def _programme(request: HttpRequest, slug: str, allowed: Callable[..., bool]) -> Programme:
    return programme_with_access(request.user, slug, allowed)


def _body(request: HttpRequest, slug: str, body_id: int, allowed: Callable[..., bool]) -> Body:
    return get_with_access(
        Body.objects.select_related("programme", "agreement__focus_area"),
        lambda body: allowed(request.user, body.programme),
        pk=body_id,
        programme__slug=slug,
    )


def _meeting(
    request: HttpRequest, slug: str, meeting_id: int, allowed: Callable[..., bool]
) -> GovernanceMeeting:
    return get_with_access(
        queries.meeting_with_decisions(meeting_id),
        lambda meeting: allowed(request.user, meeting.body.programme),
        body__programme__slug=slug,
    )


def _case(request: HttpRequest, slug: str, case_id: int) -> Case:
    return get_with_access(
        Case.objects.select_related("programme", "agreement__focus_area", "estate"),
        lambda case: access.may_read_case(request.user, case),
        pk=case_id,
        programme__slug=slug,
    )


def _handled_case(request: HttpRequest, slug: str, case_id: int) -> Case:
    return get_with_access(
        Case.objects.select_related("programme"),
        lambda case: access.may_handle(request.user, case.programme),
        pk=case_id,
        programme__slug=slug,
    )


def _proposal(
    request: HttpRequest, slug: str, proposal_id: int, allowed: Callable[[Proposal], bool]
) -> Proposal:
    return get_with_access(
        Proposal.objects.select_related(
            "body__programme", "agreement__programme", "agreement__focus_area", "draft"
        ),
        allowed,
        pk=proposal_id,
        body__programme__slug=slug,
    )


def _members_users(programme: Programme) -> Any:
    return User.objects.filter(memberships__programme=programme).distinct().order_by("username")


# The programme's overview ----------------------------------------------------------------


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The menu's address: the person's programme, or a choice of them."""
    return one_programme_or_choice(
        request,
        access.entered_programmes(request.user),
        page=_overview,
        heading=_("Organisering"),
        url_name="governance:programme",
    )


@require_GET
@login_required
def programme(request: HttpRequest, slug: str) -> HttpResponse:
    return _overview(request, _programme(request, slug, access.may_enter))


def _overview(request: HttpRequest, programme: Programme) -> HttpResponse:
    user = request.user
    may_view = access.may_view(user, programme)
    today = timezone.localdate()
    return render(
        request,
        "governance/programme.html",
        {
            "programme": programme,
            "may_view": may_view,
            "may_keep": access.may_keep(user, programme),
            "may_propose": access.may_propose(user, programme),
            "may_see_log": access.may_see_log(user, programme),
            "may_raise": access.may_raise(user, programme),
            "bodies": queries.bodies(programme, today=today) if may_view else [],
            "proposals": queries.proposals(programme)[:10] if may_view else [],
            "open_cases": queries.cases(access.visible_cases(user, programme))
            .exclude(status=CaseStatus.RESOLVED)
            .count(),
        },
    )


# Bodies and members ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def body_create(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug, access.may_keep)
    form = BodyForm(request.POST or None, agreements=queries.agreements_of(programme))

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "governance/body_form.html",
            {"programme": programme, "form": form},
            status=status,
        )

    if request.method != "POST":
        return page()
    if not form.is_valid():
        return idempotency.form_replay(request) or page(400)
    data = form.cleaned_data
    return _created(
        request,
        form=form,
        write=lambda: services.body_create(
            programme=programme,
            kind=data["kind"],
            name=data["name"],
            agreement=data["agreement"],
            activity_name=data["activity_name"],
        ),
        refused=lambda: page(400),
        message=_("Organet er oprettet."),
        to=lambda body: reverse("governance:body", args=[slug, body.pk]),
    )


def _body_page(
    request: HttpRequest, body: Body, *, member_form: MemberForm | None = None, status: int = 200
) -> HttpResponse:
    may_keep = access.may_keep(request.user, body.programme)
    if may_keep and member_form is None:
        member_form = MemberForm(users=_members_users(body.programme))
    return render(
        request,
        "governance/body.html",
        {
            "programme": body.programme,
            "body": body,
            "members": queries.members_of(body),
            "meetings": queries.meetings_of(body),
            "proposals": body.proposals.select_related("agreement__focus_area"),
            "may_keep": may_keep,
            "member_form": member_form,
            "leave_form": LeaveForm(),
        },
        status=status,
    )


@require_GET
@login_required
def body(request: HttpRequest, slug: str, body_id: int) -> HttpResponse:
    return _body_page(request, _body(request, slug, body_id, access.may_view))


@require_POST
@login_required
def member_add(request: HttpRequest, slug: str, body_id: int) -> HttpResponse:
    found = _body(request, slug, body_id, access.may_keep)
    form = MemberForm(request.POST, users=_members_users(found.programme))
    if not form.is_valid():
        return idempotency.form_replay(request) or _body_page(
            request, found, member_form=form, status=400
        )
    data = form.cleaned_data
    return _created(
        request,
        form=form,
        write=lambda: services.member_add(
            body=found,
            role=data["role"],
            organisation=data["organisation"],
            joined_on=data["joined_on"],
            user=data["user"],
        ),
        refused=lambda: _body_page(request, found, member_form=form, status=400),
        message=_("Medlemmet er tilføjet."),
        to=lambda member: reverse("governance:body", args=[slug, found.pk]),
    )


@require_POST
@login_required
def member_leave(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    member = get_with_access(
        BodyMember.objects.select_related("body__programme"),
        lambda member: access.may_keep(request.user, member.body.programme),
        pk=member_id,
        body__programme__slug=slug,
    )
    form = LeaveForm(request.POST)
    target = reverse("governance:body", args=[slug, member.body_id])
    if not form.is_valid():
        messages.error(request, _("Skriv datoen for udtrædelsen."))
        return redirect(target)
    try:
        services.member_leave(member=member, left_on=form.cleaned_data["left_on"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(target)
    messages.success(request, _("Medlemmet er registreret som udtrådt."))
    return redirect(target)


# Meetings and decisions ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def meeting_create(request: HttpRequest, slug: str, body_id: int) -> HttpResponse:
    found = _body(request, slug, body_id, access.may_keep)
    form = MeetingForm(request.POST or None)

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "governance/meeting_form.html",
            {"programme": found.programme, "body": found, "form": form},
            status=status,
        )

    if request.method != "POST":
        return page()
    if not form.is_valid():
        return idempotency.form_replay(request) or page(400)
    data = form.cleaned_data
    return _created(
        request,
        form=form,
        write=lambda: services.meeting_record(
            body=found,
            held_on=data["held_on"],
            agenda=data["agenda"],
            minutes=data["minutes"],
            user=request.user,  # type: ignore[arg-type]
        ),
        refused=lambda: page(400),
        message=_("Mødet er registreret."),
        to=lambda meeting: reverse("governance:meeting", args=[slug, meeting.pk]),
    )


def _meeting_page(
    request: HttpRequest,
    meeting: GovernanceMeeting,
    *,
    decision_form: DecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    programme = meeting.body.programme
    may_keep = access.may_keep(request.user, programme)
    if may_keep and decision_form is None:
        decision_form = DecisionForm(versions=queries.versions_of(programme))
    return render(
        request,
        "governance/meeting.html",
        {
            "programme": programme,
            "meeting": meeting,
            "may_keep": may_keep,
            "decision_form": decision_form,
        },
        status=status,
    )


@require_GET
@login_required
def meeting(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    return _meeting_page(request, _meeting(request, slug, meeting_id, access.may_view))


@require_http_methods(["GET", "POST"])
@login_required
def meeting_update(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    found = _meeting(request, slug, meeting_id, access.may_keep)
    initial = {"held_on": found.held_on, "agenda": found.agenda, "minutes": found.minutes}
    form = MeetingForm(request.POST or None, initial=initial)
    form.fields["idempotency_key"].required = False

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "governance/meeting_form.html",
            {"programme": found.body.programme, "body": found.body, "form": form, "meeting": found},
            status=status,
        )

    if request.method != "POST":
        return page()
    if not form.is_valid():
        return page(400)
    data = form.cleaned_data
    try:
        services.meeting_update(
            meeting=found, held_on=data["held_on"], agenda=data["agenda"], minutes=data["minutes"]
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return page(400)
    messages.success(request, _("Mødet er gemt."))
    return redirect("governance:meeting", slug=slug, meeting_id=found.pk)


@require_POST
@login_required
def decision_add(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    found = _meeting(request, slug, meeting_id, access.may_keep)
    form = DecisionForm(request.POST, versions=queries.versions_of(found.body.programme))
    if form.is_valid():
        try:
            services.decision_add(
                meeting=found,
                text=form.cleaned_data["text"],
                agreement_version=form.cleaned_data["agreement_version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Beslutningen er tilføjet."))
            return redirect("governance:meeting", slug=slug, meeting_id=found.pk)
    found = _meeting(request, slug, meeting_id, access.may_keep)
    return _meeting_page(request, found, decision_form=form, status=400)


# The log of conflicts and notifications --------------------------------------------------


@require_GET
@login_required
def case_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug, access.may_see_log)
    status = request.GET.get("status", "")
    if status not in CaseStatus.values:
        status = ""
    return render(
        request,
        "governance/case_list.html",
        {
            "programme": programme,
            "cases": queries.cases(access.visible_cases(request.user, programme), status=status),
            "status": status,
            "statuses": CaseStatus.choices,
            "may_raise": access.may_raise(request.user, programme),
            "may_handle": access.may_handle(request.user, programme),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def case_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug, access.may_raise)
    form = CaseForm(
        request.POST or None,
        agreements=queries.agreements_of(programme),
        estates=programme.estates.all(),
    )

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "governance/case_form.html",
            {"programme": programme, "form": form},
            status=status,
        )

    if request.method != "POST":
        return page()
    if not form.is_valid():
        return idempotency.form_replay(request) or page(400)
    data = form.cleaned_data
    return _created(
        request,
        form=form,
        write=lambda: services.case_raise(
            programme=programme,
            kind=data["kind"],
            title=data["title"],
            summary=data["summary"],
            raised_by_party=data["raised_by_party"],
            raised_on=data["raised_on"],
            agreement=data["agreement"],
            estate=data["estate"],
            user=request.user,
        ),
        refused=lambda: page(400),
        message=_("Sagen er registreret i loggen."),
        to=lambda case: reverse("governance:case", args=[slug, case.pk]),
    )


def _case_page(
    request: HttpRequest,
    case: Case,
    *,
    step_form: StepForm | None = None,
    resolve_form: ResolveForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_handle = access.may_handle(request.user, case.programme)
    return render(
        request,
        "governance/case.html",
        {
            "programme": case.programme,
            "case": case,
            "may_handle": may_handle and case.status != CaseStatus.RESOLVED,
            "step_form": step_form or StepForm(),
            "resolve_form": resolve_form or ResolveForm(),
        },
        status=status,
    )


@require_GET
@login_required
def case(request: HttpRequest, slug: str, case_id: int) -> HttpResponse:
    return _case_page(request, _case(request, slug, case_id))


def _case_step(
    request: HttpRequest, slug: str, case_id: int, step: Callable[..., Case], message: str
) -> HttpResponse:
    found = _handled_case(request, slug, case_id)
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            step(case=found, on=form.cleaned_data["on"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, message)
            return redirect("governance:case", slug=slug, case_id=found.pk)
    return _case_page(request, _handled_case(request, slug, case_id), step_form=form, status=400)


@require_POST
@login_required
def case_take_up(request: HttpRequest, slug: str, case_id: int) -> HttpResponse:
    return _case_step(
        request, slug, case_id, services.case_take_up, _("Sagen er hos sekretariatslederen.")
    )


@require_POST
@login_required
def case_escalate(request: HttpRequest, slug: str, case_id: int) -> HttpResponse:
    return _case_step(
        request, slug, case_id, services.case_escalate, _("Sagen er sendt videre til bestyrelsen.")
    )


@require_POST
@login_required
def case_resolve(request: HttpRequest, slug: str, case_id: int) -> HttpResponse:
    found = _handled_case(request, slug, case_id)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.case_resolve(
                case=found, resolution=form.cleaned_data["resolution"], on=form.cleaned_data["on"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Sagen er afklaret."))
            return redirect("governance:case", slug=slug, case_id=found.pk)
    return _case_page(request, _handled_case(request, slug, case_id), resolve_form=form, status=400)


# Proposals for adjustments ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def proposal_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug, access.may_propose)
    bodies = Body.objects.filter(programme=programme).exclude(kind=BodyKind.BOARD)
    form = ProposalForm(
        request.POST or None, bodies=bodies, agreements=queries.agreements_of(programme)
    )
    if request.method != "POST":
        # The body the proposal comes from, preselected from its page's link; a value that
        # names no body selects nothing.
        form.initial["body"] = request.GET.get("body", "")

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "governance/proposal_form.html",
            {"programme": programme, "form": form},
            status=status,
        )

    if request.method != "POST":
        return page()
    if not form.is_valid():
        return idempotency.form_replay(request) or page(400)
    data = form.cleaned_data
    return _created(
        request,
        form=form,
        write=lambda: services.proposal_record(
            body=data["body"],
            agreement=data["agreement"],
            title=data["title"],
            text=data["text"],
            proposed_on=data["proposed_on"],
            user=request.user,
        ),
        refused=lambda: page(400),
        message=_("Forslaget er registreret."),
        to=lambda proposal: reverse("governance:proposal", args=[slug, proposal.pk]),
    )


def _proposal_page(
    request: HttpRequest,
    proposal: Proposal,
    *,
    decline_form: DeclineForm | None = None,
    status: int = 200,
) -> HttpResponse:
    programme = proposal.body.programme
    pending = proposal.status == ProposalStatus.PROPOSED
    return render(
        request,
        "governance/proposal.html",
        {
            "programme": programme,
            "proposal": proposal,
            "may_draft": pending and access.may_draft(request.user, proposal),
            "may_decline": pending and access.may_keep(request.user, programme),
            "decline_form": decline_form or DeclineForm(),
        },
        status=status,
    )


@require_GET
@login_required
def proposal(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    return _proposal_page(
        request,
        _proposal(
            request,
            slug,
            proposal_id,
            lambda proposal: access.may_view(request.user, proposal.body.programme),
        ),
    )


@require_POST
@login_required
def proposal_draft(request: AuthenticatedRequest, slug: str, proposal_id: int) -> HttpResponse:
    found = _proposal(
        request, slug, proposal_id, lambda proposal: access.may_draft(request.user, proposal)
    )
    try:
        draft = services.proposal_draft_start(proposal=found, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("governance:proposal", slug=slug, proposal_id=found.pk)
    messages.success(request, _("Udkastet er oprettet som en kopi af den seneste version."))
    return redirect("agreements:edit", agreement_id=draft.agreement_id, number=draft.number)


@require_POST
@login_required
def proposal_decline(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    def allowed(proposal: Proposal) -> bool:
        return access.may_keep(request.user, proposal.body.programme)

    found = _proposal(request, slug, proposal_id, allowed)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_decline(proposal=found, reason=form.cleaned_data["decline_reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Forslaget er afvist."))
            return redirect("governance:proposal", slug=slug, proposal_id=found.pk)
    found = _proposal(request, slug, proposal_id, allowed)
    return _proposal_page(request, found, decline_form=form, status=400)


# The agreement's draft page: the proposal it came from -----------------------------------


def version_proposal(
    request: HttpRequest, *, version: AgreementVersion, **_arguments: Any
) -> dict[str, Any] | None:
    """The slot ``agreements.version``: the proposal a draft was started from, for those who
    read the governance records."""
    found = queries.proposal_of_draft(version)
    if found is None or not access.may_view(request.user, found.body.programme):
        return None
    return {"governance_proposal": found}
