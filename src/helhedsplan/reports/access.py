"""Who may read the status report and who edits and approves its paragraphs: the actions of
``accounts.permissions``. The report compares the estates, so estate limits do not apply."""

from __future__ import annotations

from django.db.models import QuerySet

from helhedsplan.accounts import access
from helhedsplan.accounts.access import User
from helhedsplan.accounts.permissions import Action
from helhedsplan.programmes.models import Programme


def may_read(user: User, programme: Programme) -> bool:
    return access.may(user, programme, Action.READ_STATUS_REPORT)


def may_write(user: User, programme: Programme) -> bool:
    return access.may(user, programme, Action.WRITE_STATUS_REPORT)


def may_see_budget(user: User, programme: Programme) -> bool:
    """The report's budget and staff resources are for those who may see the budget."""
    return access.may(user, programme, Action.VIEW_BUDGET)


def may_read_any(user: User) -> bool:
    return access.may_anywhere(user, Action.READ_STATUS_REPORT)


def readable_programmes(user: User) -> QuerySet[Programme]:
    return access.programmes_where(user, Action.READ_STATUS_REPORT)
