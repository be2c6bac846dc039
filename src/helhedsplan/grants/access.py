"""Who may see or change the resident grant pools: the actions of ``accounts.permissions``.

Staff, secretariat heads and administrators keep the applications, each limited to their
estates (an application belongs to one estate, and so does its contact person); the board,
the working groups and the police see the pools and how many applications each has, never
who applied. Anyone may apply through a pool's public link, without logging in. Reviewing
retention, renewing a contact's consent and erasing them are the privacy lifecycle's
(``privacy.access``).
"""

from __future__ import annotations

from django.db.models import QuerySet

from helhedsplan.accounts import access
from helhedsplan.accounts.access import User
from helhedsplan.accounts.permissions import Action
from helhedsplan.grants.models import Application, Pool
from helhedsplan.programmes.models import Estate, Programme


def may_count(user: User, programme: Programme) -> bool:
    return access.may(user, programme, Action.COUNT_GRANT_APPLICATIONS)


def may_count_anywhere(user: User) -> bool:
    return access.may_anywhere(user, Action.COUNT_GRANT_APPLICATIONS)


def counted_programmes(user: User) -> QuerySet[Programme]:
    return access.programmes_where(user, Action.COUNT_GRANT_APPLICATIONS)


def may_keep(user: User, programme: Programme) -> bool:
    return access.may(user, programme, Action.KEEP_GRANT_APPLICATIONS)


def own_estates(user: User, programme: Programme) -> QuerySet[Estate]:
    """The estates whose applications the user keeps (and may enter from paper)."""
    return access.estates_where(user, programme, Action.KEEP_GRANT_APPLICATIONS)


def may_keep_pool(user: User, pool: Pool) -> bool:
    """Enter paper applications to the pool, see its applications, print its poster: a pool
    of one estate is its keepers'; a pool of the whole programme every keeper's."""
    if pool.estate_id is None:
        return may_keep(user, pool.programme)
    return access.may_in_estates(
        user, pool.programme, Action.KEEP_GRANT_APPLICATIONS, [pool.estate_id]
    )


def may_keep_application(user: User, application: Application) -> bool:
    return access.may_in_estates(
        user, application.programme, Action.KEEP_GRANT_APPLICATIONS, [application.estate_id]
    )


def kept_applications(user: User, pool: Pool) -> QuerySet[Application]:
    if not may_keep_pool(user, pool):
        return Application.objects.none()
    return Application.objects.filter(pool=pool, estate__in=own_estates(user, pool.programme))


def may_manage(user: User, programme: Programme) -> bool:
    """Set up the programme's pools (in some of its estates, at least)."""
    return access.may(user, programme, Action.MANAGE_GRANT_POOLS)


def managed_estates(user: User, programme: Programme) -> QuerySet[Estate]:
    """The estates a pool of one estate may be set up for by the user."""
    return access.estates_where(user, programme, Action.MANAGE_GRANT_POOLS)


def may_manage_pool(user: User, pool: Pool) -> bool:
    """Set up the pool: a pool of one estate is its managers'; a pool of the whole programme
    every manager's."""
    if pool.estate_id is None:
        return may_manage(user, pool.programme)
    return access.may_in_estates(user, pool.programme, Action.MANAGE_GRANT_POOLS, [pool.estate_id])


# Part 3: the report back, overdue reports and the API's lists ---------------------------


def kept_programme_applications(user: User, programme: Programme) -> QuerySet[Application]:
    """The applications of every pool of the programme in the estates the user keeps (a pool
    of one estate holds only that estate's applications)."""
    if not may_keep(user, programme):
        return Application.objects.none()
    return Application.objects.filter(programme=programme, estate__in=own_estates(user, programme))


# Part 3: the money ---------------------------------------------------------------------------


def may_override_frame(user: User, application: Application) -> bool:
    """Grant beyond the pool's yearly frame (the secretariat head, with a reason)."""
    return access.may_in_estates(
        user, application.programme, Action.OVERRIDE_GRANT_FRAME, [application.estate_id]
    )
