"""Pages of the indicators: one view per action, each asking ``indicators.access`` first."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from helhedsplan.accounts.access import User
from helhedsplan.agreements.models import Agreement
from helhedsplan.core import exports
from helhedsplan.core.forms import add_service_errors
from helhedsplan.core.lookups import get_with_access
from helhedsplan.indicators import access, forms, presentation, queries, services
from helhedsplan.indicators.models import Indicator

Rule = Callable[[User, Agreement], bool]


def _agreement(
    request: HttpRequest, agreement_id: int, allowed: Rule = access.may_view
) -> Agreement:
    return get_with_access(
        Agreement.objects.select_related("programme", "focus_area"),
        lambda agreement: allowed(request.user, agreement),
        pk=agreement_id,
    )


def _indicator(
    request: HttpRequest, indicator_id: int, allowed: Rule = access.may_view
) -> Indicator:
    return get_with_access(
        queries.with_definitions(
            Indicator.objects.select_related("agreement__programme", "agreement__focus_area")
        ),
        lambda indicator: allowed(request.user, indicator.agreement),
        pk=indicator_id,
    )


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    if not access.may_view_any(request.user):
        raise PermissionDenied
    return render(
        request,
        "indicators/index.html",
        {"agreements": queries.agreements_for(request.user).order_by("programme__name")},
    )


def _dashboard_request(
    request: HttpRequest, agreement_id: int
) -> tuple[Agreement, forms.DashboardFilterForm, queries.Dashboard, int]:
    """The agreement, the dashboard's filters as the request gives them, the board they ask
    for and its year: what the dashboard shows and its exports write."""
    agreement = _agreement(request, agreement_id)
    today = timezone.localdate()
    version = queries.current_version(agreement, today)
    estates = queries.estates_of(agreement, version)
    filters = forms.DashboardFilterForm(
        request.GET or None,
        years=queries.agreement_years(agreement, version),
        today=today,
        estates=estates,
    )
    board = queries.dashboard(
        agreement, today=today, estate=filters.chosen_estate(), version=version, estates=estates
    )
    return agreement, filters, board, filters.chosen_year()


@require_GET
@login_required
def dashboard(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement, filters, board, year = _dashboard_request(request, agreement_id)
    return render(
        request,
        "indicators/dashboard.html",
        {
            "agreement": agreement,
            "board": board,
            "year": year,
            "rows": board.for_year(year),
            "year_version": board.version_for(year),
            "version_words": board.version_words(year),
            "summary": board.summary(year),
            "lock": board.locks.get(year),
            "filters": filters,
            "rule": presentation.status_rule(),
            "may_edit": access.may_edit(request.user, agreement),
            "may_propose": access.may_propose(request.user, agreement),
            "may_lock": access.may_lock(request.user, agreement),
        },
        status=400 if filters.is_bound and not filters.is_valid() else 200,
    )


@require_GET
@login_required
def dashboard_export(request: HttpRequest, agreement_id: int, fmt: exports.Format) -> HttpResponse:
    """The dashboard's grid as a spreadsheet, for the year and estate chosen."""
    agreement, filters, board, year = _dashboard_request(request, agreement_id)
    estate = filters.chosen_estate()
    title = _("Indikatorer %(year)s %(name)s") % {
        "year": year,
        "name": estate.name if estate else agreement.focus_area.name,
    }
    return exports.export_response(
        fmt, title=title, columns=queries.DASHBOARD_EXPORT_COLUMNS, rows=board.entries(year)
    )


