"""Who may see or change what: the one place that reads roles.

Every view asks a function here (or an app's ``access`` module built on these), and the role
matrix test checks each URL against each role. Superusers hold every role in every programme.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from helhedsplan.accounts.models import Membership, Role
from helhedsplan.programmes.models import Estate, Programme

User = AbstractBaseUser | AnonymousUser

ALL_ROLES = frozenset(Role)
# Police officers run the resident panel and see nothing else of the programme.
PROGRAMME_READERS = ALL_ROLES - {Role.POLICE}
ADMINISTRATORS = frozenset({Role.ADMINISTRATOR})

_CACHE_ATTRIBUTE = "_helhedsplan_memberships"


def _memberships(user: User) -> list[Membership]:
    """The user's memberships, read once per request and kept on the user object."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user)
            .select_related("programme")
            .prefetch_related("estates")
        )
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_memberships(user: User) -> None:
    """Drop the cached memberships after a change, so the next question reads them anew."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def is_superuser(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def roles_in(user: User, programme: Programme) -> frozenset[Role]:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if is_superuser(user):
        return ALL_ROLES
    return frozenset(
        Role(membership.role)
        for membership in _memberships(user)
        if membership.programme_id == programme.pk
    )


def has_role(user: User, programme: Programme, roles: Iterable[Role]) -> bool:
    return not roles_in(user, programme).isdisjoint(roles)


def has_role_anywhere(user: User, roles: Iterable[Role]) -> bool:
    if is_superuser(user):
        return True
    wanted = set(roles)
    return any(Role(membership.role) in wanted for membership in _memberships(user))


def programmes_with_role(user: User, roles: Iterable[Role]) -> QuerySet[Programme]:
    if is_superuser(user):
        return Programme.objects.all()
    wanted = set(roles)
    ids = {m.programme_id for m in _memberships(user) if Role(m.role) in wanted}
    return Programme.objects.filter(pk__in=ids)


def visible_programmes(user: User) -> QuerySet[Programme]:
    return programmes_with_role(user, ALL_ROLES)


def visible_estates(user: User, programme: Programme) -> QuerySet[Estate]:
    """The estates of ``programme`` the user works with: all of them unless every one of the
    user's memberships there names particular estates."""
    estates = programme.estates.all()
    if is_superuser(user):
        return estates
    memberships = [m for m in _memberships(user) if m.programme_id == programme.pk]
    if not memberships:
        return estates.none()
    if any(not m.estates.all() for m in memberships):
        return estates
    return estates.filter(pk__in={e.pk for m in memberships for e in m.estates.all()})


def may_view_programme(user: User, programme: Programme) -> bool:
    return has_role(user, programme, PROGRAMME_READERS)


def may_manage_users(user: User, programme: Programme) -> bool:
    return has_role(user, programme, ADMINISTRATORS)


def may_manage_users_anywhere(user: User) -> bool:
    return has_role_anywhere(user, ADMINISTRATORS)


def may_manage_user(admin: User, user: AbstractBaseUser) -> bool:
    """An administrator manages the users who hold roles only in programmes they administer,
    and users without any role yet. Only a superuser manages another superuser."""
    if is_superuser(admin):
        return True
    if user.is_superuser or not may_manage_users_anywhere(admin):
        return False
    administered = set(programmes_with_role(admin, ADMINISTRATORS).values_list("pk", flat=True))
    their_programmes = set(user.memberships.values_list("programme_id", flat=True))
    return their_programmes <= administered


def may_view_audit_trail(user: User) -> bool:
    return has_role_anywhere(user, ADMINISTRATORS)
