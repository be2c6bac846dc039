"""The resident grant pools' pages: the public application form (no login) and its receipt,
the paper form for staff, the pools with their counts, a pool's applications and an
application's page, and the pool's QR poster."""

from __future__ import annotations

from typing import Any, TypeVar

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhedsplan.accounts.access import AuthenticatedRequest, programme_with_access
from helhedsplan.core import exports, idempotency, throttle
from helhedsplan.core.forms import add_service_errors
from helhedsplan.core.lookups import get_with_access, one_programme_or_choice
from helhedsplan.core.pdf import render_pdf
from helhedsplan.grants import access, documents, queries, services
from helhedsplan.grants.forms import (
    FIRST_LINES,
    MOST_LINES,
    ApplicationForm,
    AttachmentsForm,
    BudgetLineFormSet,
    CloseForm,
    DecisionForm,
    FrameForm,
    GuidelineForm,
    HoneypotForm,
    MeetingForm,
    MemberForm,
    MoneyYearForm,
    OnlineConsentForm,
    OpenForm,
    PaperConsentForm,
    PayoutForm,
    PlaceForm,
    PoolForm,
    QuestionForm,
    ReportForm,
    ReportYearForm,
    ReviewForm,
    RoundForm,
    StatusFilterForm,
    budget_lines,
)
from helhedsplan.grants.models import (
    Application,
    Channel,
    Closing,
    CommitteeMeeting,
    Decision,
    Outcome,
    Payout,
    Pool,
    ReportFileRole,
    RoundKind,
)
from helhedsplan.grants.money import format_kroner
from helhedsplan.grants.register import REGISTER
from helhedsplan.privacy import access as privacy_access
from helhedsplan.privacy import queries as privacy_queries
from helhedsplan.programmes.models import Estate, Programme

# The applications one address may send in an hour: a group applies a few times a year, a
# flood is refused (adding a budget line re-renders the form and is not counted).
APPLICATIONS_BY_ADDRESS = throttle.Limit(scope="grants-apply", requests=5, seconds=60 * 60)
# The whole of one application's request: three attachments of 10 MB and the text around
# them. Anything larger is refused before anything of it is kept (Django's CSRF check has
# parsed the body by then; the proxy's body limit is what stops it earlier).
REQUEST_MAX_BYTES = 31 * 1024 * 1024
# The session's key for the reference number the receipt page shows.
RECEIPT_KEY = "grants_receipt"


def _pool_estates(pool: Pool) -> Any:
    estates = Estate.objects.filter(programme=pool.programme)
    return estates.filter(pk=pool.estate_id) if pool.estate_id else estates


class _Refused(Exception):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def _line_initial(request: HttpRequest) -> list[dict[str, str]]:
    """The budget lines as sent, for showing them again with one more."""
    try:
        count = int(request.POST.get("lines-TOTAL_FORMS", FIRST_LINES))
    except ValueError:
        count = FIRST_LINES
    count = max(0, min(count, MOST_LINES))
    return [
        {
            "description": request.POST.get(f"lines-{index}-description", ""),
            "amount": request.POST.get(f"lines-{index}-amount", ""),
        }
        for index in range(count)
    ]


def _service_errors(
    error: ValidationError,
    form: ApplicationForm,
    attachments_form: AttachmentsForm,
    consent_form: OnlineConsentForm | PaperConsentForm,
) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        for target in (form, attachments_form, consent_form):
            if field in target.fields:
                target.add_error(field, errors)
                break
        else:
            form.add_error(None, errors)


def _application_page(
    request: HttpRequest, pool: Pool, *, estates: Any, paper: bool, template: str
) -> tuple[Application | None, HttpResponse | None]:
    """The application form, shared by the public page and the staff's paper form: the
    refusals that come before reading the request, one more budget line on request, and the
    submission. Returns the application made, or the page to answer with."""
    text = privacy_queries.consent_text_in_force(programme=pool.programme, register=REGISTER.key)
    consent_class = PaperConsentForm if paper else OnlineConsentForm
    context: dict[str, Any] = {
        "pool": pool,
        "programme": pool.programme,
        "text": text,
        "guideline": queries.guideline_in_force(pool),
        "paper": paper,
        "most_lines": MOST_LINES,
        "honeypot": HoneypotForm(),
    }
    status = 200
    if request.method == "POST":
        try:
            made = _submitted(
                request, pool, estates=estates, paper=paper, text=text, context=context
            )
        except _Refused as refused:
            context.update(
                form=ApplicationForm(estates=estates),
                lines=BudgetLineFormSet(prefix="lines", initial=[{}] * FIRST_LINES),
                attachments_form=AttachmentsForm(),
                consent_form=consent_class(prefix="consent"),
                refusal=refused.message,
            )
            response = render(request, template, context, status=refused.status)
            if refused.status == 429:
                response["Retry-After"] = str(APPLICATIONS_BY_ADDRESS.seconds)
            return None, response
        if isinstance(made, Application):
            return made, None
        status = made
    else:
        context.update(
            form=ApplicationForm(estates=estates),
            lines=BudgetLineFormSet(prefix="lines", initial=[{}] * FIRST_LINES),
            attachments_form=AttachmentsForm(),
            consent_form=consent_class(prefix="consent"),
        )
    return None, render(request, template, context, status=status)


def _submitted(
    request: HttpRequest,
    pool: Pool,
    *,
    estates: Any,
    paper: bool,
    text: Any,
    context: dict[str, Any],
) -> Application | int:
    """Reads a POST of the form: the application made, or the status of the page that shows
    the form again (``context`` then holds its forms). Raises ``_Refused`` for a request
    refused whole."""
    consent_class = PaperConsentForm if paper else OnlineConsentForm
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > REQUEST_MAX_BYTES:
        raise _Refused(_("Ansøgningen er for stor. Bilagene må højst fylde 10 MB hver."), 413)
    adding_line = "add_line" in request.POST
    if (
        not paper
        and not adding_line
        and not throttle.hit(APPLICATIONS_BY_ADDRESS, throttle.client_address(request))
    ):
        raise _Refused(
            _(
                "Der er sendt for mange ansøgninger fra denne forbindelse. Prøv igen om en time, "
                "eller kontakt medarbejderne."
            ),
            429,
        )
    if HoneypotForm(request.POST).is_spam():
        raise _Refused(_("Ansøgningen kunne ikke sendes. Prøv igen."), 400)
    if adding_line:
        initial = _line_initial(request)
        if len(initial) < MOST_LINES:
            initial.append({})
        context.update(
            form=ApplicationForm(initial=request.POST.dict(), estates=estates),
            lines=BudgetLineFormSet(prefix="lines", initial=initial),
            attachments_form=AttachmentsForm(),
            consent_form=consent_class(
                prefix="consent",
                initial={
                    name.removeprefix("consent-"): value
                    for name, value in request.POST.items()
                    if name.startswith("consent-")
                },
            ),
        )
        return 200
    form = ApplicationForm(request.POST, estates=estates)
    lines = BudgetLineFormSet(request.POST, prefix="lines")
    attachments_form = AttachmentsForm(request.POST, request.FILES)
    consent_form = consent_class(request.POST, request.FILES, prefix="consent")
    context.update(
        form=form, lines=lines, attachments_form=attachments_form, consent_form=consent_form
    )
    if text is None:
        form.add_error(
            None, _("Puljen kan ikke modtage ansøgninger endnu: der er ingen samtykketekst.")
        )
        return 400
    valid = (
        form.is_valid() & lines.is_valid() & attachments_form.is_valid() & consent_form.is_valid()
    )
    if not valid:
        return 400
    try:
        return services.application_submit(
            pool=pool,
            details=form.details(),
            contact=form.contact(),
            consent=consent_form.given(),
            lines=budget_lines(lines),
            attachments=attachments_form.cleaned_data["attachments"],
            channel=Channel.PAPER if paper else Channel.ONLINE,
            entered_by=request.user if paper and request.user.is_authenticated else None,
        )
    except ValidationError as error:
        _service_errors(error, form, attachments_form, consent_form)
        return 400


# The public pages -----------------------------------------------------------------------

PublicResponse = TypeVar("PublicResponse", bound=HttpResponseBase)


def _public(response: PublicResponse) -> PublicResponse:
    """Not for search engines, and the pool's secret address is never sent to another site
    ("same-origin": with "no-referrer" the browser's form posts would say ``Origin: null``,
    which Django's CSRF check refuses)."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, link_key: str) -> HttpResponse:
    """The public application form: no login, reached by the pool's link or poster."""
    pool = queries.pool_by_link(link_key)
    if pool is None:
        raise Http404
    if not pool.is_open:
        return _public(render(request, "grants/closed.html", {"pool": pool}))
    application, response = _application_page(
        request, pool, estates=_pool_estates(pool), paper=False, template="grants/apply.html"
    )
    if application is not None:
        request.session[RECEIPT_KEY] = application.pk
        return redirect("grants:receipt", link_key=link_key)
    assert response is not None
    return _public(response)


