"""The pieces of two-factor sign-in that are neither state changes (``services``) nor views:
the sign-in waiting for its code, kept in the session, and the authenticator's secret as a QR
code and as text.

After the right password, a person with an authenticator is not logged in yet: the session
holds who they are and when the password was given, and ``views.login_code`` logs them in once
a code is right, within ``settings.TWO_FACTOR_LOGIN_SECONDS``.
"""

from __future__ import annotations

import time
from base64 import b32encode
from dataclasses import dataclass

import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

SESSION_KEY = "two_factor_pending"


@dataclass(frozen=True)
class PendingLogin:
    user: User
    backend: str
    next_url: str


class Expired(Exception):
    """The password was given longer ago than the code step allows."""


def pending_login_begin(request: HttpRequest, *, user: User, next_url: str) -> None:
    # The authentication backend that accepted the password, which ``login`` needs again.
    backend = getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1])
    request.session[SESSION_KEY] = {
        "user": user.pk,
        "backend": backend,
        "since": time.time(),
        "next": next_url,
    }


def pending_login(request: HttpRequest) -> PendingLogin | None:
    """The sign-in waiting for a code in this session, if any; ``Expired`` (and forgotten)
    when its time is up. An account deactivated meanwhile is no longer waiting."""
    pending = request.session.get(SESSION_KEY)
    if not isinstance(pending, dict):
        return None
    if time.time() - pending["since"] > settings.TWO_FACTOR_LOGIN_SECONDS:
        pending_login_end(request)
        raise Expired
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        pending_login_end(request)
        return None
    return PendingLogin(user=user, backend=pending["backend"], next_url=pending["next"])


def pending_login_end(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice, *, title: str) -> SafeString:
    """The authenticator's set-up address (``otpauth://…``) as an inline SVG QR code: drawn
    here, with nothing fetched from another host, and black on white whatever the page's
    colours, for the phone's camera."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=4, dark="#000", light="#fff", title=title, svgclass="qr-code"
    )
    # segno's own markup, in which segno escapes the title.
    return mark_safe(svg)
