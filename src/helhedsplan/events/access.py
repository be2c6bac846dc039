"""Who may see or change events, built on ``helhedsplan.accounts.access``.

Staff register the programme's events; the board and the working groups follow them; the
police, who only run the resident panel, see none of it. Who keeps the lists events draw on
(types, target groups, venues, partners) is ``helhedsplan.core.lists.access``'s rule.
"""

from __future__ import annotations

from django.db.models import QuerySet

from helhedsplan.accounts import access
from helhedsplan.accounts.access import User
from helhedsplan.accounts.models import Role
from helhedsplan.events.models import Event
from helhedsplan.programmes.models import Estate, Programme

EDITORS = frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT_HEAD, Role.STAFF})
READERS = EDITORS | {Role.BOARD, Role.WORKING_GROUP}


def readable_programmes(user: User) -> QuerySet[Programme]:
    return access.programmes_with_role(user, READERS)


def editable_programmes(user: User) -> QuerySet[Programme]:
    return access.programmes_with_role(user, EDITORS)


def may_view_events(user: User, programme: Programme) -> bool:
    return access.has_role(user, programme, READERS)


def may_view_events_anywhere(user: User) -> bool:
    return access.has_role_anywhere(user, READERS)


def may_change_events(user: User, programme: Programme) -> bool:
    return access.has_role(user, programme, EDITORS)


def may_change_events_anywhere(user: User) -> bool:
    return access.has_role_anywhere(user, EDITORS)


def may_change_event(user: User, event: Event) -> bool:
    return may_change_events(user, event.programme)


def own_estates(user: User, programme: Programme) -> QuerySet[Estate]:
    """The estates a user works with, which a new event starts out in. Staff may still choose
    any estate of the programme: events are often shared across estates."""
    return access.visible_estates(user, programme)
