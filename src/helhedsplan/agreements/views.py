from __future__ import annotations

import base64
import dataclasses
import datetime
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhedsplan.agreements import access, queries, services
from helhedsplan.agreements import document as doc
from helhedsplan.agreements.docx_export import render_docx
from helhedsplan.agreements.forms import (
    ActivityForm,
    ApproveForm,
    BudgetLineFormSet,
    CriterionFormSet,
    FocusAreaForm,
    ImportConfirmForm,
    ImportUploadForm,
    StaffResourceFormSet,
    VersionTextForm,
)
from helhedsplan.agreements.importer import AgreementImportError, parse_file
from helhedsplan.agreements.models import Agreement, AgreementVersion, FocusArea, VersionStatus
from helhedsplan.core.pdf import render_pdf
from helhedsplan.programmes.models import Programme

SESSION_IMPORT = "agreements.import"


def _agreement(request: HttpRequest, agreement_id: int) -> Agreement:
    agreement = get_object_or_404(
        Agreement.objects.select_related("programme", "focus_area"), pk=agreement_id
    )
    if not access.may_view(request.user, agreement):
        raise PermissionDenied
    return agreement


def _version(request: HttpRequest, agreement_id: int, number: int) -> AgreementVersion:
    agreement = _agreement(request, agreement_id)
    return get_object_or_404(queries.versions_with_content(), agreement=agreement, number=number)


def _on_draft(view):
    """Views that change a draft receive it resolved and checked: an approved or proposed
    version is never edited, and asking to goes back to the version's page."""

    @wraps(view)
    def wrapper(request: HttpRequest, agreement_id: int, number: int, **kwargs) -> HttpResponse:
        version = _version(request, agreement_id, number)
        if not access.may_edit(request.user, version.agreement):
            raise PermissionDenied
        if version.status != VersionStatus.DRAFT:
            messages.error(request, _("Kun en kladde kan ændres."))
            return redirect(version)
        return view(request, version, **kwargs)

    return wrapper


