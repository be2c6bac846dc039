"""The pages that belong to no single domain noun: the home page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from helhedsplan.accounts import access


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = sorted(
        request.user.memberships.select_related("programme").prefetch_related("estates"),
        key=lambda m: (m.programme.name, m.role),
    )
    readable = [
        programme
        for programme in access.visible_programmes(request.user).prefetch_related("estates")
        if access.may_view_programme(request.user, programme)
    ]
    return render(request, "home.html", {"memberships": memberships, "programmes": readable})
