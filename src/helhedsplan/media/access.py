"""Who may see or change press mentions, built on ``helhedsplan.accounts.access``.

Staff, secretariat heads and administrators register the programme's press; the board and
the working groups read it; the police, who only run the resident panel, see none of it.
Administrators follow how often the suggested tone was right; who keeps the list of outlets
is ``helhedsplan.core.lists.access``'s rule.
"""

from __future__ import annotations

from django.db.models import QuerySet

from helhedsplan.accounts import access
from helhedsplan.accounts.access import User
from helhedsplan.accounts.models import Role
from helhedsplan.programmes.models import Programme

EDITORS = frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT_HEAD, Role.STAFF})
READERS = EDITORS | {Role.BOARD, Role.WORKING_GROUP}
ACCURACY_READERS = frozenset({Role.ADMINISTRATOR})


def readable_programmes(user: User) -> QuerySet[Programme]:
    return access.programmes_with_role(user, READERS)


def may_view_press(user: User, programme: Programme) -> bool:
    return access.has_role(user, programme, READERS)


def may_change_press(user: User, programme: Programme) -> bool:
    return access.has_role(user, programme, EDITORS)


def may_view_tone_accuracy(user: User, programme: Programme) -> bool:
    return access.has_role(user, programme, ACCURACY_READERS)
