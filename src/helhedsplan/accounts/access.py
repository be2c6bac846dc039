"""Who may see or change what: the one place that reads roles.

Which role may do which action, and which actions a membership's estates limit, is the table
of ``accounts.permissions``; the functions here read the person's memberships against it.
Every view asks a function here (or an app's ``access`` module built on these), and the role
matrix test checks each URL and each write against each person. Superusers hold every role in
every programme.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import models as auth_models
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, PermissionsMixin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from helhedsplan.accounts.models import Membership, Organisation, Role
from helhedsplan.accounts.permissions import Action, is_estate_limited, roles_for
from helhedsplan.core.lookups import get_with_access
from helhedsplan.programmes.models import Estate, Programme

User = AbstractBaseUser | AnonymousUser


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind ``login_required``, whose user has logged in. Only for
    the type checker: Django builds the request as usual."""

    user: auth_models.User


ALL_ROLES = frozenset(Role)

_CACHE_ATTRIBUTE = "_helhedsplan_grants"


@dataclass(frozen=True)
class Grant:
    """What one membership allows: a role in a programme, in some estates or (empty) all."""

    programme_id: int
    role: Role
    estate_ids: frozenset[int]
    # A partner's organisation (``Membership.organisation``); empty for every other role.
    organisation: str = ""


