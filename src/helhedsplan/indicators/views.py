"""Pages of the indicators: one view per action, each asking ``indicators.access`` first."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from helhedsplan.agreements.models import Agreement
from helhedsplan.core import charts
from helhedsplan.indicators import access, forms, queries, services
from helhedsplan.indicators.models import Indicator, IndicatorStatus, Unit
from helhedsplan.indicators.services import BaselineSpec, TargetSpec


def _agreement(request: HttpRequest, agreement_id: int, allowed=access.may_view) -> Agreement:
    agreement = get_object_or_404(
        Agreement.objects.select_related("programme", "focus_area"), pk=agreement_id
    )
    if not allowed(request.user, agreement):
        raise PermissionDenied
    return agreement


def _indicator(request: HttpRequest, indicator_id: int, allowed=access.may_view) -> Indicator:
    indicator = get_object_or_404(
        queries.with_definitions(
            Indicator.objects.select_related("agreement__programme", "agreement__focus_area")
        ),
        pk=indicator_id,
    )
    if not allowed(request.user, indicator.agreement):
        raise PermissionDenied
    return indicator


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _chosen_year(years: list[int], today) -> int:
    """The running year while the agreement runs, else its last (or first) year."""
    if today.year in years:
        return today.year
    return years[-1] if today.year > years[-1] else years[0]


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


@require_GET
@login_required
def dashboard(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement(request, agreement_id)
    today = timezone.localdate()
    version = queries.current_version(agreement, today)
    years = queries.agreement_years(agreement, version)
    estates = queries.estates_of(agreement, version)
    filters = forms.DashboardFilterForm(request.GET or None, years=years, estates=estates)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    year = chosen.get("year") or _chosen_year(years, today)
    board = queries.dashboard(
        agreement, today=today, estate=chosen.get("estate"), version=version, estates=estates
    )
    return render(
        request,
        "indicators/dashboard.html",
        {
            "agreement": agreement,
            "board": board,
            "year": year,
            "rows": board.for_year(year),
            "lock": board.locks.get(year),
            "filters": filters,
            "rule": queries.status_words(),
            "may_edit": access.may_edit(request.user, agreement),
            "may_lock": access.may_lock(request.user, agreement),
        },
        status=400 if filters.is_bound and not filters.is_valid() else 200,
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
            "rule": queries.status_words(),
        },
    )


def _shared(values: list[float | None]) -> float | None:
    """The one value every line shares, or None: a chart draws a single reference line."""
    found = set(values)
    return found.pop() if len(found) == 1 else None


def _chart(indicator: Indicator, board: queries.Dashboard, scopes: list) -> str:
    results = {
        scope: [board.results[(indicator.pk, scope.pk if scope else None, y)] for y in board.years]
        for scope in scopes
    }
    lines = [
        charts.Line(
            scope.name if scope else _("Alle boligområder"),
            [charts.Point(str(r.year), r.value) for r in found],
            ("solid", "dashed", "dotted")[index % 3],
        )
        for index, (scope, found) in enumerate(results.items())
    ]
    targets = [r.target for found in results.values() for r in found]
    shared_target = _shared(targets)
    if shared_target is None:
        # Targets that differ by estate or year (the straight path's guides): one line each.
        lines += [
            charts.Line(
                _("Mål, %(scope)s") % {"scope": scope.name if scope else _("alle")},
                [charts.Point(str(r.year), r.target) for r in found],
                "dotted",
            )
            for scope, found in results.items()
            if any(r.target is not None for r in found)
        ]
    weekly = any(r.sub_results for found in results.values() for r in found)
    title = str(indicator)
    if weekly:
        title = _("%(indicator)s: andelen af ugerne, der nåede målet") % {"indicator": title}
    return charts.line_chart(
        title=title,
        lines=lines,
        unit="%" if indicator.unit == Unit.PERCENT or weekly else "",
        target=shared_target,
        target_label=_("Mål"),
        baseline=_shared([found[-1].baseline for found in results.values()]),
        baseline_label=_("Udgangspunkt"),
    )


@require_GET
@login_required
def detail(request: HttpRequest, indicator_id: int) -> HttpResponse:
    indicator = _indicator(request, indicator_id)
    board, scopes = queries.indicator_results(indicator)
    years = board.years
    year = request.GET.get("year", "")
    year = (
        int(year)
        if year.isdigit() and int(year) in years
        else _chosen_year(years, timezone.localdate())
    )
    rows = [(scope, [board.cell(indicator, scope, y) for y in years]) for scope in scopes]
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
            "lineages": lineages,
            "chart": _chart(indicator, board, scopes),
            "rule": queries.status_words(),
            "filters": queries.filter_words(indicator.source, indicator.source_filter)
            if indicator.source
            else [],
            "may_edit": access.may_edit(request.user, indicator.agreement),
            "series": queries.series_of(indicator),
            "listed": queries.LISTED,
        },
    )


@require_GET
@login_required
def proposals(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement(request, agreement_id, access.may_edit)
    return render(
        request,
        "indicators/proposals.html",
        {
            "agreement": agreement,
            "proposals": queries.proposals(agreement),
            "proposed": Indicator.objects.filter(
                agreement=agreement, status=IndicatorStatus.PROPOSED
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def confirm(request: HttpRequest, agreement_id: int, key: str) -> HttpResponse:
    """Review the parser's proposal for a criterion; posting the form creates the indicator."""
    agreement = _agreement(request, agreement_id, access.may_edit)
    proposal = queries.proposal_for(agreement, key)
    if proposal is None:
        raise Http404
    version = queries.current_version(agreement, timezone.localdate())
    estates = queries.estates_of(agreement, version)
    existing = set(Indicator.objects.filter(agreement=agreement).values_list("code", flat=True))
    form_kwargs = {"agreement": agreement, "estates": estates}
    if request.method == "POST":
        form = forms.ProposalForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                indicator = services.indicator_create(
                    agreement=agreement,
                    criterion_key=key,
                    user=request.user,
                    provenance=proposal.proposed.as_json(),
                    targets=form.targets(),
                    baselines=form.baselines(),
                    **form.definition(),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request, _("Indikatoren %(code)s er oprettet.") % {"code": indicator.code}
                )
                return redirect(indicator)
    else:
        form = forms.ProposalForm(
            initial=forms.proposal_initial(
                proposal.proposed,
                code=queries.suggested_code(proposal.criterion, existing),
                name=proposal.criterion.text[:300],
                estates=estates,
            ),
            **form_kwargs,
        )
    return render(
        request,
        "indicators/confirm.html",
        {"agreement": agreement, "proposal": proposal, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: HttpRequest, indicator_id: int) -> HttpResponse:
    indicator = _indicator(request, indicator_id, access.may_edit)
    if request.method == "POST":
        form = forms.IndicatorForm(request.POST, instance=indicator, agreement=indicator.agreement)
        if form.is_valid():
            try:
                services.indicator_update(
                    indicator=Indicator.objects.get(pk=indicator.pk),
                    status=IndicatorStatus.CONFIRMED,
                    **form.definition(),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Indikatoren er gemt."))
                return redirect(indicator)
    else:
        form = forms.IndicatorForm(instance=indicator, agreement=indicator.agreement)
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
    estates = indicator.agreement.programme.estates.all()
    kwargs = {"form_kwargs": {"estates": estates}}
    if request.method == "POST":
        target_forms = forms.TargetFormSet(request.POST, prefix="targets", **kwargs)
        baseline_forms = forms.BaselineFormSet(request.POST, prefix="baselines", **kwargs)
        if target_forms.is_valid() and baseline_forms.is_valid():
            chosen_targets = [
                TargetSpec(
                    f.cleaned_data["value"],
                    f.cleaned_data["estate"],
                    f.cleaned_data["year"],
                    f.cleaned_data["guide"],
                )
                for f in target_forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            chosen_baselines = [
                BaselineSpec(
                    f.cleaned_data["year"], f.cleaned_data["value"], f.cleaned_data["estate"]
                )
                for f in baseline_forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                services.targets_and_baselines_replace(
                    indicator=indicator, targets=chosen_targets, baselines=chosen_baselines
                )
            except ValidationError as error:
                target_forms._non_form_errors = target_forms.error_class(error.messages)
            else:
                messages.success(request, _("Mål og udgangspunkter er gemt."))
                return redirect(indicator)
    else:
        target_forms = forms.TargetFormSet(
            prefix="targets",
            initial=[
                {"estate": t.estate_id, "year": t.year, "value": t.value, "guide": t.guide}
                for t in indicator.targets.all()
            ],
            **kwargs,
        )
        baseline_forms = forms.BaselineFormSet(
            prefix="baselines",
            initial=[
                {"estate": b.estate_id, "year": b.year, "value": b.value}
                for b in indicator.baselines.all()
            ],
            **kwargs,
        )
    return render(
        request,
        "indicators/targets.html",
        {
            "indicator": indicator,
            "agreement": indicator.agreement,
            "target_forms": target_forms,
            "baseline_forms": baseline_forms,
        },
        status=400 if target_forms.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def lock(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """The board closes a finished year: its figures are kept as they are now."""
    agreement = _agreement(request, agreement_id, access.may_lock)
    today = timezone.localdate()
    version = queries.current_version(agreement, today)
    locked = set(agreement.period_locks.values_list("year", flat=True))
    open_years = [
        y for y in queries.agreement_years(agreement, version) if y < today.year and y not in locked
    ]
    form = forms.LockForm(request.POST or None, years=open_years)
    if request.method == "POST" and form.is_valid():
        try:
            services.period_lock(
                agreement=agreement,
                year=form.cleaned_data["year"],
                user=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            year = form.cleaned_data["year"]
            messages.success(
                request, _("Året %(year)s er afsluttet, og tallene er gemt.") % {"year": year}
            )
            return redirect(f"{agreement_dashboard_url(agreement)}?year={year}")
    return render(
        request,
        "indicators/lock.html",
        {"agreement": agreement, "form": form, "open_years": open_years, "locked": sorted(locked)},
        status=400 if form.is_bound else 200,
    )


def agreement_dashboard_url(agreement: Agreement) -> str:
    return reverse("indicators:dashboard", kwargs={"agreement_id": agreement.pk})
