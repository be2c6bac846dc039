from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from helhedsplan.accounts import access
from helhedsplan.audit.forms import TrailFilterForm
from helhedsplan.audit.queries import audit_trail
from helhedsplan.core.audit_registry import audited_models


@require_GET
@login_required
def trail(request: HttpRequest) -> HttpResponse:
    if not access.may_view_audit_trail(request.user):
        raise PermissionDenied
    label = TrailFilterForm(request.GET).model_label()
    return render(
        request,
        "audit/trail.html",
        {
            "entries": audit_trail(user=request.user, model_label=label),
            "models": audited_models(),
            "selected": label,
        },
    )
