"""The status report's pages: the choice of report, the preview with its downloads, the
paragraphs' editor and their approval."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhedsplan.accounts.access import AuthenticatedRequest
from helhedsplan.agreements.models import Agreement
from helhedsplan.core.forms import add_service_errors
from helhedsplan.core.lookups import get_with_access
from helhedsplan.programmes.models import Programme
from helhedsplan.reports import access, queries, services
from helhedsplan.reports import render as files
from helhedsplan.reports.forms import ApproveForm, ScopeForm, TextsForm


def _programme(request: AuthenticatedRequest, programme_id: int) -> Programme:
    return get_with_access(Programme, lambda p: access.may_read(request.user, p), pk=programme_id)


def _scope(
    request: AuthenticatedRequest, programme_id: int, year: int
) -> tuple[Programme, Agreement | None]:
    programme = _programme(request, programme_id)
    form = ScopeForm(programme, request.GET)
    if not form.is_valid():
        raise Http404
    agreement = form.cleaned_data["agreement"]
    if year not in queries.report_years(programme, agreement):
        raise Http404
    return programme, agreement


def _query(agreement: Agreement | None) -> str:
    return "?" + urlencode({"agreement": agreement.pk}) if agreement else ""


@require_GET
@login_required
def index(request: AuthenticatedRequest) -> HttpResponse:
    if not access.may_read_any(request.user):
        raise PermissionDenied
    choices = []
    for programme in access.readable_programmes(request.user).order_by("name"):
        scopes: list[tuple[str, Agreement | None]] = [(programme.name, None)]
        scopes += [
            (agreement.focus_area.name, agreement)
            for agreement in queries.agreements_of(programme, None)
        ]
        for name, agreement in scopes:
            links = [
                (
                    year,
                    reverse("reports:report", args=[programme.pk, year]) + _query(agreement),
                )
                for year in queries.report_years(programme, agreement)
            ]
            choices.append((name, links))
    return render(request, "reports/index.html", {"choices": choices})


@require_GET
@login_required
def report(request: AuthenticatedRequest, programme_id: int, year: int) -> HttpResponse:
    programme, agreement = _scope(request, programme_id, year)
    found = queries.report(
        programme,
        year,
        agreement=agreement,
        with_budget=access.may_see_budget(request.user, programme),
    )
    query = _query(agreement)
    downloads = [
        (label, reverse("reports:download", args=[programme.pk, year, fmt]) + query)
        for fmt, label in (("pdf", "PDF"), ("docx", "Word"), ("xlsx", "Excel"))
    ]
    return render(
        request,
        "reports/report.html",
        {
            "report": found,
            "title": files.title(found),
            "downloads": downloads,
            "may_write": access.may_write(request.user, programme),
            "texts_url": reverse("reports:texts", args=[programme.pk, year]) + query,
        },
    )


@require_GET
@login_required
def download(request: AuthenticatedRequest, programme_id: int, year: int, fmt: str) -> HttpResponse:
    if fmt not in files.CONTENT_TYPES:
        raise Http404
    programme, agreement = _scope(request, programme_id, year)
    found = queries.report(
        programme,
        year,
        agreement=agreement,
        with_budget=access.may_see_budget(request.user, programme),
    )
    response = HttpResponse(files.render(found, fmt), content_type=files.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{files.file_name(found, fmt)}"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def texts(request: AuthenticatedRequest, programme_id: int, year: int) -> HttpResponse:
    """The paragraphs to edit: the draft's where there is one, else the approved version's,
    else the drafts from the figures."""
    programme, agreement = _scope(request, programme_id, year)
    if not access.may_write(request.user, programme):
        raise PermissionDenied
    found = queries.report(
        programme,
        year,
        agreement=agreement,
        with_budget=access.may_see_budget(request.user, programme),
    )
    kept = found.draft.texts if found.draft else found.texts
    paragraphs = [
        (c.text_key, f"{c.key} {c.indicator or c.text}"[:120], kept.get(c.text_key) or c.drafted)
        for c in found.criteria
    ]
    query = _query(agreement)
    if request.method == "POST":
        form = TextsForm(paragraphs, request.POST)
        if form.is_valid():
            try:
                services.report_texts_save(
                    programme=programme,
                    agreement=agreement,
                    year=year,
                    texts=form.texts(),
                    user=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Teksterne er gemt som udkast."))
                return redirect(reverse("reports:texts", args=[programme.pk, year]) + query)
    else:
        form = TextsForm(paragraphs)
    return render(
        request,
        "reports/texts.html",
        {
            "report": found,
            "title": files.title(found),
            "form": form,
            "report_url": reverse("reports:report", args=[programme.pk, year]) + query,
            "approve_url": reverse("reports:approve", args=[programme.pk, year]) + query,
        },
    )


@require_POST
@login_required
def approve(request: AuthenticatedRequest, programme_id: int, year: int) -> HttpResponse:
    programme, agreement = _scope(request, programme_id, year)
    if not access.may_write(request.user, programme):
        raise PermissionDenied
    form = ApproveForm(request.POST)
    draft = queries.versions(programme, agreement, year).filter(approved_at__isnull=True).first()
    if not form.is_valid() or draft is None or draft.version != form.cleaned_data["version"]:
        messages.error(request, _("Der er intet udkast at godkende."))
    else:
        try:
            services.report_approve(report=draft, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Version %(number)s er godkendt.") % {"number": draft.version}
            )
    return redirect(reverse("reports:report", args=[programme.pk, year]) + _query(agreement))
