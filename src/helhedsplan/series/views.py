"""Pages of the external statistics: one view per action, each asking ``series.access`` first."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhedsplan.accounts.access import AuthenticatedRequest, User, programme_with_access
from helhedsplan.core import exports
from helhedsplan.core import queries as core_queries
from helhedsplan.core import services as core_services
from helhedsplan.core.charts import Line, Point, bar_chart, line_chart
from helhedsplan.core.forms import add_service_errors
from helhedsplan.core.lookups import get_with_access
from helhedsplan.core.models import StagedImport
from helhedsplan.core.numbers import decimals_for, format_value
from helhedsplan.programmes.models import Programme
from helhedsplan.series import access, queries, services, staged_import
from helhedsplan.series.forms import (
    ImportUploadForm,
    ObservationForm,
    SeriesForm,
    SeriesSearchForm,
)
from helhedsplan.series.importers import ParsedRow
from helhedsplan.series.models import Observation, Scope, Series, Unit

UNIT_SYMBOLS = {Unit.PERCENT: "%", Unit.AMOUNT_DKK: "kr.", Unit.COUNT: "", Unit.RATIO: ""}
# Estates are drawn solid; the comparisons dashed (municipality) and dotted (organisation).
LINE_STYLES = {
    Scope.ESTATE: "solid",
    Scope.MUNICIPALITY: "dashed",
    Scope.HOUSING_ORGANISATION: "dotted",
}


def _series(
    request: HttpRequest, slug: str, code: str, allowed: Callable[[User, Programme], bool]
) -> Series:
    return get_with_access(
        Series.objects.select_related("programme"),
        lambda series: allowed(request.user, series.programme),
        programme__slug=slug,
        code=code,
    )


def unit_symbol(series: Series) -> str:
    return UNIT_SYMBOLS[Unit(series.unit)]


def series_chart(series: Series, table: queries.SeriesTable) -> SafeString:
    """The estates against the comparisons, period by period; a single period as bars."""
    if len(table.rows) == 1:
        row = table.rows[0]
        return bar_chart(
            title=f"{series.name} {row.period_label}",
            bars=[
                Point(column.name, None if cell is None else float(cell.value))
                for column, cell in zip(table.columns, row.cells, strict=True)
            ],
            unit=unit_symbol(series),
        )
    lines = [
        Line(
            name=column.name,
            points=[
                Point(
                    row.period_label,
                    None if (cell := row.cells[index]) is None else float(cell.value),
                    row.period_start,
                )
                for row in table.rows
            ],
            style=LINE_STYLES[Scope(column.scope)],
        )
        for index, column in enumerate(table.columns)
    ]
    return line_chart(title=series.name, lines=lines, unit=unit_symbol(series))


def _shown(observation: Observation | None, symbol: str, decimals: int | None = None) -> str:
    if observation is None:
        return "–"
    return format_value(float(observation.value), symbol, decimals)


# Series --------------------------------------------------------------------------------


def _listed_series(request: HttpRequest, slug: str) -> tuple[Programme, SeriesSearchForm, str]:
    """The programme and the list's search as the request gives it: the list shows and its
    exports write ``queries.series_for`` of them."""
    programme = programme_with_access(request.user, slug, access.may_view)
    form = SeriesSearchForm(request.GET)
    return programme, form, form.cleaned_data["q"] if form.is_valid() else ""


@require_GET
@login_required
def series_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme, form, search = _listed_series(request, slug)
    return render(
        request,
        "series/list.html",
        {
            "programme": programme,
            "search_form": form,
            "series_list": queries.series_for(programme, search=search),
            "may_edit": access.may_edit(request.user, programme),
        },
    )


@require_GET
@login_required
def series_export(request: HttpRequest, slug: str, fmt: exports.Format) -> HttpResponse:
    """The list as a spreadsheet, with the list's search."""
    programme, _form, search = _listed_series(request, slug)
    return exports.export_response(
        fmt,
        title=_("Statistik %(programme)s") % {"programme": programme.name},
        columns=queries.EXPORT_COLUMNS,
        rows=queries.series_for(programme, search=search),
    )


