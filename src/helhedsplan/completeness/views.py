from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from helhedsplan.accounts.access import AuthenticatedRequest, programme_with_access
from helhedsplan.completeness import access, queries, services


@require_GET
@login_required
def cockpit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_view)
    return render(
        request,
        "completeness/cockpit.html",
        {
            "programme": programme,
            "cockpit": queries.cockpit(
                programme,
                access.own_estates(request.user, programme),
                reviews=access.may_review(request.user, programme),
            ),
            "opted_out": services.digest_opted_out(user=request.user, programme=programme),
        },
    )


@require_POST
@login_required
def digest_toggle(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Stops the weekly digest, or starts it again (``send`` is "1")."""
    programme = programme_with_access(request.user, slug, access.may_view)
    services.digest_opt_out_set(
        user=request.user, programme=programme, opted_out=request.POST.get("send") != "1"
    )
    return redirect("completeness:cockpit", slug=programme.slug)
