from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from helhedsplan.accounts import access
from helhedsplan.accounts.access import AuthenticatedRequest
from helhedsplan.audit import access as audit_access
from helhedsplan.audit import queries, services
from helhedsplan.audit.display import name_of
from helhedsplan.audit.forms import RedactionForm, SignInFilterForm, TrailFilterForm
from helhedsplan.audit.history import history_model
from helhedsplan.audit.models import Redaction
from helhedsplan.core.audit_registry import audited_models
from helhedsplan.core.forms import add_service_errors
from helhedsplan.core.lookups import get_with_access


@require_GET
@login_required
def trail(request: HttpRequest) -> HttpResponse:
    if not access.may_view_audit_trail(request.user):
        raise PermissionDenied
    form = TrailFilterForm(request.GET, people=queries.trail_people(request.user))
    criteria = form.criteria()
    page = queries.audit_trail(user=request.user, criteria=criteria)
    return render(
        request,
        "audit/trail.html",
        {
            "form": form,
            "criteria": criteria,
            "entries": page.entries,
            "older": form.query(after=page.older) if page.older else None,
            "newest": form.query(),
            "may_redact": audit_access.may_redact_anywhere(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def redact(request: AuthenticatedRequest, kind: int, history_id: int) -> HttpResponse:
    """Remove personal data typed into a text of one history record (and of the object's
    other records holding the same text), with the reason. ``kind`` is the audited model's
    content type (``services.redaction_kind``)."""
    entry = next((e for e in audited_models() if services.redaction_kind(e.model) == kind), None)
    if entry is None:
        raise Http404
    label = entry.label
    record = get_with_access(
        history_model(entry.model)._default_manager.select_related("history_user"),
        lambda _record: audit_access.may_redact(request.user, entry, history_id),
        history_id=history_id,
    )
    texts = services.text_fields(record)
    form = RedactionForm(
        request.POST if request.method == "POST" else None,
        choices=[
            (
                field.name,
                f"{capfirst(field.verbose_name)}: {getattr(record, field.attname)}",
            )
            for field in texts
        ],
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.history_redact(
                model=entry.model,
                history_id=history_id,
                fields=form.cleaned_data["texts"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Teksten er fjernet fra historikken."))
            return redirect("audit:redact", kind=kind, history_id=history_id)
    object_pk = str(getattr(record, entry.model._meta.pk.attname))
    return render(
        request,
        "audit/redact.html",
        {
            "form": form,
            "record": record,
            "kind": capfirst(entry.model._meta.verbose_name),
            "name": name_of(record.history_object),
            "has_text": bool(texts),
            "redactions": Redaction.objects.filter(
                model_label=label, object_pk=object_pk
            ).select_related("redacted_by"),
        },
        status=400 if form.is_bound else 200,
    )


@require_GET
@login_required
def sign_ins(request: HttpRequest) -> HttpResponse:
    """Logins and failed attempts of the users the administrator manages."""
    if not access.may_manage_users_anywhere(request.user):
        raise PermissionDenied
    form = SignInFilterForm(request.GET, people=queries.trail_people(request.user))
    criteria = form.criteria()
    page = queries.sign_ins(user=request.user, criteria=criteria)
    return render(
        request,
        "audit/sign_ins.html",
        {
            "form": form,
            "criteria": criteria,
            "sign_ins": page.sign_ins,
            "older": form.query(after=page.older) if page.older else None,
            "newest": form.query(),
            "retention_days": services.SIGN_IN_RETENTION.days,
        },
    )
