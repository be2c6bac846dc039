"""A small throttle for public pages: a fixed-window count of requests per key on Django's
cache (``cache.add`` starts a window's count, ``cache.incr`` adds to it), so pages without a
login can refuse a caller who asks too often. ``incr`` is atomic in the local-memory cache
(the default), Redis and Memcached; the database and file caches read and write it in two
steps, so simultaneous requests may be counted once: use Redis or Memcached for a count
shared by several servers.

A page counts a request under the limits it needs, e.g. the client's address and the link it
opens, and answers ``refused`` (429 with a Danish page) when any count is over::

    allowed = throttle.hit(BY_ADDRESS, throttle.client_address(request)) & throttle.hit(
        BY_LINK, token
    )
    if not allowed:
        return throttle.refused(request, BY_LINK)

The counts live in the default cache: with Django's default (local memory) each server
process counts on its own, like the API's throttle; a cache shared by the servers (``CACHES``)
makes one count for all. Keys are hashed, so neither addresses nor tokens are kept in clear.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Limit:
    """At most ``requests`` per key in each window of ``seconds``; ``scope`` keeps the counts
    of different limits apart."""

    scope: str
    requests: int
    seconds: int


def _cache_key(limit: Limit, key: str, window: int) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()
    return f"throttle:{limit.scope}:{window}:{digest}"


def hit(limit: Limit, key: str) -> bool:
    """Counts one request under ``key``; True while the count is within the limit."""
    window = int(time.time()) // limit.seconds
    cache_key = _cache_key(limit, key, window)
    # The entry outlives its window a little and is never read after it (the next window has
    # its own key), so an expiry between ``add`` and ``incr`` only starts the count anew.
    if cache.add(cache_key, 1, timeout=limit.seconds + 1):
        return limit.requests >= 1
    try:
        count = cache.incr(cache_key)
    except ValueError:
        cache.add(cache_key, 1, timeout=limit.seconds + 1)
        count = 1
    return count <= limit.requests


def client_address(request: HttpRequest) -> str:
    """The client's address as the project reads it (behind the proxy, the one the proxy
    reports): the function ``settings.CLIENT_ADDRESS_CALLABLE`` names, as django-axes uses.
    An IPv6 address counts by its /64 network: one household or phone is given a whole /64
    and could otherwise change its address for every request."""
    read = import_string(settings.CLIENT_ADDRESS_CALLABLE)
    address = read(request) or "unknown"
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def refused(request: HttpRequest, limit: Limit) -> HttpResponse:
    """The answer over the limit: 429 with a Danish page, and when to try again."""
    response = render(request, "core/throttled.html", status=429)
    response["Retry-After"] = str(limit.seconds)
    return response
