from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from helhedsplan.accounts import access
from helhedsplan.programmes.models import Programme


@require_GET
@login_required
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    if not access.may_view_programme(request.user, programme):
        raise PermissionDenied
    return render(
        request,
        "programmes/detail.html",
        {
            "programme": programme,
            "estates": programme.estates.all(),
            "my_estates": access.visible_estates(request.user, programme),
        },
    )
