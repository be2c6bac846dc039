from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from helhedsplan.accounts import access


@require_GET
@login_required
def detail(request: HttpRequest, slug: str) -> HttpResponse:
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
