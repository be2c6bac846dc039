"""State changes of users and their roles."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from helhedsplan.accounts.models import FeedToken, Membership, Role
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
        membership_grant(user=user, programme=programme, role=role, estates=estates)
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
    *, user: User, programme: Programme, role: Role, estates: Iterable[Estate] = ()
) -> Membership:
    """Give ``user`` a role in ``programme``, limited to ``estates`` if any are named.

    Granting a role the user already holds replaces its estates.
    """
    estates = list(estates)
    foreign = [e for e in estates if e.programme_id != programme.pk]
    if foreign:
        raise ValueError(f"Estates {foreign} do not belong to {programme}.")
    membership, _created = Membership.objects.get_or_create(
        user=user, programme=programme, role=role
    )
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
