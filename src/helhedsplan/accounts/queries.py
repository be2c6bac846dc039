"""Reads of users and roles."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticToken  # type: ignore[import-untyped]
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from helhedsplan.accounts import access
from helhedsplan.accounts.models import ApiToken, FeedToken, Membership, Role
from helhedsplan.core.exports import Column
from helhedsplan.programmes.models import Estate, Programme


def users_managed_by(admin: access.User) -> QuerySet[User]:
    """The users an administrator may manage: those with roles only in programmes they
    administer, and those with no role at all; every user for a superuser."""
    users = (
        get_user_model()
        .objects.prefetch_related(
            "memberships__programme",
            Prefetch("memberships__estates", queryset=Estate.objects.order_by("name")),
        )
        .order_by("username")
    )
    if access.is_superuser(admin):
        return users
    administered = access.administered_programmes(admin)
    return users.annotate(
        foreign=Count("memberships", filter=~Q(memberships__programme__in=administered))
    ).filter(foreign=0, is_superuser=False)


def _role_text(membership: Membership) -> str:
    """The role, its programme and its estates (none named: all of them), e.g. "Medarbejder
    (Helsingør Syd: Vapnagaard)", from the prefetched memberships of ``users_managed_by``."""
    estates = ", ".join(estate.name for estate in membership.estates.all())
    where = f"{membership.programme.name}: {estates}" if estates else membership.programme.name
    return f"{membership.get_role_display()} ({where})"


def _roles(user: User) -> list[str]:
    roles = [_role_text(membership) for membership in user.memberships.all()]
    return roles or ([_("Superbruger")] if user.is_superuser else [])


# The users list's export: what the list shows, the roles with their estate limits.
EXPORT_COLUMNS: list[Column[User]] = [
    Column(gettext_lazy("Brugernavn"), lambda u: u.username, 16),
    Column(gettext_lazy("Navn"), lambda u: u.get_full_name(), 24),
    Column(gettext_lazy("Roller"), _roles, 60),
    Column(gettext_lazy("Status"), lambda u: _("Aktiv") if u.is_active else _("Deaktiveret"), 12),
]


def feed_token_user(token: str) -> User | None:
    """The active person whose calendar address holds ``token``, or None."""
    found = (
        FeedToken.objects.filter(digest=FeedToken.digest_of(token), user__is_active=True)
        .select_related("user")
        .first()
    )
    return found.user if found else None


def feed_token_of(user: User) -> FeedToken | None:
    return FeedToken.objects.filter(user=user).first()


def memberships_of(user: User) -> list[Membership]:
    """The user's roles, in the order of the roles, with the estates each is limited to (by
    name; none: all of the programme's estates)."""
    memberships = Membership.objects.filter(user_id=user.pk).prefetch_related(
        Prefetch("estates", queryset=Estate.objects.order_by("name"))
    )
    return sorted(memberships, key=lambda membership: Role.values.index(membership.role))


def api_token_live(secret: str) -> ApiToken | None:
    """The token whose secret is ``secret``, if it still works: not revoked, not expired, its
    person active. Its programmes are fetched with it."""
    return (
        ApiToken.objects.filter(
            digest=FeedToken.digest_of(secret),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .select_related("user")
        .prefetch_related("programmes")
        .first()
    )


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """The person's API tokens, newest first, revoked and expired ones too."""
    return ApiToken.objects.filter(user_id=user.pk).prefetch_related(
        Prefetch("programmes", queryset=Programme.objects.order_by("name"))
    )


@dataclass(frozen=True)
class TwoFactor:
    """A person's second factor as "Min konto" shows it."""

    # An authenticator app that has given its first code: sign-in asks for a code.
    enabled: bool
    # An authenticator being set up, waiting for its first code.
    pending: TOTPDevice | None
    recovery_codes_left: int


def has_authenticator(user: User) -> bool:
    """Whether signing in asks ``user`` for a code."""
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def two_factor_of(user: User) -> TwoFactor:
    return TwoFactor(
        enabled=has_authenticator(user),
        pending=TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).first(),
        recovery_codes_left=StaticToken.objects.filter(
            device__user_id=user.pk, device__confirmed=True
        ).count(),
    )
