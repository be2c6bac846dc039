"""The project's own middleware.

``ChosenLanguageMiddleware``: Danish unless the user chose otherwise. Django's
LocaleMiddleware would follow the browser's Accept-Language, so most browsers would show
English. The interface is Danish first: only the language the user picked with the language
switch (kept in a cookie) overrides it.

``SessionIdleTimeoutMiddleware``: a session ends after a time without use.

``client_address`` and ``LoginThrottle`` tell django-axes who is asking and when to stop them.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


# How long a session may go unused before its renewal is due: renewing on every request would
# write the session row on every request; renewing at most once a minute costs one write a
# minute and shortens the idle timeout by at most that minute.
RENEW_AFTER_SECONDS = 60
RENEWED_AT = "_renewed_at"


class SessionIdleTimeoutMiddleware:
    """Ends a session that has not been used for SESSION_COOKIE_AGE (the idle timeout).

    A session lives SESSION_COOKIE_AGE from its last save, in the database and in the cookie;
    this saves it again, at most once a minute, while it is used. An idle one expires, and
    the next request finds no session: the person signs in again.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = request.session
        # An empty session (a visitor, or one who just signed out) is neither made nor kept.
        if not session.modified and not session.is_empty():
            now = int(time.time())
            if now - session.get(RENEWED_AT, 0) >= RENEW_AFTER_SECONDS:
                session[RENEWED_AT] = now
        return response


def client_address(request: HttpRequest) -> str | None:
    """The address of the client, for django-axes (``AXES_CLIENT_IP_CALLABLE``).

    Behind the TLS-terminating proxy (``BEHIND_PROXY``) every request comes from the proxy's
    address; the client's is the last one in ``X-Forwarded-For``, the one the proxy itself
    appended (what the client sent is further left and not to be trusted). Anything there
    that is not an address is passed over for the proxy's address.
    """
    if settings.BEHIND_PROXY:
        reported = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        try:
            return str(ipaddress.ip_address(reported))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR")


class AxesRequest(HttpRequest):
    """A request as django-axes hands it to its handler, with the attributes it sets."""

    axes_ip_address: str | None
    axes_locked_out: bool
    axes_credentials: dict | None


class LoginThrottle(AxesDatabaseHandler):
    """django-axes' handler with a second limit: failures from one address across usernames.

    Axes counts failures per username and address (``AXES_LOCKOUT_PARAMETERS``) against one
    limit; someone trying many usernames from one address was never slowed. This also locks
    the address out once its failures within the cool-off time, whatever the usernames,
    reach ``LOGIN_ADDRESS_FAILURE_LIMIT``, higher than the per-username limit so that an
    office of people behind one address is not locked out by a few mistyped passwords.
    """

    def is_locked(self, request: AxesRequest, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or self._address_locked(request)

    def user_login_failed(
        self, sender, credentials: dict, request: AxesRequest | None = None, **kwargs
    ) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not request.axes_locked_out and self._address_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials

    @staticmethod
    def _address_locked(request: AxesRequest) -> bool:
        failures = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        ).aggregate(total=Sum("failures_since_start"))["total"]
        return (failures or 0) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT
