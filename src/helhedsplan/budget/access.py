"""Who may read and keep the budget follow-up: the actions of ``accounts.permissions``.

The budget is the agreement's, for the whole programme, so estate limits do not narrow it.
"""

from __future__ import annotations

from django.db.models import QuerySet

from helhedsplan.accounts import access
from helhedsplan.accounts.access import User
from helhedsplan.accounts.permissions import Action
from helhedsplan.agreements.models import Agreement
from helhedsplan.programmes.models import Programme


def may_view(user: User, agreement: Agreement) -> bool:
    return access.may(user, agreement.programme, Action.VIEW_BUDGET)


def may_keep(user: User, agreement: Agreement) -> bool:
    """Enter planned and spent amounts and reported hours, import the finance system's file."""
    return access.may(user, agreement.programme, Action.KEEP_BUDGET)


def may_view_anywhere(user: User) -> bool:
    return access.may_anywhere(user, Action.VIEW_BUDGET)


def readable_programmes(user: User) -> QuerySet[Programme]:
    return access.programmes_where(user, Action.VIEW_BUDGET)