@require_http_methods(["GET", "POST"])
@login_required
def series_create(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_edit)
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            series = services.series_create(programme=programme, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Serien «%(name)s» er oprettet.") % {"name": series.name})
            return redirect(series)
    return render(
        request,
        "series/series_form.html",
        {"programme": programme, "form": form, "series": None},
        status=400 if form.errors else 200,
    )


@require_GET
@login_required
def series_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    series = _series(request, slug, code, access.may_view)
    programme = series.programme
    table = queries.series_table(series, programme.estates.all())
    symbol = unit_symbol(series)
    # One number of decimals for the whole table, so that 61,0 stands under 59,9.
    decimals = max((decimals_for(float(o.value)) for o in table.observations), default=0)
    return render(
        request,
        "series/detail.html",
        {
            "programme": programme,
            "series": series,
            "table": table,
            "rows": [
                (row.period_label, [_shown(cell, symbol, decimals) for cell in row.cells])
                for row in table.rows
            ],
            "observations": [(o, _shown(o, symbol, decimals)) for o in table.observations],
            "has_comparison": any(c.scope != Scope.ESTATE for c in table.columns),
            "chart": series_chart(series, table) if table.rows else None,
            "may_edit": access.may_edit(request.user, programme),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def series_update(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    series = _series(request, slug, code, access.may_edit)
    form = SeriesForm(request.POST or None, instance=Series.objects.get(pk=series.pk))
    if request.method == "POST" and form.is_valid():
        try:
            series = services.series_update(series=series, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Serien er gemt."))
            return redirect(series)
    return render(
        request,
        "series/series_form.html",
        {"programme": series.programme, "form": form, "series": series},
        status=400 if form.errors else 200,
    )


# Observations --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def observation_create(request: AuthenticatedRequest, slug: str, code: str) -> HttpResponse:
    series = _series(request, slug, code, access.may_edit)
    form = ObservationForm(request.POST or None, series=series)
    if request.method == "POST" and form.is_valid():
        try:
            recorded = services.observation_record(
                series=series, user=request.user, **form.observation_details()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            observation = recorded.observation
            message = (
                _("Målingen for %(where)s %(period)s er gemt.")
                if recorded.created
                else _("Målingen for %(where)s %(period)s er opdateret.")
            )
            messages.success(
                request, message % {"where": observation.where, "period": observation.period_label}
            )
            return redirect(series)
    return render(
        request,
        "series/observation_form.html",
        {"programme": series.programme, "series": series, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def observation_delete(
    request: HttpRequest, slug: str, code: str, observation_id: int
) -> HttpResponse:
    series = _series(request, slug, code, access.may_edit)
    observation = get_object_or_404(
        Observation.objects.select_related("estate", "series__programme"),
        pk=observation_id,
        series=series,
    )
    where, period = observation.where, observation.period_label
    services.observation_delete(observation=observation)
    messages.success(
        request,
        _("Målingen for %(where)s %(period)s er slettet.") % {"where": where, "period": period},
    )
    return redirect(series)


# Import --------------------------------------------------------------------------------


def _staged(request: AuthenticatedRequest, programme: Programme) -> StagedImport | None:
    """The user's upload waiting for confirmation into ``programme``, if any."""
    staged = core_queries.staged_import_for(owner=request.user, kind=staged_import.KIND)
    if staged is None or staged.target.get("programme") != programme.pk:
        return None
    return staged


def _rows(staged: StagedImport) -> list[ParsedRow] | None:
    """The rows of the staged file, or None when a series or estate of it is gone."""
    try:
        return core_queries.staged_import_content(staged)
    except ValidationError:
        return None


def _names_rows(error: ValidationError) -> bool:
    """Whether the importer's error lists the file's bad rows, rather than refusing the
    file as a whole."""
    return all(problem.code == staged_import.ROW_ERROR for problem in error.error_list)


@require_http_methods(["GET", "POST"])
@login_required
def import_upload(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_edit)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    row_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            core_services.staged_import_stage(
                owner=request.user,
                kind=staged_import.KIND,
                upload=form.cleaned_data["file"],
                target={"programme": programme.pk},
            )
        except ValidationError as error:
            if _names_rows(error):
                row_errors = error.messages
            else:
                form.add_error("file", error)
        else:
            return redirect("series:import_preview", slug=programme.slug)
    return render(
        request,
        "series/import_upload.html",
        {
            "programme": programme,
            "form": form,
            "row_errors": row_errors,
            "series_list": queries.series_for(programme),
        },
        status=400 if form.errors or row_errors else 200,
    )


@require_GET
@login_required
def import_preview(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_edit)
    staged = _staged(request, programme)
    rows = _rows(staged) if staged else None
    if staged is None or rows is None:
        return render(request, "series/import_preview.html", {"programme": programme})
    plan = queries.import_plan(rows)
    return render(
        request,
        "series/import_preview.html",
        {
            "programme": programme,
            "staged": staged,
            "plan": [
                (
                    planned,
                    format_value(float(planned.row.value), unit_symbol(planned.row.series)),
                    _shown(planned.existing, unit_symbol(planned.row.series)),
                )
                for planned in plan
            ],
            "summary": {
                action: sum(1 for planned in plan if planned.action == action)
                for action in ("new", "changed", "unchanged")
            },
        },
    )


@require_POST
@login_required
def import_confirm(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_edit)
    staged = _staged(request, programme)
    rows = _rows(staged) if staged else None
    if staged is not None and rows is None:
        # A series or estate of the file is gone since the preview: it can never be imported.
        core_services.staged_import_discard(staged=staged)
    if staged is None or rows is None:
        messages.error(request, _("Filen kunne ikke længere læses. Upload den igen."))
        return redirect("series:import", slug=programme.slug)
    try:
        result = core_services.staged_import_confirm(
            staged=staged,
            apply=lambda: services.observations_import(rows=rows, user=request.user),
        )
    except ValidationError as error:
        messages.error(
            request, _("Intet er gemt: %(reason)s") % {"reason": " ".join(error.messages)}
        )
        return redirect("series:import_preview", slug=programme.slug)
    messages.success(
        request,
        _(
            "%(name)s er importeret: %(created)s nye, %(updated)s ændrede "
            "og %(unchanged)s uændrede målinger."
        )
        % {
            "name": staged.original_name,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
    )
    return redirect("series:list", slug=programme.slug)
