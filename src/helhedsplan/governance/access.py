"""Who may see or keep the programme's governance records, as ``accounts.permissions`` says.

The bodies, their members, meetings, decisions and the proposals are for everyone who reads
the programme's governance (``VIEW_GOVERNANCE``); the secretariat keeps them
(``KEEP_GOVERNANCE``). The log of conflicts and notifications is narrower: a person who may
raise an entry (``RAISE_CASES``) reads the entries they recorded, those who handle the log
(``HANDLE_CASES``) read and handle them all.
"""

from __future__ import annotations

from django.db.models import QuerySet

from helhedsplan.accounts import access
from helhedsplan.accounts.access import User
from helhedsplan.accounts.permissions import Action
from helhedsplan.agreements import access as agreement_access
from helhedsplan.governance.models import Case, Proposal
from helhedsplan.programmes.models import Programme


def may_view(user: User, programme: Programme) -> bool:
    return access.may(user, programme, Action.VIEW_GOVERNANCE)


def may_keep(user: User, programme: Programme) -> bool:
    return access.may(user, programme, Action.KEEP_GOVERNANCE)


def may_propose(user: User, programme: Programme) -> bool:
    return access.may(user, programme, Action.PROPOSE_ADJUSTMENTS)


def may_raise(user: User, programme: Programme) -> bool:
    return access.may(user, programme, Action.RAISE_CASES)


def may_handle(user: User, programme: Programme) -> bool:
    return access.may(user, programme, Action.HANDLE_CASES)


def may_see_log(user: User, programme: Programme) -> bool:
    return may_raise(user, programme) or may_handle(user, programme)


def may_enter(user: User, programme: Programme) -> bool:
    """Whether the programme's governance pages have anything for the person."""
    return may_view(user, programme) or may_see_log(user, programme)


def entered_programmes(user: User) -> list[Programme]:
    found = {
        programme.pk: programme
        for action in (Action.VIEW_GOVERNANCE, Action.RAISE_CASES, Action.HANDLE_CASES)
        for programme in access.programmes_where(user, action)
    }
    return sorted(found.values(), key=lambda programme: programme.name)


def may_enter_anywhere(user: User) -> bool:
    return any(
        access.may_anywhere(user, action)
        for action in (Action.VIEW_GOVERNANCE, Action.RAISE_CASES, Action.HANDLE_CASES)
    )


def visible_cases(user: User, programme: Programme) -> QuerySet[Case]:
    cases = Case.objects.filter(programme=programme)
    if may_handle(user, programme):
        return cases
    if may_raise(user, programme) and user.pk is not None:
        return cases.filter(recorded_by_id=user.pk)
    return cases.none()


def may_read_case(user: User, case: Case) -> bool:
    if may_handle(user, case.programme):
        return True
    return may_raise(user, case.programme) and case.recorded_by_id == user.pk


def may_draft(user: User, proposal: Proposal) -> bool:
    """Turning a proposal into a draft: for those who propose adjustments and may start the
    agreement's drafts."""
    return may_propose(user, proposal.body.programme) and agreement_access.may_edit(
        user, proposal.agreement
    )
