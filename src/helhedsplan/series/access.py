"""Who may read and keep the external statistics: the actions of ``accounts.permissions``.

The statistics compare the estates with each other and with the municipality, so they are
read and kept for the whole programme, whichever estates a user works in. The secretariat
keeps them (they come from outside sources and feed the board's reports); staff, the board
and the working groups read them; the police see nothing of them.
"""

from __future__ import annotations

from django.db.models import QuerySet

from helhedsplan.accounts import access
from helhedsplan.accounts.access import User
from helhedsplan.accounts.permissions import Action
from helhedsplan.programmes.models import Programme


def may_view(user: User, programme: Programme) -> bool:
    return access.may_view_programme(user, programme)


def may_edit(user: User, programme: Programme) -> bool:
    """Create and change series, enter, import and delete figures."""
    return access.may(user, programme, Action.KEEP_STATISTICS)


def readable_programmes(user: User) -> QuerySet[Programme]:
    return access.readable_programmes(user)
