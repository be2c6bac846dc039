"""State changes of users and their roles."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken  # type: ignore[import-untyped]
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from helhedsplan.accounts import access
from helhedsplan.accounts.models import ApiToken, ApiTokenScope, FeedToken, Membership, Role
from helhedsplan.programmes.models import Estate, Programme

# 32 random bytes: 43 characters in the URL.
FEED_TOKEN_BYTES = 32


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    is_superuser: bool = False,
    programme: Programme | None = None,
    role: Role | None = None,
    estates: Iterable[Estate] = (),
    organisation: str = "",
) -> User:
    """Create a user, with ``role`` in ``programme`` (limited to ``estates``) when both are
    given, so that an account is never left without the role it was made for. Without a
    password the account cannot log in until one is set."""
    if (programme is None) != (role is None):
        raise ValueError("Give both a programme and a role, or neither.")
    user = get_user_model()(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean()
    user.save()
    if programme is not None and role is not None:
        membership_grant(
            user=user,
            programme=programme,
            role=role,
            estates=estates,
            organisation=organisation,
        )
    return user


@transaction.atomic
def user_update(*, user: User, first_name: str, last_name: str, email: str) -> User:
    user.first_name = first_name
    user.last_name = last_name
    user.email = email
    user.full_clean()
    user.save(update_fields=["first_name", "last_name", "email"])
    return user


@transaction.atomic
def user_set_active(*, user: User, active: bool) -> User:
    """Deactivate or reactivate an account. Deactivation keeps the user's history intact."""
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def membership_grant(
    *,
    user: User,
    programme: Programme,
    role: Role,
    estates: Iterable[Estate] = (),
    organisation: str = "",
) -> Membership:
    """Give ``user`` a role in ``programme``, limited to ``estates`` if any are named. A
    partner's role names their organisation (``Organisation``), no other role does.

    Granting a role the user already holds replaces its estates and organisation.
    """
    estates = list(estates)
    foreign = [e for e in estates if e.programme_id != programme.pk]
    if foreign:
        raise ValueError(f"Estates {foreign} do not belong to {programme}.")
    if role == Role.PARTNER and not organisation:
        raise ValidationError(
            {"organisation": _("Vælg den organisation, samarbejdspartneren kommer fra.")}
        )
    if role != Role.PARTNER and organisation:
        raise ValidationError(
            {"organisation": _("Kun en samarbejdspartner knyttes til en organisation.")}
        )
    membership = Membership.objects.filter(user=user, programme=programme, role=role).first()
    membership = membership or Membership(user=user, programme=programme, role=role)
    membership.organisation = organisation
    membership.full_clean()
    membership.save()
    membership.estates.set(estates)
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership) -> None:
    membership.delete()


@transaction.atomic
def feed_token_create(*, user: User) -> str:
    """A new secret calendar address for ``user``, replacing the one they had (whose feeds
    stop working). Returns the token: it is stored only as a digest, so this is the one time
    it can be shown."""
    token = secrets.token_urlsafe(FEED_TOKEN_BYTES)
    FeedToken.objects.filter(user=user).delete()
    FeedToken.objects.create(user=user, digest=FeedToken.digest_of(token))
    return token


@transaction.atomic
def feed_token_revoke(*, user: User) -> None:
    """``user``'s calendar address stops working: every feed under it answers 404."""
    FeedToken.objects.filter(user=user).delete()


# An API token: a recognisable prefix (so secret scanners and people can tell what it is) and
# 32 random bytes. It lives at most a year: a forgotten integration stops by itself.
API_TOKEN_PREFIX = "hp_"
API_TOKEN_MAX_DAYS = 366


