"""Who may see or change events: the actions of ``accounts.permissions`` for events.

Staff register the programme's events; the board and the working groups follow them; the
police, who only run the resident panel, see none of it. A membership limited to some estates
registers and changes only the events that include one of them: a joint event with another
estate stays theirs, an event only in other estates does not. Events are the programme's
public activities, without personal data, so everyone who reads the programme reads all of
them. Who keeps the lists events draw on (types, target groups, venues, partners) is
``helhedsplan.core.lists.access``'s rule.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from helhedsplan.accounts import access
from helhedsplan.accounts.access import User
from helhedsplan.accounts.permissions import Action
from helhedsplan.events.models import Event
from helhedsplan.programmes.models import Estate, Programme


def readable_programmes(user: User) -> QuerySet[Programme]:
    return access.readable_programmes(user)


def editable_programmes(user: User) -> QuerySet[Programme]:
    return access.programmes_where(user, Action.REGISTER_EVENTS)


def may_view_events(user: User, programme: Programme) -> bool:
    return access.may_view_programme(user, programme)


def may_view_events_anywhere(user: User) -> bool:
    return access.may_view_any_programme(user)


def may_change_events(user: User, programme: Programme) -> bool:
    """Register events in the programme: in all its estates or in the user's own."""
    return access.may(user, programme, Action.REGISTER_EVENTS)


def may_change_events_anywhere(user: User) -> bool:
    return access.may_anywhere(user, Action.REGISTER_EVENTS)


def may_change_event(user: User, event: Event) -> bool:
    return may_place_event(user, event.programme, [estate.pk for estate in event.estates.all()])


def may_place_event(user: User, programme: Programme, estate_ids: Iterable[int]) -> bool:
    """Whether an event of ``programme`` in these estates is the user's to register or keep:
    one of the estates must be theirs."""
    return access.may_in_estates(user, programme, Action.REGISTER_EVENTS, estate_ids)


def estates_for_new_events(user: User) -> QuerySet[Estate]:
    """The estates, of any programme, in which the user may register events."""
    return access.estates_anywhere(user, Action.REGISTER_EVENTS)


def own_estates(user: User, programme: Programme) -> QuerySet[Estate]:
    """The estates a user registers events in, which a new event starts out in. They may add
    any other estate of the programme: events are often shared across estates."""
    return access.estates_where(user, programme, Action.REGISTER_EVENTS)