@require_GET
def receipt(request: HttpRequest, link_key: str) -> HttpResponse:
    """The receipt of the application this browser just sent: its reference number, nothing
    of the applicant."""
    pool = queries.pool_by_link(link_key)
    application_id = request.session.get(RECEIPT_KEY)
    if pool is None or application_id is None:
        raise Http404
    application = Application.objects.filter(pk=application_id, pool=pool).first()
    if application is None:
        raise Http404
    return _public(
        render(
            request,
            "grants/receipt.html",
            {
                "pool": pool,
                "application": application,
                "amount": format_kroner(application.amount_requested),
                "emailed": bool(application.contact and application.contact.email),
            },
        )
    )


@require_GET
def guideline_pdf(request: HttpRequest, link_key: str) -> FileResponse:
    """The pool's guidelines in force as PDF, for whoever has the pool's link."""
    pool = queries.pool_by_link(link_key)
    guideline = queries.guideline_in_force(pool) if pool is not None else None
    if guideline is None or not guideline.pdf:
        raise Http404
    response = FileResponse(
        guideline.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"retningslinjer-v{guideline.version}.pdf",
    )
    return _public(response)


# The staff's pages -----------------------------------------------------------------------


def _pool(request: HttpRequest, slug: str, pool_id: int) -> Pool:
    return get_with_access(
        Pool.objects.select_related("programme", "estate"),
        lambda pool: access.may_keep_pool(request.user, pool),
        pk=pool_id,
        programme__slug=slug,
    )


@require_GET
@login_required
def grant_index(request: HttpRequest) -> HttpResponse:
    """The menu's address: the pools of the person's programme, or with several, a choice."""
    return one_programme_or_choice(
        request,
        list(access.counted_programmes(request.user)),
        page=_pool_list_page,
        heading=_("Beboerpuljer"),
        url_name="grants:pool_list",
    )


@require_GET
@login_required
def pool_list(request: HttpRequest, slug: str) -> HttpResponse:
    return _pool_list_page(request, programme_with_access(request.user, slug, access.may_count))


def _pool_list_page(request: HttpRequest, programme: Programme) -> HttpResponse:
    rows = queries.pool_counts(programme)
    return render(
        request,
        "grants/pool_list.html",
        {
            "programme": programme,
            "rows": [
                (
                    row,
                    access.may_keep_pool(request.user, row.pool),
                    access.may_manage_pool(request.user, row.pool),
                )
                for row in rows
            ],
            "may_manage": access.may_manage(request.user, programme),
            "may_see_overdue": access.may_keep(request.user, programme),
        },
    )


@require_GET
@login_required
def application_list(request: HttpRequest, slug: str, pool_id: int) -> HttpResponse:
    pool = _pool(request, slug, pool_id)
    filters = StatusFilterForm(request.GET)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    applications = queries.application_list(
        access.kept_applications(request.user, pool), status=status
    )
    return render(
        request,
        "grants/application_list.html",
        {
            "programme": pool.programme,
            "pool": pool,
            "filters": filters,
            "applications": [
                (application, format_kroner(application.amount_requested))
                for application in applications
            ],
            "public_url": request.build_absolute_uri(reverse("grants:apply", args=[pool.link_key])),
            "meetings": pool.meetings.order_by("held_on"),
        },
        status=200 if filters.is_valid() else 400,
    )


@require_http_methods(["GET", "POST"])
@login_required
def application_create(request: AuthenticatedRequest, slug: str, pool_id: int) -> HttpResponse:
    """A paper application, entered by staff in the same form (consent on paper)."""
    pool = _pool(request, slug, pool_id)
    estates = _pool_estates(pool).filter(
        pk__in=access.own_estates(request.user, pool.programme).values("pk")
    )
    application, response = _application_page(
        request, pool, estates=estates, paper=True, template="grants/apply.html"
    )
    if application is not None:
        messages.success(
            request,
            _("Ansøgningen er registreret med referencenummer %(reference)s.")
            % {"reference": application.reference},
        )
        return redirect(application)
    assert response is not None
    return response


def _application(request: HttpRequest, slug: str, application_id: int) -> Application:
    return get_with_access(
        Application.objects.select_related(
            "pool", "programme", "estate", "contact", "round", "reviewed_by", "meeting"
        ),
        lambda found: access.may_keep_application(request.user, found),
        pk=application_id,
        programme__slug=slug,
    )


