"""The volunteer register's pages, its tasks and the week's sheet of hours. Export, renewal
and erasure of a volunteer are the privacy lifecycle's pages (``privacy.views``), linked from
the volunteer's page."""

from __future__ import annotations

import contextlib
import datetime
import functools
import logging
import smtplib
from collections.abc import Callable
from typing import Any, cast

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhedsplan.accounts.access import AuthenticatedRequest, programme_with_access
from helhedsplan.core import exports, idempotency, throttle
from helhedsplan.core.forms import add_service_errors
from helhedsplan.core.lists import access as lists_access
from helhedsplan.core.lists import registry as lists_registry
from helhedsplan.core.lookups import get_with_access, one_programme_or_choice
from helhedsplan.core.pdf import render_pdf
from helhedsplan.events.models import Event
from helhedsplan.privacy import access as privacy_access
from helhedsplan.privacy import queries as privacy_queries
from helhedsplan.privacy.forms import ConsentForm
from helhedsplan.programmes.models import Programme
from helhedsplan.volunteers import access, certificates, queries, services
from helhedsplan.volunteers.forms import (
    AssignForm,
    AttendanceForm,
    CardForm,
    CertificateForm,
    CertificateRulesForm,
    ContactForm,
    EndForm,
    InviteForm,
    OwnHoursForm,
    PersonalLinkIssueForm,
    TaskEndForm,
    TaskForm,
    VolunteerFilterForm,
    VolunteerForm,
    WeekSheetForm,
)
from helhedsplan.volunteers.models import Interest, PersonalLink, Task, Volunteer, VolunteerCard
from helhedsplan.volunteers.register import REGISTER

PAGE_SIZE = 50

logger = logging.getLogger(__name__)


def _volunteer(request: HttpRequest, slug: str, volunteer_id: int) -> Volunteer:
    return get_with_access(
        Volunteer.objects.select_related("programme", "estate", "consent__text"),
        lambda volunteer: access.may_keep_volunteer(request.user, volunteer),
        pk=volunteer_id,
        programme__slug=slug,
    )


def _keeper_programme(request: HttpRequest, slug: str) -> Programme:
    return programme_with_access(request.user, slug, access.may_keep)


def _filters(request: HttpRequest, programme: Programme) -> VolunteerFilterForm:
    return VolunteerFilterForm(request.GET, estates=access.own_estates(request.user, programme))


@require_GET
@login_required
def volunteer_index(request: HttpRequest) -> HttpResponse:
    """The menu's address: the volunteers of the person's programme, or with several, a
    choice. The menu then needs no query of its own for the programmes."""
    return one_programme_or_choice(
        request,
        list(access.counted_programmes(request.user)),
        page=_list_page,
        heading=_("Frivillige"),
        url_name="volunteers:list",
    )


@require_GET
@login_required
def volunteer_list(request: HttpRequest, slug: str) -> HttpResponse:
    return _list_page(request, programme_with_access(request.user, slug, access.may_count))


def _list_page(request: HttpRequest, programme: Programme) -> HttpResponse:
    """Counts per estate for everyone in the programme; the people for those who keep them."""
    context = {
        "programme": programme,
        "counts": queries.counts(programme=programme),
        "may_keep": access.may_keep(request.user, programme),
        "may_review": privacy_access.may_review(request.user, programme),
        "may_keep_interests": lists_access.may_change(
            request.user, lists_registry.for_model(Interest), programme
        ),
        "may_set_certificate_rules": access.may_set_certificate_rules(request.user, programme),
    }
    if context["may_keep"]:
        filters = _filters(request, programme)
        volunteers = queries.volunteer_list(
            volunteers=access.kept_volunteers(request.user, programme), **filters.narrowing()
        )
        context["filters"] = filters
        context["page"] = Paginator(volunteers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "volunteers/volunteer_list.html", context)


@require_GET
@login_required
def volunteer_export(request: HttpRequest, slug: str, fmt: exports.Format) -> HttpResponse:
    programme = _keeper_programme(request, slug)
    filters = _filters(request, programme)
    volunteers = queries.volunteer_list(
        volunteers=access.kept_volunteers(request.user, programme), **filters.narrowing()
    )
    return exports.export_response(
        fmt,
        title=_("Frivillige"),
        columns=queries.EXPORT_COLUMNS,
        rows=queries.for_export(volunteers),
    )


