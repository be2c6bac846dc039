from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhedsplan.accounts import access, queries, services
from helhedsplan.accounts.access import AuthenticatedRequest
from helhedsplan.accounts.forms import MembershipForm, UserCreateForm, UserDetailsForm
from helhedsplan.accounts.models import Membership
from helhedsplan.core import exports, feeds
from helhedsplan.core.lookups import get_with_access
from helhedsplan.programmes.models import Programme

login = auth_views.LoginView.as_view(redirect_authenticated_user=True)


def _administered_programmes(request: HttpRequest) -> QuerySet[Programme]:
    return access.administered_programmes(request.user)


def _managed_user(request: HttpRequest, user_id: int) -> User:
    # Someone who manages no users learns nothing, not even which user ids exist.
    if not access.may_manage_users_anywhere(request.user):
        raise PermissionDenied
    return get_with_access(
        User, lambda user: access.may_manage_user(request.user, user), pk=user_id
    )


def _user_page(
    request: HttpRequest, user: User, details_form: UserDetailsForm, *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "accounts/user_detail.html",
        {
            "managed": user,
            "memberships": user.memberships.select_related("programme").prefetch_related("estates"),
            "details_form": details_form,
            "membership_form": MembershipForm(
                programmes=_administered_programmes(request), prefix="role"
            ),
        },
        status=status,
    )


@require_GET
@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    if not access.may_manage_users_anywhere(request.user):
        raise PermissionDenied
    return render(
        request,
        "accounts/user_list.html",
        {"users": queries.users_managed_by(request.user)},
    )


@require_GET
@login_required
def user_export(request: HttpRequest, fmt: exports.Format) -> HttpResponse:
    """The users list as a spreadsheet."""
    if not access.may_manage_users_anywhere(request.user):
        raise PermissionDenied
    return exports.export_response(
        fmt,
        title=_("Brugere"),
        columns=queries.EXPORT_COLUMNS,
        rows=queries.users_managed_by(request.user),
    )


@require_http_methods(["GET", "POST"])
@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    if not access.may_manage_users_anywhere(request.user):
        raise PermissionDenied
    programmes = _administered_programmes(request)
    form = UserCreateForm(request.POST or None, prefix="user")
    membership_form = MembershipForm(request.POST or None, programmes=programmes, prefix="role")
    if request.method == "POST" and form.is_valid() and membership_form.is_valid():
        user = services.user_create(**form.user_details(), **membership_form.membership_details())
        messages.success(request, _("Brugeren %(username)s er oprettet.") % {"username": user})
        return redirect("accounts:user_detail", user_id=user.pk)
    return render(
        request,
        "accounts/user_create.html",
        {"form": form, "membership_form": membership_form},
    )


@require_GET
@login_required
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _managed_user(request, user_id)
    details_form = UserDetailsForm(
        initial={"first_name": user.first_name, "last_name": user.last_name, "email": user.email},
        prefix="details",
    )
    return _user_page(request, user, details_form)


@require_POST
@login_required
def user_update(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _managed_user(request, user_id)
    form = UserDetailsForm(request.POST, prefix="details")
    if not form.is_valid():
        return _user_page(request, user, form, status=400)
    services.user_update(user=user, **form.cleaned_data)
    messages.success(request, _("Oplysningerne er gemt."))
    return redirect("accounts:user_detail", user_id=user.pk)


@require_POST
@login_required
def user_deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _managed_user(request, user_id)
    if user == request.user:
        messages.error(request, _("Du kan ikke deaktivere din egen konto."))
    else:
        services.user_set_active(user=user, active=False)
        messages.success(request, _("Kontoen er deaktiveret."))
    return redirect("accounts:user_detail", user_id=user.pk)


@require_POST
@login_required
def user_activate(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _managed_user(request, user_id)
    services.user_set_active(user=user, active=True)
    messages.success(request, _("Kontoen er aktiveret igen."))
    return redirect("accounts:user_detail", user_id=user.pk)


@require_POST
@login_required
def membership_grant(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _managed_user(request, user_id)
    form = MembershipForm(request.POST, programmes=_administered_programmes(request), prefix="role")
    if form.is_valid():
        services.membership_grant(user=user, **form.membership_details())
        messages.success(request, _("Rollen er tildelt."))
    else:
        messages.error(request, _("Rollen kunne ikke tildeles: vælg indsats og rolle."))
    return redirect("accounts:user_detail", user_id=user.pk)


@require_POST
@login_required
def membership_revoke(request: HttpRequest, user_id: int, membership_id: int) -> HttpResponse:
    user = _managed_user(request, user_id)
    membership = get_with_access(
        Membership.objects.select_related("programme"),
        lambda membership: access.may_manage_users(request.user, membership.programme),
        pk=membership_id,
        user=user,
    )
    services.membership_revoke(membership=membership)
    messages.success(request, _("Rollen er fjernet."))
    return redirect("accounts:user_detail", user_id=user.pk)


# The person's own account: who they are here, and their calendar address.


def _account_page(request: AuthenticatedRequest, *, token: str | None = None) -> HttpResponse:
    user = request.user
    available = feeds.feeds_for(user)
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": user.memberships.select_related("programme").prefetch_related("estates"),
            "feeds": available,
            "feed_token": queries.feed_token_of(user),
            "new_feeds": [
                (feed.label, request.build_absolute_uri(feed.path(token))) for feed in available
            ]
            if token
            else None,
        },
    )


@require_GET
@login_required
def account(request: AuthenticatedRequest) -> HttpResponse:
    return _account_page(request)


@require_POST
@login_required
def feed_token_create(request: AuthenticatedRequest) -> HttpResponse:
    """New calendar addresses, shown on the page this once (only the token's digest is
    stored), in a response no cache keeps. The earlier ones stop working."""
    token = services.feed_token_create(user=request.user)
    response = _account_page(request, token=token)
    add_never_cache_headers(response)
    return response


@require_POST
@login_required
def feed_token_revoke(request: AuthenticatedRequest) -> HttpResponse:
    services.feed_token_revoke(user=request.user)
    messages.success(request, _("Dine kalenderadresser er slettet og virker ikke længere."))
    return redirect("accounts:account")