@require_GET
@login_required
def application_detail(request: HttpRequest, slug: str, application_id: int) -> HttpResponse:
    application = _application(request, slug, application_id)
    return _detail_page(
        request, application, ReviewForm(initial=ReviewForm.initial_for(application))
    )


@require_POST
@login_required
def application_review(
    request: AuthenticatedRequest, slug: str, application_id: int
) -> HttpResponse:
    """Staff's review: notes and the completeness check; a received application goes under
    review."""
    application = _application(request, slug, application_id)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.application_review(
                application=application,
                notes=form.cleaned_data["notes"],
                complete=form.cleaned_data["complete"],
                reviewed_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Behandlingen er gemt."))
            return redirect(application)
    return _detail_page(request, application, form, status=400)


@require_POST
@login_required
def application_question(
    request: AuthenticatedRequest, slug: str, application_id: int
) -> HttpResponse:
    """Staff ask the applicant a question while reviewing (e-mailed when there is an address);
    retry-safe."""
    application = _application(request, slug, application_id)
    form = QuestionForm(request.POST)
    if form.is_valid():
        text = form.cleaned_data["text"]

        def run() -> HttpResponse:
            question = services.application_question(
                application=application, text=text, asked_by=request.user
            )
            messages.success(
                request,
                _("Spørgsmålet er sendt til kontaktpersonen pr. e-mail.")
                if question.emailed
                else _("Spørgsmålet er gemt. Kontaktpersonen har ingen e-mail: ring til dem."),
            )
            return redirect(application)

        try:
            return idempotency.form_write(
                request, key=form.cleaned_data["idempotency_key"], run=run
            )
        except ValidationError as error:
            add_service_errors(form, error)
    else:
        replayed = idempotency.form_replay(request)
        if replayed is not None:
            return replayed
    return _detail_page(request, application, question_form=form, status=400)


@require_POST
@login_required
def contact_withdraw(request: AuthenticatedRequest, slug: str, application_id: int) -> HttpResponse:
    """The contact person withdrew their consent (told staff): erased after the grace period."""
    application = _application(request, slug, application_id)
    if application.contact is None:
        raise Http404
    try:
        services.contact_withdraw_consent(contact=application.contact, withdrawn_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Tilbagetrækningen af samtykket er registreret."))
    return redirect(application)


@require_POST
@login_required
def application_place(request: HttpRequest, slug: str, application_id: int) -> HttpResponse:
    """Staff put a reviewed application on a committee meeting's agenda, or take it off."""
    application = _application(request, slug, application_id)
    form = PlaceForm(request.POST, pool=application.pool)
    if form.is_valid():
        meeting = form.cleaned_data["meeting"]
        try:
            services.application_place(application=application, meeting=meeting)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Ansøgningen er sat på udvalgsmødet %(date)s.")
                % {"date": f"{meeting.held_on:%d.%m.%Y}"}
                if meeting is not None
                else _("Ansøgningen er taget af udvalgets dagsorden."),
            )
            return redirect(application)
    return _detail_page(request, application, place_form=form, status=400)


@require_GET
@login_required
def meeting_agenda(request: HttpRequest, slug: str, pool_id: int, meeting_id: int) -> HttpResponse:
    """The committee's agenda for a meeting, as a PDF a committee member reads: the
    applications placed on it, of the estates the user keeps (the others are counted)."""
    pool = _pool(request, slug, pool_id)
    meeting = CommitteeMeeting.objects.filter(pk=meeting_id, pool=pool).first()
    if meeting is None:
        raise Http404
    items = queries.agenda(access.kept_applications(request.user, pool), meeting)
    others = meeting.applications.count() - len(items)
    html = render_to_string(
        "grants/agenda_pdf.html",
        {
            "pool": pool,
            "meeting": meeting,
            "items": items,
            "others": others,
            "members": pool.committee.all(),
        },
        request=request,
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="dagsorden-{meeting.held_on:%Y-%m-%d}-pulje-{pool.pk}.pdf"'
    )
    return response


@require_POST
@login_required
def application_decide(
    request: AuthenticatedRequest, slug: str, application_id: int
) -> HttpResponse:
    """Staff record the committee's decision; the letter goes to the contact by e-mail."""
    application = _application(request, slug, application_id)
    may_override = access.may_override_frame(request.user, application)
    form = DecisionForm(
        request.POST,
        pool=application.pool,
        override=may_override and "override_reason" in request.POST,
    )
    if form.is_valid():
        data = form.cleaned_data

        def decide() -> HttpResponse:
            decision = services.decision_record(
                application=application,
                outcome=Outcome(data["outcome"]),
                amount_granted=data["amount_granted"],
                meeting=data["meeting"],
                conditions=data["conditions"],
                reasons=data["reasons"],
                report_due_on=data["report_due_on"],
                decided_by=request.user,
                override_reason=data.get("override_reason", ""),
            )
            messages.success(
                request,
                _("Afgørelsen er registreret: %(outcome)s.")
                % {"outcome": decision.get_outcome_display().lower()},
            )
            return redirect(application)

        try:
            return idempotency.form_write(request, key=data["idempotency_key"], run=decide)
        except ValidationError as error:
            form = _with_override(form, error, pool=application.pool, may_override=may_override)
            add_service_errors(form, error)
    else:
        replayed = idempotency.form_replay(request)
        if replayed is not None:
            return replayed
    return _detail_page(request, application, decision_form=form, status=400)


@require_GET
@login_required
def decision_letter(request: HttpRequest, slug: str, application_id: int) -> HttpResponse:
    """The decision letter, as the contact person got it."""
    application = _application(request, slug, application_id)
    decision = Decision.objects.select_related("meeting").filter(application=application).first()
    if decision is None:
        raise Http404
    decision.application = application
    response = HttpResponse(documents.decision_letter(decision), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{documents.decision_letter_name(decision)}"'
    )
    return response


def _detail_page(
    request: HttpRequest,
    application: Application,
    review_form: ReviewForm | None = None,
    *,
    place_form: PlaceForm | None = None,
    decision_form: DecisionForm | None = None,
    report_form: ReportForm | None = None,
    payout_form: PayoutForm | None = None,
    close_form: CloseForm | None = None,
    question_form: QuestionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    money = _money_context(request, application, payout_form=payout_form, close_form=close_form)
    if review_form is None:
        review_form = ReviewForm(initial=ReviewForm.initial_for(application))
    if place_form is None:
        place_form = PlaceForm(initial={"meeting": application.meeting_id}, pool=application.pool)
    if decision_form is None:
        decision_form = DecisionForm(
            initial={"meeting": application.meeting_id},
            pool=application.pool,
            override=money["may_override"] and money["frame_exceeded"],
        )
    decision = (
        Decision.objects.select_related("meeting", "decided_by")
        .filter(application=application)
        .first()
    )
    return render(
        request,
        "grants/application_detail.html",
        {
            "review_form": review_form,
            "reviewable": application.status in services.REVIEWABLE,
            "place_form": place_form,
            "placeable": application.status in services.PLACEABLE,
            "decision_form": decision_form,
            "decidable": application.status in services.DECIDABLE,
            "decision": decision,
            "granted": format_kroner(decision.amount_granted) if decision else "",
            "hints": queries.completeness_hints(application),
            "programme": application.programme,
            "application": application,
            "amount": format_kroner(application.amount_requested),
            "lines": [(line, format_kroner(line.amount)) for line in application.lines.all()],
            "attachments": application.attachments.all(),
            "register": REGISTER,
            **_report_context(application, report_form),
            "consent": application.contact.consent if application.contact else None,
            "question_form": question_form or QuestionForm(),
            "askable": application.status in services.ASKABLE,
            "questions": application.questions.select_related("asked_by"),
            "may_review": application.contact is not None
            and privacy_access.may_review_person(request.user, application.contact),
            **money,
        },
        status=status,
    )


def _qr_code_svg(url: str) -> SafeString:
    svg = segno.make(url, error="m").svg_inline(
        scale=6, border=2, dark="#000", light="#fff", title=_("Søg puljen"), svgclass="qr-code"
    )
    # segno's own markup, in which segno escapes the title.
    return mark_safe(svg)


@require_GET
@login_required
def pool_poster(request: HttpRequest, slug: str, pool_id: int) -> HttpResponse:
    """An A4 poster to hang in the stairwell: the QR code and the link to the public form."""
    pool = _pool(request, slug, pool_id)
    url = request.build_absolute_uri(reverse("grants:apply", args=[pool.link_key]))
    html = render_to_string(
        "grants/poster_pdf.html",
        {"pool": pool, "url": url, "qr": _qr_code_svg(url)},
        request=request,
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="plakat-pulje-{pool.pk}.pdf"'
    return response


# Setting up a pool (the secretariat) -------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def pool_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    programme: Programme = programme_with_access(request.user, slug, access.may_manage)
    form = PoolForm(request.POST or None, estates=access.managed_estates(request.user, programme))
    if request.method == "POST" and form.is_valid():
        try:
            pool = services.pool_create(
                programme=programme,
                estate=form.cleaned_data["estate"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Puljen er oprettet."))
            return redirect("grants:pool_settings", slug=programme.slug, pool_id=pool.pk)
    return render(
        request,
        "grants/pool_form.html",
        {"programme": programme, "form": form},
        status=400 if form.errors else 200,
    )


def _managed_pool(request: HttpRequest, slug: str, pool_id: int) -> Pool:
    return get_with_access(
        Pool.objects.select_related("programme", "estate"),
        lambda pool: access.may_manage_pool(request.user, pool),
        pk=pool_id,
        programme__slug=slug,
    )


def _settings_page(
    request: HttpRequest, pool: Pool, status: int = 200, **bound: Any
) -> HttpResponse:
    forms_shown = {
        "open_form": OpenForm(initial={"is_open": "yes" if pool.is_open else "no"}),
        "frame_form": FrameForm(),
        "guideline_form": GuidelineForm(),
        "round_form": RoundForm(initial={"kind": RoundKind.ROLLING}),
        "member_form": MemberForm(),
        "meeting_form": MeetingForm(),
    } | bound
    return render(
        request,
        "grants/pool_settings.html",
        {
            "programme": pool.programme,
            "pool": pool,
            "frames": [(frame, format_kroner(frame.amount)) for frame in pool.frames.all()],
            "guideline": queries.guideline_in_force(pool),
            "rounds": pool.rounds.all(),
            "members": pool.committee.all(),
            "meetings": pool.meetings.all(),
            **forms_shown,
        },
        status=status,
    )


@require_GET
@login_required
def pool_settings(request: HttpRequest, slug: str, pool_id: int) -> HttpResponse:
    return _settings_page(request, _managed_pool(request, slug, pool_id))


def _pool_write(
    request: HttpRequest,
    pool: Pool,
    form: Any,
    form_name: str,
    write: Any,
    done: str,
) -> HttpResponse:
    """One write of the settings page: the form parsed, the service called, the page again
    with the refused form, or back to it with ``done``."""
    if form.is_valid():
        try:
            write(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("grants:pool_settings", slug=pool.programme.slug, pool_id=pool.pk)
    return _settings_page(request, pool, status=400, **{form_name: form})


@require_POST
@login_required
def pool_open(request: HttpRequest, slug: str, pool_id: int) -> HttpResponse:
    pool = _managed_pool(request, slug, pool_id)
    return _pool_write(
        request,
        pool,
        OpenForm(request.POST),
        "open_form",
        lambda data: services.pool_set_open(pool=pool, is_open=data["is_open"]),
        _("Puljen er gemt."),
    )


@require_POST
@login_required
def frame_set(request: HttpRequest, slug: str, pool_id: int) -> HttpResponse:
    pool = _managed_pool(request, slug, pool_id)
    return _pool_write(
        request,
        pool,
        FrameForm(request.POST),
        "frame_form",
        lambda data: services.pool_frame_set(pool=pool, year=data["year"], amount=data["amount"]),
        _("Rammen er gemt."),
    )


@require_POST
@login_required
def guideline_publish(request: AuthenticatedRequest, slug: str, pool_id: int) -> HttpResponse:
    pool = _managed_pool(request, slug, pool_id)
    return _pool_write(
        request,
        pool,
        GuidelineForm(request.POST, request.FILES),
        "guideline_form",
        lambda data: services.guideline_publish(
            pool=pool, text=data["text"], pdf=data["pdf"] or None, published_by=request.user
        ),
        _("Retningslinjerne er offentliggjort."),
    )


@require_POST
@login_required
def round_create(request: HttpRequest, slug: str, pool_id: int) -> HttpResponse:
    pool = _managed_pool(request, slug, pool_id)
    return _pool_write(
        request,
        pool,
        RoundForm(request.POST),
        "round_form",
        lambda data: services.round_create(
            pool=pool,
            name=data["name"],
            kind=RoundKind(data["kind"]),
            opens_on=data["opens_on"],
            deadline=data["deadline"],
        ),
        _("Runden er oprettet."),
    )


@require_POST
@login_required
def member_add(request: HttpRequest, slug: str, pool_id: int) -> HttpResponse:
    pool = _managed_pool(request, slug, pool_id)
    return _pool_write(
        request,
        pool,
        MemberForm(request.POST),
        "member_form",
        lambda data: services.committee_member_add(pool=pool, name=data["name"], role=data["role"]),
        _("Medlemmet er tilføjet udvalget."),
    )


@require_POST
@login_required
def meeting_add(request: HttpRequest, slug: str, pool_id: int) -> HttpResponse:
    pool = _managed_pool(request, slug, pool_id)
    return _pool_write(
        request,
        pool,
        MeetingForm(request.POST),
        "meeting_form",
        lambda data: services.committee_meeting_add(pool=pool, held_on=data["held_on"]),
        _("Mødet er tilføjet."),
    )


# Part 3 (G3C): the report per programme and year -------------------------------------------


def _report_year(request: HttpRequest, programme: Programme) -> tuple[ReportYearForm, int, int]:
    """The year asked for (this year when none is), the form that chose it, and the page's
    status: 400 for a year the report does not have."""
    years = queries.report_years(programme)
    this_year = timezone.localdate().year
    form = ReportYearForm(request.GET or {"year": this_year}, years=years)
    if form.is_valid():
        return form, form.cleaned_data["year"], 200
    return form, this_year, 400


@require_GET
@login_required
def report(request: HttpRequest, slug: str) -> HttpResponse:
    """The pools' figures for a year, per estate and in total: counts and amounts, no
    names."""
    programme = programme_with_access(request.user, slug, access.may_count)
    form, year, status = _report_year(request, programme)
    rows, total = queries.report(programme, year)
    return render(
        request,
        "grants/report.html",
        {
            "programme": programme,
            "form": form,
            "year": year,
            "rows": [
                (row, format_kroner(row.requested), format_kroner(row.granted)) for row in rows
            ],
            "total": (total, format_kroner(total.requested), format_kroner(total.granted)),
        },
        status=status,
    )


@require_GET
@login_required
def report_export(request: HttpRequest, slug: str, fmt: exports.Format) -> HttpResponse:
    """The report as a spreadsheet, its amounts as numbers, with the total as its last row."""
    programme = programme_with_access(request.user, slug, access.may_count)
    _form, year, status = _report_year(request, programme)
    if status != 200:
        return HttpResponseBadRequest(_("Rapporten har ingen tal for det år."))
    rows, total = queries.report(programme, year)
    return exports.export_response(
        fmt,
        title=_("Beboerpuljer %(year)s") % {"year": year},
        columns=queries.REPORT_COLUMNS,
        rows=[*rows, total],
    )


# Part 3 B: the report back, and overdue reports --------------------------------------------


def _report_context(application: Application, report_form: ReportForm | None) -> dict[str, Any]:
    """The report section of the application's page: the report with its files, or the form
    while the application may be reported on."""
    report = queries.report_of(application)
    files = list(report.files.all()) if report else []
    return {
        "report": report,
        "receipts": [item for item in files if item.role == ReportFileRole.RECEIPT],
        "photos": [item for item in files if item.role == ReportFileRole.PHOTO],
        "reportable": report is None and application.status in services.REPORTABLE,
        "report_form": ReportForm() if report_form is None else report_form,
    }


@require_POST
@login_required
def report_back(request: AuthenticatedRequest, slug: str, application_id: int) -> HttpResponse:
    """Staff enter the group's report back on a paid grant, from what the group hands in."""
    application = _application(request, slug, application_id)
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data

        def record() -> HttpResponse:
            services.report_back_record(
                application=application,
                participants_residents=data["participants_residents"],
                participants_non_residents=data["participants_non_residents"],
                resident_volunteers=data["resident_volunteers"],
                evaluation=data["evaluation"],
                receipts=data["receipts"],
                photos=data["photos"],
                photo_consent=data["photo_consent"],
                entered_by=request.user,
            )
            messages.success(request, _("Afrapporteringen er registreret."))
            return redirect(application)

        try:
            return idempotency.form_write(request, key=data["idempotency_key"], run=record)
        except ValidationError as error:
            add_service_errors(form, error)
    else:
        replayed = idempotency.form_replay(request)
        if replayed is not None:
            return replayed
    return _detail_page(request, application, report_form=form, status=400)


@require_GET
@login_required
def overdue_reports(request: HttpRequest, slug: str) -> HttpResponse:
    """The programme's paid grants whose report back is overdue, in the estates the person
    keeps, with when the contact was last reminded."""
    programme = programme_with_access(request.user, slug, access.may_keep)
    applications = queries.overdue_reports(
        access.kept_programme_applications(request.user, programme),
        today=timezone.localdate(),
    )
    return render(
        request,
        "grants/overdue_reports.html",
        {"programme": programme, "applications": applications},
    )


# Part 3: the frame, the payout, the closing and the pool's money ------------------------------


def _with_override(
    form: DecisionForm, error: ValidationError, *, pool: Pool, may_override: bool
) -> DecisionForm:
    """The decision form again after a refusal: with the override's field once the grant went
    beyond the frame, for those who may give it."""
    beyond = hasattr(error, "error_dict") and any(
        item.code == services.FRAME_EXCEEDED for item in error.error_dict.get("amount_granted", [])
    )
    if not beyond or not may_override or "override_reason" in form.fields:
        return form
    shown = DecisionForm(form.data, pool=pool, override=True)
    shown.is_valid()
    return shown


def _money_context(
    request: HttpRequest,
    application: Application,
    *,
    payout_form: PayoutForm | None,
    close_form: CloseForm | None,
) -> dict[str, Any]:
    """The application's page, on money: the frame left for a decision, the payout and the
    closing, and their forms where the workflow allows them."""
    decidable = application.status in services.DECIDABLE
    frame = queries.pool_money(application.pool, application.starts_on.year) if decidable else None
    payout = Payout.objects.filter(application=application).first()
    closing = Closing.objects.select_related("closed_by").filter(application=application).first()
    granted = (
        Decision.objects.filter(application=application)
        .values_list("amount_granted", flat=True)
        .first()
    )
    payable = application.status in services.PAYABLE
    if payout_form is None and payable:
        payout_form = PayoutForm(initial={"paid_on": timezone.localdate(), "amount": granted})
    return {
        "frame": frame,
        "frame_exceeded": frame is not None and application.amount_requested > frame.remaining,
        "may_override": access.may_override_frame(request.user, application),
        "payout": payout,
        "payable": payable,
        "payout_form": payout_form,
        "closing": closing,
        "closable": application.status in services.CLOSABLE,
        "close_form": close_form or CloseForm(),
    }


def _money_write(
    request: AuthenticatedRequest,
    application: Application,
    form: PayoutForm | CloseForm,
    write: Any,
    done: str,
) -> HttpResponse:
    """One money write of the application's page, retry-safe: the form parsed, the service
    called under the form's key, back to the page with ``done`` or the page with the form
    refused."""
    if form.is_valid():
        data = form.cleaned_data

        def run() -> HttpResponse:
            write(data)
            messages.success(request, done)
            return redirect(application)

        try:
            return idempotency.form_write(request, key=data["idempotency_key"], run=run)
        except ValidationError as error:
            add_service_errors(form, error)
    else:
        replayed = idempotency.form_replay(request)
        if replayed is not None:
            return replayed
    return _detail_page(
        request,
        application,
        payout_form=form if isinstance(form, PayoutForm) else None,
        close_form=form if isinstance(form, CloseForm) else None,
        status=400,
    )


@require_POST
@login_required
def payout_record(request: AuthenticatedRequest, slug: str, application_id: int) -> HttpResponse:
    """Staff record that the housing organisation has paid the grant out."""
    application = _application(request, slug, application_id)
    return _money_write(
        request,
        application,
        PayoutForm(request.POST),
        lambda data: services.payout_record(
            application=application,
            paid_on=data["paid_on"],
            amount=data["amount"],
            voucher=data["voucher"],
            recorded_by=request.user,
        ),
        _("Udbetalingen er registreret."),
    )


@require_POST
@login_required
def application_close(
    request: AuthenticatedRequest, slug: str, application_id: int
) -> HttpResponse:
    """Staff close the grant; what was not used goes back to the pool's frame."""
    application = _application(request, slug, application_id)
    return _money_write(
        request,
        application,
        CloseForm(request.POST),
        lambda data: services.application_close(
            application=application,
            returned=data["returned"],
            returned_on=data["returned_on"],
            note=data["note"],
            closed_by=request.user,
        ),
        _("Bevillingen er afsluttet."),
    )


@require_GET
@login_required
def pool_money(request: HttpRequest, slug: str, pool_id: int) -> HttpResponse:
    """A pool's money in a year: the frame, committed, paid, returned and remaining, and the
    grants behind the figures."""
    pool = _pool(request, slug, pool_id)
    this_year = timezone.localdate().year
    years = sorted({*queries.money_years(pool), this_year}, reverse=True)
    chooser = MoneyYearForm(request.GET or {"year": this_year}, years=years)
    year = chooser.cleaned_data["year"] if chooser.is_valid() else this_year
    page = queries.money_page(pool, access.kept_applications(request.user, pool), year)
    return render(
        request,
        "grants/pool_money.html",
        {
            "programme": pool.programme,
            "pool": pool,
            "year": year,
            "chooser": chooser,
            "page": page,
        },
        status=200 if chooser.is_valid() else 400,
    )
