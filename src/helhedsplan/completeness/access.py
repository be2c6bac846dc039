"""Who sees what is missing: ``VIEW_COMPLETENESS`` of ``accounts.permissions``, limited to
the estates of an estate-limited membership."""

from __future__ import annotations

from django.contrib.auth.models import User as AuthUser
from django.db.models import QuerySet

from helhedsplan.accounts import access
from helhedsplan.accounts.access import User
from helhedsplan.accounts.permissions import Action, roles_for
from helhedsplan.programmes.models import Estate, Programme


def may_view(user: User, programme: Programme) -> bool:
    return access.may(user, programme, Action.VIEW_COMPLETENESS)


def may_view_anywhere(user: User) -> bool:
    return access.may_anywhere(user, Action.VIEW_COMPLETENESS)


def viewed_programmes(user: User) -> QuerySet[Programme]:
    return access.programmes_where(user, Action.VIEW_COMPLETENESS)


def may_review(user: User, programme: Programme) -> bool:
    """Whether the volunteers due for review are among the gaps: the review is for those who
    review personal data."""
    return access.may(user, programme, Action.REVIEW_PERSONAL_DATA)


def own_estates(user: User, programme: Programme) -> QuerySet[Estate]:
    return access.estates_where(user, programme, Action.VIEW_COMPLETENESS).order_by("name")


def responsible_people(programme: Programme) -> list[AuthUser]:
    """The active people with an address who may see the programme's gaps."""
    return list(
        AuthUser.objects.filter(
            is_active=True,
            email__gt="",
            memberships__programme=programme,
            memberships__role__in=roles_for(Action.VIEW_COMPLETENESS),
        )
        .distinct()
        .order_by("pk")
    )
