"""Who may see or change press mentions: the actions of ``accounts.permissions`` for them.

Staff, secretariat heads and administrators register the programme's press; the board and
the working groups read it; the police, who only run the resident panel, see none of it. A
membership limited to some estates registers and changes only the mentions of one of them
(a mention of several estates that includes theirs stays theirs). Press is public, so
everyone who reads the programme reads all of it. Administrators follow how often the
suggested tone was right; who keeps the list of outlets is ``helhedsplan.core.lists.access``'s
rule.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from helhedsplan.accounts import access
from helhedsplan.accounts.access import User
from helhedsplan.accounts.permissions import Action
from helhedsplan.media.models import PressMention
from helhedsplan.programmes.models import Estate, Programme


def readable_programmes(user: User) -> QuerySet[Programme]:
    return access.readable_programmes(user)


def may_view_press(user: User, programme: Programme) -> bool:
    return access.may_view_programme(user, programme)


def may_change_press(user: User, programme: Programme) -> bool:
    """Register press mentions in the programme: of all its estates or of the user's own."""
    return access.may(user, programme, Action.REGISTER_PRESS)


def may_place_mention(user: User, programme: Programme, estate_ids: Iterable[int]) -> bool:
    """Whether a mention of these estates is the user's to register or keep: one of the
    estates must be theirs."""
    return access.may_in_estates(user, programme, Action.REGISTER_PRESS, estate_ids)


def may_change_mention(user: User, mention: PressMention) -> bool:
    return may_place_mention(
        user, mention.programme, [estate.pk for estate in mention.estates.all()]
    )


def own_estates(user: User, programme: Programme) -> QuerySet[Estate]:
    """The estates a user registers press in, which a new mention starts out with."""
    return access.estates_where(user, programme, Action.REGISTER_PRESS)


def may_view_tone_accuracy(user: User, programme: Programme) -> bool:
    return access.may(user, programme, Action.VIEW_TONE_ACCURACY)
