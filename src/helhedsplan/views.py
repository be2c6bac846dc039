"""The pages that show what several apps hold together: the home page and a programme's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from helhedsplan.accounts import access
from helhedsplan.accounts.access import AuthenticatedRequest
from helhedsplan.home import home_pages


@require_GET
@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    """Each person's day starts here: a part for each role they hold (``helhedsplan.home``)."""
    return render(request, "home.html", {"homes": home_pages(request.user)})


@require_GET
@login_required
def programme_detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    programme = access.programme_with_access(request.user, slug, access.may_view_programme)
    return render(
        request,
        "programmes/detail.html",
        {
            "programme": programme,
            "estates": programme.estates.all(),
            "my_estates": access.visible_estates(request.user, programme),
        },
    )
