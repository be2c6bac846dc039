"""Pages of the budget follow-up: one view per action, each asking ``budget.access`` first."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhedsplan.accounts.access import AuthenticatedRequest, User
from helhedsplan.agreements.models import Agreement
from helhedsplan.budget import access, exports, queries, services, staged_import
from helhedsplan.budget.forms import BudgetYearForm, ImportUploadForm, StaffYearForm
from helhedsplan.budget.services import ImportRow
from helhedsplan.core import exports as core_exports
from helhedsplan.core import queries as core_queries
from helhedsplan.core import services as core_services
from helhedsplan.core.forms import add_service_errors
from helhedsplan.core.lookups import get_with_access
from helhedsplan.core.models import StagedImport


def _agreement(
    request: HttpRequest, agreement_id: int, allowed: Callable[[User, Agreement], bool]
) -> Agreement:
    return get_with_access(
        Agreement.objects.select_related("programme", "focus_area"),
        lambda agreement: allowed(request.user, agreement),
        pk=agreement_id,
    )


@require_GET
@login_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    if not access.may_view_anywhere(request.user):
        raise PermissionDenied
    agreements = queries.agreements_in(access.readable_programmes(request.user))
    if len(agreements) == 1:
        return redirect("budget:detail", agreement_id=agreements[0].pk)
    return render(request, "budget/list.html", {"agreements": agreements})


@require_GET
@login_required
def agreement_budget(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement(request, agreement_id, access.may_view)
    return render(
        request,
        "budget/detail.html",
        {
            "agreement": agreement,
            "budget": queries.budget_table(agreement),
            "staff": queries.staff_table(agreement),
            "may_keep": access.may_keep(request.user, agreement),
        },
    )


@require_GET
@login_required
def budget_export(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement(request, agreement_id, access.may_view)
    return core_exports.xlsx_sheets_response(
        title=_("Budget %(agreement)s") % {"agreement": agreement.focus_area.name},
        sheets=exports.sheets(agreement),
    )


def _year(years: list[int], year: int) -> int:
    if year not in years:
        raise Http404
    return year


@require_http_methods(["GET", "POST"])
@login_required
def budget_year(request: HttpRequest, agreement_id: int, year: int) -> HttpResponse:
    agreement = _agreement(request, agreement_id, access.may_keep)
    table = queries.budget_table(agreement)
    _year(table.years, year)
    form = BudgetYearForm(
        request.POST or None, table=table, year=year, lines=queries.line_names(agreement, year)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_year_set(
                agreement=agreement, year=year, amounts=form.amounts(), user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Budgettet for %(year)s er gemt.") % {"year": year})
            return redirect("budget:detail", agreement_id=agreement.pk)
    return render(
        request,
        "budget/year_form.html",
        {"agreement": agreement, "year": year, "form": form, "budget": table},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def staff_year(request: HttpRequest, agreement_id: int, year: int) -> HttpResponse:
    agreement = _agreement(request, agreement_id, access.may_keep)
    table = queries.staff_table(agreement)
    _year(table.years, year)
    form = StaffYearForm(
        request.POST or None, table=table, year=year, roles=queries.staff_roles(agreement, year)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_year_set(
                agreement=agreement, year=year, hours=form.hours(), user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Timerne for %(year)s er gemt.") % {"year": year})
            return redirect("budget:detail", agreement_id=agreement.pk)
    return render(
        request,
        "budget/staff_form.html",
        {"agreement": agreement, "year": year, "form": form},
        status=400 if form.errors else 200,
    )


# Import ----------------------------------------------------------------------------------


def _staged(request: AuthenticatedRequest, agreement: Agreement) -> StagedImport | None:
    """The user's upload waiting for confirmation into ``agreement``, if any."""
    staged = core_queries.staged_import_for(owner=request.user, kind=staged_import.KIND)
    if staged is None or staged.target.get("agreement") != agreement.pk:
        return None
    return staged


def _rows(staged: StagedImport) -> list[ImportRow] | None:
    """The rows of the staged file, or None when a line of it is gone from the agreement."""
    try:
        return core_queries.staged_import_content(staged)
    except ValidationError:
        return None


@require_GET
@login_required
def import_template(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement(request, agreement_id, access.may_keep)
    response = HttpResponse(
        staged_import.template_bytes(agreement), content_type=core_exports.XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = 'attachment; filename="forbrug.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def import_upload(request: AuthenticatedRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement(request, agreement_id, access.may_keep)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    row_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            core_services.staged_import_stage(
                owner=request.user,
                kind=staged_import.KIND,
                upload=form.cleaned_data["file"],
                target={"agreement": agreement.pk},
            )
        except ValidationError as error:
            if all(problem.code == staged_import.ROW_ERROR for problem in error.error_list):
                row_errors = error.messages
            else:
                form.add_error("file", error)
        else:
            return redirect("budget:import_preview", agreement_id=agreement.pk)
    return render(
        request,
        "budget/import_upload.html",
        {
            "agreement": agreement,
            "form": form,
            "row_errors": row_errors,
            "lines": queries.line_names(agreement),
        },
        status=400 if form.errors or row_errors else 200,
    )


@require_GET
@login_required
def import_preview(request: AuthenticatedRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement(request, agreement_id, access.may_keep)
    staged = _staged(request, agreement)
    rows = _rows(staged) if staged else None
    return render(
        request,
        "budget/import_preview.html",
        {"agreement": agreement, "staged": staged, "rows": rows},
    )


@require_POST
@login_required
def import_confirm(request: AuthenticatedRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement(request, agreement_id, access.may_keep)
    staged = _staged(request, agreement)
    rows = _rows(staged) if staged else None
    if staged is not None and rows is None:
        # A line of the file is gone from the agreement since the preview.
        core_services.staged_import_discard(staged=staged)
    if staged is None or rows is None:
        messages.error(request, _("Filen kunne ikke længere læses. Upload den igen."))
        return redirect("budget:import", agreement_id=agreement.pk)
    try:
        result = core_services.staged_import_confirm(
            staged=staged,
            apply=lambda: services.budget_spend_import(
                agreement=agreement, rows=rows, user=request.user
            ),
        )
    except ValidationError as error:
        messages.error(
            request, _("Intet er gemt: %(reason)s") % {"reason": " ".join(error.messages)}
        )
        return redirect("budget:import_preview", agreement_id=agreement.pk)
    messages.success(
        request,
        _("%(name)s er importeret: %(created)s nye og %(updated)s ændrede år.")
        % {"name": staged.original_name, "created": result.created, "updated": result.updated},
    )
    return redirect("budget:detail", agreement_id=agreement.pk)
