"""Who may read, define and close indicators, built on ``helhedsplan.accounts.access``.

Everyone in a programme but the police reads its dashboards; the people who run the programme
define indicators and their targets; the board closes a year, which freezes its figures.
"""

from __future__ import annotations

from helhedsplan.accounts import access
from helhedsplan.accounts.access import User
from helhedsplan.accounts.models import Role
from helhedsplan.agreements.models import Agreement

READERS = access.PROGRAMME_READERS
EDITORS = frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT_HEAD, Role.STAFF})
LOCKERS = frozenset({Role.BOARD})


def may_view_any(user: User) -> bool:
    return access.has_role_anywhere(user, READERS)


def may_view(user: User, agreement: Agreement) -> bool:
    return access.has_role(user, agreement.programme, READERS)


def may_edit(user: User, agreement: Agreement) -> bool:
    return access.has_role(user, agreement.programme, EDITORS)


def may_lock(user: User, agreement: Agreement) -> bool:
    return access.has_role(user, agreement.programme, LOCKERS)


def readable_programmes(user: User):
    return access.programmes_with_role(user, READERS)
