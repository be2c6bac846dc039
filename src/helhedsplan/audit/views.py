from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from helhedsplan.accounts import access
from helhedsplan.audit import queries, services
from helhedsplan.audit.forms import SignInFilterForm, TrailFilterForm


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
        },
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