@require_http_methods(["GET", "POST"])
@login_required
def volunteer_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The volunteer and their consent, on one page, saved in one transaction."""
    programme = _keeper_programme(request, slug)
    estates = access.own_estates(request.user, programme)
    form = VolunteerForm(request.POST or None, programme=programme, estates=estates)
    consent_form = ConsentForm(request.POST or None, request.FILES or None)
    text = privacy_queries.consent_text_in_force(programme=programme, register=REGISTER.key)
    # Both forms are checked (``&``, not ``and``), so that each shows its errors. The estate
    # field offers only the person's own estates (and "not a resident").
    if request.method == "POST" and text is not None and form.is_valid() & consent_form.is_valid():
        try:
            volunteer = services.volunteer_register(
                programme=programme,
                consent=consent_form.given(),
                registered_by=request.user,
                **form.details(),
            )
        except ValidationError as error:
            _service_errors(form, consent_form, error)
        else:
            messages.success(request, _("Den frivillige er registreret med samtykke."))
            return redirect(volunteer)
    failed = form.is_bound and (form.errors or consent_form.errors)
    return render(
        request,
        "volunteers/volunteer_form.html",
        {
            "programme": programme,
            "form": form,
            "consent_form": consent_form,
            "text": text,
            "may_review": privacy_access.may_review(request.user, programme),
        },
        status=400 if failed or (request.method == "POST" and text is None) else 200,
    )


def _service_errors(form: VolunteerForm, consent_form: ConsentForm, error: ValidationError) -> None:
    """A service's errors onto the form whose field they name."""
    if not hasattr(error, "error_dict"):
        add_service_errors(form, error)
        return
    for field, errors in error.error_dict.items():
        target = consent_form if field in consent_form.fields else form
        target.add_error(field if field in target.fields else None, errors)