@transaction.atomic
def api_token_create(
    *,
    user: User,
    name: str,
    scope: ApiTokenScope,
    programmes: Iterable[Programme],
    days: int,
    now: datetime.datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new API token for ``user``, valid for ``days`` days in ``programmes`` (some of those
    the person may read). Returns the token and its secret: only the digest is stored, so
    this is the one time the secret can be shown."""
    programmes = list(programmes)
    if not programmes:
        raise ValidationError({"programmes": _("Vælg mindst én indsats.")})
    readable = set(access.readable_programmes(user).values_list("pk", flat=True))
    if any(programme.pk not in readable for programme in programmes):
        raise ValidationError(
            {"programmes": _("Du kan kun give nøglen adgang til dine indsatser.")}
        )
    if not 1 <= days <= API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {"days": _("En nøgle gælder 1 til %(days)s dage.") % {"days": API_TOKEN_MAX_DAYS}}
        )
    secret = API_TOKEN_PREFIX + secrets.token_urlsafe(FEED_TOKEN_BYTES)
    token = ApiToken(
        user=user,
        name=name.strip(),
        digest=FeedToken.digest_of(secret),
        scope=scope,
        expires_at=(now or timezone.now()) + datetime.timedelta(days=days),
    )
    token.full_clean()
    token.save()
    token.programmes.set(programmes)
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, now: datetime.datetime | None = None) -> ApiToken:
    """``token`` stops working at once; the row stays, so the person sees what it was."""
    if token.revoked_at is None:
        token.revoked_at = now or timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


# How stale a token's "last used" may get before a request writes it again: one write a
# minute at most, however many requests a busy integration makes.
API_TOKEN_USE_RESOLUTION = datetime.timedelta(minutes=1)


def api_token_mark_used(*, token: ApiToken, now: datetime.datetime | None = None) -> None:
    """Record that ``token`` was used, unless that was recorded less than a minute ago."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < API_TOKEN_USE_RESOLUTION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


# Two-factor sign-in: an authenticator app (django-otp's TOTP device) and recovery codes (its
# static device: each code works once). A code's check and the throttling of wrong codes are
# django-otp's; a wrong code is counted in a transaction of its own, so that the refusal
# (a ValidationError) does not roll the count back.

AUTHENTICATOR_NAME = "Godkendelsesapp"
RECOVERY_CODES_NAME = "Gendannelseskoder"
RECOVERY_CODE_COUNT = 10
# The length of the app's codes (django-otp's default, what every authenticator app shows).
AUTHENTICATOR_DIGITS = 6


def _normalised_code(code: str) -> str:
    """What a person types, as it is checked: spaces and hyphens (which the recovery codes are
    shown with) dropped, letters in lower case."""
    return "".join(code.split()).replace("-", "").lower()


def _checked(device: TOTPDevice | StaticDevice, code: str) -> bool:
    """Whether ``device`` accepts ``code``, with django-otp's throttling: after a wrong code the
    next try waits 1, 2, 4, 8, … seconds, and a try too soon is refused unchecked."""
    with transaction.atomic():
        device = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, details = device.verify_is_allowed()
        if not allowed:
            wait = max(1, int((details["locked_until"] - timezone.now()).total_seconds()) + 1)
            raise ValidationError(
                _("For mange forkerte koder. Vent %(seconds)s sekunder, og prøv igen.")
                % {"seconds": wait},
                code="throttled",
            )
        return bool(device.verify_token(code))


def two_factor_verify(*, user: User, code: str) -> TOTPDevice | StaticDevice:
    """The device that accepts ``code`` from ``user``: six digits are the authenticator app's
    current code, anything else a recovery code (eight characters), which is used up.
    ``ValidationError`` for a wrong code, or when the tries come too fast."""
    code = _normalised_code(code)
    device: TOTPDevice | StaticDevice | None
    if code.isdigit() and len(code) == AUTHENTICATOR_DIGITS:
        device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).first()
    else:
        device = StaticDevice.objects.filter(user_id=user.pk, confirmed=True).first()
    if device is None or not _checked(device, code):
        raise ValidationError(_("Koden er forkert."), code="wrong_code")
    return device


@transaction.atomic
def authenticator_start(*, user: User) -> TOTPDevice:
    """A new authenticator for ``user`` with a fresh secret, which counts only once
    ``authenticator_confirm`` has seen a first code from it; one started earlier is replaced.
    Someone who has an authenticator turns it off first (with a code from it)."""
    if TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists():
        raise ValidationError(_("Du har allerede totrinsbekræftelse slået til."))
    TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def authenticator_confirm(*, device: TOTPDevice, code: str) -> list[str]:
    """The authenticator counts from now on, once its first code is right; returns the new
    recovery codes, which are shown this once."""
    if device.confirmed:
        raise ValidationError(_("Godkendelsesappen er allerede sat op."))
    if not _checked(device, _normalised_code(code)):
        raise ValidationError(
            _(
                "Koden passer ikke. Skriv den kode, appen viser nu, og tjek, at telefonens ur "
                "går rigtigt."
            ),
            code="wrong_code",
        )
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return _recovery_codes_replace(user=device.user)


def _recovery_codes_replace(*, user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": RECOVERY_CODES_NAME, "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_regenerate(*, user: User, code: str) -> list[str]:
    """New recovery codes for ``user``, given a current code (or a recovery code); the old
    ones stop working. Returns them: they are shown this once."""
    if not TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists():
        raise ValidationError(_("Du har ikke totrinsbekræftelse slået til."))
    two_factor_verify(user=user, code=code)
    with transaction.atomic():
        return _recovery_codes_replace(user=user)


def two_factor_disable(*, user: User, code: str) -> None:
    """Turns ``user``'s second factor off, given a current code (or a recovery code): the
    authenticator and the recovery codes are deleted, and sign-in asks for the password alone
    (unless the configuration requires a second factor of their role: then they set up a new
    one before anything else, as after changing phones)."""
    two_factor_verify(user=user, code=code)
    with transaction.atomic():
        TOTPDevice.objects.filter(user_id=user.pk).delete()
        StaticDevice.objects.filter(user_id=user.pk).delete()