@require_GET
@login_required
def years(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement(request, agreement_id)
    board = queries.dashboard(agreement)
    return render(
        request,
        "indicators/years.html",
        {
            "agreement": agreement,
            "board": board,
            "rows": board.over_years(),
            "rule": presentation.status_rule(),
        },
    )


@require_GET
@login_required
def detail(request: HttpRequest, indicator_id: int) -> HttpResponse:
    indicator = _indicator(request, indicator_id)
    board, scopes = queries.indicator_results(indicator)
    # A year the indicator does not have shows its default year, as a link without one does.
    year = forms.YearForm(request.GET, years=board.years, today=timezone.localdate()).chosen_year()
    rows = [(scope, [board.cell(indicator, scope, y) for y in board.years]) for scope in scopes]
    lineages = [
        (
            board.cell(indicator, scope, year),
            queries.lineage(
                indicator,
                board.estates,
                board.results[(indicator.pk, scope.pk if scope else None, year)],
                request.user,
            ),
        )
        for scope in scopes
    ]
    return render(
        request,
        "indicators/detail.html",
        {
            "indicator": indicator,
            "agreement": indicator.agreement,
            "board": board,
            "year": year,
            "rows": rows,
            # Which version's targets judged each year.
            "year_versions": [
                (y, board.version_words(y)) for y in board.years if board.version_for(y)
            ],
            "lineages": lineages,
            "chart": presentation.chart(indicator, board, scopes),
            "rule": presentation.status_rule(),
            # The year's rule for a weekly (…) target, once however many estates share it.
            "share_rules": list(
                dict.fromkeys(
                    rule
                    for cell, _lineage in lineages
                    if cell is not None and (rule := presentation.share_rule(cell.result))
                )
            ),
            "counted": presentation.counted(indicator),
            "may_edit": access.may_edit(request.user, indicator.agreement),
            "series": queries.series_of(indicator),
            "listed": queries.LISTED,
        },
    )


@require_GET
@login_required
def proposals(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement(request, agreement_id, access.may_propose)
    return render(
        request,
        "indicators/proposals.html",
        {
            "agreement": agreement,
            "may_edit": access.may_edit(request.user, agreement),
            "proposals": queries.proposals(agreement),
            "proposed": queries.proposed_indicators(agreement),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def confirm(request: HttpRequest, agreement_id: int, key: str) -> HttpResponse:
    """Review the parser's proposal for a criterion; posting the form creates the indicator,
    confirmed by those who define indicators, else as a proposal waiting for them."""
    agreement = _agreement(request, agreement_id, access.may_propose)
    confirms = access.may_edit(request.user, agreement)
    proposal = queries.proposal_for(agreement, key)
    if proposal is None:
        raise Http404
    form = forms.ProposalForm(
        request.POST if request.method == "POST" else None,
        agreement=agreement,
        estates=queries.current_estates(agreement, timezone.localdate()),
        proposal=proposal,
    )
    if form.is_valid():
        try:
            indicator = (services.proposal_confirm if confirms else services.proposal_submit)(
                agreement=agreement,
                proposal=proposal,
                user=request.user,
                definition=form.definition(),
                targets=form.targets(),
                baselines=form.baselines(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if confirms:
                messages.success(
                    request, _("Indikatoren %(code)s er oprettet.") % {"code": indicator.code}
                )
                return redirect(indicator)
            messages.success(
                request,
                _(
                    "Forslaget til indikatoren %(code)s er gemt. Den tæller med, når "
                    "sekretariatet har bekræftet den."
                )
                % {"code": indicator.code},
            )
            return redirect("indicators:proposals", agreement_id=agreement.pk)
    return render(
        request,
        "indicators/confirm.html",
        {"agreement": agreement, "proposal": proposal, "form": form, "confirms": confirms},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: HttpRequest, indicator_id: int) -> HttpResponse:
    indicator = _indicator(request, indicator_id, access.may_edit)
    form = forms.IndicatorForm(
        request.POST if request.method == "POST" else None,
        instance=indicator,
        agreement=indicator.agreement,
    )
    if form.is_valid():
        try:
            services.indicator_define(indicator=indicator, definition=form.definition())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Indikatoren er gemt."))
            return redirect(indicator)
    return render(
        request,
        "indicators/edit.html",
        {"indicator": indicator, "agreement": indicator.agreement, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def targets(request: HttpRequest, indicator_id: int) -> HttpResponse:
    indicator = _indicator(request, indicator_id, access.may_edit)
    form = forms.TargetsForm(
        request.POST if request.method == "POST" else None, indicator=indicator
    )
    if form.is_valid():
        try:
            services.indicator_targets_set(
                indicator=indicator, targets=form.targets(), baselines=form.baselines()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Mål og udgangspunkter er gemt."))
            return redirect(indicator)
    return render(
        request,
        "indicators/targets.html",
        {"indicator": indicator, "agreement": indicator.agreement, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def lock(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """The board closes a finished year: its figures are kept as they are now."""
    agreement = _agreement(request, agreement_id, access.may_lock)
    open_years, locked = queries.years_to_close(agreement, timezone.localdate())
    form = forms.LockForm(request.POST if request.method == "POST" else None, years=open_years)
    if form.is_valid():
        year = form.cleaned_data["year"]
        try:
            services.period_lock(
                agreement=agreement, year=year, user=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Året %(year)s er afsluttet, og tallene er gemt.") % {"year": year}
            )
            return redirect(f"{agreement_dashboard_url(agreement)}?year={year}")
    return render(
        request,
        "indicators/lock.html",
        {"agreement": agreement, "form": form, "open_years": open_years, "locked": locked},
        status=400 if form.is_bound else 200,
    )


def agreement_dashboard_url(agreement: Agreement) -> str:
    return reverse("indicators:dashboard", kwargs={"agreement_id": agreement.pk})


@require_GET
@login_required
def revisions(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """The criteria a later version rewords, each beside the words before it, with the
    parser's reading of the new words to confirm as that version's targets."""
    agreement = _agreement(request, agreement_id, access.may_edit)
    return render(
        request,
        "indicators/revisions.html",
        {"agreement": agreement, "revisions": queries.revisions(agreement)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def revise(request: HttpRequest, agreement_id: int, number: int, key: str) -> HttpResponse:
    agreement = _agreement(request, agreement_id, access.may_edit)
    revision = queries.revision_for(agreement, number, key)
    if revision is None:
        raise Http404
    form = forms.RevisionForm(
        request.POST if request.method == "POST" else None, proposed=revision.proposed
    )
    if form.is_valid():
        try:
            services.indicator_revise(
                indicator=revision.indicator, version=revision.version, targets=form.targets()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Målet for %(code)s gælder fra version %(number)s.")
                % {"code": revision.indicator.code, "number": number},
            )
            return redirect("indicators:revisions", agreement_id=agreement.pk)
    return render(
        request,
        "indicators/revise.html",
        {
            "agreement": agreement,
            "revision": revision,
            "form": form,
            "targets": revision.indicator.targets.select_related("estate", "version"),
        },
        status=400 if form.is_bound else 200,
    )