@require_GET
@login_required
def volunteer_detail(request: HttpRequest, slug: str, volunteer_id: int) -> HttpResponse:
    volunteer = _volunteer(request, slug, volunteer_id)
    return render(
        request,
        "volunteers/volunteer_detail.html",
        {
            "programme": volunteer.programme,
            "volunteer": volunteer,
            "consents": privacy_queries.consents_of(volunteer, REGISTER).select_related(
                "text", "recorded_by", "withdrawn_by"
            ),
            "register": REGISTER,
            "end_form": EndForm(),
            "card_form": CardForm(),
            "card": queries.cards_in_force(Volunteer.objects.filter(pk=volunteer.pk)).first(),
            "may_review": access.may_review_volunteer(request.user, volunteer),
            "tasks": queries.tasks_of(volunteer),
            "years": queries.hours_per_year(volunteer),
            "hours_total": queries.hours_total(volunteer),
            "event_parts": queries.events_of(volunteer),
            "personal_link": queries.personal_link_current(volunteer),
            "link_form": PersonalLinkIssueForm(email=volunteer.email),
            "certificates": queries.certificates_of(volunteer),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def volunteer_update(request: HttpRequest, slug: str, volunteer_id: int) -> HttpResponse:
    volunteer = _volunteer(request, slug, volunteer_id)
    programme = volunteer.programme
    form = VolunteerForm(
        request.POST or None,
        programme=programme,
        estates=access.own_estates(request.user, programme),
        volunteer=volunteer,
        initial=VolunteerForm.initial_for(volunteer),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_update(volunteer=volunteer, **form.details())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Ændringerne er gemt."))
            return redirect(volunteer)
    return render(
        request,
        "volunteers/volunteer_form.html",
        {"programme": programme, "form": form, "volunteer": volunteer},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_POST
@login_required
def volunteer_end(request: HttpRequest, slug: str, volunteer_id: int) -> HttpResponse:
    volunteer = _volunteer(request, slug, volunteer_id)
    form = EndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv datoen, den frivillige stoppede."))
        return redirect(volunteer)
    try:
        services.volunteer_end(volunteer=volunteer, ended_on=form.cleaned_data["ended_on"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Den frivillige er registreret som stoppet."))
    return redirect(volunteer)


@require_POST
@login_required
def volunteer_withdraw(request: AuthenticatedRequest, slug: str, volunteer_id: int) -> HttpResponse:
    """The volunteer withdrew their consent: they are erased after the grace period unless
    they consent again."""
    volunteer = _volunteer(request, slug, volunteer_id)
    try:
        services.volunteer_withdraw_consent(volunteer=volunteer, withdrawn_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Tilbagetrækningen af samtykket er registreret."))
    return redirect(volunteer)


def _task(request: HttpRequest, slug: str, task_id: int) -> Task:
    return get_with_access(
        Task.objects.select_related("programme", "estate", "activity", "event"),
        lambda task: access.may_keep_task(request.user, task),
        pk=task_id,
        programme__slug=slug,
    )


def _task_form(request: HttpRequest, programme: Programme, task: Task | None = None) -> TaskForm:
    estates = access.own_estates(request.user, programme)
    today = timezone.localdate()
    return TaskForm(
        request.POST or None,
        estates=estates,
        activities=queries.activities_in_force(programme=programme, on=today),
        events=queries.events_for_tasks(
            programme=programme,
            estates=estates if task is None else estates.filter(pk=task.estate_id),
            on=today,
        ),
        task=task,
        initial=TaskForm.initial_for(task) if task is not None else None,
    )


def _this_week(task: Task) -> str:
    year, week, _day = timezone.localdate().isocalendar()
    return reverse(
        "volunteers:week_sheet",
        kwargs={"slug": task.programme.slug, "task_id": task.pk, "year": year, "week": week},
    )


@require_GET
@login_required
def task_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _keeper_programme(request, slug)
    return render(
        request,
        "volunteers/task_list.html",
        {
            "programme": programme,
            "tasks": queries.task_list(access.kept_tasks(request.user, programme)),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def task_create(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _keeper_programme(request, slug)
    form = _task_form(request, programme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = services.task_register(
                programme=programme,
                estate=data["estate"],
                name=data["name"],
                activity=data["activity"],
                event=data["event"],
                started_on=data["started_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Opgaven er oprettet."))
            return redirect(task)
    return render(
        request,
        "volunteers/task_form.html",
        {"programme": programme, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_GET
@login_required
def task_detail(request: HttpRequest, slug: str, task_id: int) -> HttpResponse:
    task = _task(request, slug, task_id)
    kept = access.kept_volunteers(request.user, task.programme)
    return render(
        request,
        "volunteers/task_detail.html",
        {
            "programme": task.programme,
            "task": task,
            "volunteers": queries.sheet_volunteers(task=task, volunteers=kept),
            "assign_form": AssignForm(
                volunteers=queries.assignable_volunteers(task=task, volunteers=kept)
            ),
            "end_form": TaskEndForm(),
            "this_week": _this_week(task),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def task_update(request: HttpRequest, slug: str, task_id: int) -> HttpResponse:
    task = _task(request, slug, task_id)
    form = _task_form(request, task.programme, task)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.task_update(
                task=task,
                name=data["name"],
                activity=data["activity"],
                event=data["event"],
                started_on=data["started_on"],
                ended_on=data["ended_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Ændringerne er gemt."))
            return redirect(task)
    return render(
        request,
        "volunteers/task_form.html",
        {"programme": task.programme, "form": form, "task": task},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
@login_required
def task_end(request: HttpRequest, slug: str, task_id: int) -> HttpResponse:
    task = _task(request, slug, task_id)
    form = TaskEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv datoen, opgaven sluttede."))
        return redirect(task)
    try:
        services.task_end(task=task, ended_on=form.cleaned_data["ended_on"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Opgaven er afsluttet."))
    return redirect(task)


@require_POST
@login_required
def task_assign(request: HttpRequest, slug: str, task_id: int) -> HttpResponse:
    task = _task(request, slug, task_id)
    kept = access.kept_volunteers(request.user, task.programme)
    form = AssignForm(request.POST, volunteers=kept)
    if not form.is_valid():
        messages.error(request, _("Vælg en frivillig."))
        return redirect(task)
    try:
        services.task_assign(task=task, volunteer=form.cleaned_data["volunteer"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Den frivillige er sat på opgaven."))
    return redirect(task)


@require_POST
@login_required
def task_unassign(request: HttpRequest, slug: str, task_id: int, volunteer_id: int) -> HttpResponse:
    task = _task(request, slug, task_id)
    volunteer = get_with_access(
        Volunteer.objects.select_related("programme"),
        lambda volunteer: access.may_keep_volunteer(request.user, volunteer),
        pk=volunteer_id,
        programme=task.programme,
    )
    try:
        services.task_unassign(task=task, volunteer=volunteer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Den frivillige er taget af opgaven; timerne er bevaret."))
    return redirect(task)


def _monday(year: int, week: int) -> datetime.date:
    try:
        return datetime.date.fromisocalendar(year, week, 1)
    except ValueError as error:
        raise Http404 from error


def _week_url(task: Task, monday: datetime.date) -> str:
    year, week, _day = monday.isocalendar()
    return reverse(
        "volunteers:week_sheet",
        kwargs={"slug": task.programme.slug, "task_id": task.pk, "year": year, "week": week},
    )


@require_http_methods(["GET", "POST"])
@login_required
def week_sheet(
    request: AuthenticatedRequest, slug: str, task_id: int, year: int, week: int
) -> HttpResponse:
    """A task's week for its volunteers in one screen: saved whole, in one transaction, under
    the idempotency key the page was rendered with."""
    task = _task(request, slug, task_id)
    monday = _monday(year, week)
    days = services.week_days(monday)
    volunteers = queries.sheet_volunteers(
        task=task, volunteers=access.kept_volunteers(request.user, task.programme)
    )
    entries = queries.hours_in_week(task=task, volunteer_ids=[v.pk for v in volunteers], days=days)
    form = WeekSheetForm(request.POST or None, volunteers=volunteers, days=days, entries=entries)
    if request.method == "POST":
        if form.is_valid():

            def save() -> HttpResponse:
                saved = services.week_sheet_save(
                    task=task,
                    monday=monday,
                    volunteers=volunteers,
                    cells=form.cells(),
                    logged_by=request.user,
                )
                messages.success(
                    request,
                    _("Ugen er gemt: %(created)s nye, %(changed)s ændrede, %(deleted)s slettede.")
                    % {
                        "created": saved.created,
                        "changed": saved.changed,
                        "deleted": saved.deleted,
                    },
                )
                return redirect(_week_url(task, monday))

            try:
                return idempotency.form_write(
                    request, key=form.cleaned_data["idempotency_key"], run=save
                )
            except ValidationError as error:
                add_service_errors(form, error)
        else:
            # A repeated POST that its first request made invalid gets the first answer.
            replayed = idempotency.form_replay(request)
            if replayed is not None:
                return replayed
    return render(
        request,
        "volunteers/week_sheet.html",
        {
            "programme": task.programme,
            "task": task,
            "form": form,
            "days": days,
            "week": week,
            "year": year,
            "previous": _week_url(task, monday - datetime.timedelta(days=7)),
            "next": _week_url(task, monday + datetime.timedelta(days=7)),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# Cards --------------------------------------------------------------------------------


@require_POST
@login_required
def card_issue(request: AuthenticatedRequest, slug: str, volunteer_id: int) -> HttpResponse:
    volunteer = _volunteer(request, slug, volunteer_id)
    form = CardForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv datoen, kortet er gyldigt til."))
        return redirect(volunteer)
    try:
        services.card_issue(
            volunteer=volunteer,
            valid_until=form.cleaned_data["valid_until"],
            issued_by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Kortet er udstedt. Et tidligere kort er ikke længere gyldigt.")
        )
    return redirect(volunteer)


@require_POST
@login_required
def card_revoke(request: HttpRequest, slug: str, volunteer_id: int) -> HttpResponse:
    volunteer = _volunteer(request, slug, volunteer_id)
    if services.card_revoke(volunteer=volunteer):
        messages.success(request, _("Kortet er tilbagekaldt."))
    else:
        messages.error(request, _("Den frivillige har intet gyldigt kort."))
    return redirect(volunteer)


def _qr_code_svg(url: str, *, title: str | None = None) -> SafeString:
    svg = segno.make(url, error="m").svg_inline(
        scale=3,
        border=2,
        dark="#000",
        light="#fff",
        title=title or _("Tjek kortet"),
        svgclass="qr-code",
    )
    # segno's own markup, in which segno escapes the title.
    return mark_safe(svg)


def _cards_pdf(request: HttpRequest, cards: list[VolunteerCard], filename: str) -> HttpResponse:
    """The cards on A4 sheets for cutting, eight a page, each with the QR code that opens
    the public check page (an absolute address: the phone reading it knows no host)."""
    html = render_to_string(
        "volunteers/cards_pdf.html",
        {
            "cards": [
                (
                    card,
                    _qr_code_svg(
                        request.build_absolute_uri(
                            reverse("volunteers:card_check", args=[card.token])
                        )
                    ),
                )
                for card in cards
            ]
        },
        request=request,
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def card_pdf(request: HttpRequest, slug: str, volunteer_id: int) -> HttpResponse:
    volunteer = _volunteer(request, slug, volunteer_id)
    card = queries.cards_in_force(Volunteer.objects.filter(pk=volunteer.pk)).first()
    if card is None:
        raise Http404
    return _cards_pdf(request, [card], f"frivilligkort-{volunteer.pk}.pdf")


@require_GET
@login_required
def card_sheet(request: HttpRequest, slug: str) -> HttpResponse:
    """The cards in force of the volunteers the person keeps, as the list's filters narrow
    them."""
    programme = _keeper_programme(request, slug)
    volunteers = queries.volunteer_list(
        volunteers=access.kept_volunteers(request.user, programme),
        **_filters(request, programme).narrowing(),
    )
    cards = list(queries.cards_in_force(volunteers))
    if not cards:
        messages.error(request, _("Ingen af de viste frivillige har et gyldigt kort."))
        return redirect("volunteers:list", slug=programme.slug)
    return _cards_pdf(request, cards, f"frivilligkort-{programme.slug}.pdf")


@require_GET
def card_check(request: HttpRequest, token: str) -> HttpResponse:
    """Public, with no login: whoever scans a card learns whether it is valid and, if it is,
    the first name and the programme. Every other case gets the same answer."""
    card = queries.card_in_force(token)
    return _private_page(render(request, "volunteers/card_check.html", {"card": card}))


# Volunteer parties, invitations and events' helpers


def _event(request: HttpRequest, slug: str, event_id: int) -> Event:
    return get_with_access(
        Event.objects.select_related("programme", "type"),
        lambda event: access.may_keep_event_volunteers(request.user, event),
        pk=event_id,
        programme__slug=slug,
    )


def event_volunteers(request: HttpRequest, *, event: Event) -> dict[str, object] | None:
    """The volunteers' section of an event's page (the slot ``events.event_detail``): the
    counts for those who may count volunteers, the names of those they keep for keepers,
    and the event's own helper figure beside the registered helpers."""
    if not access.may_count(request.user, event.programme):
        return None
    counts = queries.event_volunteer_counts(event)
    figure = event.resident_volunteers
    may_keep = access.may_keep_event_volunteers(request.user, event)
    return {
        "volunteer_counts": counts,
        "helper_figure": figure,
        # More registered resident helpers than the event says helped: the figure is behind.
        "helpers_exceed_figure": counts.resident_helpers > (figure or 0),
        "volunteer_parts": (
            queries.event_parts(
                event=event, volunteers=access.kept_volunteers(request.user, event.programme)
            )
            if may_keep
            else None
        ),
        "may_keep_volunteers": may_keep,
        "may_set_helper_figure": counts.resident_helpers != figure
        and access.may_set_helper_figure(request.user, event),
    }


@require_http_methods(["GET", "POST"])
@login_required
def event_invite(request: HttpRequest, slug: str, event_id: int) -> HttpResponse:
    """A checklist of the active volunteers a person keeps, filtered as the list is, to
    invite to the event."""
    event = _event(request, slug, event_id)
    filters = _filters(request, event.programme)
    volunteers = queries.invitable_volunteers(
        event=event,
        volunteers=access.kept_volunteers(request.user, event.programme),
        **filters.narrowing(),
    )
    form = InviteForm(request.POST or None, volunteers=volunteers)
    if request.method == "POST" and form.is_valid():
        try:
            invited = services.event_invite(
                event=event,
                volunteers=form.cleaned_data["volunteers"],
                invited_on=form.cleaned_data["invited_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d frivillig er inviteret.",
                    "%(count)d frivillige er inviteret.",
                    invited,
                )
                % {"count": invited},
            )
            return redirect(event)
    return render(
        request,
        "volunteers/event_invite.html",
        {"programme": event.programme, "event": event, "form": form, "filters": filters},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def event_attendance(request: HttpRequest, slug: str, event_id: int) -> HttpResponse:
    """One form for the event's volunteers (those the person keeps): who came, who helped."""
    event = _event(request, slug, event_id)
    parts = list(
        queries.event_parts(
            event=event, volunteers=access.kept_volunteers(request.user, event.programme)
        )
    )
    if request.method == "POST" and not parts:
        # Nothing of the person's on the event to mark.
        raise Http404
    form = AttendanceForm(request.POST or None, parts=parts)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_attendance_save(event=event, marks=form.marks())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Fremmødet er gemt."))
            return redirect(event)
    return render(
        request,
        "volunteers/event_attendance.html",
        {"programme": event.programme, "event": event, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
@login_required
def event_helper_figure(request: HttpRequest, slug: str, event_id: int) -> HttpResponse:
    """Sets the event's figure of resident volunteers who helped from the registered ones."""
    event = get_with_access(
        Event.objects.select_related("programme", "type"),
        lambda event: access.may_set_helper_figure(request.user, event),
        pk=event_id,
        programme__slug=slug,
    )
    try:
        event = services.event_helper_figure_set(event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Arrangementets antal frivillige beboere, der hjalp, er nu %(count)s.")
            % {"count": event.resident_volunteers},
        )
    return redirect(event)


# The personal link ----------------------------------------------------------------------

# Requests to personal links per client address and minute (a household shares an address)
# and per link and minute: far above a person reading their own pages, far below a script.
LINK_BY_ADDRESS = throttle.Limit("personal-link-address", requests=60, seconds=60)
LINK_BY_TOKEN = throttle.Limit("personal-link", requests=30, seconds=60)

LinkView = Callable[..., HttpResponse]


def _private_page(response: HttpResponse) -> HttpResponse:
    """A page whose address is a key: not indexed, not kept in any cache, and never sent on
    as a referrer. ``strict-origin`` rather than ``no-referrer``: both keep the address (the
    token) out of every Referer, to other sites and to our own logs alike, but under
    ``no-referrer`` browsers send ``Origin: null`` with a form's POST, which Django's CSRF
    check refuses: the page's forms and the language switch would fail."""
    response["Referrer-Policy"] = "strict-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-store"
    return response


def personal_link_page(view: LinkView) -> LinkView:
    """A page of the volunteer's personal link, with no login: counted by the throttle, then
    the link of the token in force or the one page every other token gets (invalid,
    tampered, expired, revoked alike), with the private page's headers on every answer."""

    @functools.wraps(view)
    def page(request: HttpRequest, token: str, **kwargs: Any) -> HttpResponse:
        # ``&``, not ``and``: every request counts against both limits.
        allowed = throttle.hit(LINK_BY_ADDRESS, throttle.client_address(request)) & throttle.hit(
            LINK_BY_TOKEN, token
        )
        if not allowed:
            return _private_page(throttle.refused(request, LINK_BY_TOKEN))
        link = queries.personal_link_in_force(token)
        if link is None:
            return _private_page(
                render(request, "volunteers/personal_link_invalid.html", status=404)
            )
        services.personal_link_used(link=link)
        return _private_page(view(request, link, token, **kwargs))

    return page


def _link_context(link: PersonalLink, token: str, **more: object) -> dict[str, object]:
    return {"volunteer": link.volunteer, "link": link, "token": token, **more}


@require_GET
@personal_link_page
def me_overview(request: HttpRequest, link: PersonalLink, token: str) -> HttpResponse:
    """What is registered about the volunteer, for the volunteer."""
    volunteer = link.volunteer
    return render(
        request,
        "volunteers/me_overview.html",
        _link_context(
            link,
            token,
            consent=volunteer.consent,
            consent_text=volunteer.consent.text,
            tasks=queries.tasks_of(volunteer),
            recent_hours=queries.recent_hours(volunteer),
            years=queries.hours_per_year(volunteer),
            hours_total=queries.hours_total(volunteer),
            cards=queries.cards_of(volunteer),
            certificate=queries.latest_certificate(volunteer),
            minimum_hours=queries.certificate_policy(volunteer.programme).minimum_hours,
            may_log=queries.loggable_tasks(volunteer).exists(),
        ),
    )


def _link_form_page(
    request: HttpRequest,
    link: PersonalLink,
    token: str,
    *,
    form: Any,
    write: Callable[[dict[str, Any]], object],
    done: str,
    template: str,
) -> HttpResponse:
    """A form of the personal link's pages: on a valid POST the one write, then back to the
    overview saying ``done``; otherwise the page with the form (400 when refused)."""
    if request.method == "POST" and form.is_valid():
        try:
            write(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("volunteers:me", token=token)
    return render(
        request,
        template,
        _link_context(link, token, form=form),
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@personal_link_page
def me_hours(request: HttpRequest, link: PersonalLink, token: str) -> HttpResponse:
    volunteer = link.volunteer
    return _link_form_page(
        request,
        link,
        token,
        form=OwnHoursForm(request.POST or None, tasks=queries.loggable_tasks(volunteer)),
        write=lambda data: services.volunteer_hours_log(volunteer=volunteer, **data),
        done=_("Dine timer er gemt."),
        template="volunteers/me_hours.html",
    )


@require_http_methods(["GET", "POST"])
@personal_link_page
def me_contact(request: HttpRequest, link: PersonalLink, token: str) -> HttpResponse:
    volunteer = link.volunteer
    return _link_form_page(
        request,
        link,
        token,
        form=ContactForm(
            request.POST or None, initial={"phone": volunteer.phone, "email": volunteer.email}
        ),
        write=lambda data: services.volunteer_contact_update(volunteer=volunteer, **data),
        done=_("Dine kontaktoplysninger er gemt."),
        template="volunteers/me_contact.html",
    )


@require_http_methods(["GET", "POST"])
@personal_link_page
def me_withdraw(request: HttpRequest, link: PersonalLink, token: str) -> HttpResponse:
    """A confirmation step, then the withdrawal; the answer says the link works no more."""
    if request.method == "POST":
        # Withdrawn by a request sent at the same moment: the same answer.
        with contextlib.suppress(ValidationError):
            services.volunteer_withdraw_own_consent(volunteer=link.volunteer)
        return render(request, "volunteers/me_withdrawn.html", {"volunteer": link.volunteer})
    return render(request, "volunteers/me_withdraw.html", _link_context(link, token))


@require_GET
@personal_link_page
def me_data(request: HttpRequest, link: PersonalLink, token: str) -> HttpResponse:
    """Everything the register holds about the volunteer, as the staff's export gives it."""
    response = JsonResponse(
        privacy_queries.personal_data_json(link.volunteer, REGISTER),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = 'attachment; filename="mine-oplysninger.json"'
    return response


@require_GET
@personal_link_page
def me_certificate(
    request: HttpRequest, link: PersonalLink, token: str, language: str
) -> HttpResponse:
    """The volunteer's latest certificate in Danish or English; without one, the overview,
    which says how many hours a certificate needs."""
    certificate = queries.latest_certificate(link.volunteer)
    if certificate is None or language not in certificates.LANGUAGES:
        return redirect("volunteers:me", token=token)
    chosen = cast(certificates.Language, language)
    response = HttpResponse(
        certificates.certificate_pdf(certificate, chosen), content_type="application/pdf"
    )
    filename = certificates.certificate_filename(certificate, chosen)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@login_required
def personal_link_issue(
    request: AuthenticatedRequest, slug: str, volunteer_id: int
) -> HttpResponse:
    """A new link, shown once (the database keeps no token) as text and as a QR code to scan,
    and sent by e-mail if the staff member chose so."""
    volunteer = _volunteer(request, slug, volunteer_id)
    form = PersonalLinkIssueForm(request.POST, email=volunteer.email)
    if not form.is_valid():
        # Only the hidden key can be refused (the box is optional): a tampered form.
        messages.error(request, _("Formularens nøgle er ugyldig."))
        return redirect(volunteer)
    send = bool(form.cleaned_data.get("send"))
    issued_now: list[services.IssuedLink] = []

    def issue() -> HttpResponse:
        issued_now.append(services.personal_link_issue(volunteer=volunteer, issued_by=request.user))
        # What a re-sent POST of this form gets (the idempotency record keeps the answer):
        # never the page with the token, which must be stored nowhere, but the volunteer's
        # page; and the link just shown or sent is not revoked by a second issue.
        return redirect(volunteer)

    try:
        answer = idempotency.form_write(
            request, key=form.cleaned_data["idempotency_key"], run=issue
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(volunteer)
    if not issued_now:
        if answer.has_header(idempotency.REPLAYED_HEADER):
            messages.info(
                request,
                _(
                    "Linket var allerede udstedt og vises kun én gang. Udsted et nyt, hvis "
                    "den frivillige ikke fik det."
                ),
            )
        return answer
    issued = issued_now[0]
    url = request.build_absolute_uri(reverse("volunteers:me", args=[issued.token]))
    mail_failed = False
    if send:
        # The link is issued either way: a mail server that fails leaves the QR code and the
        # text to hand over. The error's class only: its text may hold the address.
        try:
            services.personal_link_mail(link=issued.link, url=url)
        except (smtplib.SMTPException, OSError) as error:
            logger.error("The personal link could not be mailed: %s", type(error).__name__)
            mail_failed = True
    return _private_page(
        render(
            request,
            "volunteers/personal_link_issued.html",
            {
                "programme": volunteer.programme,
                "volunteer": volunteer,
                "link": issued.link,
                "url": url,
                "qr_code": _qr_code_svg(url, title=_("Åbn dit personlige link")),
                "sent": send and not mail_failed,
                "mail_failed": mail_failed,
            },
        )
    )


@require_POST
@login_required
def personal_link_revoke(request: HttpRequest, slug: str, volunteer_id: int) -> HttpResponse:
    volunteer = _volunteer(request, slug, volunteer_id)
    if services.personal_link_revoke(volunteer=volunteer):
        messages.success(request, _("Det personlige link er tilbagekaldt."))
    else:
        messages.error(request, _("Den frivillige har intet personligt link."))
    return redirect(volunteer)


# The certificate ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def certificate_issue(request: AuthenticatedRequest, slug: str, volunteer_id: int) -> HttpResponse:
    """The hours, period and tasks found, and the competences to write: issued on POST,
    refused under the programme's minimum of hours."""
    volunteer = _volunteer(request, slug, volunteer_id)
    form = CertificateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def issue() -> HttpResponse:
            services.certificate_issue(
                volunteer=volunteer,
                competences=form.cleaned_data["competences"],
                issued_by=request.user,
            )
            messages.success(request, _("Frivilligbeviset er udstedt."))
            return redirect(volunteer)

        try:
            return idempotency.form_write(
                request, key=form.cleaned_data["idempotency_key"], run=issue
            )
        except ValidationError as error:
            add_service_errors(form, error)
    # Counted once, for the page and the suggestion (the issue counts under its own lock).
    found = queries.certificate_hours(volunteer)
    if not form.is_bound:
        form.initial = {"competences": queries.competences_suggested(volunteer, found)}
    return render(
        request,
        "volunteers/certificate_form.html",
        {
            "programme": volunteer.programme,
            "volunteer": volunteer,
            "found": found,
            "minimum": queries.certificate_policy(volunteer.programme).minimum_hours,
            "form": form,
            "may_set_rules": access.may_set_certificate_rules(request.user, volunteer.programme),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_GET
@login_required
def certificate_pdf(
    request: HttpRequest, slug: str, volunteer_id: int, certificate_id: int, language: str
) -> HttpResponse:
    volunteer = _volunteer(request, slug, volunteer_id)
    certificate = queries.certificates_of(volunteer).filter(pk=certificate_id).first()
    if certificate is None or language not in certificates.LANGUAGES:
        raise Http404
    chosen = cast(certificates.Language, language)
    response = HttpResponse(
        certificates.certificate_pdf(certificate, chosen), content_type="application/pdf"
    )
    filename = certificates.certificate_filename(certificate, chosen)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def certificate_rules(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_set_certificate_rules)
    policy = queries.certificate_policy(programme)
    form = CertificateRulesForm(
        request.POST or None,
        heads=queries.secretariat_heads(programme),
        initial={"minimum_hours": policy.minimum_hours, "signer": policy.signer_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_rules_set(
                programme=programme,
                minimum_hours=form.cleaned_data["minimum_hours"],
                signer=form.cleaned_data["signer"],
                changed_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Reglerne for frivilligbeviser er gemt."))
            return redirect("volunteers:certificate_rules", slug=programme.slug)
    return render(
        request,
        "volunteers/certificate_rules.html",
        {"programme": programme, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )
