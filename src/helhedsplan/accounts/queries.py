"""Reads of users and roles."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet

from helhedsplan.accounts import access
from helhedsplan.accounts.models import Role


def users_managed_by(admin: access.User) -> QuerySet[User]:
    """The users an administrator may manage: those with roles only in programmes they
    administer, and those with no role at all; every user for a superuser."""
    users = get_user_model().objects.prefetch_related("memberships__programme").order_by("username")
    if access.is_superuser(admin):
        return users
    administered = access.programmes_with_role(admin, {Role.ADMINISTRATOR})
    return users.annotate(
        foreign=Count("memberships", filter=~Q(memberships__programme__in=administered))
    ).filter(foreign=0, is_superuser=False)
