from __future__ import annotations

import django_otp  # type: ignore[import-untyped]
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.plugins.otp_static.models import StaticDevice  # type: ignore[import-untyped]

from helhedsplan.accounts import access, queries, services, two_factor
from helhedsplan.accounts.access import AuthenticatedRequest
from helhedsplan.accounts.forms import (
    ApiTokenForm,
    MembershipForm,
    TwoFactorCodeForm,
    UserCreateForm,
    UserDetailsForm,
)
from helhedsplan.accounts.models import ApiToken, Membership
from helhedsplan.core import exports, feeds
from helhedsplan.core.forms import add_service_errors
from helhedsplan.core.lookups import get_with_access
from helhedsplan.programmes.models import Programme


class LoginView(auth_views.LoginView):
    """Django's login, which asks a person with an authenticator app for a code
    (``login_code``) before logging them in."""

    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if not queries.has_authenticator(user):
            return super().form_valid(form)
        two_factor.pending_login_begin(self.request, user=user, next_url=self.get_success_url())
        return redirect("accounts:login_code")


login = LoginView.as_view()


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
        messages.error(
            request,
            _(
                "Rollen kunne ikke tildeles: vælg indsats og rolle, og for en "
                "samarbejdspartner deres organisation."
            ),
        )
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


def _api_token_form(request: AuthenticatedRequest, data: QueryDict | None = None) -> ApiTokenForm:
    return ApiTokenForm(data, programmes=access.readable_programmes(request.user), prefix="api")


def _account_page(
    request: AuthenticatedRequest,
    *,
    token: str | None = None,
    api_form: ApiTokenForm | None = None,
    api_secret: str | None = None,
    recovery_codes: list[str] | None = None,
    recovery_form: TwoFactorCodeForm | None = None,
    disable_form: TwoFactorCodeForm | None = None,
    status: int = 200,
) -> HttpResponse:
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
            "api_tokens": queries.api_tokens_of(user),
            "api_form": api_form or _api_token_form(request),
            "api_secret": api_secret,
            "now": timezone.now(),
            "two_factor": queries.two_factor_of(user),
            "recovery_codes": recovery_codes,
            "recovery_form": recovery_form or TwoFactorCodeForm(prefix="recovery"),
            "disable_form": disable_form or TwoFactorCodeForm(prefix="disable"),
        },
        status=status,
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


@require_POST
@login_required
def api_token_create(request: AuthenticatedRequest) -> HttpResponse:
    """A new API token, its secret shown on the page this once (only its digest is stored),
    in a response no cache keeps."""
    form = _api_token_form(request, request.POST)
    if form.is_valid():
        try:
            _token, secret = services.api_token_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            response = _account_page(request, api_secret=secret)
            add_never_cache_headers(response)
            return response
    return _account_page(request, api_form=form, status=400)


@require_POST
@login_required
def api_token_revoke(request: AuthenticatedRequest, token_id: int) -> HttpResponse:
    token = get_with_access(ApiToken, lambda token: token.user_id == request.user.pk, pk=token_id)
    services.api_token_revoke(token=token)
    messages.success(request, _("API-nøglen »%(name)s« er tilbagekaldt.") % {"name": token.name})
    return redirect("accounts:account")


# Two-factor sign-in: the code step of signing in, and the person's own authenticator app and
# recovery codes on "Min konto".


@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the authenticator app or a recovery code.
    Wrong codes are throttled by django-otp; the step lasts TWO_FACTOR_LOGIN_SECONDS."""
    try:
        pending = two_factor.pending_login(request)
    except two_factor.Expired:
        messages.error(request, _("Der gik for lang tid. Log ind igen."))
        return redirect("accounts:login")
    if pending is None:
        return redirect("accounts:login")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.two_factor_verify(user=pending.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            two_factor.pending_login_end(request)
            auth_login(request, pending.user, backend=pending.backend)
            django_otp.login(request, device)
            if isinstance(device, StaticDevice):
                messages.warning(
                    request,
                    _(
                        "Du loggede ind med en gendannelseskode, som nu er brugt. Du har "
                        "%(count)s tilbage: lav nye under Min konto, når de slipper op."
                    )
                    % {"count": queries.two_factor_of(pending.user).recovery_codes_left},
                )
            return redirect(pending.next_url)
    status = 400 if form.errors else 200
    return render(request, "accounts/login_code.html", {"form": form}, status=status)


def _two_factor_setup_page(
    request: AuthenticatedRequest, form: TwoFactorCodeForm | None = None, *, status: int = 200
) -> HttpResponse:
    state = queries.two_factor_of(request.user)
    device = state.pending
    response = render(
        request,
        "accounts/two_factor_setup.html",
        {
            "two_factor": state,
            "required": access.two_factor_required(request.user),
            "form": form or TwoFactorCodeForm(recovery=False),
            "qr_code": two_factor.qr_code_svg(device, title=_("QR-kode til godkendelsesappen"))
            if device
            else None,
            "secret": two_factor.secret_text(device) if device else None,
        },
        status=status,
    )
    # The page shows the authenticator's secret: no cache keeps it.
    add_never_cache_headers(response)
    return response


@require_GET
@login_required
def two_factor_setup(request: AuthenticatedRequest) -> HttpResponse:
    return _two_factor_setup_page(request)


@require_POST
@login_required
def two_factor_start(request: AuthenticatedRequest) -> HttpResponse:
    try:
        services.authenticator_start(user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("accounts:account")
    return redirect("accounts:two_factor_setup")


@require_POST
@login_required
def two_factor_confirm(request: AuthenticatedRequest) -> HttpResponse:
    """The first code from the authenticator being set up: from now on it counts, this session
    is confirmed with it, and the recovery codes are shown this once."""
    device = queries.two_factor_of(request.user).pending
    if device is None:
        return redirect("accounts:two_factor_setup")
    form = TwoFactorCodeForm(request.POST, recovery=False)
    if form.is_valid():
        try:
            codes = services.authenticator_confirm(device=device, code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            django_otp.login(request, device)
            messages.success(request, _("Totrinsbekræftelse er slået til."))
            response = _account_page(request, recovery_codes=codes)
            add_never_cache_headers(response)
            return response
    return _two_factor_setup_page(request, form, status=400)


@require_POST
@login_required
def recovery_codes_regenerate(request: AuthenticatedRequest) -> HttpResponse:
    form = TwoFactorCodeForm(request.POST, prefix="recovery")
    if form.is_valid():
        try:
            codes = services.recovery_codes_regenerate(
                user=request.user, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            response = _account_page(request, recovery_codes=codes)
            add_never_cache_headers(response)
            return response
    return _account_page(request, recovery_form=form, status=400)


@require_POST
@login_required
def two_factor_disable(request: AuthenticatedRequest) -> HttpResponse:
    form = TwoFactorCodeForm(request.POST, prefix="disable")
    if form.is_valid():
        try:
            services.two_factor_disable(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Totrinsbekræftelse er slået fra."))
            return redirect("accounts:account")
    return _account_page(request, disable_form=form, status=400)
