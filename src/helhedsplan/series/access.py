"""Who may read and keep the external statistics, on top of ``helhedsplan.accounts.access``.

The statistics compare the estates with each other and with the municipality, so they are
read and kept for the whole programme, whichever estates a user works in. The police see
nothing of them.
"""

from __future__ import annotations

from django.db.models import QuerySet

from helhedsplan.accounts.access import User, has_role, programmes_with_role
from helhedsplan.accounts.models import Role
from helhedsplan.programmes.models import Programme

EDITORS = frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT_HEAD, Role.STAFF})
READERS = EDITORS | {Role.BOARD, Role.WORKING_GROUP}


def may_view(user: User, programme: Programme) -> bool:
    return has_role(user, programme, READERS)


def may_edit(user: User, programme: Programme) -> bool:
    """Create and change series, enter, import and delete figures."""
    return has_role(user, programme, EDITORS)


def readable_programmes(user: User) -> QuerySet[Programme]:
    return programmes_with_role(user, READERS)
