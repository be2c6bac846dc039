"""An authenticator app in a test: the code it shows, computed from the device's key as the
phone would (RFC 6238, django-otp's own ``totp``)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django_otp.oath import totp  # type: ignore[import-untyped]
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from helhedsplan.accounts import services


def code_of(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The six digits the app shows now (or ``steps_ahead`` 30-second steps later, which the
    server still accepts: a code is never accepted twice, so a second code in the same step
    is the next step's)."""
    value = totp(device.bin_key, device.step, device.t0, device.digits, steps_ahead)
    return f"{value:06d}"


def enrol(user: User) -> tuple[TOTPDevice, list[str]]:
    """``user`` with an authenticator set up and their recovery codes."""
    device = services.authenticator_start(user=user)
    codes = services.authenticator_confirm(device=device, code=code_of(device))
    device.refresh_from_db()
    return device, codes
