"""Who may read, propose, define and close indicators: the actions of
``accounts.permissions`` for them.

Everyone in a programme but the police reads its dashboards; the working groups propose how a
criterion is measured; the secretariat defines indicators and their targets (a proposal
counts once they confirm it); the board closes a year, which freezes its figures. The figures
compare the estates, so estate limits do not apply here.
"""

from __future__ import annotations

from django.db.models import QuerySet

from helhedsplan.accounts import access
from helhedsplan.accounts.access import User
from helhedsplan.accounts.permissions import Action
from helhedsplan.agreements.models import Agreement
from helhedsplan.programmes.models import Programme


def may_view_any(user: User) -> bool:
    return access.may_view_any_programme(user)


def may_view(user: User, agreement: Agreement) -> bool:
    return access.may_view_programme(user, agreement.programme)


def may_propose(user: User, agreement: Agreement) -> bool:
    """Open the proposals and propose how a criterion is measured."""
    return access.may(user, agreement.programme, Action.PROPOSE_INDICATORS)


def may_edit(user: User, agreement: Agreement) -> bool:
    """Confirm indicators, change their definitions, targets and baselines."""
    return access.may(user, agreement.programme, Action.DEFINE_INDICATORS)


def may_lock(user: User, agreement: Agreement) -> bool:
    return access.may(user, agreement.programme, Action.CLOSE_YEARS)


def readable_programmes(user: User) -> QuerySet[Programme]:
    return access.readable_programmes(user)