@require_GET
@login_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    if not access.may_view_any(request.user):
        raise PermissionDenied
    return render(
        request,
        "agreements/list.html",
        {
            "agreements": queries.agreements_for(request.user),
            "may_import": access.may_import_anywhere(request.user),
            "may_manage_focus_areas": access.may_manage_focus_areas(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    if not access.may_import_anywhere(request.user):
        raise PermissionDenied
    form = ImportUploadForm(
        request.POST or None,
        request.FILES or None,
        programmes=access.importable_programmes(request.user),
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            parse_file(upload.name, data)
        except AgreementImportError as error:
            form.add_error("file", str(error))
        else:
            # Nothing is stored before the user confirms: the file waits in the session.
            request.session[SESSION_IMPORT] = {
                "programme": form.cleaned_data["programme"].pk,
                "name": upload.name,
                "data": base64.b64encode(data).decode("ascii"),
            }
            return redirect("agreements:import_preview")
    return render(
        request, "agreements/import_upload.html", {"form": form}, status=400 if form.errors else 200
    )


def _pending_import(
    request: HttpRequest,
) -> tuple[Programme, str, bytes, doc.AgreementDocument] | None:
    """The upload waiting for confirmation, or None when there is none."""
    pending = request.session.get(SESSION_IMPORT)
    if not pending:
        return None
    programme = get_object_or_404(Programme, pk=pending["programme"])
    if not access.may_import(request.user, programme):
        raise PermissionDenied
    data = base64.b64decode(pending["data"])
    return programme, pending["name"], data, parse_file(pending["name"], data)


def _proposed_estates(programme: Programme, document: doc.AgreementDocument):
    names = {name.casefold() for name in document.housing_areas}
    return [e for e in programme.estates.all() if e.name.casefold() in names]


@require_GET
@login_required
def import_preview(request: HttpRequest) -> HttpResponse:
    pending = _pending_import(request)
    if pending is None:
        return redirect("agreements:import")
    programme, name, _data, document = pending
    known = {e.name.casefold() for e in programme.estates.all()}
    form = ImportConfirmForm(
        programme=programme, initial={"estates": _proposed_estates(programme, document)}
    )
    return render(
        request,
        "agreements/import_preview.html",
        {
            "programme": programme,
            "file_name": name,
            "document": document,
            "form": form,
            "unknown_estates": [n for n in document.housing_areas if n.casefold() not in known],
            "programme_differs": document.programme.casefold() != programme.name.casefold(),
            "existing": Agreement.objects.filter(
                programme=programme, focus_area__name__iexact=document.focus_area
            ).first(),
        },
    )


@require_POST
@login_required
def import_confirm(request: HttpRequest) -> HttpResponse:
    pending = _pending_import(request)
    if pending is None:
        return redirect("agreements:import")
    programme, name, data, document = pending
    form = ImportConfirmForm(request.POST, programme=programme)
    if not form.is_valid():
        messages.error(request, _("Vælg mindst ét boligområde."))
        return redirect("agreements:import_preview")
    try:
        version = services.agreement_import(
            programme=programme,
            document=document,
            estates=form.cleaned_data["estates"],
            user=request.user,
            source_name=name,
            source_sha256=services.source_fingerprint(data),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("agreements:import_preview")
    del request.session[SESSION_IMPORT]
    messages.success(
        request,
        _("Delaftalen er gemt som version %(number)s (%(status)s).")
        % {"number": version.number, "status": version.get_status_display().lower()},
    )
    return redirect(version.get_absolute_url())


def _version_page(request: HttpRequest, version: AgreementVersion) -> HttpResponse:
    agreement = version.agreement
    versions = list(agreement.versions.order_by("-number"))
    today = timezone.localdate()
    return render(
        request,
        "agreements/version.html",
        {
            "agreement": agreement,
            "version": version,
            "document": queries.document_of(version),
            "versions": versions,
            "in_force": queries.version_in_force(agreement, today),
            "open_version": queries.open_version(agreement),
            "today": today,
            "may_edit": access.may_edit(request.user, agreement),
            "may_approve": access.may_approve(request.user, agreement),
            "approve_form": ApproveForm(initial={"in_force_from": today}),
        },
    )


@require_GET
@login_required
def agreement_detail(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """The agreement as it stands: the version in force today, else the newest."""
    agreement = _agreement(request, agreement_id)
    current = queries.version_in_force(agreement, timezone.localdate())
    number = current.number if current else agreement.versions.order_by("-number").first().number
    return _version_page(request, _version(request, agreement_id, number))


@require_GET
@login_required
def version_detail(request: HttpRequest, agreement_id: int, number: int) -> HttpResponse:
    return _version_page(request, _version(request, agreement_id, number))


@require_GET
@login_required
def version_in_force(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement(request, agreement_id)
    try:
        on = datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        messages.error(request, _("Angiv en gyldig dato."))
        return redirect(agreement)
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
    stem = slugify(f"delaftale {agreement.focus_area} {agreement.programme} v{version.number}")
    return f"{stem}.{extension}"


@require_GET
@login_required
def version_docx(request: HttpRequest, agreement_id: int, number: int) -> HttpResponse:
    version = _version(request, agreement_id, number)
    response = HttpResponse(
        render_docx(queries.document_of(version)),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name(version, "docx")}"'
    return response


@require_GET
@login_required
def version_pdf(request: HttpRequest, agreement_id: int, number: int) -> HttpResponse:
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
def version_diff(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement(request, agreement_id)
    versions = list(agreement.versions.order_by("number"))
    by_number = {v.number: v for v in versions}
    try:
        old = by_number[int(request.GET.get("from", ""))]
        new = by_number[int(request.GET.get("to", ""))]
    except (KeyError, ValueError):
        if len(versions) < 2:
            messages.info(request, _("Der er kun én version, så der er intet at sammenligne."))
            return redirect(agreement)
        old, new = versions[-2], versions[-1]
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
    )


@require_POST
@login_required
def draft_start(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement(request, agreement_id)
    if not access.may_edit(request.user, agreement):
        raise PermissionDenied
    try:
        draft = services.version_start_draft(agreement=agreement, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(agreement)
    messages.success(request, _("Kladden er oprettet som en kopi af den seneste version."))
    return redirect("agreements:edit", agreement_id=agreement.pk, number=draft.number)


def _save_draft(request: HttpRequest, version: AgreementVersion, document, estates=None):
    services.version_update(
        version=version,
        document=document,
        estates=version.estates.all() if estates is None else estates,
    )
    messages.success(request, _("Kladden er gemt."))
    return redirect("agreements:edit", agreement_id=version.agreement_id, number=version.number)


@require_http_methods(["GET", "POST"])
@login_required
@_on_draft
def edit_text(request: HttpRequest, version: AgreementVersion) -> HttpResponse:
    document = queries.document_of(version)
    programme = version.agreement.programme
    initial = {
        field: getattr(document, field)
        for field in VersionTextForm.base_fields
        if field != "estates"
    } | {"estates": version.estates.all()}
    form = VersionTextForm(request.POST or None, programme=programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k != "estates"}
        return _save_draft(
            request,
            version,
            dataclasses.replace(document, **changes),
            form.cleaned_data["estates"],
        )
    return render(
        request,
        "agreements/edit.html",
        {"version": version, "document": document, "form": form},
        status=400 if form.errors else 200,
    )


def _criteria_initial(criteria: list[doc.Criterion]) -> list[dict]:
    return [{"text": c.text, "data_source": c.data_source or ""} for c in criteria]


def _criteria_from(formset) -> list[doc.Criterion]:
    return [
        doc.Criterion(
            text=f.cleaned_data["text"], data_source=f.cleaned_data["data_source"] or None
        )
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


@require_http_methods(["GET", "POST"])
@login_required
@_on_draft
def edit_criteria(request: HttpRequest, version: AgreementVersion) -> HttpResponse:
    document = queries.document_of(version)
    formset = CriterionFormSet(
        request.POST or None,
        initial=_criteria_initial(document.overall_success_criteria),
        prefix="criteria",
    )
    if request.method == "POST" and formset.is_valid():
        return _save_draft(
            request,
            version,
            dataclasses.replace(document, overall_success_criteria=_criteria_from(formset)),
        )
    return render(
        request,
        "agreements/edit_formset.html",
        {
            "version": version,
            "formset": formset,
            "heading": _("Overordnede succeskriterier"),
        },
        status=400 if request.method == "POST" else 200,
    )


def _activity_at(document: doc.AgreementDocument, position: int) -> doc.Activity:
    if not 0 <= position < len(document.activities):
        raise Http404
    return document.activities[position]


@require_http_methods(["GET", "POST"])
@login_required
@_on_draft
def edit_activity(request: HttpRequest, version: AgreementVersion, position: int) -> HttpResponse:
    document = queries.document_of(version)
    activity = _activity_at(document, position)
    form = ActivityForm(
        request.POST or None,
        initial={
            "name": activity.name,
            "content": activity.content,
            "purpose": activity.purpose,
            "target_groups": activity.target_groups or "",
            "responsibilities": activity.responsibilities,
            "working_group": activity.working_group,
        },
        prefix="activity",
    )
    formset = CriterionFormSet(
        request.POST or None,
        initial=_criteria_initial(activity.success_criteria),
        prefix="criteria",
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        changed = dataclasses.replace(
            activity,
            **(form.cleaned_data | {"target_groups": form.cleaned_data["target_groups"] or None}),
            success_criteria=_criteria_from(formset),
        )
        activities = list(document.activities)
        activities[position] = changed
        return _save_draft(request, version, dataclasses.replace(document, activities=activities))
    return render(
        request,
        "agreements/edit_activity.html",
        {"version": version, "form": form, "formset": formset, "activity": activity},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
@_on_draft
def activity_add(request: HttpRequest, version: AgreementVersion) -> HttpResponse:
    document = queries.document_of(version)
    activities = [*document.activities, doc.Activity(name=_("Ny aktivitet"))]
    services.version_update(
        version=version,
        document=dataclasses.replace(document, activities=activities),
        estates=version.estates.all(),
    )
    return redirect(
        "agreements:edit_activity",
        agreement_id=version.agreement_id,
        number=version.number,
        position=len(activities) - 1,
    )


@require_POST
@login_required
@_on_draft
def activity_remove(request: HttpRequest, version: AgreementVersion, position: int) -> HttpResponse:
    document = queries.document_of(version)
    _activity_at(document, position)
    activities = [a for i, a in enumerate(document.activities) if i != position]
    return _save_draft(request, version, dataclasses.replace(document, activities=activities))


@require_http_methods(["GET", "POST"])
@login_required
@_on_draft
def edit_staff(request: HttpRequest, version: AgreementVersion) -> HttpResponse:
    document = queries.document_of(version)
    formset = StaffResourceFormSet(
        request.POST or None,
        initial=[
            {
                "role": s.role,
                "count": s.count,
                "hours": s.hours,
                "per": s.per or "",
                "employer": s.employer,
            }
            for s in document.staff_resources
        ],
        prefix="staff",
    )
    if request.method == "POST" and formset.is_valid():
        staff = [
            doc.StaffResource(
                role=f.cleaned_data["role"],
                count=f.cleaned_data["count"],
                hours=None if f.cleaned_data["hours"] is None else float(f.cleaned_data["hours"]),
                per=f.cleaned_data["per"] or None,
                employer=f.cleaned_data["employer"],
            )
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        return _save_draft(request, version, dataclasses.replace(document, staff_resources=staff))
    return render(
        request,
        "agreements/edit_formset.html",
        {"version": version, "formset": formset, "heading": _("Medarbejderressourcer")},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
@_on_draft
def edit_budget(request: HttpRequest, version: AgreementVersion) -> HttpResponse:
    document = queries.document_of(version)
    formset = BudgetLineFormSet(
        request.POST or None,
        initial=[{"organisation": b.organisation, "amount": b.amount} for b in document.budget],
        prefix="budget",
    )
    if request.method == "POST" and formset.is_valid():
        budget = [
            doc.BudgetLine(
                organisation=f.cleaned_data["organisation"], amount=f.cleaned_data["amount"]
            )
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        return _save_draft(request, version, dataclasses.replace(document, budget=budget))
    return render(
        request,
        "agreements/edit_formset.html",
        {"version": version, "formset": formset, "heading": _("Budget")},
        status=400 if request.method == "POST" else 200,
    )


def _state_change(
    request: HttpRequest, agreement_id: int, number: int, change, rule
) -> HttpResponse:
    version = _version(request, agreement_id, number)
    if not rule(request.user, version.agreement):
        raise PermissionDenied
    try:
        message = change(version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, message)
    return redirect(version)


@require_POST
@login_required
def version_propose(request: HttpRequest, agreement_id: int, number: int) -> HttpResponse:
    def propose(version: AgreementVersion) -> str:
        services.version_propose(version=version, user=request.user)
        return _("Versionen er sendt til bestyrelsen som forslag.")

    return _state_change(request, agreement_id, number, propose, access.may_edit)


@require_POST
@login_required
def version_withdraw(request: HttpRequest, agreement_id: int, number: int) -> HttpResponse:
    def withdraw(version: AgreementVersion) -> str:
        services.version_withdraw(version=version)
        return _("Forslaget er trukket tilbage til kladde.")

    return _state_change(request, agreement_id, number, withdraw, access.may_edit)


@require_POST
@login_required
def version_approve(request: HttpRequest, agreement_id: int, number: int) -> HttpResponse:
    form = ApproveForm(request.POST)

    def approve(version: AgreementVersion) -> str:
        if version.status != VersionStatus.PROPOSED:
            raise ValidationError(_("Kun et forslag kan godkendes."))
        if not form.is_valid():
            raise ValidationError(_("Angiv datoen, versionen gælder fra."))
        services.version_approve(
            version=version,
            user=request.user,
            note=form.cleaned_data["note"],
            in_force_from=form.cleaned_data["in_force_from"],
        )
        return _("Versionen er godkendt og kan ikke længere ændres.")

    return _state_change(request, agreement_id, number, approve, access.may_approve)


@require_POST
@login_required
def version_discard(request: HttpRequest, agreement_id: int, number: int) -> HttpResponse:
    version = _version(request, agreement_id, number)
    agreement = version.agreement
    if not access.may_edit(request.user, agreement):
        raise PermissionDenied
    try:
        services.version_discard(version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(version)
    messages.success(request, _("Kladden er kasseret."))
    if Agreement.objects.filter(pk=agreement.pk).exists():
        return redirect(agreement)
    return redirect("agreements:list")


@require_http_methods(["GET", "POST"])
@login_required
def focus_areas(request: HttpRequest) -> HttpResponse:
    if not access.may_manage_focus_areas(request.user):
        raise PermissionDenied
    form = FocusAreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.focus_area_ensure(name=form.cleaned_data["name"])
        messages.success(request, _("Indsatsområdet er oprettet."))
        return redirect("agreements:focus_areas")
    return render(
        request,
        "agreements/focus_areas.html",
        {"focus_areas": FocusArea.objects.all(), "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def focus_area_toggle(request: HttpRequest, focus_area_id: int) -> HttpResponse:
    if not access.may_manage_focus_areas(request.user):
        raise PermissionDenied
    focus_area = get_object_or_404(FocusArea, pk=focus_area_id)
    services.focus_area_update(
        focus_area=focus_area, name=focus_area.name, active=not focus_area.active
    )
    return redirect("agreements:focus_areas")
