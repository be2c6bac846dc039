from __future__ import annotations

from collections.abc import Callable
from functools import partial, wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import BaseFormSet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhedsplan.accounts.access import AuthenticatedRequest
from helhedsplan.agreements import access, queries, services, staged_import
from helhedsplan.agreements import document as doc
from helhedsplan.agreements.docx_export import render_docx
from helhedsplan.agreements.forms import (
    ActivityForm,
    AgreementSearchForm,
    ApproveForm,
    BudgetLineFormSet,
    CriterionFormSet,
    ImportConfirmForm,
    ImportUploadForm,
    InForceForm,
    StaffResourceFormSet,
    VersionDiffForm,
    VersionTextForm,
)
from helhedsplan.agreements.models import Agreement, AgreementVersion, FocusArea, VersionStatus
from helhedsplan.core import exports
from helhedsplan.core import queries as core_queries
from helhedsplan.core import services as core_services
from helhedsplan.core.danish import slug
from helhedsplan.core.forms import add_service_errors
from helhedsplan.core.lists import access as lists_access
from helhedsplan.core.lists import registry as lists_registry
from helhedsplan.core.lookups import get_with_access
from helhedsplan.core.models import StagedImport
from helhedsplan.core.pdf import render_pdf
from helhedsplan.programmes.models import Programme

# A rule of agreements/access.py: may this person do that to this agreement?
Rule = Callable[[User, Agreement], bool]


def _agreement(
    request: AuthenticatedRequest, agreement_id: int, rule: Rule = access.may_view
) -> Agreement:
    return get_with_access(
        Agreement.objects.select_related("programme", "focus_area"),
        lambda agreement: rule(request.user, agreement),
        pk=agreement_id,
    )


def _version(
    request: AuthenticatedRequest, agreement_id: int, number: int, rule: Rule = access.may_view
) -> AgreementVersion:
    """The version with its content, for a user who may see the agreement and whom ``rule``
    lets act on it."""
    agreement = _agreement(request, agreement_id)
    version = get_object_or_404(queries.versions_with_content(), agreement=agreement, number=number)
    if not rule(request.user, agreement):
        raise PermissionDenied
    return version


