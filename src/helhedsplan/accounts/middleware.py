"""The requirement of ``REQUIRE_TWO_FACTOR_FOR``: a person holding one of its roles reaches no
page before their session has been confirmed with a second factor.

Without an authenticator they are sent to set one up; with one, a session that never gave a
code (it began before the authenticator was set up, elsewhere) is ended, so that they sign in
again with the code. The sign-in pages, the set-up pages, signing out and the language switch
stay open. It runs after django-otp's ``OTPMiddleware``, which tells whether the session was
confirmed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_otp.middleware import is_verified  # type: ignore[import-untyped]

from helhedsplan.accounts import access, queries

OPEN_VIEWS = frozenset(
    {
        "accounts:login",
        "accounts:login_code",
        "accounts:logout",
        "accounts:two_factor_setup",
        "accounts:two_factor_start",
        "accounts:two_factor_confirm",
        "set_language",
    }
)


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if not settings.REQUIRE_TWO_FACTOR_FOR or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is None or match.view_name in OPEN_VIEWS:
            return None
        if is_verified(request.user) or not access.two_factor_required(request.user):
            return None
        if queries.two_factor_of(request.user).enabled:
            logout(request)
            return redirect_to_login(request.get_full_path())
        return redirect("accounts:two_factor_setup")
