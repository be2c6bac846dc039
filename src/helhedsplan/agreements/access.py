"""Who may read, import, edit, propose and approve agreements: the actions of
``accounts.permissions`` for agreements.

The secretariat imports agreements; the secretariat and the working groups edit drafts and
propose them; the board decides. An agreement is one for all its estates, so estate limits do
not apply here.
"""

from __future__ import annotations

from django.db.models import QuerySet

from helhedsplan.accounts import access
from helhedsplan.accounts.access import User
from helhedsplan.accounts.permissions import Action
from helhedsplan.agreements.models import Agreement
from helhedsplan.programmes.models import Programme


def may_view(user: User, agreement: Agreement) -> bool:
    return access.may_view_programme(user, agreement.programme)


def may_view_any(user: User) -> bool:
    return access.may_view_any_programme(user)


def may_import(user: User, programme: Programme) -> bool:
    return access.may(user, programme, Action.IMPORT_AGREEMENTS)


def may_import_anywhere(user: User) -> bool:
    return access.may_anywhere(user, Action.IMPORT_AGREEMENTS)


def importable_programmes(user: User) -> QuerySet[Programme]:
    return access.programmes_where(user, Action.IMPORT_AGREEMENTS)


def may_edit(user: User, agreement: Agreement) -> bool:
    return access.may(user, agreement.programme, Action.EDIT_AGREEMENT_DRAFTS)


def may_approve(user: User, agreement: Agreement) -> bool:
    return access.may(user, agreement.programme, Action.APPROVE_AGREEMENTS)