def _on_draft(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Views that change a draft receive it resolved and checked: an approved or proposed
    version is never edited, and asking to goes back to the version's page."""

    @wraps(view)
    def wrapper(
        request: AuthenticatedRequest, agreement_id: int, number: int, **kwargs: Any
    ) -> HttpResponse:
        version = _version(request, agreement_id, number, access.may_edit)
        if version.status != VersionStatus.DRAFT:
            messages.error(request, _("Kun en kladde kan ændres."))
            return redirect(version)
        return view(request, version, **kwargs)

    return wrapper


def _listed_agreements(
    request: AuthenticatedRequest,
) -> tuple[AgreementSearchForm, QuerySet[Agreement]]:
    """The list's search as the request gives it, and the agreements it finds: what the list
    shows and its exports write."""
    if not access.may_view_any(request.user):
        raise PermissionDenied
    form = AgreementSearchForm(request.GET)
    agreements = queries.agreements_for(request.user)
    if form.is_valid():
        agreements = queries.agreements_matching(agreements, form.cleaned_data["q"])
    return form, agreements


@require_GET
@login_required
def agreement_list(request: AuthenticatedRequest) -> HttpResponse:
    form, agreements = _listed_agreements(request)
    return render(
        request,
        "agreements/list.html",
        {
            "search_form": form,
            "agreements": agreements,
            "may_import": access.may_import_anywhere(request.user),
            "may_see_focus_areas": lists_access.may_view(
                request.user, lists_registry.for_model(FocusArea), None
            ),
        },
    )


@require_GET
@login_required
def agreement_export(request: AuthenticatedRequest, fmt: exports.Format) -> HttpResponse:
    """The list as a spreadsheet, with the list's search."""
    _form, agreements = _listed_agreements(request)
    return exports.export_response(
        fmt, title=_("Delaftaler"), columns=queries.EXPORT_COLUMNS, rows=agreements
    )


@require_http_methods(["GET", "POST"])
@login_required
def import_upload(request: AuthenticatedRequest) -> HttpResponse:
    if not access.may_import_anywhere(request.user):
        raise PermissionDenied
    form = ImportUploadForm(
        request.POST or None,
        request.FILES or None,
        programmes=access.importable_programmes(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            core_services.staged_import_stage(
                owner=request.user,
                kind=staged_import.KIND,
                upload=form.cleaned_data["file"],
                target={"programme": form.cleaned_data["programme"].pk},
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("agreements:import_preview")
    return render(
        request, "agreements/import_upload.html", {"form": form}, status=400 if form.errors else 200
    )


def _pending_import(request: AuthenticatedRequest) -> tuple[StagedImport, Programme] | None:
    """The user's upload waiting for confirmation and its programme, or None when there is
    none. Those who may import nowhere are refused before their session is read."""
    if not access.may_import_anywhere(request.user):
        raise PermissionDenied
    staged = core_queries.staged_import_for(owner=request.user, kind=staged_import.KIND)
    if staged is None:
        return None
    programme = get_with_access(
        Programme,
        lambda programme: access.may_import(request.user, programme),
        pk=staged.target["programme"],
    )
    return staged, programme


def _proposed_estates(programme: Programme, document: doc.AgreementDocument):
    names = {name.casefold() for name in document.housing_areas}
    return [e for e in programme.estates.all() if e.name.casefold() in names]


@require_GET
@login_required
def import_preview(request: AuthenticatedRequest) -> HttpResponse:
    pending = _pending_import(request)
    if pending is None:
        return redirect("agreements:import")
    staged, programme = pending
    document: doc.AgreementDocument = core_queries.staged_import_content(staged)
    known = {e.name.casefold() for e in programme.estates.all()}
    estates = _proposed_estates(programme, document)
    form = ImportConfirmForm(programme=programme, initial={"estates": estates})
    # What the upload changes, shown before anything is saved: the word diff from the version
    # it follows, and whether it would store nothing at all.
    base = queries.import_base(programme, document)
    return render(
        request,
        "agreements/import_preview.html",
        {
            "programme": programme,
            "staged": staged,
            "document": document,
            "form": form,
            "unknown_estates": [n for n in document.housing_areas if n.casefold() not in known],
            "programme_differs": document.programme.casefold() != programme.name.casefold(),
            "existing": base.agreement if base else None,
            "base": base,
            "diffs": queries.document_diff(
                queries.document_of(base), queries.as_imported(document, programme, estates)
            )
            if base
            else [],
            "unchanged": queries.unchanged_by_import(
                programme=programme,
                document=document,
                estates=estates,
                source_sha256=staged.sha256,
            ),
        },
    )


@require_POST
@login_required
def import_confirm(request: AuthenticatedRequest) -> HttpResponse:
    pending = _pending_import(request)
    if pending is None:
        return redirect("agreements:import")
    staged, programme = pending
    form = ImportConfirmForm(request.POST, programme=programme)
    if not form.is_valid():
        messages.error(request, _("Vælg mindst ét boligområde."))
        return redirect("agreements:import_preview")
    document: doc.AgreementDocument = core_queries.staged_import_content(staged)
    unchanged = queries.unchanged_by_import(
        programme=programme,
        document=document,
        estates=form.cleaned_data["estates"],
        source_sha256=staged.sha256,
    )
    if unchanged is not None:
        core_services.staged_import_discard(staged=staged)
        messages.info(
            request,
            _(
                "Delaftalen er uændret: filen siger det samme som version %(number)s "
                "(%(status)s). Intet er gemt."
            )
            % {"number": unchanged.number, "status": unchanged.get_status_display().lower()},
        )
        return redirect(unchanged.get_absolute_url())
    try:
        version = core_services.staged_import_confirm(
            staged=staged,
            apply=lambda: services.agreement_import(
                programme=programme,
                document=document,
                estates=form.cleaned_data["estates"],
                user=request.user,
                source_name=staged.original_name,
                source_sha256=staged.sha256,
            ),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("agreements:import_preview")
    messages.success(
        request,
        _("Delaftalen er gemt som version %(number)s (%(status)s).")
        % {"number": version.number, "status": version.get_status_display().lower()},
    )
    return redirect(version.get_absolute_url())


def _version_page(request: AuthenticatedRequest, version: AgreementVersion) -> HttpResponse:
    agreement = version.agreement
    today = timezone.localdate()
    return render(
        request,
        "agreements/version.html",
        {
            "agreement": agreement,
            "version": version,
            "document": queries.document_of(version),
            "versions": queries.versions_of(agreement)[::-1],
            "in_force": queries.version_in_force(agreement, today),
            "open_version": queries.open_version(agreement),
            "today": today,
            "may_edit": access.may_edit(request.user, agreement),
            "may_approve": access.may_approve(request.user, agreement),
            "approve_form": ApproveForm(initial={"in_force_from": today}),
            "funder_changes": (queries.funder_changes(version) if not version.is_approved else []),
        },
    )


@require_GET
@login_required
def agreement_detail(request: AuthenticatedRequest, agreement_id: int) -> HttpResponse:
    """The agreement as it stands: the version in force today, else the newest."""
    agreement = _agreement(request, agreement_id)
    version = queries.current_version(agreement, timezone.localdate())
    if version is None:
        raise Http404
    return _version_page(request, version)


@require_GET
@login_required
def version_detail(request: AuthenticatedRequest, agreement_id: int, number: int) -> HttpResponse:
    return _version_page(request, _version(request, agreement_id, number))


@require_GET
@login_required
def version_in_force(request: AuthenticatedRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement(request, agreement_id)
    form = InForceForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Angiv en gyldig dato."))
        return redirect(agreement)
    on = form.cleaned_data["date"]
    version = queries.version_in_force(agreement, on)
    if version is None:
        messages.info(
            request,
            _("Ingen godkendt version var i kraft den %(date)s.")
            % {"date": on.strftime("%d.%m.%Y")},
        )
        return redirect(agreement)
    return redirect(version)


def _export_name(version: AgreementVersion, extension: str) -> str:
    agreement = version.agreement
    stem = slug(f"delaftale {agreement.focus_area} {agreement.programme} v{version.number}")
    return f"{stem}.{extension}"


@require_GET
@login_required
def version_docx(request: AuthenticatedRequest, agreement_id: int, number: int) -> HttpResponse:
    version = _version(request, agreement_id, number)
    response = HttpResponse(
        render_docx(queries.document_of(version)),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name(version, "docx")}"'
    return response


@require_GET
@login_required
def version_pdf(request: AuthenticatedRequest, agreement_id: int, number: int) -> HttpResponse:
    version = _version(request, agreement_id, number)
    html = render_to_string(
        "agreements/version_pdf.html",
        {"version": version, "document": queries.document_of(version)},
        request=request,
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(version, "pdf")}"'
    return response


@require_GET
@login_required
def version_diff(request: AuthenticatedRequest, agreement_id: int) -> HttpResponse:
    """Two versions side by side, word by word: those asked for, else the newest two."""
    agreement = _agreement(request, agreement_id)
    versions = queries.versions_of(agreement)
    form = VersionDiffForm(request.GET or None, agreement=agreement)
    if form.is_valid():
        old, new = form.cleaned_data["from"], form.cleaned_data["to"]
    elif len(versions) < 2:
        messages.info(request, _("Der er kun én version, så der er intet at sammenligne."))
        return redirect(agreement)
    else:
        old, new = versions[-2], versions[-1]
        if form.is_bound:
            messages.error(request, _("Vælg to af delaftalens versioner."))
    return render(
        request,
        "agreements/diff.html",
        {
            "agreement": agreement,
            "versions": versions,
            "old": old,
            "new": new,
            "diffs": queries.version_diff(old, new),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def draft_start(request: AuthenticatedRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement(request, agreement_id, access.may_edit)
    try:
        draft = services.version_start_draft(agreement=agreement, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(agreement)
    messages.success(request, _("Kladden er oprettet som en kopi af den seneste version."))
    return redirect("agreements:edit", agreement_id=agreement.pk, number=draft.number)


def _saved(request: AuthenticatedRequest, version: AgreementVersion) -> HttpResponse:
    messages.success(request, _("Kladden er gemt."))
    return redirect("agreements:edit", agreement_id=version.agreement_id, number=version.number)


@require_http_methods(["GET", "POST"])
@login_required
@_on_draft
def edit_text(request: AuthenticatedRequest, version: AgreementVersion) -> HttpResponse:
    form = VersionTextForm(
        request.POST or None, version=version, document=queries.document_of(version)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_text_update(version=version, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, version)
    return render(
        request,
        "agreements/edit.html",
        {"version": version, "form": form},
        status=400 if form.errors else 200,
    )


def _edit_lines(
    request: AuthenticatedRequest,
    version: AgreementVersion,
    formset: BaseFormSet,
    save: Callable[[], object],
    heading: str,
) -> HttpResponse:
    """The page of one of the draft's lists (criteria, staff, budget); ``save`` stores the
    formset's lines once they are valid."""
    if request.method == "POST" and formset.is_valid():
        try:
            save()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return _saved(request, version)
    return render(
        request,
        "agreements/edit_formset.html",
        {"version": version, "formset": formset, "heading": heading},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
@_on_draft
def edit_criteria(request: AuthenticatedRequest, version: AgreementVersion) -> HttpResponse:
    formset = CriterionFormSet(
        request.POST or None,
        criteria=queries.document_of(version).overall_success_criteria,
        prefix="criteria",
    )
    return _edit_lines(
        request,
        version,
        formset,
        lambda: services.draft_criteria_replace(version=version, criteria=formset.criteria()),
        _("Overordnede succeskriterier"),
    )


@require_http_methods(["GET", "POST"])
@login_required
@_on_draft
def edit_staff(request: AuthenticatedRequest, version: AgreementVersion) -> HttpResponse:
    formset = StaffResourceFormSet(
        request.POST or None,
        staff_resources=queries.document_of(version).staff_resources,
        prefix="staff",
    )
    return _edit_lines(
        request,
        version,
        formset,
        lambda: services.draft_staff_replace(
            version=version, staff_resources=formset.staff_resources()
        ),
        _("Medarbejderressourcer"),
    )


@require_http_methods(["GET", "POST"])
@login_required
@_on_draft
def edit_budget(request: AuthenticatedRequest, version: AgreementVersion) -> HttpResponse:
    formset = BudgetLineFormSet(
        request.POST or None, budget=queries.document_of(version).budget, prefix="budget"
    )
    return _edit_lines(
        request,
        version,
        formset,
        lambda: services.draft_budget_replace(version=version, budget=formset.budget_lines()),
        _("Budget"),
    )


@require_http_methods(["GET", "POST"])
@login_required
@_on_draft
def edit_activity(
    request: AuthenticatedRequest, version: AgreementVersion, position: int
) -> HttpResponse:
    activity = queries.activity_at(version, position)
    if activity is None:
        raise Http404
    form = ActivityForm(request.POST or None, activity=activity, prefix="activity")
    formset = CriterionFormSet(
        request.POST or None, criteria=activity.success_criteria, prefix="criteria"
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.draft_activity_update(
                version=version,
                position=position,
                success_criteria=formset.criteria(),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, version)
    return render(
        request,
        "agreements/edit_activity.html",
        {"version": version, "form": form, "formset": formset, "activity": activity},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
@_on_draft
def activity_add(request: AuthenticatedRequest, version: AgreementVersion) -> HttpResponse:
    position = services.draft_activity_add(version=version, name=_("Ny aktivitet"))
    return redirect(
        "agreements:edit_activity",
        agreement_id=version.agreement_id,
        number=version.number,
        position=position,
    )


@require_POST
@login_required
@_on_draft
def activity_remove(
    request: AuthenticatedRequest, version: AgreementVersion, position: int
) -> HttpResponse:
    if queries.activity_at(version, position) is None:
        raise Http404
    services.draft_activity_remove(version=version, position=position)
    return _saved(request, version)


def _changed(
    request: AuthenticatedRequest,
    version: AgreementVersion,
    change: Callable[[], object],
    done: str,
) -> HttpResponse:
    """The version's page after ``change``, saying ``done`` or why the change was refused."""
    try:
        change()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(version)


@require_POST
@login_required
def version_propose(request: AuthenticatedRequest, agreement_id: int, number: int) -> HttpResponse:
    version = _version(request, agreement_id, number, access.may_edit)
    return _changed(
        request,
        version,
        partial(services.version_propose, version=version, user=request.user),
        _("Versionen er sendt til bestyrelsen som forslag."),
    )


@require_POST
@login_required
def version_withdraw(request: AuthenticatedRequest, agreement_id: int, number: int) -> HttpResponse:
    version = _version(request, agreement_id, number, access.may_edit)
    return _changed(
        request,
        version,
        partial(services.version_withdraw, version=version),
        _("Forslaget er trukket tilbage til kladde."),
    )


@require_POST
@login_required
def version_approve(request: AuthenticatedRequest, agreement_id: int, number: int) -> HttpResponse:
    version = _version(request, agreement_id, number, access.may_approve)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Angiv datoen, versionen gælder fra."))
        return redirect(version)
    return _changed(
        request,
        version,
        partial(services.proposal_approve, version=version, user=request.user, **form.cleaned_data),
        _("Versionen er godkendt og kan ikke længere ændres."),
    )


@require_POST
@login_required
def version_discard(request: AuthenticatedRequest, agreement_id: int, number: int) -> HttpResponse:
    version = _version(request, agreement_id, number, access.may_edit)
    try:
        agreement = services.version_discard(version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(version)
    messages.success(request, _("Kladden er kasseret."))
    return redirect(agreement) if agreement is not None else redirect("agreements:list")
