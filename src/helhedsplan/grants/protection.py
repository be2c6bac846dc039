"""The public application form's limits on one address: a fixed window in Django's cache
(``cache.add`` starts a window, ``cache.incr`` counts in it). One small function, so that the
shared throttle for public forms can later take its place."""

from __future__ import annotations

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

# Submissions one address may send in a window.
SUBMISSIONS_PER_WINDOW = 5
WINDOW_SECONDS = 60 * 60


def client_address(request: HttpRequest) -> str:
    """The client's address, as ``helhedsplan.middleware.client_address`` reads it (behind
    the proxy the last address of ``X-Forwarded-For``). A copy, because a data app may not
    import the project's middleware; the shared throttle will hold the one version."""
    if settings.BEHIND_PROXY:
        reported = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        try:
            return str(ipaddress.ip_address(reported))
        except ValueError:
            pass
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def submission_allowed(request: HttpRequest, *, now: float | None = None) -> bool:
    """Counts a submission from the request's address and says whether it is within the
    limit (the 6th in an hour is not)."""
    window = int((now if now is not None else time.time()) // WINDOW_SECONDS)
    key = f"grants:apply:{client_address(request)}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: a fresh window
        cache.add(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count <= SUBMISSIONS_PER_WINDOW
