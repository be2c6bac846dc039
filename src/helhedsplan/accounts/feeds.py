"""The calendar feeds' door: a secret address instead of a login.

A calendar app that subscribes to a feed has no session; the URL carries the person's feed
token instead (``/feeds/<token>/…``). ``feed_view`` turns the token into the person and
hands them to the app's feed view, which asks the same access rule as the page behind the
login, now: a role withdrawn or an account deactivated stops the feed at once. The token
opens feeds and nothing else, never a session; the views only read (GET), so no CSRF token is
involved. Anything wrong (an unknown or revoked token, a deactivated person, a feed they may
not read) is a plain 404, so an address tells nothing about what exists.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from helhedsplan.accounts import queries

FeedView = Callable[..., HttpResponse]


def feed_view(view: FeedView) -> FeedView:
    """``view(request, user, **kwargs)`` behind ``/feeds/<token>/…``."""

    @require_GET
    @wraps(view)
    def wrapper(request: HttpRequest, token: str, **kwargs: object) -> HttpResponse:
        user = queries.feed_token_user(token)
        if user is None:
            raise Http404
        try:
            response = view(request, user, **kwargs)
        except PermissionDenied:
            raise Http404 from None
        # The feed is this person's: a shared cache must not keep it.
        patch_cache_control(response, private=True)
        return response

    return wrapper