def _grants(user: User) -> list[Grant]:
    """The user's grants, read in one query per request and kept on the user object."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        rows = Membership.objects.filter(user_id=user.pk).values_list(
            "pk", "programme_id", "role", "organisation", "estates__pk"
        )
        grants: dict[int, tuple[int, str, str, set[int]]] = {}
        for pk, programme_id, role, organisation, estate_id in rows:
            *_membership, estate_ids = grants.setdefault(
                pk, (programme_id, role, organisation, set())
            )
            if estate_id is not None:
                estate_ids.add(estate_id)
        cached = [
            Grant(
                programme_id=programme_id,
                role=Role(role),
                estate_ids=frozenset(estate_ids),
                organisation=organisation,
            )
            for programme_id, role, organisation, estate_ids in grants.values()
        ]
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def person_of(user: User | None) -> auth_models.User | None:
    """The signed-in person who made a change, for the record; None for the demo, commands
    and the anonymous."""
    return user if isinstance(user, auth_models.User) and user.is_authenticated else None


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


def _is_active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def _grants_for(user: User, programme: Programme, action: Action) -> list[Grant]:
    roles = roles_for(action)
    return [
        grant
        for grant in _grants(user)
        if grant.programme_id == programme.pk and grant.role in roles
    ]


def may(user: User, programme: Programme, action: Action) -> bool:
    """Whether the user may do ``action`` in ``programme`` (in some of its estates, at least,
    for an action that estates limit)."""
    if not _is_active(user):
        return False
    return is_superuser(user) or bool(_grants_for(user, programme, action))


def may_anywhere(user: User, action: Action) -> bool:
    if not _is_active(user):
        return False
    roles = roles_for(action)
    return is_superuser(user) or any(grant.role in roles for grant in _grants(user))


def programmes_where(user: User, action: Action) -> QuerySet[Programme]:
    if not _is_active(user):
        return Programme.objects.none()
    return programmes_with_role(user, roles_for(action))


def estate_ids_where(user: User, programme: Programme, action: Action) -> frozenset[int] | None:
    """The ids of the estates of ``programme`` in which the user may do ``action``, or None for
    every estate. A membership without estates covers all of them; so does any action the
    estates do not limit. Several memberships that allow the action add up."""
    if not _is_active(user):
        return frozenset()
    if is_superuser(user):
        return None
    grants = _grants_for(user, programme, action)
    if not grants:
        return frozenset()
    if not is_estate_limited(action) or any(not grant.estate_ids for grant in grants):
        return None
    return frozenset().union(*(grant.estate_ids for grant in grants))


def estates_where(user: User, programme: Programme, action: Action) -> QuerySet[Estate]:
    """The estates of ``programme`` in which the user may do ``action``: what their lists show
    and their forms offer."""
    ids = estate_ids_where(user, programme, action)
    estates = programme.estates.all()
    return estates if ids is None else estates.filter(pk__in=ids)


def estates_anywhere(user: User, action: Action) -> QuerySet[Estate]:
    """The estates of every programme in which the user may do ``action``."""
    if not _is_active(user):
        return Estate.objects.none()
    if is_superuser(user):
        return Estate.objects.all()
    roles = roles_for(action)
    grants = [grant for grant in _grants(user) if grant.role in roles]
    whole = {
        grant.programme_id
        for grant in grants
        if not grant.estate_ids or not is_estate_limited(action)
    }
    some = frozenset().union(*(grant.estate_ids for grant in grants))
    return Estate.objects.filter(Q(programme_id__in=whole) | Q(pk__in=some))


def may_in_estates(
    user: User, programme: Programme, action: Action, estate_ids: Iterable[int]
) -> bool:
    """Whether the user may do ``action`` to something of ``programme`` that belongs to
    ``estate_ids``: one of them being theirs is enough, so a joint event that includes their
    estate stays theirs."""
    ids = estate_ids_where(user, programme, action)
    if ids is None:
        return may(user, programme, action)
    return not ids.isdisjoint(estate_ids)


def organisations_where(user: User, programme: Programme, action: Action) -> frozenset[str]:
    """The organisations (``accounts.models.Organisation``) for which the user may do
    ``action`` in ``programme``: those their partner memberships there name. A superuser
    acts for every organisation."""
    if not _is_active(user):
        return frozenset()
    if is_superuser(user):
        return frozenset(Organisation)
    return frozenset(
        grant.organisation for grant in _grants_for(user, programme, action) if grant.organisation
    )


def may_view_programme(user: User, programme: Programme) -> bool:
    return may(user, programme, Action.VIEW_PROGRAMME)


def may_view_any_programme(user: User) -> bool:
    return may_anywhere(user, Action.VIEW_PROGRAMME)


def readable_programmes(user: User) -> QuerySet[Programme]:
    return programmes_where(user, Action.VIEW_PROGRAMME)


def may_manage_users(user: User, programme: Programme) -> bool:
    return may(user, programme, Action.MANAGE_USERS)


def may_manage_users_anywhere(user: User) -> bool:
    return may_anywhere(user, Action.MANAGE_USERS)


def administered_programmes(user: User) -> QuerySet[Programme]:
    """The programmes whose users the user manages."""
    return programmes_where(user, Action.MANAGE_USERS)


def may_manage_user(admin: User, user: auth_models.User) -> bool:
    """An administrator manages the users who hold roles only in programmes they administer,
    and users without any role yet. Only a superuser manages another superuser."""
    if is_superuser(admin):
        return True
    if user.is_superuser or not may_manage_users_anywhere(admin):
        return False
    administered = set(administered_programmes(admin).values_list("pk", flat=True))
    their_programmes = set(user.memberships.values_list("programme_id", flat=True))
    return their_programmes <= administered


def may_view_audit_trail(user: User) -> bool:
    return may_anywhere(user, Action.READ_AUDIT_TRAIL)


def may_keep_lists(user: User, programme: Programme) -> bool:
    """A programme's administrators keep its managed lists (venues, outlets, topics, …);
    ``core.lists.access`` asks this, and keeps the global lists for superusers."""
    return may(user, programme, Action.KEEP_LISTS)


def list_kept_programmes(user: User) -> QuerySet[Programme]:
    return programmes_where(user, Action.KEEP_LISTS)


def programme_with_access(
    user: User, slug: str, allowed: Callable[[User, Programme], bool]
) -> Programme:
    """The programme a URL names, if ``allowed`` lets the user in: 404 for an unknown
    programme, 403 for one the rule keeps the user out of."""
    return get_with_access(Programme, lambda programme: allowed(user, programme), slug=slug)


def two_factor_required(user: User) -> bool:
    """Whether the configuration (``REQUIRE_TWO_FACTOR_FOR``) asks ``user`` for a second
    factor: they hold one of its roles in some programme (a superuser holds every role)."""
    required = frozenset(settings.REQUIRE_TWO_FACTOR_FOR)
    if not required or not _is_active(user):
        return False
    return is_superuser(user) or any(grant.role in required for grant in _grants(user))
