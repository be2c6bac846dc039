"""Who may read, import, edit, propose and approve agreements."""

from __future__ import annotations

from django.db.models import QuerySet

from helhedsplan.accounts import access
from helhedsplan.accounts.access import User
from helhedsplan.accounts.models import Role
from helhedsplan.agreements.models import Agreement
from helhedsplan.programmes.models import Programme

# Staff and working groups propose changes; the board decides.
EDITORS = frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT_HEAD, Role.STAFF, Role.WORKING_GROUP})
IMPORTERS = frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT_HEAD, Role.STAFF})
APPROVERS = frozenset({Role.BOARD})


def may_view(user: User, agreement: Agreement) -> bool:
    return access.may_view_programme(user, agreement.programme)


def may_view_any(user: User) -> bool:
    return access.has_role_anywhere(user, access.PROGRAMME_READERS)


def may_import(user: User, programme: Programme) -> bool:
    return access.has_role(user, programme, IMPORTERS)


def may_import_anywhere(user: User) -> bool:
    return access.has_role_anywhere(user, IMPORTERS)


def importable_programmes(user: User) -> QuerySet[Programme]:
    return access.programmes_with_role(user, IMPORTERS)


def may_edit(user: User, agreement: Agreement) -> bool:
    return access.has_role(user, agreement.programme, EDITORS)


def may_approve(user: User, agreement: Agreement) -> bool:
    return access.has_role(user, agreement.programme, APPROVERS)
