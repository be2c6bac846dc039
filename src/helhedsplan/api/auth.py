"""Who calls: a personal access token (``Authorization: Bearer hp_…``), or the person's own
browser session.

A token acts as its person, within the programmes it names and within what the person may
do there now (every access rule asks about ``request.user``): a withdrawn role, a
deactivated account, a revoked or expired token stops it at once. A read-only token is
refused every write. A session opens the API to the person's own pages (the docs page's "try
it"), never to other sites: a write by cookie must carry the CSRF token, as a form does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from helhedsplan.accounts import queries, services
from helhedsplan.accounts.models import ApiToken
from helhedsplan.api.errors import ApiError
from helhedsplan.programmes.models import Programme

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Caller:
    """The person behind a request, and the token they came with (None: their session)."""

    user: User
    token: ApiToken | None

    def __str__(self) -> str:
        # What the throttle counts by: each token on its own, a session by its person.
        return f"token:{self.token.pk}" if self.token else f"user:{self.user.pk}"

    def reachable(self, programmes: QuerySet[Programme]) -> QuerySet[Programme]:
        """``programmes`` narrowed to those the token names (all of them for a session)."""
        if self.token is None:
            return programmes
        return programmes.filter(pk__in=[p.pk for p in self.token.programmes.all()])

    def reaches(self, programme: Programme) -> bool:
        if self.token is None:
            return True
        return any(p.pk == programme.pk for p in self.token.programmes.all())


def caller(request: HttpRequest) -> Caller:
    found: Any = getattr(request, "auth", None)
    assert isinstance(found, Caller), "every API operation is behind authentication"
    return found


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Caller:
        found = queries.api_token_live(token)
        if found is None:
            raise ApiError(
                401, "invalid_token", _("API-nøglen er ukendt, udløbet eller tilbagekaldt.")
            )
        if request.method not in SAFE_METHODS and not found.may_write:
            raise ApiError(
                403, "insufficient_scope", _("API-nøglen må kun læse. Lav en, der må skrive.")
            )
        services.api_token_mark_used(token=found)
        # The services and the audit trail record who acted: the token's person.
        request.user = found.user
        return Caller(user=found.user, token=found)


class Session(APIKeyCookie):
    """The person's login cookie. Like the pages, a write must carry the CSRF token."""

    def __init__(self) -> None:
        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        key = request.COOKIES.get(self.param_name)
        if key and check_csrf(request) is not None:
            raise ApiError(403, "csrf_failed", _("CSRF-kontrollen fejlede: send CSRF-nøglen med."))
        return key

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller | None:
        user = request.user
        if key and isinstance(user, User) and user.is_authenticated and user.is_active:
            return Caller(user=user, token=None)
        return None
