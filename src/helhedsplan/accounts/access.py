"""Who may see or change what: the one place that reads roles.

Every view asks a function here (or an app's ``access`` module built on these), and the role
matrix test checks each URL against each role. Superusers hold every role in every programme.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth import models as auth_models
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, PermissionsMixin
from django.db.models import QuerySet
from django.http import HttpRequest

from helhedsplan.accounts.models import Membership, Role
from helhedsplan.core.lookups import get_with_access
from helhedsplan.programmes.models import Estate, Programme

User = AbstractBaseUser | AnonymousUser


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind ``login_required``, whose user has logged in. Only for
    the type checker: Django builds the request as usual."""

    user: auth_models.User


ALL_ROLES = frozenset(Role)
# Police officers run the resident panel and see nothing else of the programme.
PROGRAMME_READERS = ALL_ROLES - {Role.POLICE}
ADMINISTRATORS = frozenset({Role.ADMINISTRATOR})

_CACHE_ATTRIBUTE = "_helhedsplan_grants"


@dataclass(frozen=True)
class Grant:
    """What one membership allows: a role in a programme, in some estates or (empty) all."""

    programme_id: int
    role: Role
    estate_ids: frozenset[int]


def _grants(user: User) -> list[Grant]:
    """The user's grants, read in one query per request and kept on the user object."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        rows = Membership.objects.filter(user_id=user.pk).values_list(
            "pk", "programme_id", "role", "estates__pk"
        )
        grants: dict[int, tuple[int, str, set[int]]] = {}
        for pk, programme_id, role, estate_id in rows:
            _programme, _role, estate_ids = grants.setdefault(pk, (programme_id, role, set()))
            if estate_id is not None:
                estate_ids.add(estate_id)
        cached = [
            Grant(programme_id=programme_id, role=Role(role), estate_ids=frozenset(estate_ids))
            for programme_id, role, estate_ids in grants.values()
        ]
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def is_superuser(user: User) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and isinstance(user, PermissionsMixin)
        and user.is_superuser
    )


def roles_in(user: User, programme: Programme) -> frozenset[Role]:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if is_superuser(user):
        return ALL_ROLES
    return frozenset(grant.role for grant in _grants(user) if grant.programme_id == programme.pk)


def has_role(user: User, programme: Programme, roles: Iterable[Role]) -> bool:
    return not roles_in(user, programme).isdisjoint(roles)


def has_role_anywhere(user: User, roles: Iterable[Role]) -> bool:
    if is_superuser(user):
        return True
    wanted = set(roles)
    return any(grant.role in wanted for grant in _grants(user))


def programmes_with_role(user: User, roles: Iterable[Role]) -> QuerySet[Programme]:
    if is_superuser(user):
        return Programme.objects.all()
    wanted = set(roles)
    ids = {grant.programme_id for grant in _grants(user) if grant.role in wanted}
    return Programme.objects.filter(pk__in=ids)


def visible_programmes(user: User) -> QuerySet[Programme]:
    return programmes_with_role(user, ALL_ROLES)


def visible_estates(user: User, programme: Programme) -> QuerySet[Estate]:
    """The estates of ``programme`` the user works with: all of them unless every one of the
    user's memberships there names particular estates."""
    estates = programme.estates.all()
    if is_superuser(user):
        return estates
    grants = [grant for grant in _grants(user) if grant.programme_id == programme.pk]
    if not grants:
        return estates.none()
    if any(not grant.estate_ids for grant in grants):
        return estates
    return estates.filter(pk__in=frozenset().union(*(grant.estate_ids for grant in grants)))


def may_view_programme(user: User, programme: Programme) -> bool:
    return has_role(user, programme, PROGRAMME_READERS)


def may_manage_users(user: User, programme: Programme) -> bool:
    return has_role(user, programme, ADMINISTRATORS)


def may_manage_users_anywhere(user: User) -> bool:
    return has_role_anywhere(user, ADMINISTRATORS)


def may_manage_user(admin: User, user: auth_models.User) -> bool:
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


def may_keep_lists(user: User, programme: Programme) -> bool:
    """A programme's administrators keep its managed lists (venues, outlets, topics, …);
    ``core.lists.access`` asks this, and keeps the global lists for superusers."""
    return has_role(user, programme, ADMINISTRATORS)


def list_kept_programmes(user: User) -> QuerySet[Programme]:
    return programmes_with_role(user, ADMINISTRATORS)


def programme_with_access(
    user: User, slug: str, allowed: Callable[[User, Programme], bool]
) -> Programme:
    """The programme a URL names, if ``allowed`` lets the user in: 404 for an unknown
    programme, 403 for one the rule keeps the user out of."""
    return get_with_access(Programme, lambda programme: allowed(user, programme), slug=slug)
