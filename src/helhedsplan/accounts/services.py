"""State changes of users and their roles."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import transaction

from helhedsplan.accounts.models import Membership, Role
from helhedsplan.programmes.models import Estate, Programme


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    is_superuser: bool = False,
) -> AbstractUser:
    """Create a user. Without a password the account cannot log in until one is set."""
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
    return user


@transaction.atomic
def user_update(*, user: AbstractUser, first_name: str, last_name: str, email: str) -> AbstractUser:
    user.first_name = first_name
    user.last_name = last_name
    user.email = email
    user.full_clean()
    user.save(update_fields=["first_name", "last_name", "email"])
    return user


@transaction.atomic
def user_set_active(*, user: AbstractUser, active: bool) -> AbstractUser:
    """Deactivate or reactivate an account. Deactivation keeps the user's history intact."""
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def membership_grant(
    *, user: AbstractUser, programme: Programme, role: Role, estates: Iterable[Estate] = ()
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
